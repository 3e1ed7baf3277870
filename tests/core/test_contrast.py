"""WCAG 2 contrast: known pairs from the specification's formula."""

import pytest

from core.contrast import contrast_ratio, readable_ink, relative_luminance


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#777777", "#ffffff", 4.48),  # the classic "just fails AA" grey
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes on white
        ("#0b5fff", "#ffffff", 5.13),
        ("#14213d", "#ffffff", 15.97),
    ],
)
def test_contrast_ratio_matches_known_pairs(first, second, ratio):
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)
    assert contrast_ratio(second, first) == pytest.approx(ratio, abs=0.01)


def test_relative_luminance_takes_colours_with_or_without_hash():
    assert relative_luminance("ffffff") == pytest.approx(1.0)
    assert relative_luminance("#000000") == 0.0


def test_relative_luminance_refuses_other_notations():
    with pytest.raises(ValueError, match="#rrggbb"):
        relative_luminance("blue")


@pytest.mark.parametrize(
    ("background", "ink"),
    [
        ("#0B5FFF", "#ffffff"),  # brand blue: white
        ("#FFFFFF", "#14213d"),  # white: the site's ink
        ("#FF7A00", "#14213d"),  # orange: white is 2.6:1, ink 6.1:1
        ("#00B3A4", "#14213d"),  # teal: white is 2.6:1
        ("#E63946", "#000000"),  # red: neither ink nor white reach 4.5, black does
        ("#777777", "#000000"),
    ],
)
def test_readable_ink_picks_the_higher_ratio(background, ink):
    assert readable_ink(background) == ink
    assert contrast_ratio(readable_ink(background), background) >= 4.5


def test_readable_ink_reaches_aa_on_every_grey():
    for level in range(256):
        grey = f"#{level:02x}{level:02x}{level:02x}"
        assert contrast_ratio(readable_ink(grey), grey) >= 4.5, grey


def test_readable_ink_of_junk_is_white():
    assert readable_ink("not a colour") == "#ffffff"
