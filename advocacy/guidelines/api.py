"""JSON API of the advocacy app: the guideline check used while typing."""

from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.security import django_auth
from wagtail.api.v3.auth import BearerTokenAuth

from advocacy.guidelines import checks as guideline_checks
from core import networks

Network = Literal[networks.CODES]  # type: ignore[valid-type]

router = Router(tags=["guidelines"], auth=[BearerTokenAuth(), django_auth])


class CheckIn(Schema):
    text: str = Field(..., max_length=guideline_checks.MAX_TEXT_LENGTH)
    network: Network = networks.DEFAULT
    promotional: bool = Field(
        False, description="The story is promotional: disclosure is required."
    )
    with_link: bool = Field(True, description="Count the tracked link that is added.")
    locale: Literal["nl", "en"] | None = None


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
    promotional: bool = False
    rule: str = Field(..., max_length=40)
    start: int = Field(..., ge=0)
    end: int = Field(..., ge=0)
    reason: str = Field(..., max_length=500)


class DismissOut(Schema):
    id: int
    rule: str


@router.post("/check", response=CheckOut, summary="Check a post against guidelines")
def check_post(request: HttpRequest, payload: CheckIn) -> dict:
    """Every problem in the text, where it is, why, and how to fix it."""
    report = guideline_checks.guidelines_check(
        text=payload.text,
        network=payload.network,
        promotional=payload.promotional,
        with_link=payload.with_link,
        locale=payload.locale,
    )
    return report.as_dict()


@router.post(
    "/dismissals",
    response={201: DismissOut},
    summary="Dismiss a warning, with a reason",
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
    except DjangoValidationError as exc:
        raise ValidationError(
            [
                {
                    "loc": ["body", "payload", field],
                    "msg": messages[0],
                    "type": "value_error",
                }
                for field, messages in exc.message_dict.items()
            ]
        ) from exc
    return Status(201, {"id": dismissal.pk, "rule": dismissal.rule})
