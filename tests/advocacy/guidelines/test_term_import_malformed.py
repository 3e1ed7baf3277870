"""A term file that cannot be read is refused with a 4xx; no term changes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import roles
from advocacy.guidelines.models import GuidelineTerm
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comms_client(client):
    client.force_login(UserFactory(roles=(roles.COMMUNICATIONS,)))
    return client


def upload(client, content: str):
    return client.post(
        "/cms/guidelines/import/",
        {
            "file": SimpleUploadedFile("terms.csv", content.encode(), "text/csv"),
            "default_list": "confidential",
        },
    )


def stored() -> list[tuple]:
    return list(GuidelineTerm.objects.values_list("list", "text", "severity", "note"))


@pytest.fixture
def existing_term():
    GuidelineTerm.objects.create(list="competitor", text="Bol", severity="warn")


def test_term_import_with_a_nul_byte_is_refused(comms_client, existing_term):
    before = stored()
    response = upload(
        comms_client, "term,list,severity\nPro\x00ject Zeus,,\nBol,,info\n"
    )
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert stored() == before


def test_term_import_with_a_200_kb_field_is_refused(comms_client, existing_term):
    before = stored()
    response = upload(
        comms_client, "term,list,note\nProject Zeus,," + "x" * 200_000 + "\n"
    )
    assert response.status_code == 400
    assert "too long" in response.content.decode()
    assert stored() == before
