from django import template

from advocacy.sharing.analytics.figures import display

register = template.Library()


@register.filter
def figure(value: object) -> str:
    """A table cell or total as the reader's language writes it (1.300, 86,7 %)."""
    return display(value)
