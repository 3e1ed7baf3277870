"""Content sources: a local feed server's entries become draft stories, once;
hostile feeds are refused with a message and nothing half-stored."""

import io
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image
from wagtail.models import WorkflowState

from cms.models import ContentSource, ImportedEntry, StoryPage
from cms.sources.services import content_source_check, content_sources_check_due
from core.periodic import jobs_all
from tests.factories import DepartmentFactory, story_index_page_factory

pytestmark = pytest.mark.django_db


def _png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 630), colour).save(buffer, "PNG")
    return buffer.getvalue()


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Stroomwijs nieuws</title>
  <link>{base}/nieuws/</link>
  <language>nl-NL</language>
  <item>
    <title>Nieuwe laadpalen in Utrecht &amp; Zeist</title>
    <link>/nieuws/laadpalen</link>
    <guid isPermaLink="false">sw-1</guid>
    <description><![CDATA[<p>We plaatsen 40 laadpalen.</p><script>alert(1)</script>
      <p><img src="/img/laadpaal.png" alt=""> Klaar in maart.</p>]]></description>
  </item>
  <item>
    <title>Caf&#233; voor collega&apos;s</title>
    <link>{base}/nieuws/cafe</link>
    <guid>sw-2</guid>
    <description>Een &lt;b&gt;nieuw&lt;/b&gt; caf&#233; op de derde.</description>
    <media:content url="img/cafe.png" medium="image"/>
  </item>
</channel>
</rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Careers</title>
  <link href="{base}/careers/"/>
  <id>urn:stroomwijs:careers</id>
  <updated>2026-11-30T10:00:00Z</updated>
  <entry>
    <title>We are hiring engineers</title>
    <link href="/careers/engineers"/>
    <id>urn:stroomwijs:careers:1</id>
    <updated>2026-11-30T10:00:00Z</updated>
    <summary type="html">&lt;p&gt;Join our grid team.&lt;/p&gt;</summary>
  </entry>
</feed>"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title>
<item><title>&lol3;</title><guid>x</guid></item></channel></rss>"""


class FeedServer:
    """A loopback HTTP server answering from a table of path → handler."""

    def __init__(self) -> None:
        self.routes: dict[str, Callable] = {}
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                route(self)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, path: str, body: bytes, content_type: str, **headers) -> None:
        def handler(request) -> None:
            etag = headers.get("ETag")
            if etag and request.headers.get("If-None-Match") == etag:
                request.send_response(304)
                request.end_headers()
                return
            request.send_response(200)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                request.send_header(name, value)
            request.end_headers()
            request.wfile.write(body)

        self.routes[path] = handler

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feeds(settings) -> Iterator[FeedServer]:
    server = FeedServer()
    settings.BOEGBEELD_SOURCES_PRIVATE_ALLOWED = [server.base.removeprefix("http://")]
    server.serve("/img/laadpaal.png", _png("green"), "image/png")
    server.serve("/nieuws/img/cafe.png", _png("orange"), "image/png")
    server.serve(
        "/nieuws/feed.xml",
        RSS.format(base=server.base).encode(),
        "application/rss+xml; charset=utf-8",
        ETag='"v1"',
    )
    server.serve(
        "/careers/atom.xml",
        ATOM.format(base=server.base).encode(),
        "application/atom+xml",
    )
    story_index_page_factory()
    yield server
    server.stop()


def _source(feeds: FeedServer, path: str, **fields) -> ContentSource:
    return ContentSource.objects.create(name=path, url=feeds.base + path, **fields)


def test_rss_entries_become_drafts_in_review_with_pictures(feeds):
    sales = DepartmentFactory(name="Sales", slug="sales")
    source = _source(feeds, "/nieuws/feed.xml", topics="nieuws, duurzaam")
    source.audience_departments.add(sales)
    result = content_source_check(source)
    assert result == "2 new stories, 2 entries in the feed."

    pages = {p.title: p for p in StoryPage.objects.all()}
    assert set(pages) == {"Nieuwe laadpalen in Utrecht & Zeist", "Café voor collega's"}
    laadpalen = pages["Nieuwe laadpalen in Utrecht & Zeist"]
    assert not laadpalen.live and laadpalen.has_unpublished_changes
    assert laadpalen.language == "nl"
    assert laadpalen.source_url == feeds.base + "/nieuws/laadpalen"  # relative link
    assert laadpalen.intro.startswith("We plaatsen 40 laadpalen.")
    body = str(laadpalen.body[0].value)
    assert "<script" not in body and "alert" not in body
    assert laadpalen.hero_image is not None and laadpalen.hero_image.width == 1200
    cafe = pages["Café voor collega's"]
    assert cafe.hero_image is not None  # relative to the entry's link
    assert cafe.intro == "Een nieuw café op de derde."
    assert list(laadpalen.audience_departments.all()) == [sales]
    assert sorted(t.name for t in laadpalen.topics.all()) == ["duurzaam", "nieuws"]
    assert WorkflowState.objects.filter(
        object_id=str(laadpalen.pk), status=WorkflowState.STATUS_IN_PROGRESS
    ).exists()
    source.refresh_from_db()
    assert source.imported_count == 2 and not source.failing
    assert source.etag == '"v1"'


def test_a_second_check_imports_nothing_twice(feeds):
    source = _source(feeds, "/nieuws/feed.xml")
    content_source_check(source)
    source.refresh_from_db()
    assert content_source_check(source) == "Not changed since the last check."
    assert feeds.requests[-1][1].get("If-None-Match") == '"v1"'
    # A server that ignores the ETag: the entries are known by their id.
    source.etag = ""
    source.save()
    assert content_source_check(source).startswith("0 new stories")
    assert StoryPage.objects.count() == 2
    # Another source with the same article (same link) does not duplicate it.
    feeds.serve(
        "/mirror.xml", RSS.format(base=feeds.base).encode(), "application/rss+xml"
    )
    assert content_source_check(_source(feeds, "/mirror.xml")).startswith("0 new")
    assert StoryPage.objects.count() == 2


def test_atom_feed_in_english(feeds):
    content_source_check(_source(feeds, "/careers/atom.xml"))
    page = StoryPage.objects.get()
    assert page.title == "We are hiring engineers"
    assert page.language == "en"
    assert page.source_url == feeds.base + "/careers/engineers"


def _refused(feeds, path: str, message: str) -> None:
    source = _source(feeds, path)
    assert message in content_source_check(source)
    source.refresh_from_db()
    assert source.failing and message in source.last_result
    assert not StoryPage.objects.exists() and not ImportedEntry.objects.exists()


def test_a_web_page_instead_of_a_feed(feeds):
    feeds.serve(
        "/page.html", b"<!DOCTYPE html><html><body>Hi</body></html>", "text/html"
    )
    _refused(feeds, "/page.html", "web page (HTML)")


def test_billion_laughs(feeds):
    feeds.serve("/laughs.xml", LAUGHS.encode(), "application/rss+xml")
    _refused(feeds, "/laughs.xml", "XML entities")


def test_a_50_mb_answer(feeds, settings):
    def huge(request) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.end_headers()  # no length given: counted while reading
        chunk = b"<!-- padding -->" * 4096
        try:
            for _ in range(50 * 1024 * 1024 // len(chunk)):
                request.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    feeds.routes["/huge.xml"] = huge
    _refused(feeds, "/huge.xml", "larger than 5.0")


def test_a_server_that_does_not_answer(feeds, settings):
    settings.BOEGBEELD_SOURCES_TIMEOUT_SECONDS = 1
    release = threading.Event()

    def stall(request) -> None:
        release.wait(10)  # until the test is done with it

    feeds.routes["/slow.xml"] = stall
    started = time.monotonic()
    try:
        _refused(feeds, "/slow.xml", "did not answer in time")
    finally:
        release.set()
    assert time.monotonic() - started < 5


def test_a_redirect_into_a_private_network(feeds):
    def redirect(request) -> None:
        request.send_response(302)
        request.send_header("Location", "http://169.254.169.254/latest/meta-data/")
        request.end_headers()

    feeds.routes["/moved.xml"] = redirect
    _refused(feeds, "/moved.xml", "private network")


def test_a_private_address_itself_is_refused(settings):
    source = ContentSource.objects.create(name="x", url="http://10.0.0.7/feed.xml")
    assert "private network" in content_source_check(source)


def test_the_worker_checks_sources_whose_interval_passed(feeds):
    source = _source(feeds, "/nieuws/feed.xml", interval_minutes=60)
    _source(feeds, "/careers/atom.xml", enabled=False)
    assert "check_content_sources" in {job.name for job in jobs_all()}
    assert content_sources_check_due() == 1
    assert content_sources_check_due() == 0  # not due again for an hour
    source.refresh_from_db()
    assert source.last_checked_at is not None


SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>{base}/werken-bij/monteur</loc><lastmod>2026-11-30</lastmod></url>
  <url><loc>{base}/blog/grid</loc><lastmod>2026-11-20</lastmod></url>
  <url><loc>{base}/gone</loc><lastmod>2026-11-01</lastmod></url>
</urlset>"""

INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{base}/sitemap-pages.xml</loc></sitemap>
</sitemapindex>"""

DUTCH_PAGE = """<!DOCTYPE html><html lang="nl"><head>
<title>Monteur gezocht | Stroomwijs</title>
<meta property="og:title" content="Monteur gezocht in Utrecht &amp; Zeist">
<meta property="og:description" content="Kom ons team versterken <script>x</script>.">
<meta property="og:image" content="/img/laadpaal.png">
</head><body><h1>Monteur</h1></body></html>"""

ENGLISH_PAGE = """<!DOCTYPE html><html lang="en"><head>
<title>Building the grid of tomorrow</title>
<meta name="description" content="How our engineers work.">
</head><body></body></html>"""


@pytest.fixture
def sitemap(feeds):
    feeds.serve("/werken-bij/monteur", DUTCH_PAGE.encode(), "text/html; charset=utf-8")
    feeds.serve("/blog/grid", ENGLISH_PAGE.encode(), "text/html")
    feeds.serve(
        "/sitemap-pages.xml", SITEMAP.format(base=feeds.base).encode(), "text/xml"
    )
    feeds.serve("/sitemap.xml", INDEX.format(base=feeds.base).encode(), "text/xml")
    return feeds


def test_a_sitemap_s_new_pages_become_drafts_once(sitemap):
    source = _source(sitemap, "/sitemap.xml", kind="sitemap")
    result = content_source_check(source)
    assert result == "2 new stories, 3 entries in the feed."  # /gone answers 404
    pages = {p.title: p for p in StoryPage.objects.all()}
    assert set(pages) == {
        "Monteur gezocht in Utrecht & Zeist",
        "Building the grid of tomorrow",
    }
    dutch = pages["Monteur gezocht in Utrecht & Zeist"]
    assert dutch.language == "nl" and not dutch.live
    assert dutch.source_url == sitemap.base + "/werken-bij/monteur"
    assert dutch.intro == "Kom ons team versterken <script>x</script>."  # plain text
    assert "<script" not in str(dutch.body[0].value)
    assert dutch.hero_image is not None
    english = pages["Building the grid of tomorrow"]
    assert english.language == "en" and english.intro == "How our engineers work."
    # Checked again: nothing new, and the pages are not fetched again.
    fetched = len(sitemap.requests)
    assert content_source_check(source).startswith("0 new stories")
    assert [p for p, _h in sitemap.requests[fetched:]] == [
        "/sitemap.xml",
        "/sitemap-pages.xml",
        "/gone",
    ]
    assert StoryPage.objects.count() == 2


def test_a_hostile_sitemap_is_refused(feeds):
    feeds.serve("/laughs-map.xml", LAUGHS.encode(), "text/xml")
    source = _source(feeds, "/laughs-map.xml", kind="sitemap")
    assert "XML entities" in content_source_check(source)
    feeds.serve("/page-map.xml", b"<!doctype html><html></html>", "text/html")
    source = _source(feeds, "/page-map.xml", kind="sitemap")
    assert "not a sitemap" in content_source_check(source)
    assert not StoryPage.objects.exists()
