import re

import pytest
from django.core import mail

from accounts import roles
from accounts.models import User

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"


def signup(client, email: str):
    return client.post(
        SIGNUP,
        {
            "email": email,
            "password1": "a-Long-passw0rd!",
            "password2": "a-Long-passw0rd!",
        },
    )


def test_signup_refused_for_foreign_domain(client, settings):
    settings.BOEGBEELD_SIGNUP_DOMAINS = ["example.com"]
    response = signup(client, "mallory@evil.test")
    assert response.status_code == 200
    assert "work email address" in response.content.decode()
    assert "@example.com" in response.content.decode()
    assert not User.objects.filter(email="mallory@evil.test").exists()
    assert mail.outbox == []


def test_signup_accepted_for_allowed_domain_sends_verification(client, settings):
    settings.BOEGBEELD_SIGNUP_DOMAINS = ["example.com"]
    response = signup(client, "New.Hire@Example.com")
    assert response.status_code == 302
    user = User.objects.get(email="new.hire@example.com")
    assert user.groups.filter(name=roles.EMPLOYEES).exists()
    assert user.profile.leaderboard_opt_in is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.hire@example.com"]


def test_signup_closed_when_no_domains_configured(client, settings):
    settings.BOEGBEELD_SIGNUP_DOMAINS = []
    response = client.get(SIGNUP)
    assert "closed" in response.content.decode().lower()
    signup(client, "someone@example.com")
    assert not User.objects.filter(email="someone@example.com").exists()


def test_login_impossible_before_email_verification(client, settings):
    settings.BOEGBEELD_SIGNUP_DOMAINS = ["example.com"]
    signup(client, "fresh@example.com")
    client.logout()
    response = client.post(
        "/accounts/login/",
        {"login": "fresh@example.com", "password": "a-Long-passw0rd!"},
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session

    # Following the link in the mail verifies the address and logs the user in.
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    assert link is not None
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)
    response = client.post(
        "/accounts/login/",
        {"login": "fresh@example.com", "password": "a-Long-passw0rd!"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(
        User.objects.get(email="fresh@example.com").pk
    )
