"""Wagtail finds hooks in each app's `wagtail_hooks`; advocacy keeps one per room."""

from advocacy.guidelines import wagtail_hooks as guidelines_hooks  # noqa: F401
from advocacy.outreach import wagtail_hooks as outreach_hooks  # noqa: F401
from advocacy.sharing import wagtail_hooks as sharing_hooks  # noqa: F401
from advocacy.suggestions import wagtail_hooks as suggestions_hooks  # noqa: F401
