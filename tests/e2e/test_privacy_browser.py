"""An employee downloads their data, erases their account, and cannot log in again;
the company's figures stay as they were."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command

from accounts.models import User
from advocacy.sharing.models import Share
from tests.e2e.conftest import browser_log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "boegbeeld-demo"


class _Server:
    def __init__(self, url: str) -> None:
        self.url = url


def _figures(browser, server: str, client) -> dict[str, str]:
    """The analytics page's totals and networks table, as Communications sees them."""
    context = browser.new_context()
    page = context.new_page()
    browser_log_in(
        page, _Server(server), client, User.objects.get(email="comms@example.com")
    )
    page.goto(f"{server}/analytics/")
    totals = {}
    for item in page.locator("[data-summary] li").all():
        label = item.locator(".stat__label").inner_text()
        totals[label] = item.locator(".stat__value").inner_text()
    totals.pop("Share of active employees")  # one employee fewer: that one changes
    context.close()
    return totals


def test_export_then_erase_then_no_login(asgi_live_server, browser, client):
    call_command("seed_demo")
    employee = User.objects.get(email="employee@example.com")
    assert Share.objects.filter(user=employee).exists()
    before = _figures(browser, asgi_live_server, client)

    context = browser.new_context(
        locale="en-GB", viewport={"width": 390, "height": 844}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{asgi_live_server}/accounts/login/")
    page.get_by_label("Email").fill("employee@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{asgi_live_server}/")

    page.goto(f"{asgi_live_server}/accounts/profile/")
    page.get_by_role("link", name="Download or erase your data").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    archive = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))
    shares = json.loads(archive.read("shares.json"))
    assert len(shares) == Share.objects.filter(user=employee).count() > 0
    assert "employee@example.com" in archive.read("index.html").decode()

    page.get_by_role("link", name="See what erasing your account does").click()
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Erase my account").click()
    # A fresh password first; the erasure asked for then goes ahead.
    assert "/accounts/reauthenticate/" in page.url
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{asgi_live_server}/")
    assert "erased" in page.locator("body").inner_text()
    assert not User.objects.filter(email="employee@example.com").exists()

    page.goto(f"{asgi_live_server}/accounts/login/")
    page.get_by_label("Email").fill("employee@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    assert page.url.startswith(f"{asgi_live_server}/accounts/login/")
    context.close()

    assert _figures(browser, asgi_live_server, client) == before
