"""`{% story_shareable page as shareable %}`: may the visitor share this story?"""

from django import template

from cms.models import StoryPage
from cms.selectors import story_is_shareable

register = template.Library()


@register.simple_tag(takes_context=True)
def story_shareable(context: template.Context, story: StoryPage) -> bool:
    """The composer's own rule, so the page never offers a share that 404s."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return story_is_shareable(user=user, story=story)
