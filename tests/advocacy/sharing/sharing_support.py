"""Fixtures shared by the sharing tests (imported by their test modules)."""

import uuid

import pytest

from accounts import roles
from tests.factories import (
    CampaignFactory,
    DepartmentFactory,
    LocationFactory,
    UserFactory,
    story_page_factory,
)

# A disclosure the guideline engine accepts whatever the company is called, so
# the texts below pass on networks where sharing earns points.
DISCLOSURE = "I work at Stroomwijs."


@pytest.fixture(autouse=True)
def fresh_link_cache():
    """Tests reuse link codes; resolved links must not leak between them."""
    from advocacy.sharing.links import tracked_link_cache_clear
    from advocacy.sharing.tasks import figures_refresh_forget

    tracked_link_cache_clear()
    figures_refresh_forget()
    yield
    tracked_link_cache_clear()


@pytest.fixture(params=["asgi", "django"])
def link_client(request, client):
    """Who answers `/s/<code>`: the site's ASGI application (the tracked-link app
    in config/asgi.py) or Django's view behind it (the test client); both must
    answer alike."""
    if request.param == "django":
        return client
    from tests.advocacy.sharing.asgi_client import AsgiClient

    return AsgiClient()


@pytest.fixture
def sales():
    return DepartmentFactory(name="Sales", slug="sales")


@pytest.fixture
def utrecht():
    return LocationFactory(name="Utrecht", slug="utrecht")


@pytest.fixture
def employee(sales, utrecht):
    user = UserFactory(email="eva@example.com", first_name="Eva", last_name="Vries")
    user.profile.department = sales
    user.profile.location = utrecht
    user.profile.display_name = "Eva de Vries"
    user.profile.save()
    return user


@pytest.fixture
def employee_client(client, employee):
    client.force_login(employee)
    return client


@pytest.fixture
def comms_user():
    from django.contrib.auth.models import Group, Permission

    from accounts.models import User

    user = UserFactory(email="chris@example.com", roles=(roles.COMMUNICATIONS,))
    Group.objects.get(name=roles.COMMUNICATIONS).permissions.add(
        Permission.objects.get(
            content_type__app_label="advocacy", codename="view_analytics"
        )
    )
    return User.objects.get(pk=user.pk)


@pytest.fixture
def campaign():
    return CampaignFactory(name="Werken bij", slug="werken-bij")


@pytest.fixture
def story(campaign):
    return story_page_factory(
        title="Our new service desk",
        slug="new-service-desk",
        intro="Meet the people behind our new service desk.",
        campaign=campaign,
        suggestions=(
            ("x", "Our new service desk is live! Proud of this team."),
            ("linkedin", "Proud of the team behind our new service desk."),
        ),
    )


@pytest.fixture
def db_clicks(settings):
    settings.BOEGBEELD_CLICK_BUFFER = "db"


@pytest.fixture
def redis_clicks(settings, redis_url):
    """The Redis click buffer under a prefix of its own, removed afterwards."""
    settings.BOEGBEELD_CLICK_BUFFER = "redis"
    settings.BOEGBEELD_CLICK_REDIS_URL = redis_url
    settings.BOEGBEELD_CLICK_REDIS_PREFIX = f"test:clicks:{uuid.uuid4().hex}:"
    from advocacy.sharing.clicks import redis_client

    client = redis_client()
    yield client
    for key in client.scan_iter(f"{settings.BOEGBEELD_CLICK_REDIS_PREFIX}*"):
        client.delete(key)
