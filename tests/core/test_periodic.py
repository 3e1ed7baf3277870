"""Periodic jobs: one run per turn across workers, recorded, shown in /readyz."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import JobRun
from core.periodic import every, job_claim, job_finish, job_run, jobs_all

pytestmark = pytest.mark.django_db


def probe(calls: list, *, fail: bool = False):
    def run() -> str:
        calls.append(timezone.now())
        if fail:
            raise RuntimeError("mail server down")
        return "ok"

    return run


def test_periodic_jobs_cover_publishing_clicks_rollups_and_digests():
    names = {job.name for job in jobs_all()}
    assert names >= {
        "publish_scheduled",
        "flush_clicks",
        "rollup_analytics",
        "send_weekly_digests",
    }


def test_job_claim_gives_a_turn_to_one_worker_only():
    job = every("probe", probe([]), seconds=60)
    now = timezone.now()
    assert job_claim(job, worker="a", now=now)
    assert not job_claim(job, worker="b", now=now + timedelta(seconds=1))
    job_finish(job)
    assert not job_claim(job, worker="b", now=now + timedelta(seconds=2))
    assert job_claim(job, worker="b", now=now + timedelta(seconds=60))
    run = JobRun.objects.get(name="probe")
    assert (run.worker, run.runs, run.status) == ("b", 2, JobRun.Status.RUNNING)


def test_job_claim_waits_for_a_running_turn_until_its_lease_ends():
    job = every("probe", probe([]), seconds=60)
    now = timezone.now()
    assert job_claim(job, worker="a", now=now)
    assert not job_claim(job, worker="b", now=now + timedelta(minutes=5))
    assert job_claim(job, worker="b", now=now + job.lease + timedelta(seconds=1))


def test_job_run_records_a_failure_and_runs_the_next_turn():
    calls: list = []
    job = every("probe", probe(calls, fail=True), seconds=1)
    assert job_run(job, "a")
    run = JobRun.objects.get(name="probe")
    assert run.status == JobRun.Status.FAILED
    assert run.error == "RuntimeError: mail server down"
    assert run.lease_until is None and run.finished_at is not None
    JobRun.objects.filter(name="probe").update(started_at=timezone.now() - timedelta(1))
    assert job_run(job, "b")
    assert len(calls) == 2


def test_readyz_lists_jobs_not_run_yet_and_stays_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    jobs = response.json()["jobs"]
    assert jobs["publish_scheduled"] == {
        "status": "never",
        "last_started": None,
        "last_finished": None,
        "error": "",
    }


def test_readyz_shows_the_last_run_of_a_job(client):
    publish = next(job for job in jobs_all() if job.name == "publish_scheduled")
    assert job_run(publish, "worker-1")
    body = client.get("/readyz").json()
    shown = body["jobs"]["publish_scheduled"]
    run = JobRun.objects.get(name="publish_scheduled")
    assert shown["status"] == "ok"
    assert shown["last_started"] == run.started_at.isoformat()
    assert shown["last_finished"] == run.finished_at.isoformat()
    assert body["status"] == "ok"
