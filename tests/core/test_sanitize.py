"""The one sanitiser: only harmless formatting survives, whatever is thrown at it."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.utils.html import escape

from core.sanitize import plain_text, sanitize_html

# Classic vectors: scripts, event handlers, dangerous URLs (with case, entity and
# whitespace tricks), embedding elements, CSS, namespace confusion, comments,
# broken quoting and markup that only becomes markup when decoded twice.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">',
    '<a href="  javascript:alert(1)">click</a>',
    '<a href="java\nscript:alert(1)">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="evil.swf"></object>',
    '<embed src="evil.swf">',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div style="width: expression(alert(1))">css</div>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="https://evil.example"><button>go</button></form>',
    "<img src=x onerror=alert(1)",
    "<!--<script>alert(1)</script>-->",
    "<!-- <!-- --><script>alert(1)</script> -->",
    '<a title=""><img src=x onerror=alert(1)>">quote</a>',
    '<a href="https://ok.example" title="&quot; onmouseover=&quot;alert(1)">t</a>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<textarea><script>alert(1)</script></textarea>",
    "<plaintext><script>alert(1)",
    '<b onmouseover="alert(1)">bold</b>',
    '<a href="https://ok.example" onclick="alert(1)" target="_blank">ok</a>',
    "<video><source onerror=alert(1)></video>",
    '<details open ontoggle="alert(1)">x</details>',
    '<input autofocus onfocus="alert(1)">',
]

ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote"}
ALLOWED_ATTRIBUTES = {"href", "title", "rel"}
SAFE_SCHEMES = {"http", "https", "mailto"}


class _MarkupCollector(HTMLParser):
    """Reads HTML the way a browser tokenises it: every tag and attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_comment(self, data):
        self.comments.append(data)


def assert_no_executable_markup(html: str) -> None:
    """Only allowed tags; no handlers, styles, comments or dangerous URLs."""
    parser = _MarkupCollector()
    parser.feed(html)
    parser.close()
    assert not parser.comments, html
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, html
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES, html
            if name == "href":
                scheme = urlsplit(value or "").scheme.lower()
                assert scheme in SAFE_SCHEMES, html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitize_html_payload_comes_out_harmless(payload):
    cleaned = sanitize_html(payload)

    assert_no_executable_markup(cleaned)
    assert "<script" not in cleaned.lower()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitize_html_run_twice_stays_harmless(payload):
    assert_no_executable_markup(sanitize_html(sanitize_html(payload)))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_plain_text_payload_escaped_has_no_markup(payload):
    rendered = str(escape(plain_text(payload)))

    assert "<" not in rendered
    assert_no_executable_markup(rendered)


def test_sanitize_html_is_stable_on_its_own_output():
    once = sanitize_html(
        "Hi <strong>there</strong>\n\nsee https://example.org and "
        '<a href="https://example.org/a">this</a>'
    )

    assert sanitize_html(once) == once


def test_sanitize_html_drops_script_content_entirely():
    assert sanitize_html("<script>alert(1)</script>Hello") == "<p>Hello</p>"


def test_sanitize_html_keeps_allowed_formatting():
    html = (
        "<p>Our <strong>new</strong> <em>app</em></p>"
        "<ul><li>fast</li></ul><ol><li>one</li></ol>"
        "<blockquote>Great!</blockquote><p>a<br>b</p>"
    )

    assert sanitize_html(html) == html


def test_sanitize_html_links_get_rel_and_lose_other_attributes():
    cleaned = sanitize_html(
        '<a href="https://example.org/x" title="Read" target="_blank" '
        'class="big" onclick="x()">read</a>'
    )

    assert cleaned == (
        '<p><a href="https://example.org/x" title="Read" '
        'rel="nofollow noopener noreferrer">read</a></p>'
    )


def test_sanitize_html_allows_mailto_links():
    assert 'href="mailto:press@example.org"' in sanitize_html(
        '<a href="mailto:press@example.org">mail us</a>'
    )


def test_sanitize_html_links_bare_urls_with_rel():
    cleaned = sanitize_html("See https://example.org/news?a=1&b=2 today")

    assert cleaned == (
        '<p>See <a href="https://example.org/news?a=1&amp;b=2" '
        'rel="nofollow noopener noreferrer">https://example.org/news?a=1&amp;b=2'
        "</a> today</p>"
    )


def test_sanitize_html_turns_blank_lines_into_paragraphs():
    assert sanitize_html("First line\nsecond line\n\nNew paragraph") == (
        "<p>First line<br>second line</p><p>New paragraph</p>"
    )


def test_sanitize_html_escapes_text_that_looks_like_markup():
    assert sanitize_html("1 < 2 & 3 > 2") == "<p>1 &lt; 2 &amp; 3 &gt; 2</p>"


def test_sanitize_html_keeps_encoded_markup_encoded():
    cleaned = sanitize_html("&lt;script&gt;alert(1)&lt;/script&gt;")

    assert cleaned == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_sanitize_html_empty_input_gives_empty_string():
    assert sanitize_html("") == ""
    assert sanitize_html(None) == ""
    assert sanitize_html("<script>x</script>") == ""


def test_plain_text_strips_tags_and_keeps_line_structure():
    assert plain_text("<p>Hello <b>you</b></p><p>there</p>") == "Hello you\n\nthere"


def test_plain_text_decodes_entities_once():
    assert plain_text("Tom &amp; Jerry") == "Tom & Jerry"
    assert plain_text("&amp;lt;b&amp;gt;") == "&lt;b&gt;"


def test_plain_text_drops_script_and_style_content():
    assert plain_text("<style>p{}</style><script>alert(1)</script>Hi") == "Hi"


def test_plain_text_leaves_plain_text_alone():
    assert plain_text("  Gewoon   tekst <3  ") == "Gewoon tekst <3"


def test_plain_text_drops_invisible_and_reordering_characters():
    """A name or feedback on a screen cannot be reversed or padded invisibly."""
    shown = plain_text("\u202eAnna\u202c de B\u200boer\u00ad \u2066x\u2069")
    assert shown == "Anna de Boer x"
    # Joiners that shape emoji and scripts stay.
    assert (
        plain_text("👩\u200d💻 \u0645\u200c\u06cc") == "👩\u200d💻 \u0645\u200c\u06cc"
    )
