"""Privileged actions land in the CMS's own history, filterable by administrators."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry

from accounts import audit, personal_data, roles
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return UserFactory(email="root@example.com", is_superuser=True, is_staff=True)


@pytest.fixture
def comms_user():
    return UserFactory(email="chris@example.com", roles=(roles.COMMUNICATIONS,))


def _history(client, action: str) -> str:
    response = client.get("/cms/reports/site-history/", {"action": action})
    assert response.status_code == 200
    return response.content.decode()


def test_role_change_in_the_cms_is_logged_with_the_new_roles(client, admin_user):
    person = UserFactory(email="eva@example.com")
    client.force_login(admin_user)
    communications = Group.objects.get(name=roles.COMMUNICATIONS)
    employees = Group.objects.get(name=roles.EMPLOYEES)
    response = client.post(
        f"/cms/users/edit/{person.pk}/",
        {
            "email": person.email,
            "first_name": "Eva",
            "last_name": "Vries",
            "is_active": "on",
            "groups": [communications.pk, employees.pk],
        },
    )
    assert response.status_code == 302, response.content[:2000]
    entry = ModelLogEntry.objects.get(action=audit.ROLES_CHANGED)
    assert entry.user == admin_user
    assert entry.data["before"] == [roles.EMPLOYEES]
    assert entry.data["after"] == sorted([roles.COMMUNICATIONS, roles.EMPLOYEES])
    assert "Roles changed to: Communications, Employees" in _history(
        client, audit.ROLES_CHANGED
    )


def test_saving_a_user_without_changing_roles_logs_no_role_change(client, admin_user):
    person = UserFactory(email="eva@example.com")
    client.force_login(admin_user)
    client.post(
        f"/cms/users/edit/{person.pk}/",
        {
            "email": person.email,
            "first_name": "Eve",
            "last_name": "Vries",
            "is_active": "on",
            "groups": [Group.objects.get(name=roles.EMPLOYEES).pk],
        },
    )
    assert not ModelLogEntry.objects.filter(action=audit.ROLES_CHANGED).exists()


def test_export_and_erasure_are_in_the_history_without_the_persons_name(
    client, admin_user
):
    person = UserFactory(email="eva@example.com")
    personal_data.user_data_export(user=person)
    assert ModelLogEntry.objects.filter(action=audit.DATA_EXPORTED).count() == 1
    personal_data.user_erase(user=person, by=admin_user)
    erased = ModelLogEntry.objects.get(action=audit.ERASED)
    assert erased.user == admin_user
    assert not ModelLogEntry.objects.filter(label__icontains="eva@").exists()
    client.force_login(admin_user)
    page = _history(client, audit.ERASED)
    assert "Account erased by an administrator" in page
    assert "eva@example.com" not in page


def test_communications_cannot_read_the_account_history(client, comms_user):
    person = UserFactory(email="eva@example.com")
    personal_data.user_data_export(user=person)
    client.force_login(comms_user)
    response = client.get("/cms/reports/site-history/", {"action": audit.DATA_EXPORTED})
    assert "Personal data exported" not in response.content.decode()


def test_administrators_erase_a_leaver_in_the_cms(client, admin_user, comms_user):
    person = UserFactory(email="eva@example.com")
    client.force_login(comms_user)
    assert client.get(f"/cms/accounts/erase/{person.pk}/").status_code in (302, 403)
    client.force_login(admin_user)
    listing = client.get("/cms/users/").content.decode()
    assert f"/cms/accounts/erase/{person.pk}/" in listing
    page = client.get(f"/cms/accounts/erase/{person.pk}/")
    assert page.status_code == 200 and b"eva@example.com" in page.content
    refused = client.post(f"/cms/accounts/erase/{person.pk}/", {})
    assert refused.status_code == 200
    assert User.objects.filter(pk=person.pk).exists()
    done = client.post(f"/cms/accounts/erase/{person.pk}/", {"confirm": "on"})
    assert done.status_code == 302
    assert not User.objects.filter(email="eva@example.com").exists()
    # Not one's own account from here (the CMS turns a refusal into a redirect).
    own = client.post(f"/cms/accounts/erase/{admin_user.pk}/", {"confirm": "on"})
    assert own.status_code in (302, 403) and own.get("Location") != "/cms/users/"
    assert User.objects.filter(pk=admin_user.pk).exists()


def test_rejecting_a_suggestion_and_importing_terms_are_logged(admin_user):
    from advocacy.guidelines.term_import import (
        LOG_ACTION_IMPORTED,
        guideline_terms_import,
    )
    from advocacy.suggestions import services as suggestions
    from advocacy.suggestions.models import Suggestion

    person = UserFactory(email="eva@example.com")
    suggestion = Suggestion.objects.create(suggester=person, title="Team outing")
    suggestions.suggestion_reject(
        suggestion=suggestion, reviewer=admin_user, reason="Covered last month"
    )
    entry = ModelLogEntry.objects.get(action=suggestions.LOG_ACTION_REJECTED)
    assert entry.user == admin_user and entry.label == "Team outing"

    result = guideline_terms_import(
        data=b"term\nProject Zeus\n", default_list="confidential", user=admin_user
    )
    assert result.created == 1
    imported = ModelLogEntry.objects.get(action=LOG_ACTION_IMPORTED)
    assert imported.data == {"created": 1, "updated": 0}

    # Erasing the suggester keeps the review in the history, not the title.
    personal_data.user_erase(user=person, by=admin_user)
    entry.refresh_from_db()
    assert entry.label == "Erased suggestion"
