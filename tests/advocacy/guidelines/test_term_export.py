"""The guideline terms' CSV export: nothing typed into a term runs as a formula."""

import csv
import io

import pytest

from accounts import roles
from advocacy.guidelines.models import GuidelineTerm
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EXPORT_URL = "/cms/snippets/advocacy/guidelineterm/"


def test_term_csv_export_defuses_formulas(client):
    client.force_login(UserFactory(roles=(roles.COMMUNICATIONS,)))
    GuidelineTerm.objects.create(
        list="competitor",
        text='=HYPERLINK("http://x.example","Bol")',
        replacement="@SUM(1)",
        note="-2+3",
    )
    GuidelineTerm.objects.create(list="competitor", text="Coolblue", note="-5")
    response = client.get(EXPORT_URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode()
    rows = {row[0]: row for row in csv.reader(io.StringIO(content))}
    formula = rows['\'=HYPERLINK("http://x.example","Bol")']
    assert "'@SUM(1)" in formula
    assert "'-2+3" in formula
    assert "-5" in rows["Coolblue"]
    assert not any(
        cell.startswith(("=", "@", "+")) for r in rows.values() for cell in r
    )
