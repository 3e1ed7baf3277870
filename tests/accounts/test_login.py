import pytest

from accounts import roles
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_login_with_verified_email_then_logout(client):
    user = UserFactory()
    response = login(client, user.email)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    home = client.get("/")
    assert user.display_name in home.content.decode()

    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_login_with_wrong_password_shows_error(client):
    user = UserFactory()
    response = login(client, user.email, "wrong-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "not correct" in response.content.decode()


def test_cms_denied_to_employee(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get("/cms/")
    assert response.status_code == 403


def test_cms_allowed_to_communications(client):
    user = UserFactory(roles=(roles.COMMUNICATIONS,))
    client.force_login(user)
    response = client.get("/cms/")
    assert response.status_code == 200


def test_cms_login_goes_through_allauth(client):
    response = client.get("/cms/login/?next=/cms/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/cms/"


def test_django_admin_login_goes_through_allauth(client):
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response["Location"] == "/accounts/login/?next=/django-admin/"


def test_profile_requires_login(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_profile_saves_preferences_and_rejects_bad_instance(client):
    user = UserFactory()
    client.force_login(user)
    bad = client.post(
        "/accounts/profile/",
        {"display_name": "Sam", "mastodon_instance": "not a server"},
    )
    assert bad.status_code == 200
    assert "server name" in bad.content.decode()
    ok = client.post(
        "/accounts/profile/",
        {
            "display_name": "Sam T.",
            "preferred_language": "nl",
            "mastodon_instance": "https://Mastodon.Social/",
            "leaderboard_opt_in": "on",
            "new_stories": "daily",
        },
    )
    assert ok.status_code == 302
    user.profile.refresh_from_db()
    assert user.profile.new_stories == "daily"
    assert user.profile.mastodon_instance == "mastodon.social"
    assert user.profile.leaderboard_opt_in is True
    assert ok.cookies["django_language"].value == "nl"


def test_login_page_offers_no_signup_while_signup_is_closed(client, settings):
    settings.BOEGBEELD_SIGNUP_DOMAINS = []
    page = client.get("/accounts/login/").content.decode()
    assert "/accounts/signup/" not in page
    assert "sign up" not in page.lower()


def test_login_page_offers_signup_while_signup_is_open(client, settings):
    settings.BOEGBEELD_SIGNUP_DOMAINS = ["example.com"]
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/signup/"' in page


def test_language_chosen_on_one_device_applies_at_login_on_another(client):
    from django.test import Client

    user = UserFactory()
    phone = Client(HTTP_ACCEPT_LANGUAGE="en")
    phone.force_login(user)
    phone.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    user.profile.refresh_from_db()
    assert user.profile.preferred_language == "nl"

    laptop = Client(HTTP_ACCEPT_LANGUAGE="en")  # another browser, no cookie yet
    response = login(laptop, user.email)
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "nl"
    assert '<html lang="nl"' in laptop.get("/").content.decode()
