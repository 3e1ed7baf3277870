"""The weekly digest: new stories and your impact, in your language, once a week."""

from urllib.parse import urlsplit

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
    quiet.profile.new_stories = "never"
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
    from advocacy.outreach.models import DigestSent

    settings.EMAIL_BACKEND = f"{__name__}._RecordingBackend"
    _RecordingBackend.sent, _RecordingBackend.fail = [], False
    assert digest_send(user=employee)
    assert _RecordingBackend.sent == [False]  # no transaction held open by the mail
    assert DigestSent.objects.filter(user=employee).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_digest_that_fails_to_send_is_tried_again_next_run(employee, story, settings):
    from advocacy.outreach.models import DigestSent

    settings.EMAIL_BACKEND = f"{__name__}._RecordingBackend"
    _RecordingBackend.sent, _RecordingBackend.fail = [], True
    with pytest.raises(OSError):
        digest_send(user=employee)
    assert not DigestSent.objects.filter(user=employee).exists()
    _RecordingBackend.fail = False
    assert digest_send(user=employee)
    assert _RecordingBackend.sent == [False]


# --- "new for you": daily, right away, unsubscribe ----------------------------------


def test_daily_digest_lists_today_s_stories_without_the_weekly_figures(employee, story):
    employee.profile.new_stories = "daily"
    employee.profile.save()
    from advocacy.sharing.digest import daily_digests_send

    assert not digest_send(user=employee)  # not a weekly reader any more
    assert daily_digests_send() == 1
    assert daily_digests_send() == 0  # once a day
    message = mail.outbox[0]
    assert "New stories for you today" in message.body
    assert "Your week" not in message.body
    assert f"/stories/{story.pk}/share/" in message.body


def test_every_mail_offers_one_click_unsubscribe(client, employee, story):
    assert digest_send(user=employee)
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url in message.body
    path = urlsplit(url).path
    # What a mail provider does: a POST without cookies or CSRF token.
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    employee.profile.refresh_from_db()
    assert employee.profile.new_stories == "never"
    assert client.get(path.replace("unsubscribe/", "unsubscribe/x")).status_code == 404


def test_right_away_one_mail_per_story_only_for_its_audience(
    django_capture_on_commit_callbacks, employee, sales
):
    from tests.factories import DepartmentFactory, story_page_factory

    employee.profile.new_stories = "immediately"
    employee.profile.save()
    other = UserFactory(email="olaf@example.com")
    other.profile.new_stories = "immediately"
    other.profile.department = DepartmentFactory(name="IT", slug="it")
    other.profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        story = story_page_factory(title="Sales record", departments=[sales])
    assert [m.to for m in mail.outbox] == [["eva@example.com"]]
    assert "Sales record" in mail.outbox[0].subject
    assert f"/stories/{story.pk}/share/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()  # published again: no second mail
    assert len(mail.outbox) == 1
