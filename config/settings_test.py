"""Settings for the test suite: the real settings, with test-friendly secrets.

The database and channel layer still come from `DATABASE_URL` / `REDIS_URL`, so CI
exercises Postgres and Redis; the cache stays local so rate limits never leak between
runs (allauth keeps them in the cache).
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Tests run with DEBUG off, where a loopback site URL stops the servers from starting.
os.environ.setdefault("BOEGBEELD_SITE_URL", "http://testserver")

from config.settings import *  # noqa: E402, F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
BOEGBEELD_SIGNUP_DOMAINS = ["example.com"]
# Tests read static files through the finders (the live server wraps them itself);
# ServeStatic would only warn that collectstatic has not run.
MIDDLEWARE = [m for m in MIDDLEWARE if "servestatic" not in m]  # noqa: F405
