"""`GET /metrics`: off by default, refused without the right token, the figures."""

import hashlib
from datetime import UTC, datetime

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from core.models import JobRun
from core.periodic import jobs_all

pytestmark = pytest.mark.django_db

TOKEN = "a-long-random-metrics-token"


def scrape(token: str | None = TOKEN):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().get("/metrics", **headers)


def samples(response) -> dict:
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_metrics_are_off_without_a_token(settings):
    settings.BOEGBEELD_METRICS_TOKEN = ""
    assert scrape().status_code == 404


def test_metrics_refuse_a_missing_token(settings):
    settings.BOEGBEELD_METRICS_TOKEN = TOKEN
    response = scrape(None)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.content.decode()
    basic = Client().get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}")
    assert basic.status_code == 401


def test_metrics_refuse_a_wrong_token(settings):
    settings.BOEGBEELD_METRICS_TOKEN = TOKEN
    response = scrape("not-the-token")
    assert response.status_code == 403
    assert "boegbeeld_" not in response.content.decode()


def test_metrics_answer_the_right_token(settings):
    settings.BOEGBEELD_METRICS_TOKEN = TOKEN
    response = scrape()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert response["Cache-Control"].startswith("max-age=0")
    text = response.content.decode()
    for name in (
        "boegbeeld_screens_connected",
        "boegbeeld_screen_deliveries_total",
        "boegbeeld_screen_delivery_seconds",
        "boegbeeld_feedback_requests_total",
        "boegbeeld_tracked_link_redirects_total",
        "boegbeeld_job_last_finished_timestamp_seconds",
    ):
        assert f"# HELP {name} " in text


def test_metrics_token_may_be_configured_as_its_hash(settings):
    digest = hashlib.sha256(TOKEN.encode()).hexdigest()
    settings.BOEGBEELD_METRICS_TOKEN = f"sha256:{digest}"
    assert scrape().status_code == 200
    assert scrape(f"sha256:{digest}").status_code == 403  # the hash is no token


def test_metrics_show_each_jobs_last_run(settings):
    settings.BOEGBEELD_METRICS_TOKEN = TOKEN
    ran, never = jobs_all()[0].name, jobs_all()[1].name
    started = datetime(2026, 5, 4, 3, 30, tzinfo=UTC)
    finished = datetime(2026, 5, 4, 3, 31, tzinfo=UTC)
    JobRun.objects.create(
        name=ran, status="failed", started_at=started, finished_at=finished
    )
    found = samples(scrape())
    job = (("job", ran),)
    assert found[("boegbeeld_job_last_started_timestamp_seconds", job)] == (
        started.timestamp()
    )
    assert found[("boegbeeld_job_last_finished_timestamp_seconds", job)] == (
        finished.timestamp()
    )
    assert found[("boegbeeld_job_last_run_failed", job)] == 1
    assert (
        found[("boegbeeld_job_last_finished_timestamp_seconds", (("job", never),))] == 0
    )
    assert found[("boegbeeld_job_last_run_failed", (("job", never),))] == 0


def test_scrape_forgets_the_live_gauges_of_workers_gone(tmp_path):
    """A worker that died cannot clean up: its screens must not stay counted."""
    import os
    import subprocess
    import sys

    from core.metrics_view import forget_dead_processes

    gone = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    gone.wait(timeout=10)
    for name in (
        f"gauge_livesum_{gone.pid}.db",
        f"gauge_livesum_{os.getpid()}.db",
        f"counter_{gone.pid}.db",  # counters of the gone stay in the sums
    ):
        (tmp_path / name).write_bytes(b"")
    forget_dead_processes(str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"counter_{gone.pid}.db", f"gauge_livesum_{os.getpid()}.db"]
    )


@pytest.mark.parametrize(
    ("token", "ids"),
    [
        ("", []),
        ("x" * 32, []),
        ("short", ["boegbeeld.W001"]),
        ("sha256:" + "a" * 64, []),
        ("sha256:not-a-digest", ["boegbeeld.E002"]),
    ],
)
def test_deploy_check_of_the_metrics_token(settings, token, ids):
    from core.checks import check_metrics_token

    settings.BOEGBEELD_METRICS_TOKEN = token
    assert [message.id for message in check_metrics_token()] == ids
