"""Stories employees propose, and the conversation about them."""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Suggestion(models.Model):
    """A story an employee proposes; comms staff accept, reject or ask about it."""

    class Status(models.TextChoices):
        NEW = "new", _("Waiting for review")
        QUESTION = "question", _("Question for you")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Not taken up")

    suggester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="story_suggestions",
        verbose_name=_("suggested by"),
    )
    url = models.URLField(
        _("link"),
        max_length=2000,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    # Sanitised HTML (core.sanitize.sanitize_html), never raw input.
    text = models.TextField(_("text"), blank=True)
    why = models.TextField(_("why it matters"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    audience_departments = models.ManyToManyField(
        "accounts.Department",
        blank=True,
        related_name="+",
        verbose_name=_("departments"),
    )
    audience_locations = models.ManyToManyField(
        "accounts.Location",
        blank=True,
        related_name="+",
        verbose_name=_("locations"),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.NEW,
        db_index=True,
    )
    rejection_reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("story"),
    )
    points_awarded = models.PositiveIntegerField(_("points awarded"), default=0)
    credit_consent = models.BooleanField(
        _("may be named on the story"),
        default=False,
        help_text=_("The suggester agreed to be named on the published story."),
    )
    # Set once the suggester has been told their story went live: never twice.
    live_notified_at = models.DateTimeField(
        _("told it went live"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("story suggestion")
        verbose_name_plural = _("story suggestions")
        ordering = ["-created_at", "-pk"]
        default_permissions = ()
        permissions = [("review_suggestion", _("Can review story suggestions"))]
        indexes = [
            models.Index(
                fields=["suggester", "created_at"], name="suggestion_user_recent"
            ),
            models.Index(fields=["status", "created_at"], name="suggestion_queue"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.url or gettext("Suggestion %(id)s") % {"id": self.pk}

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.QUESTION)


class SuggestionMessage(models.Model):
    """A question from comms staff or the suggester's answer, in order."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        ANSWER = "answer", _("Answer")

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("suggestion message")
        ordering = ["created_at", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"
