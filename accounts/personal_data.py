"""A person's data: the export archive and the erasure, built from core.privacy."""

from __future__ import annotations

import io
import json
import logging
import secrets
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts import audit, roles
from core.privacy import PersonalData, declarations, kept_for

logger = logging.getLogger(__name__)

# Stand-ins for erased people end in this domain (reserved, never deliverable).
ERASED_DOMAIN = "erased.invalid"


def user_references() -> list[tuple[type[models.Model], models.Field]]:
    """Every field, in every installed model, that points at a user (not inherited)."""
    user_model = get_user_model()
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                field.concrete
                and field.is_relation
                and not field.many_to_many
                and field.related_model is user_model
                and field.model is model
            ):
                found.append((model, field))
    return found


def _kinds() -> list[PersonalData]:
    return declarations().personal


@dataclass(frozen=True)
class Archive:
    filename: str
    content: bytes


def user_data_export(*, user) -> Archive:
    """One zip with `<kind>.json` per kind of data, files, and a readable index."""
    kinds = _kinds()
    sections = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind in kinds:
            rows = kind.export(user)
            archive.writestr(
                f"{kind.key}.json",
                json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            )
            sections.append({"kind": kind, "rows": _readable(rows)})
            for name, file in kind.files(user) if kind.files else ():
                try:
                    with file.open("rb") as handle:
                        archive.writestr(name, handle.read())
                except OSError:
                    logger.warning("Export: %s is missing from storage", name)
        archive.writestr(
            "index.html",
            render_to_string(
                "accounts/privacy/export_index.html",
                {"user": user, "sections": sections, "made_at": timezone.now()},
            ),
        )
    log(instance=user, action=audit.DATA_EXPORTED, user=user)
    stamp = timezone.localdate().isoformat()
    return Archive(filename=f"boegbeeld-my-data-{stamp}.zip", content=buffer.getvalue())


def _readable(rows: list[dict]) -> list[list[tuple[str, str]]]:
    """Rows as (field, text) pairs for the index page."""
    readable = []
    for row in rows:
        pairs = []
        for name, value in row.items():
            if isinstance(value, list | dict):
                value = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
            pairs.append((name.replace("_", " "), "" if value is None else str(value)))
        readable.append(pairs)
    return readable


def erasure_summary() -> list[PersonalData]:
    """What erasure does, kind by kind (shown before anyone confirms)."""
    return _kinds()


def _placeholder():
    user_model = get_user_model()
    placeholder = user_model(
        email=f"erased-{secrets.token_hex(8)}@{ERASED_DOMAIN}", is_active=False
    )
    placeholder.set_unusable_password()
    placeholder.save()
    return placeholder


@transaction.atomic
def user_erase(*, user, by=None, by_themselves: bool = False) -> None:
    """Erase a person: their data goes, the company's figures stay.

    Each kind's own erasure runs first (deleting, or anonymising what the figures
    need); every reference left anywhere then moves to an anonymous stand-in that
    cannot log in (one per erased person, so counts of people stay right), and the
    account itself is deleted. Nothing is left that points at the person.
    """
    user_id = user.pk
    placeholder = _placeholder()
    for kind in _kinds():
        if kind.erase is not None:
            kind.erase(user, placeholder)
    for model, field in user_references():
        model._base_manager.filter(**{field.attname: user_id}).update(
            **{field.attname: placeholder.pk}
        )
    get_user_model().objects.filter(pk=user_id).delete()
    # The history names the stand-in, never the person; `by` is who erased.
    log(
        instance=placeholder,
        action=audit.ERASED,
        user=by,
        data={"by_themselves": by_themselves, "kinds": [k.key for k in _kinds()]},
    )
    logger.info(
        "Erased account %s (%s)",
        user_id,
        "by themselves" if by_themselves else f"by {getattr(by, 'pk', 'the console')}",
    )


def outside_services() -> list[str]:
    """The services outside this server that Boegbeeld talks to, as configured."""
    found = []
    providers = getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}) or {}
    for provider in providers.values():
        for app in provider.get("APPS", ()):
            found.append(
                _("Single sign-on: %(name)s (%(server)s)")
                % {
                    "name": app.get("name") or app.get("provider_id", ""),
                    "server": app.get("settings", {}).get("server_url", ""),
                }
            )
    if settings.CSP_EMBED_HOSTS:
        found.append(
            _("Embedded media (such as videos in stories) from: %(hosts)s")
            % {"hosts": ", ".join(settings.CSP_EMBED_HOSTS)}
        )
    if settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        found.append(
            _("E-mail is sent through %(host)s") % {"host": settings.EMAIL_HOST}
        )
    return found


def role_visibility() -> list[tuple[str, str]]:
    """Who sees what, per role (the roles are the ones `accounts.roles` defines)."""
    seen = {
        roles.EMPLOYEES: _("Employees"),
        roles.COMMUNICATIONS: _("Communications"),
        roles.WEBCARE: _("Webcare"),
        roles.SCREEN_MANAGERS: _("Screen managers"),
    }
    sees = {
        roles.EMPLOYEES: _(
            "Their own shares, points, impact and suggestions; the leaderboard of "
            "colleagues who opted in. Never another person's shares."
        ),
        roles.COMMUNICATIONS: _(
            "Stories and campaigns in the CMS, suggestions sent in for review, "
            "texts of shares without names, and sharing figures per group of at "
            "least five people. Never one person's activity."
        ),
        roles.WEBCARE: _(
            "Customer feedback and its moderation. Nothing about employees' sharing."
        ),
        roles.SCREEN_MANAGERS: _(
            "The wall screens and their status. Nothing about employees' sharing."
        ),
    }
    rows = [(seen[name], sees[name]) for name in roles.ROLE_NAMES]
    rows.append(
        (
            _("Administrators"),
            _(
                "Accounts and roles, settings and the CMS's history; they can "
                "erase a leaver's data."
            ),
        )
    )
    return rows


def privacy_facts() -> dict:
    """What the privacy page shows, read from the live declarations and settings."""
    found = declarations()
    profile = apps.get_model("accounts", "Profile")
    return {
        "kinds": found.personal,
        "statements": [statement() for statement in found.statements],
        "outside": outside_services(),
        "leaderboard_default": profile._meta.get_field("leaderboard_opt_in").default,
        "digest_default": profile._meta.get_field("new_stories").default
        != profile.NewStories.NEVER,
        "session_days": settings.SESSION_COOKIE_AGE // 86400,
        "retention": [(rule.label, kept_for(rule.setting)) for rule in found.retention],
        "roles": role_visibility(),
    }
