import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_login_and_logout_in_real_browser(live_server, page):
    user = UserFactory(first_name="Eva", last_name="de Vries")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Eva de Vries"

    # The nav's sign-out button posts the logout form: no extra confirmation page.
    # On a phone it sits behind the menu button.
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").first.wait_for()
    page.goto(f"{live_server.url}/accounts/profile/")
    assert "/accounts/login/" in page.url


def test_language_switch_to_dutch(live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="NL").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl"
