"""Each role sees in the Wagtail admin only what its work needs.

Confidential term lists, draft page titles, the suggestions under review and the
settings are for Communications; the other roles reach none of those admin views.
"""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts import roles
from advocacy.guidelines.models import GuidelineSettings, GuidelineTerm
from advocacy.sharing.models import SharingSettings
from advocacy.suggestions.models import Suggestion
from tests.factories import SuggestionFactory, UserFactory, story_page_factory

pytestmark = pytest.mark.django_db

SECRETS = ("Project Zeus", "Unannounced merger story", "Secret plans suggestion")

ADMIN_VIEWS = {
    "dashboard": "/cms/",
    "term list": "/cms/snippets/advocacy/guidelineterm/",
    "term chooser": "/cms/snippets/choose/advocacy/guidelineterm/",
    "term chooser results": "/cms/snippets/choose/advocacy/guidelineterm/results/",
    "term chosen": "/cms/snippets/choose/advocacy/guidelineterm/chosen/{term}/",
    "page explorer": "/cms/pages/{parent}/",
    "page chooser": "/cms/choose-page/{parent}/",
    "page search": "/cms/pages/search/?q=merger",
    "suggestions review": "/cms/suggestions/",
    "suggestion": "/cms/suggestions/{suggestion}/",
    "guideline settings": "/cms/settings/advocacy/guidelinesettings/{guidelines}/",
    "sharing settings": "/cms/settings/advocacy/sharingsettings/{sharing}/",
}


@pytest.fixture
def confidential():
    term = GuidelineTerm.objects.create(
        list="confidential", text="Project Zeus", severity="block"
    )
    draft = story_page_factory(title="Unannounced merger story", publish=False)
    suggestion = SuggestionFactory(title="Secret plans suggestion")
    return {
        "term": term.pk,
        "parent": draft.get_parent().pk,
        "suggestion": suggestion.pk,
        "guidelines": GuidelineSettings.load().pk,
        "sharing": SharingSettings.load().pk,
    }


def _get(client, view: str, ids: dict):
    return client.get(ADMIN_VIEWS[view].format(**ids))


@pytest.mark.parametrize(
    "role", [roles.EMPLOYEES, roles.WEBCARE, roles.SCREEN_MANAGERS]
)
@pytest.mark.parametrize("view", list(ADMIN_VIEWS))
def test_role_outside_communications_reads_nothing_confidential_in_the_admin(
    client, confidential, role, view
):
    client.force_login(UserFactory(roles=(role,)))
    response = _get(client, view, confidential)
    assert response.status_code in (302, 403, 404)
    body = response.content.decode()
    for secret in SECRETS:
        assert secret not in body


@pytest.mark.parametrize("view", list(ADMIN_VIEWS))
def test_communications_reaches_every_admin_view(client, confidential, view):
    client.force_login(UserFactory(roles=(roles.COMMUNICATIONS,)))
    response = _get(client, view, confidential)
    assert response.status_code == 200


def test_communications_sees_terms_and_drafts(client, confidential):
    client.force_login(UserFactory(roles=(roles.COMMUNICATIONS,)))
    assert "Project Zeus" in _get(client, "term chooser", confidential).text
    assert "Unannounced merger story" in _get(client, "page chooser", confidential).text
    assert Suggestion.objects.count() == 1


def test_role_screen_managers_have_no_wagtail_permission():
    group = Group.objects.get(name=roles.SCREEN_MANAGERS)
    wagtail_labels = {"wagtailadmin", "wagtailcore", "wagtailimages", "wagtaildocs"}
    held = group.permissions.filter(content_type__app_label__in=wagtail_labels)
    assert list(held) == []
    assert group.permissions.filter(codename="change_screen").exists()


def test_sync_roles_takes_back_a_permission_a_role_no_longer_holds():
    group = Group.objects.get(name=roles.SCREEN_MANAGERS)
    access_admin = Permission.objects.get(codename="access_admin")
    group.permissions.add(access_admin)  # as an older release granted it
    roles.sync_roles()
    assert not group.permissions.filter(pk=access_admin.pk).exists()


def test_guideline_term_chooser_needs_a_term_permission(client, confidential):
    """Any admin user (one given only admin access by hand) cannot list the terms."""
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory()
    user.groups.add(group)
    client.force_login(user)
    for view in ("term chooser", "term chooser results", "term chosen"):
        response = _get(client, view, confidential)
        assert response.status_code in (302, 403), view
        assert "Project Zeus" not in response.content.decode()
