"""Who you are: the user (email is the login), their profile, departments, locations."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """An employee, comms or webcare colleague. Logs in with an email address."""

    username = None
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def display_name(self) -> str:
        profile = getattr(self, "profile", None)
        if profile and profile.display_name:
            return profile.display_name
        return self.get_full_name() or self.email.split("@", 1)[0]


class Department(models.Model):
    """A team. Its name is data, so each language may have its own."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name_nl = models.CharField(
        _("name in Dutch"),
        max_length=100,
        blank=True,
        help_text=_("Shown to people who use Boegbeeld in Dutch; empty: the name."),
    )
    name_en = models.CharField(
        _("name in English"),
        max_length=100,
        blank=True,
        help_text=_("Shown to people who use Boegbeeld in English; empty: the name."),
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language, or the name when it has none."""
        language = (get_language() or "").split("-")[0]
        return getattr(self, f"name_{language}", "") or self.name


class Location(models.Model):
    """A location (an office, a shop, a site). Stories target locations; wall
    screens hang in them."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("department"),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profiles",
        verbose_name=_("location"),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
    )
    mastodon_instance = models.CharField(
        _("Mastodon instance"),
        max_length=253,
        blank=True,
        help_text=_("The server your Mastodon account lives on, e.g. mastodon.social"),
    )
    leaderboard_opt_in = models.BooleanField(
        _("show me on the leaderboard"),
        default=False,
        help_text=_("Off by default: only you see your own rank unless you opt in."),
    )

    class NewStories(models.TextChoices):
        NEVER = "never", _("Never")
        IMMEDIATELY = "immediately", _("Right away, one e-mail per story")
        DAILY = "daily", _("Once a day")
        WEEKLY = "weekly", _("Once a week, with what your shares achieved")

    new_stories = models.CharField(
        _("e-mail me about new stories"),
        max_length=12,
        choices=NewStories.choices,
        default=NewStories.WEEKLY,
        help_text=_("Only stories meant for you, in your language."),
    )

    share_networks = models.JSONField(
        _("networks I share on"),
        default=list,
        blank=True,
        help_text=_(
            "The share buttons on story cards. None chosen: the networks each story "
            "has a suggested text for."
        ),
    )
    # When the library was last seen, and where the current visit's "new" marks
    # start (the visit before it); see accounts.services.profile_library_visit.
    library_seen_at = models.DateTimeField(
        _("library last seen"), null=True, blank=True, editable=False
    )
    library_new_since = models.DateTimeField(
        _("new stories since"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.display_name or str(self.user)
