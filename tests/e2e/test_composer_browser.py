import pytest

from tests.e2e.conftest import browser_log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(page, live_server, client):
    """Reuse a Django session in the browser: the login form has its own test."""
    user = UserFactory()
    browser_log_in(page, live_server, client, user)
    return user


def test_composer_marks_problems_while_typing_and_applies_a_fix(
    live_server, page, client
):
    log_in(page, live_server, client)
    page.goto(f"{live_server.url}/guidelines/try/")
    textarea = page.get_by_label("Your post")
    textarea.click()
    textarea.press_sequentially("Our chairman says hi 😀. BSN 111222333")

    block = page.locator(".composer-finding.is-block")
    block.wait_for()
    assert "BSN" in block.inner_text()
    assert page.locator(".composer-mark.is-block").inner_text() == "111222333"
    assert "Fix the problems" in page.locator(".composer-status").inner_text()

    # One click applies the inclusive-language suggestion in the right place,
    # even with an emoji (two UTF-16 units) in the text.
    page.locator(".composer-finding.is-warn", has_text="chairman").get_by_role(
        "button"
    ).first.click()
    page.wait_for_function(
        "document.querySelector('#try-text').value.startsWith('Our chair says')"
    )

    textarea.fill("Our chair says hi 😀.")
    page.locator(".composer-status.is-ok").wait_for()
    assert page.locator(".composer-finding").count() == 0


def test_composer_counts_the_network_way(live_server, page, client):
    log_in(page, live_server, client)
    page.goto(f"{live_server.url}/guidelines/try/?network=x")
    page.get_by_label("Your post").fill("你好")
    page.wait_for_function(
        "document.querySelector('[data-composer-budget]').textContent === '4 / 280'"
    )
    page.get_by_label("Network").select_option("bluesky")
    page.wait_for_function(
        "document.querySelector('[data-composer-budget]').textContent === '2 / 300'"
    )


def test_typing_before_the_composer_starts_is_kept(live_server, page, client):
    """The composer wraps the textarea when its script runs; typing goes on."""
    log_in(page, live_server, client)
    held = []
    page.route("**/advocacy/composer*.js", lambda route: held.append(route))
    page.goto(f"{live_server.url}/guidelines/try/", wait_until="commit")
    textarea = page.get_by_label("Your post")
    textarea.fill("My BSN is ")
    textarea.evaluate("ta => { ta.focus(); ta.setSelectionRange(3, 6); }")
    assert len(held) == 1 and not page.locator(".composer-status").count()

    held[0].continue_()
    page.locator(".composer-status").wait_for(state="attached")
    assert page.evaluate("document.activeElement.id") == "try-text"
    page.keyboard.type("new number")  # replaces the selected "BSN"
    assert textarea.input_value() == "My new number is "
    page.keyboard.press("End")
    page.keyboard.type("111222333")
    page.locator(".composer-finding.is-block", has_text="BSN").wait_for()
