"""The wall screen's layout with hard text: right-to-left feedback, endless words."""

import pytest

from realtime import services
from tests.e2e.conftest import TEST_CONTEXT
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ARABIC = "خدمة ممتازة وسريعة، شكرا جزيلا"
LONG_WORD = "Supercalifragilisticexpialidocious" * 4

TILES = """() => [...document.querySelectorAll('#ticker li')].map(li => {
  const span = li.querySelector('span');
  return {text: li.textContent, width: li.getBoundingClientRect().width,
          direction: getComputedStyle(span).direction,
          overflows: span.scrollWidth > span.clientWidth + 1};
})"""


def test_screen_lays_out_arabic_right_to_left_and_wraps_long_words(
    asgi_live_server, browser
):
    # Newest first on the screen: one of these is the big quote, three are tiles.
    FeedbackFactory(text="Snel geholpen, dank!", author="Piet K.")
    FeedbackFactory(text=f"Geweldig {LONG_WORD} team", author="Noor B.")
    FeedbackFactory(text=ARABIC, author="Sanne J.")
    FeedbackFactory(text=f"{LONG_WORD}!", author="Ali R.")
    _screen, token = services.screen_create(slug="lobby", name="Lobby")
    context = browser.new_context(
        **TEST_CONTEXT, viewport={"width": 1920, "height": 1080}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{asgi_live_server}/screens/lobby/?token={token}")
        page.wait_for_selector("body[data-state='live']")
        page.wait_for_function("document.querySelectorAll('#ticker li').length === 3")

        tiles = page.evaluate(TILES)
        widths = [tile["width"] for tile in tiles]
        assert max(widths) - min(widths) < 2, tiles  # no tile squeezes the others
        assert not any(tile["overflows"] for tile in tiles), tiles
        quote_dir = page.get_attribute("#quote-text", "dir")
        assert quote_dir == "auto"
        shown_as_quote = page.text_content("#quote-text")
        for tile in tiles:
            # The Latin author's name does not decide the tile's direction.
            expected = "rtl" if ARABIC in tile["text"] else "ltr"
            assert tile["direction"] == expected, tile
        if shown_as_quote == ARABIC:
            assert (
                page.evaluate(
                    "getComputedStyle(document.getElementById('quote-text')).direction"
                )
                == "rtl"
            )
        assert any(ARABIC in tile["text"] for tile in tiles) or (
            shown_as_quote == ARABIC
        )
    finally:
        context.close()
