"""`|sanitized`: HTML a user wrote, rendered through the one sanitising module."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from core.sanitize import sanitize_html

register = template.Library()


@register.filter
def sanitized(value: str | None) -> SafeString:
    """Cleaned again on output, so the page is safe whatever got stored."""
    return mark_safe(sanitize_html(value))  # noqa: S308 - sanitize_html's output
