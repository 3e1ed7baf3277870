"""The CMS loads no avatars from an outside service."""

import pytest

from accounts import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_cms_pages_load_no_gravatar(client):
    client.force_login(UserFactory(roles=(roles.COMMUNICATIONS,)))
    for url in ("/cms/", "/cms/account/"):
        html = client.get(url).content.decode()
        assert "gravatar" not in html.lower(), url
