"""The weekly digest: new stories and your impact, in your language, once a week."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from advocacy.sharing.digest import digest_send
from advocacy.sharing.models import ClickDaily
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


class _RecordingBackend:
    """An e-mail backend that notes whether a transaction was open at send time."""

    sent: list[bool] = []
    fail = False

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        from django.db import connection

        if _RecordingBackend.fail:
            raise OSError("mail server down")
        _RecordingBackend.sent.append(connection.in_atomic_block)
        return len(messages)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_digest_mail_is_sent_after_the_week_is_claimed_and_committed(
    employee, story, settings
):
    from advocacy.sharing.models import DigestSent

    settings.EMAIL_BACKEND = f"{__name__}._RecordingBackend"
    _RecordingBackend.sent, _RecordingBackend.fail = [], False
    assert digest_send(user=employee)
    assert _RecordingBackend.sent == [False]  # no transaction held open by the mail
    assert DigestSent.objects.filter(user=employee).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_digest_that_fails_to_send_is_tried_again_next_run(employee, story, settings):
    from advocacy.sharing.models import DigestSent

    settings.EMAIL_BACKEND = f"{__name__}._RecordingBackend"
    _RecordingBackend.sent, _RecordingBackend.fail = [], True
    with pytest.raises(OSError):
        digest_send(user=employee)
    assert not DigestSent.objects.filter(user=employee).exists()
    _RecordingBackend.fail = False
    assert digest_send(user=employee)
    assert _RecordingBackend.sent == [False]
