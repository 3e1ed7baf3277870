"""The one sanitising module: every piece of HTML a user writes passes through here.

`sanitize_html` keeps a strict allow-list of formatting (paragraphs, emphasis, lists,
quotes and http/https/mailto links) and drops everything else; `plain_text` reduces
any input to text. Both are built on bleach (html5lib parsing, as browsers do), so
obfuscated markup is judged the way a browser would read it, not by pattern matching.

The output of `sanitize_html` is safe to render with `|safe`; the output of
`plain_text` is *text* and must still be autoescaped when rendered.
"""

from __future__ import annotations

import re
import threading

from bleach.html5lib_shim import BleachHTMLParser, Filter, getTreeWalker
from bleach.linkifier import LinkifyFilter
from bleach.sanitizer import BleachSanitizerFilter, Cleaner

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"

# Elements whose *content* is never text for the reader: dropped entirely rather
# than unwrapped, so `<script>alert(1)</script>` leaves nothing behind.
DROP_CONTENT = frozenset(
    {
        "script",
        "style",
        "template",
        "iframe",
        "object",
        "embed",
        "applet",
        "noscript",
        "noembed",
        "noframes",
        "frameset",
        "svg",
        "math",
        "head",
        "title",
        "textarea",
        "select",
        "xmp",
        "plaintext",
    }
)
# Tags that end a line in plain text.
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "hr",
        "pre",
        "section",
        "article",
    }
)
_BLOCK_HTML = re.compile(r"<\s*/?\s*(p|br|ul|ol|li|blockquote)\b", re.IGNORECASE)
_NEWLINES = re.compile(r"([ \t]*\n\s*)")
_EMPTY_PARAGRAPH = re.compile(r"<p>(\s|<br>)*</p>")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\r\f\v]+")


class _DropContentFilter(Filter):
    """Removes dangerous elements together with everything inside them."""

    def __iter__(self):
        depth = 0
        for token in super().__iter__():
            kind = token["type"]
            name = (token.get("name") or "").lower()
            if name in DROP_CONTENT:
                if kind == "StartTag":
                    depth += 1
                    continue
                if kind == "EndTag":
                    depth = max(depth - 1, 0)
                    continue
                if kind == "EmptyTag":
                    continue
            if depth:
                continue
            yield token


class _ParagraphFilter(Filter):
    """Blank lines become paragraphs, single newlines line breaks.

    Runs after sanitising, so it only ever adds `p` and `br`. Inside a link or
    emphasis a blank line is a line break, keeping the elements nested.
    """

    def __iter__(self):
        yield {"type": "StartTag", "name": "p", "namespace": None, "data": {}}
        inline_depth = 0
        for token in super().__iter__():
            kind = token["type"]
            if kind == "StartTag":
                inline_depth += 1
            elif kind == "EndTag":
                inline_depth = max(inline_depth - 1, 0)
            elif kind in ("Characters", "SpaceCharacters") and "\n" in token["data"]:
                for piece in _NEWLINES.split(token["data"]):
                    if not piece:
                        continue
                    if piece.count("\n") > 1 and not piece.strip():
                        if inline_depth:
                            yield {"type": "EmptyTag", "name": "br", "data": {}}
                        else:
                            yield {"type": "EndTag", "name": "p", "namespace": None}
                            yield {
                                "type": "StartTag",
                                "name": "p",
                                "namespace": None,
                                "data": {},
                            }
                    elif piece.strip() == "" and "\n" in piece:
                        yield {"type": "EmptyTag", "name": "br", "data": {}}
                    else:
                        yield {"type": "Characters", "data": piece}
                continue
            yield token
        yield {"type": "EndTag", "name": "p", "namespace": None}


def _link_attributes(attrs: dict, new: bool = False) -> dict:
    """Every link (typed or auto-linked) gets rel=nofollow noopener noreferrer."""
    href = attrs.get((None, "href"), "")
    if href.startswith("#") or not href:
        return None  # drop in-page anchors and empty links, keep their text
    attrs[(None, "rel")] = LINK_REL
    attrs.pop((None, "target"), None)
    return attrs


class _StrictCleaner(Cleaner):
    """A bleach Cleaner that drops dangerous elements before sanitising.

    bleach's own parser turns disallowed tags into text while tokenising, which
    keeps e.g. a script's source as visible text. Here the parser builds the real
    tree (as a browser would), `_DropContentFilter` removes dangerous elements
    with their content, and bleach's sanitiser then applies the allow-list.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.parser = BleachHTMLParser(
            tags=None,
            strip=self.strip,
            consume_entities=False,
            namespaceHTMLElements=False,
        )

    def clean(self, text: str) -> str:
        if not text:
            return ""
        dom = self.parser.parseFragment(text)
        filtered = BleachSanitizerFilter(
            source=_DropContentFilter(self.walker(dom)),
            allowed_tags=self.tags,
            attributes=self.attributes,
            strip_disallowed_tags=self.strip,
            strip_html_comments=self.strip_comments,
            css_sanitizer=self.css_sanitizer,
            allowed_protocols=self.protocols,
        )
        for filter_class in self.filters:
            filtered = filter_class(source=filtered)
        return self.serializer.render(filtered)


def _linkify_filter(source):
    return LinkifyFilter(
        source=source,
        callbacks=[_link_attributes],
        skip_tags={"pre", "code"},
        parse_email=False,
    )


# bleach's parser keeps state while parsing: one cleaner per thread.
_local = threading.local()


def _html_cleaner() -> _StrictCleaner:
    cleaner = getattr(_local, "html_cleaner", None)
    if cleaner is None:
        cleaner = _StrictCleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[_linkify_filter],
        )
        _local.html_cleaner = cleaner
    return cleaner


def _text_cleaner() -> _StrictCleaner:
    """Like the HTML cleaner, plus paragraphs and line breaks from newlines."""
    cleaner = getattr(_local, "text_cleaner", None)
    if cleaner is None:
        cleaner = _StrictCleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[_linkify_filter, _ParagraphFilter],
        )
        _local.text_cleaner = cleaner
    return cleaner


def _text_parser() -> BleachHTMLParser:
    parser = getattr(_local, "text_parser", None)
    if parser is None:
        parser = BleachHTMLParser(
            tags=None, strip=False, consume_entities=True, namespaceHTMLElements=False
        )
        _local.text_parser = parser
    return parser


def sanitize_html(value: str | None) -> str:
    """Limited, safe HTML from anything a user typed.

    Text without paragraphs of its own gets them from its blank lines (and line
    breaks from single newlines), so a plain textarea works without any HTML.
    """
    value = (value or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if not value:
        return ""
    cleaner = _html_cleaner() if _BLOCK_HTML.search(value) else _text_cleaner()
    cleaned = cleaner.clean(value).strip()
    # Paragraphs left empty by removed elements say nothing.
    return _EMPTY_PARAGRAPH.sub("", cleaned).strip()


# Invisible characters that only hide or reorder what is shown: zero-width
# space, word joiners, byte-order mark, soft hyphen, and the bidi embeddings,
# overrides and isolates that can reverse a name on a screen. Joiners that shape
# emoji and scripts (U+200C, U+200D) and the plain direction marks stay.
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x200B, 0xFEFF, *range(0x2060, 0x2065), *range(0x202A, 0x202F)]
    + list(range(0x2066, 0x206A))
)
# A character `plain_text` keeps: not whitespace (as `str.strip` sees it), not NUL,
# not invisible. The feedback API's schema asks for one in a text.
VISIBLE_CHARACTER = (
    r"[^\s\x00\x1c-\x1f\x85"
    + "".join(f"\\u{code:04x}" for code in sorted(_INVISIBLE))
    + "]"
)


def plain_text(value: str | None) -> str:
    """Everything reduced to text: no tags, entities decoded, whitespace tidied.

    The result is text, not HTML: templates must autoescape it.
    """
    value = (value or "").replace("\x00", "")
    if not value.isascii():
        value = value.translate(_INVISIBLE)
    if not value.strip():
        return ""
    if "<" not in value and "&" not in value:
        text = value
    else:
        dom = _text_parser().parseFragment(value)
        parts: list[str] = []
        for token in _DropContentFilter(getTreeWalker("etree")(dom)):
            kind = token["type"]
            if kind in ("Characters", "SpaceCharacters"):
                parts.append(token["data"])
            elif kind in ("StartTag", "EndTag", "EmptyTag"):
                if (token.get("name") or "").lower() in _BLOCK_TAGS:
                    parts.append("\n")
        text = "".join(parts)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()
