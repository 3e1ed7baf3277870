"""Malformed composer input gets a clear 4xx and stores nothing."""

import pytest

from advocacy.guidelines.models import GuidelineDismissal
from advocacy.sharing.models import PointEntry, Share
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.advocacy.sharing.sharing_support import DISCLOSURE

pytestmark = pytest.mark.django_db


def stored() -> tuple[int, int, int]:
    return (
        Share.objects.count(),
        PointEntry.objects.count(),
        GuidelineDismissal.objects.count(),
    )


def test_composer_refuses_deeply_nested_dismissals(employee_client, story):
    before = stored()
    response = employee_client.post(
        f"/stories/{story.pk}/share/",
        {
            "network": "x",
            "text": f"Our new service desk is great {DISCLOSURE}",
            "dismissed": "[" * 5000,
        },
    )
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert stored() == before


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "42", "null"])
def test_nudge_endpoint_refuses_json_that_is_not_an_object(
    employee_client, story, body
):
    before = stored()
    response = employee_client.post(
        f"/stories/{story.pk}/share/nudge/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"]
    assert stored() == before
