"""A document in a login-only collection is readable only through Wagtail's view."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = b"Quarterly figures, staff only"


@pytest.fixture
def private_document(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    collection = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model()(title="Figures", collection=collection)
    document.file.save("figures.txt", ContentFile(SECRET), save=False)
    document.save()
    return document


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_private_document_url_goes_through_wagtails_view(settings, private_document):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert private_document.url.startswith(f"/documents/{private_document.pk}/")


def test_private_document_asks_anonymous_visitors_to_log_in(client, private_document):
    response = client.get(private_document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/documents/")


def test_private_document_is_not_served_from_the_media_root(client, private_document):
    name = private_document.file.name
    assert name.startswith("documents/")
    for url in (
        f"/media/{name}",
        f"/media//{name}",
        f"/media/./{name}",
        f"/media/images/../{name}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET not in _body(response)


def test_private_document_is_served_to_a_logged_in_person(client, private_document):
    client.force_login(UserFactory())
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert _body(response) == SECRET


def test_other_media_are_still_served(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "media" / "images" / "hero.txt").write_bytes(b"hero")
    response = client.get("/media/images/hero.txt")
    assert response.status_code == 200
    assert _body(response) == b"hero"
