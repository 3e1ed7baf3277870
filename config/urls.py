from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from advocacy.guidelines import views as guideline_views
from advocacy.sharing import views as share_views
from config import health, media
from config.api import api
from core import app_shell
from core.metrics_view import metrics_scrape

# Wagtail's and Django's own login forms would bypass allauth (and with it MFA, rate
# limits and e-mail verification), so all of them are sent to allauth's login, keeping
# `next`: the admin's, Django admin's, and Wagtail's frontend login (where private pages
# and documents send visitors).
login_redirects = [
    path(
        "_util/login/",
        RedirectView.as_view(url="/accounts/login/", query_string=True),
    ),
    path(
        "cms/login/",
        RedirectView.as_view(url="/accounts/login/", query_string=True),
    ),
    path(
        "cms/password_reset/",
        RedirectView.as_view(url="/accounts/password/reset/", query_string=True),
    ),
    path(
        "django-admin/login/",
        RedirectView.as_view(url="/accounts/login/", query_string=True),
    ),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics_scrape, name="metrics"),
    path("manifest.webmanifest", app_shell.web_manifest, name="web_manifest"),
    path("sw.js", app_shell.service_worker, name="service_worker"),
    *login_redirects,
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/profile/", account_views.profile_edit, name="profile"),
    path("accounts/profile/data/", account_views.my_data, name="my_data"),
    path("accounts/profile/erase/", account_views.erase_me, name="erase_me"),
    path("privacy/", account_views.privacy_page, name="privacy"),
    path(
        "unsubscribe/<str:token>/",
        account_views.unsubscribe_new_stories,
        name="unsubscribe",
    ),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", account_views.language_switch, name="set_language"),
    path("api/v1/", api.urls),
    path("guidelines/", guideline_views.guidelines_page, name="guidelines"),
    path("guidelines/try/", guideline_views.guidelines_try, name="guidelines_try"),
    path("screens/", include("realtime.urls")),
    path("feedback/", include("realtime.urls_feedback")),
]

if settings.DEBUG or settings.BOEGBEELD_SERVE_MEDIA:
    # Self-hosted installs often run without a separate web server for uploads.
    # Documents are left out: Wagtail's /documents/ view serves them (privacy checked).
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", media.media_serve)]

urlpatterns += [
    path("s/<str:code>", share_views.tracked_link_redirect, name="tracked_link"),
    path("", include("advocacy.sharing.urls")),
    path("", include("advocacy.suggestions.urls")),
    path("", include(wagtail_urls)),
]
