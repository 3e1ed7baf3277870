"""The API docs in a browser: Swagger UI renders from this server alone."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_api_docs_render_without_any_outside_request(live_server, page):
    own = urlsplit(live_server.url).netloc
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{live_server.url}/api/v1/docs")
    page.get_by_text("Push customer feedback").wait_for()
    page.get_by_text("Check a post against guidelines").wait_for()
    outside = [
        url
        for url in requested
        if urlsplit(url).scheme in {"http", "https"} and urlsplit(url).netloc != own
    ]
    assert outside == []
    assert failed == []
    assert any(url.endswith("/api/v1/openapi.json") for url in requested)
