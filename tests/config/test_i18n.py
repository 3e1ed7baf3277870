"""Dutch and English ship: the catalogues compile and every Dutch entry is filled."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def po_entries(path: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs; plural entries report their first form."""
    text = path.read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        if "#, fuzzy" in block:
            entries.append(("<fuzzy>", ""))
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            join = lambda m: "".join(re.findall(r'"(.*)"', m.group(1)))  # noqa: E731
            if join(msgid):
                entries.append((join(msgid), join(msgstr)))
    return entries


def test_dutch_catalogue_is_complete():
    entries = po_entries(LOCALE / "nl" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    missing = [msgid for msgid, msgstr in entries if not msgstr]
    assert missing == []


def test_compiled_catalogues_ship():
    for code in ("nl", "en"):
        assert (LOCALE / code / "LC_MESSAGES" / "django.mo").stat().st_size > 0


@pytest.mark.parametrize(
    ("msgid", "dutch"),
    [("Sign in", "Inloggen"), ("Stories", "Verhalen"), ("Your profile", "Je profiel")],
)
def test_interface_speaks_dutch(msgid, dutch):
    with translation.override("nl"):
        assert gettext(msgid) == dutch
    with translation.override("en"):
        assert gettext(msgid) == msgid


def test_language_switch_sets_cookie_and_page_language(client, db):
    response = client.post("/i18n/setlang/", {"language": "nl", "next": "/guidelines/"})
    assert response.status_code == 302
    page = client.get("/guidelines/")
    assert '<html lang="nl">' in page.content.decode()
    assert "socialemediarichtlijnen" in page.content.decode().lower()
