"""JSON API of the advocacy app: the guideline check used while typing."""

import time
from typing import Literal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError
from pydantic import StrictBool
from wagtail.api.v3.auth import BearerTokenAuth

from advocacy.guidelines import checks as guideline_checks
from core import networks
from core.api import BODY_ERRORS, SESSION_ERRORS, ErrorOut, session_auth
from core.cache import throttle_key

Network = Literal[networks.CODES]  # type: ignore[valid-type]

router = Router(tags=["guidelines"], auth=[BearerTokenAuth(), session_auth])

# No network takes a longer post: checking more would only cost the server.
CHECK_MAX_LENGTH = max(network.limit for network in networks.NETWORKS)


def _rate_limited(user_id: int) -> int:
    """Seconds until this user's window resets when over the limit, else 0.

    A check runs the whole guideline engine; the composer asks at most a few
    times a second while someone types, so the limit only stops floods.
    """
    limit = settings.GUIDELINES_CHECK_RATE_LIMIT
    window = settings.GUIDELINES_CHECK_RATE_WINDOW
    now = int(time.time())
    bucket = now // window
    key = throttle_key("guidelines-check", user_id, bucket)
    if cache.add(key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, timeout=window + 5)
            count = 1
    if count > limit:
        return max(1, (bucket + 1) * window - now)
    return 0


class CheckIn(Schema):
    text: str = Field(..., max_length=CHECK_MAX_LENGTH)
    network: Network = networks.DEFAULT
    # Strict: the schema says boolean, so 0, 1 and "true" are refused (422).
    promotional: StrictBool = Field(
        False, description="The story is promotional: disclosure is required."
    )
    with_link: StrictBool = Field(
        True, description="Count the tracked link that is added."
    )
    locale: Literal["nl", "en"] | None = Field(
        None, description="Language of the messages (the interface's)."
    )
    language: Literal["nl", "en"] | None = Field(
        None,
        description=(
            "Language the post is expected in (the story's). A text that clearly "
            "reads as another language is taken as written in that one; a "
            "disclosure fix is offered in the post's language."
        ),
    )


class FixOut(Schema):
    label: str
    replacement: str


class FindingOut(Schema):
    rule: str
    severity: Literal["block", "warn", "info"]
    category: str
    message: str
    explanation_url: str
    start: int
    end: int
    start_utf16: int
    end_utf16: int
    match: str
    suggestion: str | None = None
    suggestions: list[FixOut]
    suppressible: bool


class LengthOut(Schema):
    used: int
    limit: int


class CheckOut(Schema):
    ok: bool
    network: str
    findings: list[FindingOut]
    length: LengthOut
    counts: dict[str, int]


class DismissIn(Schema):
    text: str = Field(..., max_length=guideline_checks.MAX_TEXT_LENGTH)
    network: Network = networks.DEFAULT
    promotional: StrictBool = False
    rule: str = Field(..., max_length=40)
    start: int = Field(..., ge=0)
    end: int = Field(..., ge=0)
    reason: str = Field(
        ...,
        max_length=500,
        pattern=guideline_checks.DISMISSAL_REASON_PATTERN,
        description="Why this warning does not apply (at least three characters).",
    )


class DismissOut(Schema):
    id: int
    rule: str


@router.post(
    "/check",
    response={
        200: CheckOut,
        **BODY_ERRORS,
        **SESSION_ERRORS,
        429: ErrorOut,
        503: ErrorOut,
    },
    summary="Check a post against guidelines",
)
def check_post(request: HttpRequest, payload: CheckIn):
    """Every problem in the text, where it is, why, and how to fix it."""
    retry_after = _rate_limited(request.auth.pk)
    if retry_after:
        response = JsonResponse(
            {"detail": _("Too many checks. Try again in a moment.")}, status=429
        )
        response["Retry-After"] = str(retry_after)
        return response
    report = guideline_checks.guidelines_check(
        text=payload.text,
        network=payload.network,
        promotional=payload.promotional,
        with_link=payload.with_link,
        locale=payload.locale,
        language=payload.language,
    )
    return report.as_dict()


@router.post(
    "/dismissals",
    response={
        201: DismissOut,
        **BODY_ERRORS,
        **SESSION_ERRORS,
        409: ErrorOut,
        503: ErrorOut,
    },
    summary="Dismiss a warning, with a reason",
    description=(
        "Records why the user ignores one warning. 409 when the text (checked "
        "again against the guidelines as they are now) has no such finding at "
        "that place, or when the finding blocks sharing and cannot be dismissed."
    ),
)
def dismiss_warning(request: HttpRequest, payload: DismissIn):
    """Warnings may be dismissed with a reason (kept); blocking problems may not."""
    try:
        dismissal = guideline_checks.guideline_dismissal_create(
            user=request.user,
            text=payload.text,
            network=payload.network,
            promotional=payload.promotional,
            request=guideline_checks.DismissalRequest(
                rule=payload.rule,
                start=payload.start,
                end=payload.end,
                reason=payload.reason,
            ),
        )
    except guideline_checks.DismissalConflict as exc:
        # The same shape as a validation error: the composer shows `msg`.
        return Status(409, {"detail": _field_errors(exc)})
    except DjangoValidationError as exc:
        raise ValidationError(_field_errors(exc)) from exc
    return Status(201, {"id": dismissal.pk, "rule": dismissal.rule})


def _field_errors(exc: DjangoValidationError) -> list[dict]:
    return [
        {"loc": ["body", "payload", field], "msg": messages[0], "type": "value_error"}
        for field, messages in exc.message_dict.items()
    ]
