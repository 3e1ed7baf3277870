"""The production topology, through nginx: deploy/run_topology.py starts nginx (with
deploy/nginx/boegbeeld.conf), two uvicorn workers and the job worker on the test
database and a private Redis, and every request here goes through nginx over TLS,
as a visitor's would. Workers are reached directly only to show what a client
that bypasses nginx can (not) do.
"""

import contextlib
import http.client
import json
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import redis
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db.models import Sum
from django.utils import timezone
from websockets.sync.client import connect

from realtime import services
from tests.deploy.topology import (
    BROWSER,
    METRICS_TOKEN,
    PASSWORD,
    PROXY,
    SourceAddressAdapter,
    get,
)
from tests.factories import ShareFactory, UserFactory, story_page_factory


# --- the wall screens ---------------------------------------------------------------
def test_screen_socket_through_nginx_receives_feedback_posted_through_nginx(site):
    _screen, token = services.screen_create(slug="lobby", name="Lobby")
    _source, api_token = services.feedback_source_create(name="webcare")
    url = f"wss://127.0.0.1:{site.port}/ws/screens/lobby/?token={token}"
    with connect(url, origin=site.url, ssl=site.tls(), open_timeout=10) as screen:
        assert json.loads(screen.recv(timeout=10))["type"] == "snapshot"
        response = requests.post(
            f"{site.url}/api/v1/feedback",
            json={"text": "Through nginx!", "rating": 5, "external_id": "ng-1"},
            headers={"Authorization": f"Bearer {api_token}"},
            verify=site.cert,
            timeout=10,
        )
        assert response.status_code == 201, response.text
        feedback_id = response.json()["id"]
        while (message := json.loads(screen.recv(timeout=10)))["type"] != "feedback":
            pass
    assert message["item"]["id"] == feedback_id
    assert message["item"]["text"] == "Through nginx!"


def test_screen_socket_with_a_bad_token_is_closed_4401_through_nginx(site):
    from websockets.exceptions import ConnectionClosed

    services.screen_create(slug="hall", name="Hall")
    url = f"wss://127.0.0.1:{site.port}/ws/screens/hall/?token=nope"
    with connect(url, origin=site.url, ssl=site.tls(), open_timeout=10) as screen:
        with pytest.raises(ConnectionClosed) as closed:
            screen.recv(timeout=10)
    assert closed.value.rcvd.code == 4401


def _screens_connected(site) -> float:
    response = requests.get(
        f"{site.url}/metrics",
        headers={"Authorization": f"Bearer {METRICS_TOKEN}"},
        verify=site.cert,
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in response.text.splitlines()
        if line.startswith("boegbeeld_screens_connected{")
    )


def _screens_per_worker(site, slugs: list[str]) -> list[int]:
    """How many of the screens `slugs` each worker accepted (its access log)."""
    counts = []
    for port in site.web_ports:
        log = (site.run / "logs" / f"web-{port}.log").read_text()
        counts.append(sum(f"/ws/screens/{slug}/" in log for slug in slugs))
    return counts


def test_metrics_through_nginx_add_up_both_workers(site):
    """Screens spread over both workers (nginx: least_conn), yet one scrape, through
    whichever worker answers it, counts them all (one PROMETHEUS_MULTIPROC_DIR)."""
    screens = [services.screen_create(slug=f"wall-{n}", name=f"W{n}") for n in range(6)]
    slugs = [screen.slug for screen, _token in screens]
    before = _screens_connected(site)
    with contextlib.ExitStack() as stack:
        for screen, token in screens:
            url = f"wss://127.0.0.1:{site.port}/ws/screens/{screen.slug}/?token={token}"
            socket = stack.enter_context(
                connect(url, origin=site.url, ssl=site.tls(), open_timeout=10)
            )
            assert json.loads(socket.recv(timeout=10))["type"] == "snapshot"
        per_worker = _screens_per_worker(site, slugs)
        assert sum(per_worker) == 6 and min(per_worker) > 0, per_worker
        for _ in range(4):
            assert _screens_connected(site) == before + 6
    anonymous = requests.get(f"{site.url}/metrics", verify=site.cert, timeout=10)
    assert anonymous.status_code == 401


# --- tracked links and the visitor's address ---------------------------------------
def _visitor_keys(site, day) -> set[str]:
    client = redis.Redis.from_url(site.redis_url, decode_responses=True)
    return {key.rsplit(":", 1)[1] for key in client.keys(f"boeg:clicks:v:{day}:*")}


def test_tracked_link_counts_the_clients_own_address_whatever_it_forwards(site):
    from advocacy.sharing.clicks import visitor_hash
    from advocacy.sharing.models import ClickDaily, ClickSalt

    story = story_page_factory(title="Topology story", slug="topology-story")
    share = ShareFactory(story=story, code="Topo1234", network="linkedin")
    path = f"/s/{share.code}"
    # Through nginx from 127.0.0.1, twice, each time claiming another address.
    for forged in ("198.51.100.1", "198.51.100.2, 10.0.0.9"):
        status, headers, _ = get(site, path, headers={"X-Forwarded-For": forged})
        assert status == 302
    # Through nginx from another client address: another visitor.
    status, _, _ = get(site, path, source="127.0.0.3")
    assert status == 302
    target = urlsplit(headers["Location"])
    assert target.path.endswith("/topology-story/")
    assert parse_qs(target.query)["utm_source"] == ["linkedin"]
    day = timezone.localdate()
    salt = ClickSalt.objects.get(day=day).salt

    def visitor(ip: str) -> str:
        return visitor_hash(salt=salt, ip=ip, user_agent=BROWSER, code=share.code)

    assert _visitor_keys(site, day.isoformat()) == {
        visitor("127.0.0.1"),
        visitor("127.0.0.3"),
    }
    # Counted: some clicks may already be flushed to the database (a click
    # refreshes the figures at most once a minute), the rest wait in Redis.
    buffer = redis.Redis.from_url(site.redis_url, decode_responses=True)
    pending = buffer.hget("boeg:clicks:pending", f"{share.pk}:{day.isoformat()}")
    flushed = ClickDaily.objects.filter(share=share).aggregate(n=Sum("count"))["n"]
    assert int(pending or 0) + (flushed or 0) == 2


def _access_line(site, port: int, marker: str) -> str:
    """The worker's access-log line of the request whose query is `marker`."""
    log = site.run / "logs" / f"web-{port}.log"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = [line for line in log.read_text().splitlines() if marker in line]
        if lines:
            return lines[0]
        time.sleep(0.05)  # uvicorn writes the line as the response goes out
    raise AssertionError(f"no access-log line for {marker} in {log}")


def test_worker_reached_directly_keeps_the_clients_own_address(site):
    # 127.0.0.1 is not the proxy's address (nginx connects from 127.0.0.2):
    # its X-Forwarded-For is not believed, whatever it says.
    for port in site.web_ports:
        marker = f"direct-{port}"
        status, _, _ = get(
            site,
            f"/healthz?{marker}",
            port=port,
            headers={"X-Forwarded-For": "198.51.100.3"},
        )
        assert status == 200
        line = _access_line(site, port, marker)
        assert "198.51.100.3" not in line
        assert line.split()[1].startswith("127.0.0.1:"), line


# --- logging in ---------------------------------------------------------------------
def test_login_form_through_nginx_signs_in_with_secure_cookies(site):
    user = UserFactory(email="nginx@example.com")
    # The servers run the production hashers; the tests' own is a faster one.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "topologysalt", 1000)
    user.save(update_fields=["password"])
    session = requests.Session()
    session.verify = site.cert
    session.trust_env = False  # or REQUESTS_CA_BUNDLE would replace `verify`
    session.headers["User-Agent"] = BROWSER
    form = session.get(f"{site.url}/accounts/login/", timeout=10)
    assert form.status_code == 200
    csrf = next(c for c in session.cookies if c.name == "csrftoken")
    assert csrf.secure

    response = session.post(
        f"{site.url}/accounts/login/",
        data={
            "csrfmiddlewaretoken": csrf.value,
            "login": user.email,
            "password": PASSWORD,
        },
        headers={"Referer": f"{site.url}/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:2000]
    assert response.headers["Location"] == "/"
    cookie = next(c for c in session.cookies if c.name == "sessionid")
    assert cookie.secure and cookie.has_nonstandard_attr("HttpOnly")
    home = session.get(f"{site.url}/", timeout=10)
    assert home.status_code == 200
    assert user.display_name in home.text


def _failed_login(site, n: int, **connection) -> str:
    """A wrong password for another address each time; the form's answer."""
    session = requests.Session()
    session.trust_env = False
    session.headers.update({"User-Agent": BROWSER, "Accept-Language": "en"})
    adapter = SourceAddressAdapter(**connection)
    session.mount("https://", adapter)
    session.get(f"{site.url}/accounts/login/", verify=site.cert, timeout=10)
    response = session.post(
        f"{site.url}/accounts/login/",
        data={
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "login": f"nobody{n}@example.com",
            "password": "wrong",
        },
        headers={"Referer": f"{site.url}/accounts/login/"},
        verify=site.cert,
        timeout=30,
    )
    assert response.status_code == 200
    return response.text


def test_failed_logins_are_limited_per_real_client_address(site):
    # allauth allows 10 failed logins a minute per address. Sent through nginx
    # from one client, each claiming another address: all are one client's.
    for n in range(10):
        page = _failed_login(site, n, forwarded=f"198.51.100.{n + 1}")
        assert "Too many failed login attempts" not in page
    assert "Too many failed login attempts" in _failed_login(
        site, 10, forwarded="198.51.100.99"
    )
    # Another client (another address) is not held back by it.
    page = _failed_login(site, 11, source="127.0.0.3")
    assert "Too many failed login attempts" not in page
    assert "not correct" in page


def test_plain_http_is_redirected_to_https(site):
    conn = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=10)
    try:
        conn.request("GET", "/accounts/login/?next=/")
        response = conn.getresponse()
    finally:
        conn.close()
    assert response.status == 301
    assert response.getheader("Location") == f"{site.url}/accounts/login/?next=/"


# --- static files and media ---------------------------------------------------------
def test_hashed_static_files_come_from_nginx_cached_for_a_year(site):
    manifest = json.loads((site.static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/boegbeeld.css"]
    status, headers, body = get(site, f"/static/{hashed}")
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert body == (site.static_root / hashed).read_bytes()


def test_static_files_are_served_by_nginx_not_the_workers(site):
    # A file collected after the workers started: the application's static
    # file server never heard of it, only nginx (reading STATIC_ROOT) can serve it.
    probe = site.static_root / "css" / "probe.0123456789ab.css"
    probe.write_text("/* served by nginx */")
    status, headers, body = get(site, "/static/css/probe.0123456789ab.css")
    assert (status, body) == (200, b"/* served by nginx */")
    assert headers["Content-Type"] == "text/css"
    # Asked the way nginx asks (from its address, over https), a worker has no
    # such file.
    status, _, _ = get(
        site,
        "/static/css/probe.0123456789ab.css",
        port=site.web_ports[0],
        source=PROXY,
        headers={"X-Forwarded-Proto": "https"},
    )
    assert status == 404


def test_media_are_served_but_never_documents(site):
    (site.media_root / "images").mkdir(parents=True, exist_ok=True)
    (site.media_root / "documents").mkdir(parents=True, exist_ok=True)
    (site.media_root / "images" / "team.txt").write_text("public")
    (site.media_root / "documents" / "salaries.txt").write_text("private")
    status, headers, body = get(site, "/media/images/team.txt")
    assert (status, body) == (200, b"public")
    assert "sandbox" in headers["Content-Security-Policy"]
    for spelling in (
        "/media/documents/salaries.txt",
        "/media//documents/salaries.txt",
        "/media/images/../documents/salaries.txt",
        "/media/%64ocuments/salaries.txt",
        "/media/./documents/salaries.txt",
    ):
        status, _, body = get(site, spelling)
        assert status == 404, spelling
        assert b"private" not in body


def test_worker_reached_directly_is_not_made_https_by_a_header(site):
    # X-Forwarded-Proto is taken from nginx's connections only (uvicorn's
    # --forwarded-allow-ips), never from a client that bypasses it.
    status, headers, _ = get(
        site,
        "/accounts/login/",
        port=site.web_ports[1],
        headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"},
    )
    # Not believed: still plain http, so the site sends it to https.
    assert status == 301
    assert headers["Location"] == "https://127.0.0.1/accounts/login/"
