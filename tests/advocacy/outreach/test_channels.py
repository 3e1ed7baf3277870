"""New stories are announced in Teams and Slack: once per matching channel,
retried with backoff, failures visible. A local receiver plays both services."""

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from advocacy.outreach.models import ChannelHook, ChannelPost, ChannelSettings
from advocacy.outreach.services import RETRY_PAUSES, channel_posts_send_due
from core.periodic import jobs_all
from tests.factories import (
    DepartmentFactory,
    UserFactory,
    hero_image_factory,
    story_page_factory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Receiver:
    """Records what each webhook path received; answers with `status[path]`."""

    def __init__(self) -> None:
        self.received: dict[str, list[dict]] = {}
        self.status: dict[str, int] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                receiver.received.setdefault(self.path, []).append(
                    {"body": body, "type": self.headers.get("Content-Type")}
                )
                self.send_response(receiver.status.get(self.path, 200))
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def receiver(settings) -> Iterator[Receiver]:
    server = Receiver()
    settings.BOEGBEELD_SOURCES_PRIVATE_ALLOWED = [server.base.removeprefix("http://")]
    settings.BOEGBEELD_SITE_URL = "https://boegbeeld.example.com"
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def channels(receiver):
    sales = DepartmentFactory(name="Sales", slug="sales")
    it = DepartmentFactory(name="IT", slug="it")
    config = ChannelSettings.load()
    hooks = {
        "sales": ChannelHook(
            name="#sales",
            kind="slack",
            url=receiver.base + "/slack/sales",
            department=sales,
        ),
        "it": ChannelHook(
            name="IT team", kind="teams", url=receiver.base + "/teams/it", department=it
        ),
        "all": ChannelHook(
            name="#general", kind="slack", url=receiver.base + "/slack/all"
        ),
    }
    for hook in hooks.values():
        hook.settings = config
        hook.save()
    return sales, it


def test_a_story_for_sales_posts_once_to_the_sales_channel_only(receiver, channels):
    sales, _it = channels
    story = story_page_factory(
        title="Record quarter <Q3> & more",
        hero_image=hero_image_factory(),
        departments=[sales],
    )
    assert ChannelPost.objects.count() == 1
    assert channel_posts_send_due() == 1
    assert set(receiver.received) == {"/slack/sales"}
    (message,) = receiver.received["/slack/sales"]
    assert message["type"] == "application/json"
    body = message["body"]
    # Slack's documented shape: fallback text and Block Kit blocks.
    assert body["text"].startswith("New story to share")
    section, actions = body["blocks"]
    assert section["type"] == "section" and section["text"]["type"] == "mrkdwn"
    assert "Record quarter &lt;Q3&gt; &amp; more" in section["text"]["text"]
    assert section["accessory"]["type"] == "image"
    assert section["accessory"]["image_url"].startswith(
        "https://boegbeeld.example.com/"
    )
    button = actions["elements"][0]
    assert actions["type"] == "actions" and button["type"] == "button"
    assert button["url"] == (f"https://boegbeeld.example.com/stories/{story.pk}/share/")
    # Published again: not announced again.
    story.save_revision().publish()
    assert ChannelPost.objects.count() == 1
    assert channel_posts_send_due() == 0


def test_a_story_for_everyone_reaches_every_channel_teams_as_an_adaptive_card(
    receiver, channels
):
    story_page_factory(title="Open day")
    assert channel_posts_send_due() == 3
    (teams,) = receiver.received["/teams/it"]
    body = teams["body"]
    assert body["type"] == "message"
    (attachment,) = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert card["body"][0] == {
        "type": "TextBlock",
        "text": "Open day",
        "weight": "Bolder",
        "size": "Medium",
        "wrap": True,
    }
    assert [a["type"] for a in card["actions"]] == ["Action.OpenUrl"] * 2


def test_a_failing_channel_is_retried_then_shown_as_failed(receiver, channels, client):
    receiver.status["/slack/sales"] = 500
    sales, _it = channels
    story_page_factory(title="Sales kick-off", departments=[sales])
    post = ChannelPost.objects.get()
    assert channel_posts_send_due() == 0
    post.refresh_from_db()
    assert post.status == "pending" and post.attempts == 1
    assert "HTTP 500" in post.last_error
    assert post.next_attempt_at > timezone.now() + RETRY_PAUSES[0] - timedelta(
        seconds=5
    )
    assert channel_posts_send_due() == 0  # not due yet: nothing sent
    assert len(receiver.received["/slack/sales"]) == 1
    for _ in RETRY_PAUSES:
        ChannelPost.objects.update(next_attempt_at=timezone.now())
        channel_posts_send_due()
    post.refresh_from_db()
    assert post.status == "failed" and post.attempts == len(RETRY_PAUSES) + 1
    assert len(receiver.received["/slack/sales"]) == len(RETRY_PAUSES) + 1
    # Communications see it in the CMS.
    comms = UserFactory(email="chris@example.com", roles=("Communications",))
    client.force_login(comms)
    page = client.get("/cms/channel_posts/", {"status": "failed"})
    assert page.status_code == 200
    assert "Sales kick-off" in page.content.decode()


def test_a_webhook_into_a_private_network_is_refused(settings):
    hook = ChannelHook(name="x", kind="slack", url="http://10.1.2.3/hook")
    hook.settings = ChannelSettings.load()
    hook.save()
    story_page_factory(title="Anything")
    assert channel_posts_send_due() == 0
    assert "private network" in ChannelPost.objects.get().last_error


def test_the_worker_sends_channel_messages():
    assert "send_channel_messages" in {job.name for job in jobs_all()}
