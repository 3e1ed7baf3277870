"""X counting against twitter-text's own conformance cases (validate.yml, v3).

The cases are data (see the header of data/twitter_text_validate.yml for the
source and licence); the engine's code is its own.
"""

from pathlib import Path

import pytest
import yaml

from advocacy.guidelines.engine import count_for_network

DATA = Path(__file__).parent / "data" / "twitter_text_validate.yml"
SECTIONS = (
    "WeightedTweetsWithDiscountedEmojiCounterTest",
    "UnicodeDirectionalMarkerCounterTest",
)
# twitter-text refuses these whatever the length; the engine only counts.
X_INVALID_CHARACTERS = "\ufffe\ufeff\uffff"


def _cases() -> list:
    tests = yaml.safe_load(DATA.read_text(encoding="utf-8"))["tests"]
    return [
        pytest.param(case, id=f"{section}: {case['description']}")
        for section in SECTIONS
        for case in tests[section]
    ]


CASES = _cases()


def test_conformance_file_holds_both_sections_in_full():
    assert len(CASES) == 24


@pytest.mark.parametrize("case", CASES)
def test_x_weighted_length_matches_twitter_text(case):
    used, limit = count_for_network(case["text"], "x")
    assert used == case["expected"]["weightedLength"]
    if not any(c in case["text"] for c in X_INVALID_CHARACTERS):
        assert (used <= limit) == case["expected"]["valid"]
