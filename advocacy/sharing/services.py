"""Sharing a story: the composer's start text, the server's check, the Share record.

`share_create` is the only writer of shares. Whatever the browser showed, the
text is checked again here and a `block` finding stops the share. A created share
is prepared, not yet counted: `hand_off.share_hand_off` counts it when the post
actually leaves for the network.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Profile
from advocacy.guidelines.checks import (
    MAX_TEXT_LENGTH,
    guidelines_check,
    text_with_disclosure,
)
from advocacy.guidelines.engine import Report
from advocacy.sharing import intents, links
from advocacy.sharing.models import Share
from advocacy.sharing.points import points_enabled_for
from cms.models import StoryPage
from cms.selectors import shareable_stories
from core import networks

# Authenticity nudge: this similar to the suggestion, or to this many of the
# story's recent shares, and we suggest making it personal. Never blocking.
NUDGE_SIMILARITY = 0.9
NUDGE_COPIES = 5
NUDGE_RECENT_SHARES = 50
NUDGE_OWN_CHARS = 40
CODE_ATTEMPTS = 8


# --- reads ------------------------------------------------------------------------
def story_for_sharing(*, user, story_id: int) -> StoryPage:
    """A story this employee may share: live and aimed at them; else 404."""
    story = (
        shareable_stories(user).filter(pk=story_id).select_related("campaign").first()
    )
    if story is None:
        raise Http404
    return story


def share_get_for_user(*, user, pk: int) -> Share:
    share = Share.objects.filter(user=user, pk=pk).select_related("story").first()
    if share is None:
        raise Http404
    return share


def share_start_text(*, story: StoryPage, network: str) -> str:
    """The text the composer starts with: `share_suggested_text`, and where the
    post must say the employee works here, saying it (in the story's language,
    within the network's length). A suggested text passes the company's own
    guidelines as it is.
    """
    text = share_suggested_text(story=story, network=network)
    if share_disclosure_required(story=story, network=network):
        text = text_with_disclosure(text=text, network=network, language=story.language)
    return text


def share_suggested_text(*, story: StoryPage, network: str) -> str:
    """The share text comms wrote for `network` (with its hashtags), else the intro.

    The tracked link is added when sharing, so the story's own URL is left out.
    """
    share_text = story.share_text_for(network)
    if share_text.is_fallback:
        return story.intro.strip()
    text = share_text.text.strip()
    tags = [t for t in share_text.hashtag_list if t.lower() not in text.lower()]
    return f"{text}\n\n{' '.join(tags)}" if tags else text


def share_disclosure_required(*, story: StoryPage, network: str) -> bool:
    """A post must say "I work here" when the story is promotional, and when
    sharing earns points (an incentivised post)."""
    return story.promotional or points_enabled_for(network)


_URL = re.compile(r"https?://\S+")


def _normalise(text: str) -> str:
    return " ".join(_URL.sub(" ", text).lower().split())


def _similar(mine: str, other: str) -> bool:
    """Nearly the same text: ≥ 90% alike, or `other` almost wholly inside `mine`
    with fewer than NUDGE_OWN_CHARS characters added (a disclosure, a tag)."""
    if not mine or not other:
        return False
    matcher = SequenceMatcher(None, mine, other, autojunk=False)
    close_in_length = matcher.real_quick_ratio() >= NUDGE_SIMILARITY
    added = len(mine) - len(other)
    long_enough = len(mine) >= NUDGE_SIMILARITY * len(other)
    contained_possible = added < NUDGE_OWN_CHARS and long_enough
    if not close_in_length and not contained_possible:
        return False
    if close_in_length and matcher.quick_ratio() >= NUDGE_SIMILARITY:
        if matcher.ratio() >= NUDGE_SIMILARITY:
            return True
    if not contained_possible:
        return False
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched >= NUDGE_SIMILARITY * len(other) and (
        len(mine) - matched < NUDGE_OWN_CHARS
    )


def share_nudge(*, story: StoryPage, network: str, text: str) -> str:
    """ "suggestion" or "colleagues" when the text is (nearly) a copy, else "".

    Compares with the suggestion and the last NUDGE_RECENT_SHARES shares of the
    story only, so it stays cheap however popular the story is.
    """
    mine = _normalise(text)
    if not mine:
        return ""
    # Comms' own words: a copy with or without the disclosure added is a copy.
    suggestion = _normalise(share_suggested_text(story=story, network=network))
    if _similar(mine, suggestion):
        return "suggestion"
    recent = Share.objects.handed_off().filter(story=story).order_by("-created_at")
    copies = 0
    for other in recent.values_list("text", flat=True)[:NUDGE_RECENT_SHARES]:
        if _similar(mine, _normalise(other)):
            copies += 1
            if copies >= NUDGE_COPIES:
                return "colleagues"
    return ""


def nudge_message(kind: str) -> str | None:
    if kind == "suggestion":
        return _(
            "This is (almost) the suggested text. A sentence of your own — why it "
            "matters to you — makes people far more likely to read on."
        )
    if kind == "colleagues":
        return _(
            "Many colleagues already posted nearly this text. Make it yours: your "
            "network follows you for your own words."
        )
    return None


def share_check(*, story: StoryPage, network: str, text: str, locale=None) -> Report:
    """The guideline check a share must pass: promotional when the story is, and
    when sharing earns points (an incentivised post must disclose it)."""
    return guidelines_check(
        text=text,
        network=network,
        promotional=share_disclosure_required(story=story, network=network),
        locale=locale,
        language=story.language,
    )


def dismissals_validate(*, report: Report, raw: str) -> list[dict[str, str]]:
    """The widget's dismissed warnings, kept only where the final text still has
    that warning (suppressible, same rule and words) and a reason is given."""
    try:
        items = json.loads(raw or "[]")
    except (TypeError, ValueError, RecursionError):
        return []
    if not isinstance(items, list):
        return []
    allowed = {(f.rule, f.match) for f in report.findings if f.suppressible}
    rules = {rule for rule, _match in allowed}
    kept: list[dict[str, str]] = []
    seen = set()
    for item in items[:50]:
        if not isinstance(item, dict):
            continue
        rule = str(item.get("rule", ""))[:40]
        match = str(item.get("match", ""))[:200]
        reason = " ".join(str(item.get("reason", "")).split())[:500]
        if len(reason) < 3 or rule not in rules:
            continue
        if (rule, match) not in allowed and match:
            continue
        if (rule, match) in seen:
            continue
        seen.add((rule, match))
        kept.append({"rule": rule, "match": match, "reason": reason})
    return kept


def report_summary(report: Report) -> dict:
    return {
        "counts": report.counts,
        "rules": sorted({f.rule for f in report.findings}),
    }


# --- writes -----------------------------------------------------------------------
@transaction.atomic
def share_create(
    *,
    user,
    story: StoryPage,
    network: str,
    text: str,
    dismissed: str = "",
    locale: str | None = None,
) -> Share:
    """Check and store one prepared share (text, tracked link); ValidationError if
    it may not be shared. Nothing counts yet: see `hand_off.share_hand_off`."""
    text = (text or "").replace("\r\n", "\n").strip()
    if network not in networks.BY_CODE:
        raise ValidationError({"network": _("Choose a network.")})
    if not text:
        raise ValidationError({"text": _("Write something to go with the link.")})
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationError({"text": _("This text is too long.")})
    profile = Profile.objects.filter(user=user).first()
    if networks.get(network).needs_server and not intents.mastodon_host(
        profile.mastodon_instance if profile else ""
    ):
        raise ValidationError(
            {
                "network": _(
                    "Set your Mastodon server in your profile first, "
                    "e.g. mastodon.social."
                )
            }
        )
    report = share_check(story=story, network=network, text=text, locale=locale)
    if not report.can_share:
        raise ValidationError(
            {
                "text": list(
                    dict.fromkeys(
                        f.message for f in report.findings if f.severity == "block"
                    )
                )
            }
        )
    nudge = share_nudge(story=story, network=network, text=text)
    share = Share(
        user=user,
        story=story,
        network=network,
        text=text,
        guideline_report=report_summary(report),
        dismissed_warnings=dismissals_validate(report=report, raw=dismissed),
        nudge=nudge,
        campaign_id=story.campaign_id,
        department_id=profile.department_id if profile else None,
        location_id=profile.location_id if profile else None,
        created_at=timezone.now(),
    )
    for attempt in range(CODE_ATTEMPTS):
        share.code = links.link_code_new()
        try:
            with transaction.atomic():
                share.full_clean(exclude=["story", "code"])
                share.save()
            break
        except IntegrityError:
            if attempt == CODE_ATTEMPTS - 1:
                raise
    return share


# --- the confirmation ---------------------------------------------------------------
@dataclass(frozen=True)
class ShareOutcome:
    share: Share
    link: str
    post: str  # text + link, as posted
    intent: intents.Intent
    nudge: str | None


def share_outcome(*, share: Share, user) -> ShareOutcome:
    link = links.tracked_link_url(share.code)
    profile = Profile.objects.filter(user=user).first()
    intent = intents.share_intent(
        share.network,
        text=share.text,
        link=link,
        subject=share.story.title if share.story else "",
        mastodon_instance=profile.mastodon_instance if profile else "",
    )
    return ShareOutcome(
        share=share,
        link=link,
        post=intents.post_text(share.text, link),
        intent=intent,
        nudge=nudge_message(share.nudge),
    )
