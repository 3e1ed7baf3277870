"""Settings for Boegbeeld, read from environment variables (12-factor).

With no environment at all the project runs on SQLite, an in-memory channel layer and a
local-memory cache, so `make run` works on a bare machine. `DATABASE_URL` and
`REDIS_URL` switch the same code to Postgres and Redis for multi-worker deployments.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "core",
    "accounts",
    "cms",
    "advocacy",
    "realtime",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "servestatic.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "channels",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "servestatic.middleware.ServeStaticMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.AdminAreaAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.csp.SiteCSPMiddleware",
]

# Machine-to-machine endpoints (bearer tokens, JSON; see core/machine.py) need
# no sessions, CSRF, messages, static files or redirects.
MACHINE_API_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.locale.LocaleMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Databases: the primary, an optional read replica, the router (config/databases.py).
from config.databases import *  # noqa: E402, F403

# Redis: channel layers, cache and the retry pause (config/redis.py).
from config.redis import *  # noqa: E402, F403

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions in the database, not the cache: a Redis outage logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# Internationalisation: Dutch and English ship; the browser or the switch picks one.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Amsterdam")
USE_I18N = True
USE_TZ = True
# The company's own language: what a new story is written in unless comms says
# otherwise (the demo runs with nl).
BOEGBEELD_DEFAULT_LANGUAGE = env.str(
    "BOEGBEELD_DEFAULT_LANGUAGE", default=LANGUAGE_CODE
)
if BOEGBEELD_DEFAULT_LANGUAGE not in dict(LANGUAGES):
    raise ImproperlyConfigured(
        "BOEGBEELD_DEFAULT_LANGUAGE must be one of: "
        + ", ".join(code for code, _name in LANGUAGES)
    )
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "servestatic.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_CONFIG = env.email_url(
    "EMAIL_URL",
    default="consolemail://" if DEBUG else "smtp://localhost:25",
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="boegbeeld@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- allauth -------------------------------------------------------------------------
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.WorkEmailSignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Boegbeeld] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("BOEGBEELD_MFA_ISSUER", default="Boegbeeld")

BOEGBEELD_SIGNUP_DOMAINS = [
    d.strip().lower().lstrip("@")
    for d in env.list("BOEGBEELD_SIGNUP_DOMAINS", default=[])
    if d.strip()
]
# The public address in links and mails. Required in production (check --deploy
# and the servers refuse to start without it; see core/checks.py); `make run` sets
# it from its own HOST and PORT.
BOEGBEELD_SITE_URL = env.str(
    "BOEGBEELD_SITE_URL", default="http://127.0.0.1:8000" if DEBUG else ""
)
# Serve uploads from MEDIA_ROOT under /media/ (turn off when a web server does it);
# media/documents/ is never served there (see config/media.py).
BOEGBEELD_SERVE_MEDIA = env.bool("BOEGBEELD_SERVE_MEDIA", default=True)

# Single sign-on through any OpenID Connect identity provider, configured purely by
# environment (Microsoft Entra ID, Google Workspace, Keycloak, ...). No database row.
SSO_SERVER_URL = env.str("BOEGBEELD_SSO_SERVER_URL", default="")
SOCIALACCOUNT_PROVIDERS: dict = {}
if SSO_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "sso",
                "name": env.str("BOEGBEELD_SSO_NAME", default="Company SSO"),
                "client_id": env.str("BOEGBEELD_SSO_CLIENT_ID"),
                "secret": env.str("BOEGBEELD_SSO_CLIENT_SECRET", default=""),
                "settings": {"server_url": SSO_SERVER_URL},
            }
        ],
    }
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none" if SSO_SERVER_URL else "mandatory"

# --- Wagtail ----------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Boegbeeld"
WAGTAILADMIN_BASE_URL = BOEGBEELD_SITE_URL
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
# Private pages and documents send anonymous visitors here (not to Wagtail's own form).
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Publishes an approved story, then tells its suggester (if any) it is live.
WAGTAIL_FINISH_WORKFLOW_ACTION = (
    "advocacy.suggestions.workflows.workflow_publish_and_notify"
)
# No avatars from Gravatar (an outside host, over plain http): Wagtail's default icon.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Documents are served only through Wagtail's view, which checks private collections.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# The worker (`manage.py run_worker`, started by `make run`) runs the periodic jobs
# of every app (`<app>/jobs.py`); scheduled stories go live within this many seconds.
BOEGBEELD_PUBLISH_INTERVAL_SECONDS = env.int(
    "BOEGBEELD_PUBLISH_INTERVAL_SECONDS", default=60
)

TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Screen tokens travel in query strings: no log line shows them (core/logs.py). The
# servers' own loggers keep their handlers: "filter_only" adds the filter to them.
LOGGING_CONFIG = "core.logs.logging_configure"
_SERVER_LOGGERS = ("uvicorn.access", "uvicorn.error", "django.server")
_SERVER_LOGGERS += ("django.channels.server", "django.request")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"secrets": {"()": "core.logs.SecretQueryFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["secrets"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "filter_only": dict.fromkeys(_SERVER_LOGGERS, ["secrets"]),
}

# --- Production hardening (manage.py check --deploy is clean) ----------------------
if not DEBUG:
    # No SECURE_PROXY_SSL_HEADER: uvicorn's --proxy-headers sets https from the proxy.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Browsers keep a preload entry longer than any short max-age: only on request.
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    if SECURE_HSTS_PRELOAD and SECURE_HSTS_SECONDS < 31_536_000:
        raise ImproperlyConfigured("SECURE_HSTS_PRELOAD needs a year of max-age.")
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp): every page loads only from this site.
# An administrator may allow hosts for embedded media (e.g. a video platform);
# single sign-on's server is allowed as a form target when it is configured.
CSP_EMBED_HOSTS = env.list("BOEGBEELD_CSP_EMBED_HOSTS", default=[])
# Areas rendered by libraries whose templates carry inline scripts.
BOEGBEELD_CSP_INLINE_SCRIPTS = ["/cms/", "/django-admin/", "/api/v1/docs"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *CSP_EMBED_HOSTS],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:", *CSP_EMBED_HOSTS],
        "frame-src": [SELF, *CSP_EMBED_HOSTS],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF, *([SSO_SERVER_URL] if SSO_SERVER_URL else [])],
        "frame-ancestors": [SELF],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Each room's own settings (screens, suggestions, content sources, sharing).
from config.metrics import *  # noqa: E402, F403
from config.rooms import *  # noqa: E402, F403
