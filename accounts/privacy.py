"""What accounts stores about a person (see core.privacy for the hook)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from accounts.models import Profile
from core.privacy import UNTIL_ERASED, PersonalData


def _account(user) -> list[dict]:
    return [
        {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_active": user.is_active,
            "is_staff": user.is_staff,
            "is_superuser": user.is_superuser,
        }
    ]


def _account_erase(user, placeholder) -> None:
    # Histories that name the account itself (its roles, its export) keep the
    # entry but point at the anonymous stand-in, under its name.
    kind = ContentType.objects.get_for_model(user)
    ModelLogEntry.objects.filter(content_type=kind, object_id=str(user.pk)).update(
        object_id=str(placeholder.pk), label=str(placeholder)
    )
    LogEntry.objects.filter(content_type=kind, object_id=str(user.pk)).update(
        object_id=str(placeholder.pk), object_repr=str(placeholder)
    )


def _profile(user) -> list[dict]:
    return [
        {
            "display_name": p.display_name,
            "department": str(p.department) if p.department else "",
            "location": str(p.location) if p.location else "",
            "preferred_language": p.preferred_language,
            "mastodon_instance": p.mastodon_instance,
            "leaderboard_opt_in": p.leaderboard_opt_in,
            "new_stories": p.new_stories,
            "share_networks": p.share_networks,
            "library_last_visit": p.library_seen_at,
        }
        for p in Profile.objects.filter(user=user).select_related(
            "department", "location"
        )
    ]


def _profile_erase(user, placeholder) -> None:
    Profile.objects.filter(user=user).delete()


def _roles(user) -> list[dict]:
    return [
        {"role": name}
        for name in user.groups.order_by("name").values_list("name", flat=True)
    ]


def _roles_erase(user, placeholder) -> None:
    user.groups.clear()
    user.user_permissions.clear()


def _emails(user) -> list[dict]:
    return list(
        EmailAddress.objects.filter(user=user)
        .order_by("email")
        .values("email", "verified", "primary")
    )


def _sign_in(user) -> list[dict]:
    # The secrets (TOTP key, recovery codes) are never exported: only which
    # methods are set up and when they were last used.
    methods = [
        {
            "kind": "two-factor",
            "method": a.type,
            "created_at": a.created_at,
            "last_used_at": a.last_used_at,
        }
        for a in Authenticator.objects.filter(user=user).order_by("created_at")
    ]
    sso = [
        {
            "kind": "single sign-on",
            "method": a.provider,
            "account_id": a.uid,
            "created_at": a.date_joined,
            "last_used_at": a.last_login,
        }
        for a in SocialAccount.objects.filter(user=user).order_by("date_joined")
    ]
    return methods + sso


def _emails_erase(user, placeholder) -> None:
    EmailAddress.objects.filter(user=user).delete()


def _sign_in_erase(user, placeholder) -> None:
    Authenticator.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()


def _admin_log(user) -> list[dict]:
    return [
        {
            "at": entry.action_time,
            "action": entry.get_action_flag_display(),
            "object": entry.object_repr,
            "change": entry.get_change_message(),
        }
        for entry in LogEntry.objects.filter(user=user).order_by("action_time")
    ]


PERSONAL_DATA = [
    PersonalData(
        key="account",
        label=_("Account"),
        description=_(
            "E-mail address, name, when the account was made and last logged in, "
            "and whether it is active."
        ),
        models=("accounts.User",),
        export=_account,
        erase=_account_erase,
        seen_by=_("You and administrators."),
        kept=UNTIL_ERASED,
        on_erase=_("Deleted: the account can no longer log in."),
    ),
    PersonalData(
        key="profile",
        label=_("Profile"),
        description=_(
            "Display name, department, location, language, Mastodon server, the "
            "networks you share on, your last visit to the library and your choices "
            "for the leaderboard and the e-mails about new stories."
        ),
        models=("accounts.Profile",),
        export=_profile,
        erase=_profile_erase,
        seen_by=_(
            "You and administrators. Colleagues see your display name only on "
            "the leaderboard, and only if you opt in."
        ),
        kept=UNTIL_ERASED,
        on_erase=_("Deleted."),
    ),
    PersonalData(
        key="roles",
        label=_("Roles"),
        description=_("The roles you have (for example Communications or Webcare)."),
        models=("accounts.User_groups", "accounts.User_user_permissions"),
        export=_roles,
        erase=_roles_erase,
        seen_by=_("You and administrators."),
        kept=UNTIL_ERASED,
        on_erase=_("Deleted."),
    ),
    PersonalData(
        key="email_addresses",
        label=_("E-mail addresses"),
        description=_("Your e-mail addresses and whether they are verified."),
        models=("account.EmailAddress",),
        export=_emails,
        erase=_emails_erase,
        seen_by=_("You and administrators."),
        kept=UNTIL_ERASED,
        on_erase=_("Deleted."),
    ),
    PersonalData(
        key="sign_in",
        label=_("Sign-in methods"),
        description=_(
            "Which two-factor methods and single sign-on accounts you use, and when "
            "they were last used. Secrets are stored only to check your codes and "
            "are never shown or exported. No login history is kept beyond the "
            "last login."
        ),
        models=("mfa.Authenticator", "socialaccount.SocialAccount"),
        export=_sign_in,
        erase=_sign_in_erase,
        seen_by=_("You and administrators."),
        kept=UNTIL_ERASED,
        on_erase=_("Deleted."),
    ),
    PersonalData(
        key="admin_actions",
        label=_("Actions in the technical admin"),
        description=_("Changes you made in the technical admin (administrators only)."),
        models=("admin.LogEntry",),
        export=_admin_log,
        seen_by=_("Administrators."),
        kept=UNTIL_ERASED,
        on_erase=_("Kept without your name."),
    ),
]
