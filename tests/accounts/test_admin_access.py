"""/cms/ and /django-admin/ answer a 403 naming the role needed, not a loop."""

import pytest

from accounts import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production_mode(settings) -> None:
    settings.DEBUG = False


def test_cms_answers_403_naming_the_role_for_an_employee(client):
    client.force_login(UserFactory())
    response = client.get("/cms/", follow=True)
    assert response.status_code == 403
    assert response.redirect_chain == []
    page = response.content.decode()
    assert "Communications" in page
    assert "administrator" in page
    assert 'href="/"' in page


def test_cms_pages_deep_inside_answer_403_too(client):
    client.force_login(UserFactory())
    response = client.get("/cms/pages/", follow=True)
    assert response.status_code == 403


def test_cms_403_is_translated(client):
    user = UserFactory()
    user.profile.preferred_language = "nl"
    user.profile.save()
    client.force_login(user)
    response = client.get("/cms/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="nl">' in page
    assert "beheerder" in page


@pytest.mark.parametrize(
    "role", [roles.EMPLOYEES, roles.COMMUNICATIONS, roles.SCREEN_MANAGERS]
)
def test_django_admin_answers_403_for_non_staff(client, role):
    client.force_login(UserFactory(roles=(role,)))
    response = client.get("/django-admin/", follow=True)
    assert response.status_code == 403
    assert response.redirect_chain == []
    page = response.content.decode()
    assert "administrator" in page
    assert "Django admin" in page


def test_django_admin_open_for_staff(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/django-admin/").status_code == 200


def test_anonymous_visitor_still_goes_to_the_login(client):
    response = client.get("/cms/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert "login" in response["Location"]
