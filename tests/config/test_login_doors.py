"""Every way into an account goes through allauth (MFA, rate limits, verification).

Wagtail and Django bring their own plain login forms; those must only send people on
to allauth's login. The walk below finds every view in the URL map that logs someone
in, by its class and by trying a password against it.
"""

import re
import uuid

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.views import LoginView
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from accounts import roles
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

DUMMY_BY_CONVERTER = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": str(uuid.UUID(int=1)),
}


def _walk(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _view_class(entry: URLPattern) -> type | None:
    callback = entry.callback
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def _is_allauth(entry: URLPattern) -> bool:
    view_class = _view_class(entry)
    module = (view_class or entry.callback).__module__
    return module.startswith("allauth.")


def _concrete_path(route: str) -> str | None:
    """A URL for the route with placeholder values, or None for a regex route."""
    route = route.removeprefix("^")
    if "(" in route or "[" in route or "\\" in route:
        return None
    route = route.removesuffix("$")

    def placeholder(match: re.Match) -> str:
        converter = (match.group(1) or "str:").rstrip(":")
        return DUMMY_BY_CONVERTER.get(converter, "x")

    return "/" + re.sub(r"<(\w+:)?\w+>", placeholder, route)


def _reachable(route: str, entry: URLPattern) -> bool:
    """False when an earlier pattern (a redirect to allauth) answers the route."""
    url = _concrete_path(route)
    if url is None:
        return True  # cannot prove it is shadowed
    try:
        return resolve(url).func is entry.callback
    except Resolver404:
        return True


def test_every_login_view_in_the_url_map_is_allauths():
    entries = list(_walk(get_resolver()))
    assert len(entries) > 100  # the walk reached into the included URL maps
    foreign = [
        route
        for route, entry in entries
        if isinstance(_view_class(entry), type)
        and issubclass(_view_class(entry), LoginView)
        and not _is_allauth(entry)
        and _reachable(route, entry)
    ]
    assert foreign == []


def test_no_url_outside_allauth_logs_in_with_a_password():
    user = UserFactory(email="door@example.com")
    credentials = {
        "username": user.email,
        "login": user.email,
        "email": user.email,
        "password": PASSWORD,
    }
    logged_in_by = []
    for route, entry in _walk(get_resolver()):
        if _is_allauth(entry):
            continue
        url = _concrete_path(route)
        if url is None:
            continue
        client = Client()
        client.post(url, credentials)
        if "_auth_user_id" in client.session:
            logged_in_by.append(url)
    assert logged_in_by == []
    probe = Client()  # the same credentials do open allauth's door: the probe works
    probe.post("/accounts/login/", credentials)
    assert "_auth_user_id" in probe.session


def test_wagtail_frontend_login_sends_people_to_allauth(client):
    response = client.get("/_util/login/?next=/documents/1/report.pdf")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/documents/1/report.pdf"


def test_totp_account_gets_no_session_from_wagtail_frontend_login(client):
    user = UserFactory(roles=(roles.COMMUNICATIONS,))
    TOTP.activate(user, generate_totp_secret())
    client.post("/_util/login/", {"username": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert client.get("/cms/").status_code == 302


def test_login_urls_point_at_allauth(settings):
    from django.shortcuts import resolve_url

    assert resolve_url(settings.LOGIN_URL) == "/accounts/login/"
    assert settings.WAGTAIL_FRONTEND_LOGIN_URL == "/accounts/login/"
    assert settings.WAGTAILADMIN_LOGIN_URL == "/accounts/login/"
