"""Guideline benchmark: the engine, then the API round trip through Django.

    .venv/bin/python bench/guidelines.py

Part 1 is bench/guidelines_engine.py (engine, ruleset build, naive regex baseline).
Part 2 stores 10,000 terms in a throw-away database (SQLite file, or
BENCH_DATABASE_URL), and times `POST /api/v1/guidelines/check` with a 3,000-character
post through the Django test client: the real path, including authentication, the
ruleset-version lookup and JSON encoding.
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import guidelines_engine  # noqa: E402

TMP = tempfile.mkdtemp(prefix="boegbeeld-bench-")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3"
)
os.environ.pop("REDIS_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
# The round trip measures the check, not the per-user rate limit (one user, 1,051
# calls): lift the limit for this process.
os.environ["GUIDELINES_CHECK_RATE_LIMIT"] = "1000000"


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


def api_round_trip() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)

    from accounts.models import User
    from advocacy.guidelines.models import GuidelineTerm

    terms = guidelines_engine.synthetic_terms()
    GuidelineTerm.objects.all().delete()
    GuidelineTerm.objects.bulk_create(
        [
            GuidelineTerm(text=t.text[:200], list=t.list, severity=t.severity or "")
            for t in {(t.list, t.text.lower()): t for t in terms}.values()
        ],
        batch_size=1000,
    )
    user, _ = User.objects.get_or_create(email="bench@example.com")
    client = Client()
    client.force_login(user)
    text = guidelines_engine.realistic_post(terms)
    body = json.dumps({"text": text, "network": "linkedin", "promotional": True})

    def call() -> dict:
        response = client.post(
            "/api/v1/guidelines/check", body, content_type="application/json"
        )
        assert response.status_code == 200, response.content[:300]
        return response.json()

    t0 = time.perf_counter()
    first = call()  # compiles the ruleset for this version
    first_ms = (time.perf_counter() - t0) * 1000
    for _ in range(50):
        call()
    samples = []
    for _ in range(1000):
        t0 = time.perf_counter()
        call()
        samples.append((time.perf_counter() - t0) * 1000)
    engine = django.conf.settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    rows = [
        ("database", engine),
        ("terms stored", f"{GuidelineTerm.objects.count():,}"),
        ("post length (chars)", f"{len(text):,}"),
        ("findings", str(len(first["findings"]))),
        ("first call (incl. ruleset build)", f"{first_ms:.1f} ms"),
        ("API round trip p50", f"{percentile(samples, 50):.2f} ms"),
        ("API round trip p99", f"{percentile(samples, 99):.2f} ms"),
        ("API round trip mean", f"{statistics.mean(samples):.2f} ms"),
    ]
    width = max(len(k) for k, _ in rows)
    print()
    print("Guideline API round trip (Django test client)")
    print("-" * (width + 20))
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    print("-" * (width + 20))
    print("target: API round trip p50 <= 10 ms")


if __name__ == "__main__":
    guidelines_engine.main()
    api_round_trip()
