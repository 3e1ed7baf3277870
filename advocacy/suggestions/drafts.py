"""What a draft story made from a suggestion starts with: each word once.

The suggester's opening paragraph becomes the story's intro (plain text, at most
INTRO_MAX_LENGTH characters) and the rest of their text, with their link, the
body. The page shows the intro above the body, so nothing may be in both.
"""

from __future__ import annotations

import re

from django.utils.html import format_html
from django.utils.text import Truncator

from advocacy.suggestions.models import Suggestion
from core.sanitize import plain_text, sanitize_html

INTRO_MAX_LENGTH = 300

_BLOCKQUOTE = re.compile(r"<blockquote>(.*?)</blockquote>", re.DOTALL)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def _words(html: str) -> str:
    return " ".join(plain_text(html).split())


def _fallback_intro(suggestion: Suggestion) -> str:
    text = " ".join((suggestion.why or suggestion.display_title).split())
    return Truncator(text).chars(INTRO_MAX_LENGTH)


def draft_intro_and_body_html(suggestion: Suggestion) -> tuple[str, str]:
    """The intro (plain text) and the body (HTML) of the draft story.

    An opening paragraph too long for the intro gives it the sentences that fit;
    its other sentences open the body. If even its first sentence is too long,
    the intro comes from "why it matters" (or the title) and the text stays whole.
    """
    html = _BLOCKQUOTE.sub(
        lambda m: m.group(1) if "<p>" in m.group(1) else f"<p>{m.group(1)}</p>",
        suggestion.text,
    )
    first = next((m for m in _PARAGRAPH.finditer(html) if _words(m.group(1))), None)
    if first is None:
        intro = _words(html) if len(_words(html)) <= INTRO_MAX_LENGTH else ""
        body = "" if intro else html
        intro = intro or _fallback_intro(suggestion)
    else:
        before, after = html[: first.start()], html[first.end() :]
        sentences = _SENTENCE_END.split(_words(first.group(1)))
        taken: list[str] = []
        for sentence in sentences:
            if len(" ".join([*taken, sentence])) > INTRO_MAX_LENGTH:
                break
            taken.append(sentence)
        if not taken:
            intro, body = _fallback_intro(suggestion), html
        elif len(taken) == len(sentences):
            intro, body = " ".join(taken), before + after
        else:
            rest = format_html("<p>{}</p>", " ".join(sentences[len(taken) :]))
            intro, body = " ".join(taken), before + rest + after
    if suggestion.url:
        body += sanitize_html(
            format_html('<p><a href="{}">{}</a></p>', suggestion.url, suggestion.url)
        )
    return intro, body.strip()


def draft_body_blocks(html: str) -> list:
    """`html` as the story body's first text block (none for no text)."""
    from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
    from wagtail.rich_text import RichText

    from cms.blocks import RICH_TEXT_FEATURES

    if not html:
        return []
    converter = EditorHTMLConverter(features=RICH_TEXT_FEATURES)
    return [("paragraph", RichText(converter.to_database_format(html)))]
