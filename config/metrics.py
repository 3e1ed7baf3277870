"""Prometheus metrics (`GET /metrics`, see core/metrics_view.py and the README).

Off unless a token is set: the token itself, or `sha256:<hex digest>` of it so
the environment need not hold the secret. `PROMETHEUS_MULTIPROC_DIR` is read by
prometheus_client itself, from the environment the workers start with.
"""

import environ

env = environ.Env()
BOEGBEELD_METRICS_TOKEN = env.str("BOEGBEELD_METRICS_TOKEN", default="")
