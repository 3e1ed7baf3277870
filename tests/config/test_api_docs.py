"""The API docs page asks no outside host for anything: Swagger UI is ours."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

DOCS = "/api/v1/docs"


def referenced_urls(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)


def test_api_docs_page_references_no_outside_url(client):
    response = client.get(DOCS)
    assert response.status_code == 200
    html = response.content.decode()
    urls = referenced_urls(html)
    assert urls, html
    assert [u for u in urls if "//" in u or not u.startswith("/static/")] == []
    assert "cdn" not in html.lower()


def test_api_docs_assets_are_vendored_static_files(client):
    urls = referenced_urls(client.get(DOCS).content.decode())
    for url in urls:
        assert finders.find(url.removeprefix("/static/")), url
    assert any(u.endswith("vendor/swagger-ui/swagger-ui-bundle.js") for u in urls)
    assert finders.find("vendor/swagger-ui/LICENSE")


def test_api_docs_settings_turn_the_online_validator_off(client):
    html = client.get(DOCS).content.decode()
    settings = re.search(
        r'<script id="swagger-settings" type="application/json">(.*?)</script>',
        html,
        re.S,
    )
    assert settings, html
    assert '"validatorUrl": null' in settings.group(1)
    assert '"url": "/api/v1/openapi.json"' in settings.group(1)
