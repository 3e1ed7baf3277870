"""The networks an employee shares on: chosen in the profile, from the registry."""

import pytest

from accounts.models import Profile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def profile_post(client, **fields):
    data = {"display_name": "Eva", "preferred_language": "", "new_stories": "weekly"}
    data.update(fields)
    return client.post("/accounts/profile/", data)


def test_profile_offers_every_registry_network(client):
    from core import networks

    client.force_login(UserFactory())
    body = client.get("/accounts/profile/").content.decode()

    for code in networks.CODES:
        assert f'name="share_networks" value="{code}"' in body


def test_profile_saves_chosen_networks_in_registry_order(client):
    user = UserFactory()
    client.force_login(user)

    response = profile_post(client, share_networks=["email", "linkedin"])

    assert response.status_code == 302
    assert Profile.objects.get(user=user).share_networks == ["linkedin", "email"]


def test_profile_refuses_an_unknown_network(client):
    user = UserFactory()
    client.force_login(user)

    response = profile_post(client, share_networks=["myspace"])

    assert response.status_code == 200
    assert "share_networks" in response.context["form"].errors
    assert Profile.objects.get(user=user).share_networks == []
