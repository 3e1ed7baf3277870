"""Settings come from the environment; run them in a clean interpreter to prove it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json
from django.conf import settings
print(json.dumps({
    "db": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "debug": settings.DEBUG,
    "hosts": settings.ALLOWED_HOSTS,
    "domains": settings.BOEGBEELD_SIGNUP_DOMAINS,
    "ssl_redirect": getattr(settings, "SECURE_SSL_REDIRECT", False),
}))
"""


def load_settings(probe: str = PROBE, **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "SECRET_KEY",
            "DEBUG",
            "SECURE_SSL_REDIRECT",
        }
        and key != "ALLOWED_HOSTS"
        and not key.startswith("BOEGBEELD_")
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_settings_default_to_embedded_backends():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["db_name"].endswith("db.sqlite3")
    assert values["layer"] == "channels.layers.InMemoryChannelLayer"
    assert values["cache"].endswith("LocMemCache")
    assert values["domains"] == []


def test_settings_database_and_redis_urls_select_backends():
    result = load_settings(
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://boeg:pw@db.internal:5432/boegbeeld",
        REDIS_URL="redis://cache.internal:6379/3",
        ALLOWED_HOSTS="boegbeeld.example.com",
        BOEGBEELD_SIGNUP_DOMAINS="Example.com, @example.nl",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db"] == "django.db.backends.postgresql"
    assert values["db_name"] == "boegbeeld"
    assert values["layer"] == "channels_redis.core.RedisChannelLayer"
    assert values["cache"] == "core.cache.ResilientRedisCache"
    assert values["debug"] is False
    assert values["ssl_redirect"] is True
    assert values["hosts"] == ["boegbeeld.example.com"]
    assert values["domains"] == ["example.com", "example.nl"]


def test_settings_refuse_to_start_without_secret_key_in_production():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
