"""Writes that concern accounts."""

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import Department, Location, Profile, User


@transaction.atomic
def user_onboard(*, user: User, language: str = "") -> Profile:
    """Give a new user a profile and the Employees role (every account starts there)."""
    profile, created = Profile.objects.get_or_create(user=user)
    if created and language in {"nl", "en"}:
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
    group, _ = Group.objects.get_or_create(name=roles.EMPLOYEES)
    user.groups.add(group)
    return profile


@transaction.atomic
def user_create_verified(
    *,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    role_names: tuple[str, ...] = (),
    department: Department | None = None,
    location: Location | None = None,
    is_superuser: bool = False,
) -> User:
    """Create (or update) an account whose email is already verified.

    Used for demo data and accounts made by an administrator: without a verified
    `EmailAddress`, allauth's mandatory verification would block their login.
    """
    email = email.lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email)
    user.first_name = first_name
    user.last_name = last_name
    user.is_superuser = is_superuser
    user.is_staff = is_superuser
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    profile = user_onboard(user=user)
    profile.display_name = f"{first_name} {last_name}".strip()
    profile.department = department
    profile.location = location
    profile.save()
    for name in role_names:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


# Library requests closer together than this are one visit: filtering and paging
# keep the visit's "new" marks; coming back later starts a new visit.
VISIT_GAP = timedelta(minutes=30)


def profile_library_visit(
    *, profile: Profile, now: datetime | None = None
) -> datetime | None:
    """Note that `profile` sees the library now; return where "new" starts.

    Stories that went live after the returned moment are new to this visit. On
    the very first visit nothing is marked (everything would be). The write is
    bookkeeping like Django's `last_login`: one UPDATE of two columns.
    """
    now = now or timezone.now()
    seen = profile.library_seen_at
    if seen is not None and now - seen > VISIT_GAP:
        profile.library_new_since = seen
    profile.library_seen_at = now
    Profile.objects.filter(pk=profile.pk).update(
        library_seen_at=profile.library_seen_at,
        library_new_since=profile.library_new_since,
    )
    return profile.library_new_since
