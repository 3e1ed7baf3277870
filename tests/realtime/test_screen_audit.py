"""Moderation, emergencies and screen pairing/revocation land in the CMS's history."""

import pytest
from wagtail.models import ModelLogEntry

from accounts import roles
from realtime import audit, services
from realtime.models import Feedback
from tests.factories import FeedbackFactory, UserFactory

pytestmark = pytest.mark.django_db


def _entries(action: str) -> list[ModelLogEntry]:
    return list(ModelLogEntry.objects.filter(action=action).order_by("pk"))


def test_webcare_approving_and_hiding_is_logged_with_who(client):
    roles.sync_roles()
    webcare = UserFactory(roles=(roles.WEBCARE,))
    client.force_login(webcare)
    item = FeedbackFactory(status=Feedback.Status.PENDING)
    client.post(f"/feedback/moderation/{item.pk}/approve/")
    client.post(f"/feedback/moderation/{item.pk}/hide/")
    (approved,) = _entries(audit.FEEDBACK_APPROVED)
    (hidden,) = _entries(audit.FEEDBACK_HIDDEN)
    assert approved.user == webcare and hidden.user == webcare
    assert approved.object_id == str(item.pk)
    # Approving again changes nothing and logs nothing.
    client.post(f"/feedback/moderation/{item.pk}/hide/")
    assert len(_entries(audit.FEEDBACK_HIDDEN)) == 1


def test_emergencies_and_screen_revocations_are_logged(client):
    roles.sync_roles()
    manager = UserFactory(roles=(roles.SCREEN_MANAGERS,))
    client.force_login(manager)
    client.post("/screens/emergency/", {"text": "Fire drill at 11:00"})
    (shown,) = _entries(audit.EMERGENCY_SET)
    assert shown.user == manager
    screen, _token = services.screen_create(slug="lobby", name="Lobby")
    services.screen_token_rotate(screen=screen, by=manager)
    services.screen_update(screen=screen, active=False, by=manager)
    services.screen_delete(screen=screen, by=manager)
    hows = [e.data["how"] for e in _entries(audit.SCREEN_REVOKED)]
    assert hows == ["new token", "switched off", "deleted"]


def test_administrators_filter_the_history_by_screen_actions(client):
    admin = UserFactory(email="root@example.com", is_superuser=True, is_staff=True)
    screen, _token = services.screen_create(slug="hall", name="Hall")
    services.screen_delete(screen=screen, by=admin)
    client.force_login(admin)
    page = client.get("/cms/reports/site-history/", {"action": audit.SCREEN_REVOKED})
    assert page.status_code == 200
    assert "Screen revoked" in page.content.decode()
