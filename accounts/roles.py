"""Roles are Django groups. Their names are stable; their permissions are synced.

A data migration creates the groups; `sync_roles` gives them their permissions after
every migrate, because permissions of apps migrated later only exist by then.
"""

from collections.abc import Iterable
from typing import Any

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

EMPLOYEES = "Employees"
COMMUNICATIONS = "Communications"
WEBCARE = "Webcare"
SCREEN_MANAGERS = "Screen managers"

ROLE_NAMES = (EMPLOYEES, COMMUNICATIONS, WEBCARE, SCREEN_MANAGERS)

# "app_label.codename"; missing ones (an app not yet installed) are skipped.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    EMPLOYEES: (),
    COMMUNICATIONS: (
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "taggit.add_tag",
        "taggit.change_tag",
        "advocacy.view_analytics",
        "advocacy.change_guidelinesettings",
        "advocacy.add_guidelineterm",
        "advocacy.change_guidelineterm",
        "advocacy.delete_guidelineterm",
        "advocacy.view_guidelineterm",
        "advocacy.review_suggestion",
        "advocacy.change_sharingsettings",
        "advocacy.change_channelsettings",
        "advocacy.view_channelpost",
        "cms.add_campaign",
        "cms.change_campaign",
        "cms.delete_campaign",
        "cms.view_campaign",
        "cms.add_contentsource",
        "cms.change_contentsource",
        "cms.delete_contentsource",
        "cms.view_contentsource",
    ),
    WEBCARE: ("realtime.moderate_feedback", "realtime.add_feedback"),
    # Screens are managed under /screens/, outside Wagtail: no Wagtail admin access,
    # which would show every draft page title and term list through the choosers.
    SCREEN_MANAGERS: (
        "realtime.add_screen",
        "realtime.change_screen",
        "realtime.delete_screen",
        "realtime.view_screen",
    ),
}

# Permissions an earlier release granted and the role no longer holds: taken back
# on sync (other permissions an administrator added to a role are left alone).
ROLE_PERMISSIONS_REVOKED: dict[str, tuple[str, ...]] = {
    SCREEN_MANAGERS: ("wagtailadmin.access_admin",),
}

# Page permissions Communications holds on the whole page tree.
COMMUNICATIONS_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
)
COMMUNICATIONS_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


def create_role_groups(apps: Any = global_apps) -> None:
    group_model = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        group_model.objects.get_or_create(name=name)


def _permissions(codes: Iterable[str]) -> list:
    from django.contrib.auth.models import Permission

    found = []
    for code in codes:
        app_label, codename = code.split(".", 1)
        perm = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if perm is not None:
            found.append(perm)
    return found


def sync_roles() -> None:
    """Create the groups, grant permissions, take back revoked ones; idempotent."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import (
        Collection,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
    )

    create_role_groups()
    for name, codes in ROLE_PERMISSIONS.items():
        Group.objects.get(name=name).permissions.add(*_permissions(codes))
    for name, codes in ROLE_PERMISSIONS_REVOKED.items():
        Group.objects.get(name=name).permissions.remove(*_permissions(codes))

    comms = Group.objects.get(name=COMMUNICATIONS)
    root = Page.get_first_root_node()
    if root is not None:
        for codename in COMMUNICATIONS_PAGE_PERMISSIONS:
            perm = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if perm is not None:
                GroupPagePermission.objects.get_or_create(
                    group=comms, page=root, permission=perm
                )
    collection = Collection.get_first_root_node()
    if collection is not None:
        for app_label, codename in COMMUNICATIONS_COLLECTION_PERMISSIONS:
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=comms, collection=collection, permission=perm
                )


def sync_roles_after_migrate(
    sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs
) -> None:
    """post_migrate receiver: runs once, after the last app's permissions exist."""
    # Django only signals apps that have a models module.
    with_models = [a for a in global_apps.get_app_configs() if a.models_module]
    last_app = with_models[-1]
    if sender is not last_app or using != DEFAULT_DB_ALIAS:
        return
    sync_roles()
