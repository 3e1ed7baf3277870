"""What can be shared: the Wagtail page tree comms staff curate.

HomePage → StoryIndexPage → StoryPage. Campaigns are snippets; topics are tags.
The models live in one module per concern and are imported here, so `cms.models.X`
and the app label of every model (and so the migrations) stay as they are.
"""

# Pages first: Django registers models in import order, which decides the order
# content types are created in on a fresh database; this keeps it as it was.
# isort: off
from cms.models.pages import HomePage, StoryIndexPage
from cms.models.campaigns import Campaign

# isort: on
from cms.models.sources import ContentSource, ImportedEntry
from cms.models.stories import (
    CARD_IMAGE_SPEC,
    ShareText,
    StoryPage,
    StoryStats,
    StoryTag,
)

__all__ = [
    "CARD_IMAGE_SPEC",
    "Campaign",
    "ContentSource",
    "HomePage",
    "ImportedEntry",
    "ShareText",
    "StoryIndexPage",
    "StoryPage",
    "StoryStats",
    "StoryTag",
]
