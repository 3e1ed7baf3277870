"""The weekly digest: new stories and your impact, in your language, once a week."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from advocacy.sharing.models import ClickDaily
from advocacy.sharing.tasks import digest_send
from tests.advocacy.sharing.sharing_support import *  # noqa: F403
from tests.factories import ShareFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_digest_has_new_stories_and_impact_in_text_and_html(employee, story):
    share = ShareFactory(user=employee, story=story)
    ClickDaily.objects.create(share=share, day=timezone.localdate(), count=4)
    assert digest_send(user=employee)
    message = mail.outbox[0]
    assert message.to == ["eva@example.com"]
    assert "new story for you" in message.subject
    assert "Our new service desk" in message.body
    assert f"/stories/{story.pk}/share/" in message.body
    assert "4 clicks on your links" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Our new service desk" in html and "Share it" in html


def test_digest_speaks_the_employees_language(employee, story):
    employee.profile.preferred_language = "nl"
    employee.profile.save()
    assert digest_send(user=employee)
    message = mail.outbox[0]
    assert 'lang="nl"' in message.alternatives[0][0]


def test_digest_respects_the_opt_out_and_is_sent_once_a_week(employee, story):
    quiet = UserFactory()
    quiet.profile.weekly_digest = False
    quiet.profile.save()
    call_command("send_digests")
    call_command("send_digests")
    assert [m.to for m in mail.outbox] == [["eva@example.com"]]


def test_nothing_to_tell_means_no_mail(employee):
    assert not digest_send(user=employee)
    assert not mail.outbox
