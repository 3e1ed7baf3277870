"""The story language guess: Dutch or English, or no guess for too little text."""

import pytest

from core.language import FUNCTION_WORDS, guess_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Zes collega’s fietsten naar Parijs en haalden geld op voor een goed doel.",
            "nl",
        ),
        ("We zijn trots op het team dat de nieuwe app heeft gebouwd.", "nl"),
        ("Six colleagues cycled to Paris and raised money for charity.", "en"),
        ("We are proud of the team that built the new app.", "en"),
        ("Our new service desk is live", None),  # too few little words
        ("Hallo", None),
        ("Stroomwijs Utrecht 2025", None),
        ("", None),
    ],
)
def test_guess_language(text, expected):
    assert guess_language(text) == expected


def test_guess_language_mixed_text_without_a_clear_winner_is_no_guess():
    assert guess_language("the de and en of van") is None


def test_function_words_belong_to_one_language_only():
    assert not FUNCTION_WORDS["nl"] & FUNCTION_WORDS["en"]
