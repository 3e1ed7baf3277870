"""Django finds an app's models here; each room of advocacy keeps its own."""

from advocacy.guidelines.models import (
    SEVERITY_CHOICES,
    TERM_LIST_CHOICES,
    GuidelineDismissal,
    GuidelineSettings,
    GuidelineTerm,
    QuietPeriod,
    RuleSetting,
)
from advocacy.outreach.models import (
    ChannelHook,
    ChannelPost,
    ChannelSettings,
    DigestSent,
)
from advocacy.sharing.models import (
    ClickDaily,
    ClickFlush,
    ClickSalt,
    ClickVisitor,
    PointEntry,
    Share,
    ShareDaily,
    SharingSettings,
)
from advocacy.sharing.rollup_models import ShareRollup
from advocacy.suggestions.models import Suggestion, SuggestionMessage

__all__ = [
    "SEVERITY_CHOICES",
    "TERM_LIST_CHOICES",
    "ChannelHook",
    "ChannelPost",
    "ChannelSettings",
    "ClickDaily",
    "ClickFlush",
    "ClickSalt",
    "ClickVisitor",
    "DigestSent",
    "GuidelineDismissal",
    "GuidelineSettings",
    "GuidelineTerm",
    "PointEntry",
    "QuietPeriod",
    "RuleSetting",
    "Share",
    "ShareDaily",
    "ShareRollup",
    "SharingSettings",
    "Suggestion",
    "SuggestionMessage",
]
