"""Writes that concern accounts."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

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
