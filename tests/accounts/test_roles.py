import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts import roles
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_roles_exist_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ROLE_NAMES) <= names


def test_communications_role_can_access_admin():
    group = Group.objects.get(name=roles.COMMUNICATIONS)
    assert group.permissions.filter(codename="access_admin").exists()
    assert not Group.objects.get(name=roles.EMPLOYEES).permissions.exists()


def test_seed_demo_is_idempotent_and_creates_contract_accounts(client):
    call_command("seed_demo")
    call_command("seed_demo")
    for email in ("employee@example.com", "comms@example.com", "webcare@example.com"):
        assert User.objects.filter(email=email).count() == 1
    response = client.post(
        "/accounts/login/",
        {"login": "employee@example.com", "password": "boegbeeld-demo"},
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_seed_demo_admin_account_reaches_both_admins(client):
    call_command("seed_demo")
    admin = User.objects.get(email="admin@example.com")
    assert admin.is_superuser and admin.is_staff
    response = client.post(
        "/accounts/login/",
        {"login": "admin@example.com", "password": "boegbeeld-demo"},
    )
    assert response.status_code == 302
    assert client.get("/django-admin/").status_code == 200
    assert client.get("/django-admin/auth/group/").status_code == 200
    assert client.get("/cms/").status_code == 200


def test_seed_demo_accounts_are_documented_in_readme():
    from pathlib import Path

    from accounts.management.commands.seed_demo import ACCOUNTS, DEMO_PASSWORD

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    table = readme.split("### Demo accounts", 1)[1].split("\n## ", 1)[0]
    for email, *_ in ACCOUNTS:
        assert f"`{email}`" in table, email
    assert f"`{DEMO_PASSWORD}`" in table


def test_department_names_follow_the_readers_language():
    from django.utils import translation

    from accounts.models import Department

    service = Department.objects.create(
        name="Customer Service", slug="cs", name_nl="Klantenservice"
    )
    it = Department.objects.create(name="IT", slug="it")
    with translation.override("nl"):
        assert [str(service), str(it)] == ["Klantenservice", "IT"]
    with translation.override("en"):
        assert [str(service), str(it)] == ["Customer Service", "IT"]
