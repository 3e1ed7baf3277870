"""Template tags for the account pages."""

from allauth.account.adapter import get_adapter
from django import template
from django.http import HttpRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def signup_open(context: template.Context) -> bool:
    """Whether the sign-up page takes anyone now (the adapter's rule)."""
    request: HttpRequest | None = context.get("request")
    return request is not None and get_adapter(request).is_open_for_signup(request)
