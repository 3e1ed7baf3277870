"""One-click unsubscribe from the e-mails about new stories (RFC 8058).

The link carries a signed token naming the account: nothing is stored, and the
mail provider's POST (which carries no CSRF token) is authorised by the signature.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from accounts.models import Profile

SALT = "boegbeeld.unsubscribe.new-stories"


def unsubscribe_url(user) -> str:
    token = signing.dumps({"u": user.pk}, salt=SALT, compress=True)
    path = reverse("unsubscribe", args=[token])
    return settings.BOEGBEELD_SITE_URL.rstrip("/") + path


def unsubscribe_user(token: str):
    """The account a token names, or None for a bad or forged one."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return get_user_model().objects.filter(pk=data["u"], is_active=True).first()


def profile_unsubscribe(*, user) -> None:
    """No more e-mails about new stories (the choice can be changed in the profile)."""
    Profile.objects.filter(user=user).update(new_stories=Profile.NewStories.NEVER)


def unsubscribe_headers(user) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
