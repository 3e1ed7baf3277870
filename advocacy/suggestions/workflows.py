"""What happens when a story's moderation workflow is approved.

Wagtail calls `WAGTAIL_FINISH_WORKFLOW_ACTION` (set in config.settings) instead of
its own publish step: we publish the same way, then tell the suggester of a story
made from their suggestion that it is live. Publishing from the editor goes
through the `after_publish_page` hook in `wagtail_hooks.py` instead.

Wagtail imports this module while it defines its own models, so everything else
is imported when the function runs.
"""

from __future__ import annotations


def workflow_publish_and_notify(workflow_state, user=None) -> None:
    from wagtail.models import Page
    from wagtail.workflows import publish_workflow_state

    from advocacy.suggestions.services import suggestion_story_published

    publish_workflow_state(workflow_state, user=user)
    content = workflow_state.content_object
    if isinstance(content, Page):
        suggestion_story_published(page=Page.objects.get(pk=content.pk))
