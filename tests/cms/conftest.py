"""Fixtures for the story tests: an organisation and its people."""

import pytest

from accounts import roles
from tests.factories import DepartmentFactory, LocationFactory, UserFactory


@pytest.fixture
def sales():
    return DepartmentFactory(name="Sales", slug="sales")


@pytest.fixture
def it_department():
    return DepartmentFactory(name="IT", slug="it")


@pytest.fixture
def utrecht():
    return LocationFactory(name="Utrecht", slug="utrecht")


@pytest.fixture
def eindhoven():
    return LocationFactory(name="Eindhoven", slug="eindhoven", city="Eindhoven")


@pytest.fixture
def employee(sales, utrecht):
    """An Utrecht sales employee, like the demo's Eva."""
    user = UserFactory(email="eva@example.com")
    user.profile.department = sales
    user.profile.location = utrecht
    user.profile.save()
    return user


@pytest.fixture
def comms_user():
    return UserFactory(email="chris@example.com", roles=(roles.COMMUNICATIONS,))


@pytest.fixture
def employee_client(client, employee):
    client.force_login(employee)
    return client
