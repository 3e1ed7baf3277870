"""Customer feedback, where it comes from, and the wall screens that show it."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FeedbackSource(models.Model):
    """A system allowed to push feedback in (webcare tool, survey, review site).

    Only the sha256 of its API token is stored; the token itself is shown once.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback source")
        verbose_name_plural = _("feedback sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Feedback(models.Model):
    """One thing a customer said. Text is stored sanitised and masked.

    On Postgres an item approved on arrival is inserted together with its screen
    change in one statement (`services.changes.screen_change_insert_recorded`):
    not through `save()`, so no save signals for it.
    """

    class Channel(models.TextChoices):
        X = "x", "X"
        FACEBOOK = "facebook", "Facebook"
        INSTAGRAM = "instagram", "Instagram"
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        SURVEY = "survey", _("Survey")
        REVIEW = "review", _("Review site")
        WEBCARE = "webcare", _("Webcare")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        HIDDEN = "hidden", _("Hidden")

    text = models.TextField(_("text"))
    author = models.CharField(
        _("author"),
        max_length=60,
        blank=True,
        help_text=_("Shown as first name and initial only."),
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.WEBCARE
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    location = models.ForeignKey(
        "accounts.Location",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("location"),
    )
    source = models.ForeignKey(
        FeedbackSource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("source"),
    )
    external_id = models.CharField(_("external id"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("customer feedback")
        verbose_name_plural = _("customer feedback")
        ordering = ["-id"]
        permissions = [("moderate_feedback", _("Can moderate customer feedback"))]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="realtime_feedback_unique_external_id_per_source",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True)
                | models.Q(rating__gte=1, rating__lte=5),
                name="realtime_feedback_rating_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["status", "id"], name="rt_feedback_status_id")]

    def __str__(self) -> str:
        return self.text[:60]


class ModerationSettings(models.Model):
    """Auto-approve rules webcare leads set; one row (pk=1)."""

    auto_approve = models.BooleanField(_("auto-approve"), default=True)
    min_rating = models.PositiveSmallIntegerField(
        _("minimum rating"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Feedback rated at least this, without profanity, is approved."),
    )
    require_rating = models.BooleanField(
        _("require a rating"),
        default=True,
        help_text=_("Unrated feedback always waits for a moderator."),
    )
    block_profanity = models.BooleanField(_("hold back profanity"), default=True)

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")

    def __str__(self) -> str:
        return str(_("Moderation settings"))

    @classmethod
    def load(cls) -> "ModerationSettings":
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


RESERVED_SCREEN_SLUGS = frozenset({"pair", "new", "emergency", "reload", "health"})


def validate_screen_slug(value: str) -> None:
    """Screen slugs share /screens/ with the staff pages."""
    if value in RESERVED_SCREEN_SLUGS:
        raise ValidationError(_("This slug is reserved."), code="reserved")


class Screen(models.Model):
    """A wall screen at a location. Authenticates with a token (hash stored)."""

    class Language(models.TextChoices):
        NL = "nl", _("Dutch")
        EN = "en", _("English")

    class Theme(models.TextChoices):
        DARK = "dark", _("Dark")
        HIGH_CONTRAST = "high-contrast", _("High contrast")

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=50, unique=True, validators=[validate_screen_slug]
    )
    location = models.ForeignKey(
        "accounts.Location",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="screens",
        verbose_name=_("location"),
        help_text=_("Empty: feedback from all locations."),
    )
    show_feedback = models.BooleanField(_("show feedback"), default=True)
    show_stories = models.BooleanField(_("show stories"), default=True)
    show_figures = models.BooleanField(_("show sharing figures"), default=True)
    rotation_seconds = models.PositiveSmallIntegerField(
        _("rotation (seconds)"),
        default=12,
        validators=[MinValueValidator(4), MaxValueValidator(600)],
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.NL
    )
    theme = models.CharField(
        _("theme"), max_length=20, choices=Theme.choices, default=Theme.DARK
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    client_info = models.CharField(_("client"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("screen")
        verbose_name_plural = _("screens")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScreenPairing(models.Model):
    """A waiting screen's short code, until a manager claims it or it expires.

    The code is stored hashed; the browser keeps a random secret (`claim_hash`
    is its hash) so only the screen that showed the code can collect the token.
    """

    code_hash = models.CharField(max_length=64, unique=True)
    claim_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    screen = models.ForeignKey(
        Screen, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The screen token, handed to the waiting browser exactly once, then erased.
    pending_token = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("screen pairing")
        verbose_name_plural = _("screen pairings")

    def __str__(self) -> str:
        return f"pairing {self.pk}"


class EmergencyMessage(models.Model):
    """Overrides the rotation on all screens, or one location's, until cleared."""

    text = models.CharField(_("message"), max_length=280)
    location = models.ForeignKey(
        "accounts.Location",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
        help_text=_("Empty: all screens."),
    )
    active = models.BooleanField(_("active"), default=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)

    class Meta:
        verbose_name = _("emergency message")
        verbose_name_plural = _("emergency messages")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.text


class ScreenChangeCounter(models.Model):
    """The last sequence number given to a change screens show; one row (pk=1).

    Every change takes the next number by updating this row inside its own
    transaction: the row lock (Postgres) or the database write lock (SQLite,
    which begins transactions IMMEDIATE) makes change writers wait for each
    other, so sequence order is commit order.
    """

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)


class ScreenChange(models.Model):
    """The latest change of one thing screens show, by sequence number.

    One row per feedback item (`target` its id, kept after the item is deleted)
    and per emergency scope (`target` the location id, 0 for all screens). A
    screen that has applied everything up to N replays the rows above N, in
    order, as the current state of each thing (see `selectors.changes_since`).
    """

    class Kind(models.TextChoices):
        FEEDBACK = "feedback"
        EMERGENCY = "emergency"

    seq = models.BigIntegerField(unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    target = models.PositiveIntegerField()
    # The location whose screens it concerns (None: every screen) ...
    location_id = models.IntegerField(null=True, blank=True)
    # ... unless screens of any location may be showing it: a feedback item not
    # on the screens now, or one that ever changed location (`moved`, kept).
    everywhere = models.BooleanField(default=False)
    moved = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target"], name="realtime_screenchange_one_per_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.seq} {self.kind} {self.target}"
