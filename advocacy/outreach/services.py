"""Announcing new stories in Teams and Slack channels.

When a story goes live, `channel_posts_queue` records one message per matching
channel (after the publish commits); the worker's `channel_posts_send_due` sends
them, retrying with growing pauses and marking them failed after the last try.
The unique (channel, story) pair means a story is announced once per channel,
however often it is republished.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from advocacy.outreach.models import ChannelHook, ChannelPost
from cms.models import StoryPage
from cms.models.stories import OG_IMAGE_SPEC
from cms.sources.fetch import FetchError, address_check

logger = logging.getLogger(__name__)

# Pauses before the 2nd, 3rd, ... attempt; after the last one a message has failed.
RETRY_PAUSES = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))
SEND_TIMEOUT_SECONDS = 10


def hooks_for(story: StoryPage):
    """The enabled channels of the story's audience.

    A story for everyone goes to every channel; a story for some departments (or
    locations) only to the channels of those departments (or locations).
    """
    hooks = ChannelHook.objects.filter(enabled=True)
    departments = list(story.audience_departments.values_list("pk", flat=True))
    locations = list(story.audience_locations.values_list("pk", flat=True))
    if departments:
        hooks = hooks.filter(department__in=departments)
    if locations:
        hooks = hooks.filter(location__in=locations)
    return hooks


def channel_posts_queue(*, story_id: int) -> int:
    """Queue the announcements of a story that went live; returns how many are new."""
    story = StoryPage.objects.live().filter(pk=story_id).first()
    if story is None:
        return 0
    queued = 0
    for hook in hooks_for(story):
        try:
            with transaction.atomic():
                ChannelPost.objects.create(hook=hook, story=story)
        except IntegrityError:
            continue  # announced there before
        queued += 1
    return queued


def _absolute(path: str) -> str:
    return settings.BOEGBEELD_SITE_URL.rstrip("/") + path


def _card(story: StoryPage) -> dict:
    image = ""
    if story.hero_image_id:
        image = _absolute(story.hero_image.get_rendition(OG_IMAGE_SPEC).url)
    return {
        "title": story.title,
        "intro": story.intro,
        "image": image,
        "story_url": _absolute(story.url or "/"),
        "share_url": _absolute(reverse("sharing:share_compose", args=[story.pk])),
    }


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(card: dict) -> dict:
    """Slack's Block Kit message for an incoming webhook."""
    section = {
        "type": "section",
        "text": {
            "type": "mrkdwn",
            "text": f"*<{card['story_url']}|{_slack_escape(card['title'])}>*\n"
            + _slack_escape(card["intro"]),
        },
    }
    if card["image"]:
        section["accessory"] = {
            "type": "image",
            "image_url": card["image"],
            "alt_text": card["title"],
        }
    return {
        "text": _("New story to share: %(title)s") % {"title": card["title"]},
        "blocks": [
            section,
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": _("Share")},
                        "url": card["share_url"],
                        "style": "primary",
                    }
                ],
            },
        ],
    }


def teams_payload(card: dict) -> dict:
    """An Adaptive Card in the message shape Teams' workflow webhooks accept."""
    body = [
        {
            "type": "TextBlock",
            "text": card["title"],
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
        }
    ]
    if card["image"]:
        body.append({"type": "Image", "url": card["image"], "altText": card["title"]})
    body.append({"type": "TextBlock", "text": card["intro"], "wrap": True})
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": {
                    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": body,
                    "actions": [
                        {
                            "type": "Action.OpenUrl",
                            "title": _("Share"),
                            "url": card["share_url"],
                        },
                        {
                            "type": "Action.OpenUrl",
                            "title": _("Read the story"),
                            "url": card["story_url"],
                        },
                    ],
                },
            }
        ],
    }


PAYLOADS = {
    ChannelHook.Kind.SLACK: slack_payload,
    ChannelHook.Kind.TEAMS: teams_payload,
}


def _send(post: ChannelPost) -> None:
    hook = post.hook
    address_check(hook.url)
    with translation.override(post.story.language):
        payload = PAYLOADS[hook.kind](_card(post.story))
    response = requests.post(
        hook.url, json=payload, timeout=SEND_TIMEOUT_SECONDS, allow_redirects=False
    )
    if not 200 <= response.status_code < 300:
        raise FetchError(
            _("The channel answered with HTTP %(status)s.")
            % {"status": response.status_code}
        )


def channel_post_send(post: ChannelPost) -> bool:
    """Try once; on failure schedule the next try or give up. True when sent."""
    now = timezone.now()
    try:
        _send(post)
    except (FetchError, requests.RequestException) as exc:
        post.attempts += 1
        post.last_error = str(exc)[:500] or exc.__class__.__name__
        if post.attempts > len(RETRY_PAUSES):
            post.status = ChannelPost.Status.FAILED
        else:
            post.next_attempt_at = now + RETRY_PAUSES[post.attempts - 1]
        post.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        logger.warning("Channel message %s not sent: %s", post.pk, post.last_error)
        return False
    post.attempts += 1
    post.status = ChannelPost.Status.SENT
    post.sent_at = now
    post.last_error = ""
    post.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return True


def channel_posts_send_due(*, limit: int = 50) -> int:
    """The worker's job: send what is waiting and due; returns how many were sent."""
    due = (
        ChannelPost.objects.filter(
            status=ChannelPost.Status.PENDING, next_attempt_at__lte=timezone.now()
        )
        .select_related("hook", "story")
        .order_by("next_attempt_at")[:limit]
    )
    return sum(channel_post_send(post) for post in due)
