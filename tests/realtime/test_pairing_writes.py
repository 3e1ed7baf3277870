"""An anonymous visit to the pairing page writes nothing, in any table.

Bots and link previews open `/screens/pair/` freely; only the request that shows
a code (a POST, sent by the page's script or its button) stores a pairing.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from realtime.models import ScreenPairing

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def writes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])]


def test_pair_page_get_writes_no_row(client):
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get("/screens/pair/").status_code == 200
    assert writes(queries) == []
    assert "sessionid" not in client.cookies


def test_pairing_row_is_written_when_a_code_is_shown(client):
    with CaptureQueriesContext(connection) as queries:
        page = client.post("/screens/pair/")
    assert page.status_code == 200
    assert re.search(rb"[A-Z0-9]{3}.?[A-Z0-9]{3}", page.content)
    assert writes(queries)
    assert ScreenPairing.objects.count() == 1
