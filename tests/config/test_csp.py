"""The Content-Security-Policy: only this site, everywhere."""

import pytest

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:]
        for part in (p.strip() for p in header.split(";"))
        if part
    }


def test_pages_allow_only_this_site(client):
    policy = _directives(client.get("/accounts/login/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline script on our pages
    assert policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    for sources in policy.values():
        assert not any(s.startswith(("http:", "https:", "*")) for s in sources)


def test_the_cms_allows_its_inline_scripts_but_no_other_host(client):
    policy = _directives(client.get("/cms/login/", follow=False))
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["default-src"] == ["'self'"]


def test_the_policy_follows_the_configuration(monkeypatch):
    import importlib

    import config.settings as site_settings

    monkeypatch.setenv("BOEGBEELD_CSP_EMBED_HOSTS", "https://www.youtube-nocookie.com")
    monkeypatch.setenv("BOEGBEELD_SSO_SERVER_URL", "https://sso.example.com")
    monkeypatch.setenv("BOEGBEELD_SSO_CLIENT_ID", "boegbeeld")
    try:
        reloaded = importlib.reload(site_settings)
        directives = reloaded.CONTENT_SECURITY_POLICY["DIRECTIVES"]
        assert "https://www.youtube-nocookie.com" in directives["frame-src"]
        assert "https://sso.example.com" in directives["form-action"]
    finally:
        monkeypatch.undo()
        importlib.reload(site_settings)
