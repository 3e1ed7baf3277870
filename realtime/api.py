"""`POST /api/v1/feedback`: feedback sources push customer feedback in."""

import functools
import inspect
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.security import HttpBearer

from accounts.models import Location
from core import metrics
from core.api import BODY_ERRORS, ErrorOut
from core.breaker import REDIS_DOWN
from core.cache import redis_client, redis_unreachable, throttle_key
from core.machine import body_too_large
from core.sanitize import VISIBLE_CHARACTER
from realtime import services
from realtime.models import Feedback, FeedbackSource

router = Router(tags=["feedback"])


class SourceToken(HttpBearer):
    """`Authorization: Bearer <token>` of a feedback source (hash lookup).

    A token this process resolved in the last minute costs no I/O at all.
    """

    def authenticate(self, request: HttpRequest, token: str) -> FeedbackSource | None:
        return services.feedback_source_authenticate_cached(token)


# Refused with 422 naming the field (Postgres stores no NUL characters); the
# schema says so with a pattern.
NO_NUL = {"pattern": r"^[^\x00]*$"}


class FeedbackIn(Schema):
    text: str = Field(
        ...,
        min_length=1,
        max_length=5000,
        description=(
            "Plain text: markup and invisible characters are removed. A text "
            "that is only markup or entities (such as `<p></p>` or `&nbsp;`) "
            "is refused with 422."
        ),
        json_schema_extra={"pattern": VISIBLE_CHARACTER},
    )
    author: str = Field("", max_length=200)
    channel: Feedback.Channel = Feedback.Channel.WEBCARE
    rating: int | None = Field(None, ge=1, le=5)
    external_id: str = Field("", max_length=200, json_schema_extra=NO_NUL)
    location: str | None = Field(
        None,
        max_length=100,
        description="The slug of one of the locations configured here (listed).",
    )


class FeedbackOut(Schema):
    id: int
    status: str


def _error(status: int, detail: str, field: str | None = None, **headers):
    response = JsonResponse({"detail": detail, "field": field}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _body_refused(request: HttpRequest):
    max_bytes = settings.REALTIME_FEEDBACK_MAX_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > max_bytes:
        return _error(413, body_too_large(max_bytes), "body")
    content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip()
    if content_type.lower() != "application/json":
        return _error(415, _("Send JSON (Content-Type: application/json)."), "body")
    return None


def guard_body(view):
    """Refuse oversized and non-JSON bodies before anything parses them."""
    if inspect.iscoroutinefunction(view):

        @functools.wraps(view)
        async def async_wrapper(request: HttpRequest, *args, **kwargs):
            return _body_refused(request) or await view(request, *args, **kwargs)

        return async_wrapper

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        return _body_refused(request) or view(request, *args, **kwargs)

    return wrapper


# What each answer of the feedback API means, for the metrics; other 4xx: invalid.
OUTCOMES = {
    201: "accepted",
    200: "duplicate",
    401: "unauthorised",
    429: "rate_limited",
    503: "unavailable",
}


def outcome_counted(view):
    """Count every answer of the endpoint (auth and body refusals included)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        response = view(request, *args, **kwargs)
        status = response.status_code
        outcome = OUTCOMES.get(status) or ("invalid" if status < 500 else "error")
        metrics.feedback_counted(outcome)
        return response

    return wrapper


def _count_hit(key: str, timeout: int) -> int:
    """Add one to a counter that expires `timeout` seconds after it was created."""
    redis = redis_client(key)
    if redis is not None:
        client, full_key = redis
        # One round trip: count, and start the clock only on the first hit.
        pipe = client.pipeline(transaction=False)
        pipe.incr(full_key)
        pipe.expire(full_key, timeout, nx=True)
        try:
            return pipe.execute()[0]
        except REDIS_DOWN as exc:
            # Counted by the cache instead, per process while Redis is down.
            redis_unreachable(exc)
    try:
        return cache.incr(key)
    except ValueError:
        if cache.add(key, 1, timeout=timeout):
            return 1
        return cache.incr(key)  # another request created it in between


def _rate_limited(source: FeedbackSource) -> int:
    """Seconds until the window resets when over the limit, else 0."""
    limit = settings.REALTIME_FEEDBACK_RATE_LIMIT
    window = settings.REALTIME_FEEDBACK_RATE_WINDOW
    now = int(time.time())
    bucket = now // window
    key = throttle_key("feedback", source.pk, bucket)
    count = _count_hit(key, timeout=window + 5)
    if count > limit:
        return max(1, (bucket + 1) * window - now)
    return 0


@router.post(
    "",
    auth=SourceToken(),
    response={
        200: FeedbackOut,
        201: FeedbackOut,
        **BODY_ERRORS,
        413: ErrorOut,
        415: ErrorOut,
        429: ErrorOut,
        503: ErrorOut,
    },
    summary="Push customer feedback",
    description=(
        "Stores one piece of customer feedback. Repeating a request with the same "
        "`external_id` returns the stored item (200) instead of a duplicate (201). "
        "503 with `Retry-After`: a service it needs is down; send it again later."
    ),
)
@decorate_view(guard_body, outcome_counted)
def feedback_create(request: HttpRequest, payload: FeedbackIn):
    source = request.auth
    retry_after = _rate_limited(source)
    if retry_after:
        return _error(429, _("Too many requests."), None, Retry_After=str(retry_after))
    for field in ("external_id", "location"):
        # Stored or looked up as they are (Postgres refuses NUL in text).
        if "\x00" in (getattr(payload, field) or ""):
            detail = _("Must not contain NUL characters.")
            return Status(422, {"detail": detail, "field": field})
    location = None
    if payload.location:
        location = Location.objects.filter(slug=payload.location).first()
        if location is None:
            return Status(422, {"detail": _("Unknown location."), "field": "location"})
    try:
        result = services.feedback_ingest(
            text=payload.text,
            source=source,
            author=payload.author,
            channel=payload.channel,
            rating=payload.rating,
            external_id=payload.external_id,
            location=location,
        )
    except ValidationError as exc:
        errors = getattr(exc, "message_dict", {"text": exc.messages})
        field = next(iter(errors))
        return Status(422, {"detail": "; ".join(errors[field]), "field": field})
    status = 201 if result.created else 200
    return Status(status, {"id": result.feedback.pk, "status": result.feedback.status})


def openapi_schema_amend(schema: dict) -> None:
    """List the location slugs feedback may name (the ones configured right now).

    A slug that names no location is refused (422), so the schema says which
    ones exist; without any location configured only `null` is accepted.
    """
    properties = schema["components"]["schemas"]["FeedbackIn"]["properties"]
    slugs = list(Location.objects.order_by("slug").values_list("slug", flat=True))
    choices: list[dict] = [{"type": "string", "enum": slugs}] if slugs else []
    properties["location"]["anyOf"] = [*choices, {"type": "null"}]
