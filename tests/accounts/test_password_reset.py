"""Password reset and e-mail changes of existing accounts, whatever the sign-up rule."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"


@pytest.mark.parametrize("domains", [[], ["other.test"]])
def test_password_reset_mails_existing_account_whatever_the_signup_rule(
    client, settings, domains
):
    settings.BOEGBEELD_SIGNUP_DOMAINS = domains
    user = UserFactory(email="anna@example.com")
    response = client.post(RESET, {"email": user.email})
    assert response.status_code == 302
    assert "work email" not in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.com"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.parametrize("domains", [[], ["example.com"]])
def test_email_add_works_for_existing_account_whatever_the_signup_rule(
    client, settings, domains
):
    settings.BOEGBEELD_SIGNUP_DOMAINS = domains
    user = UserFactory(email="anna@example.com")
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = client.post(
        "/accounts/email/", {"action_add": "", "email": "anna@private.test"}
    )
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=user, email="anna@private.test").exists()


def test_signup_still_refused_for_foreign_domain_after_the_change(client, settings):
    settings.BOEGBEELD_SIGNUP_DOMAINS = ["example.com"]
    response = client.post(
        "/accounts/signup/",
        {
            "email": "mallory@evil.test",
            "password1": "a-Long-passw0rd!",
            "password2": "a-Long-passw0rd!",
        },
    )
    assert response.status_code == 200
    assert "@example.com" in response.content.decode()
    assert mail.outbox == []


def test_account_mails_speak_of_the_product_not_the_host(client, settings):
    settings.WAGTAIL_SITE_NAME = "Boegbeeld"
    settings.BOEGBEELD_SITE_URL = "https://advocacy.example.com"
    user = UserFactory(email="anna@example.com")
    client.post(RESET, {"email": user.email}, HTTP_HOST="127.0.0.1")
    body = mail.outbox[0].body
    assert body.startswith("Hello from Boegbeeld!")
    assert "Thank you for using Boegbeeld!\nadvocacy.example.com" in body
    # (Where the reset link itself points is the site URL's business, not the text's.)
    text = [line for line in body.splitlines() if "/accounts/" not in line]
    assert not any("127.0.0.1" in line for line in text)
