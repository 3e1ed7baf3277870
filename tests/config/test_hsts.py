"""HSTS preload only with the one-year max-age browsers' preload lists require.

A preload entry outlives any shorter max-age: sent with 3600 seconds, it asked
browsers to hard-code HTTPS for a policy the site itself kept for an hour.
"""

import json

from tests.config.test_settings import load_settings

HSTS_PROBE = """
import json
from django.conf import settings
from django.test import RequestFactory
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
request = RequestFactory().get("/", secure=True)
response = SecurityMiddleware(lambda r: HttpResponse())(request)
print(json.dumps({"header": response.get("Strict-Transport-Security")}))
"""
PRODUCTION = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "boegbeeld.example.com"}


def hsts_header(**env: str) -> str:
    result = load_settings(HSTS_PROBE, **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["header"]


def test_hsts_default_is_not_preloaded():
    assert hsts_header() == "max-age=3600; includeSubDomains"


def test_hsts_preload_with_a_year_of_max_age():
    header = hsts_header(SECURE_HSTS_SECONDS="31536000", SECURE_HSTS_PRELOAD="1")
    assert header == "max-age=31536000; includeSubDomains; preload"


def test_hsts_long_max_age_alone_does_not_preload():
    assert hsts_header(SECURE_HSTS_SECONDS="63072000") == (
        "max-age=63072000; includeSubDomains"
    )


def test_hsts_preload_with_a_short_max_age_refuses_to_start():
    result = load_settings(
        HSTS_PROBE, **PRODUCTION, SECURE_HSTS_SECONDS="3600", SECURE_HSTS_PRELOAD="1"
    )
    assert result.returncode != 0
    assert "SECURE_HSTS_PRELOAD needs a year of max-age." in result.stderr
