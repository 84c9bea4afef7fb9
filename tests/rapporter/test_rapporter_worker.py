"""CI: a real Celery worker on the machine's Redis generates a unit report.

The worker is a separate process: it reads the committed test data from the same test database
(a file on SQLite, ``test_<name>`` on PostgreSQL) and writes the PDF under the same MEDIA_ROOT.
"""

import hashlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from isms.celery import app
from rapporter import services
from rapporter.models import ReportKind, ReportStatus
from tests.rapporter_helpers import CHIEF_NAME, SECTION_HEADINGS, pdf_text, seed_unit

TIMEOUT = 120
CELERY = Path(sys.executable).with_name("celery")


def database_url() -> str:
    """The URL of the database this test runs against (the test database, not the real one)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    if connection.vendor == "postgresql":
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    pytest.skip(f"no worker test for {connection.vendor}")


@pytest.fixture
def celery_to_broker(need_redis):
    """Point this process's Celery app at Redis (not eager), on a queue of its own."""
    queue = f"rapporter-test-{uuid.uuid4().hex[:8]}"
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "task_routes")}
    app.conf.update(
        task_always_eager=False, broker_url=need_redis,
        task_routes={"rapporter.generate_report": {"queue": queue}},
    )
    _reset_connections()
    yield queue
    app.conf.update(saved)
    _reset_connections()
    import redis

    client = redis.Redis.from_url(need_redis)
    for key in client.scan_iter(match=f"*{queue}*"):
        client.delete(key)
    client.close()


def _reset_connections():
    """Forget routes and broker connections cached under the previous settings (eager tasks
    that retried earlier in the session leave a pool for the empty default broker)."""
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_real_worker_generates_unit_report(
    need_redis, celery_to_broker, farsta, official, chief, tmp_path
):
    unit = seed_unit(farsta, submitter=official, approver=chief)
    assert connection.settings_dict["NAME"] != ":memory:" and "memory" not in str(
        connection.settings_dict["NAME"]
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": need_redis,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "ISMS_TESTING": "1",
        "DJANGO_SETTINGS_MODULE": "isms.settings",
    }
    env.pop("DATABASE_TEST_TEMPLATE", None)
    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(  # noqa: S603 - fixed arguments
            [str(CELERY), "-A", "isms", "worker", "--pool=solo", "-Q", celery_to_broker,
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-n", f"{celery_to_broker}@%h"],
            cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        report = services.report_order(
            actor=official, kind=ReportKind.UNIT_YEARLY, unit=unit, year=2026
        )  # transaction=True: committed at once, the task is sent to Redis
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            report.refresh_from_db()
            if report.is_finished or worker.poll() is not None:
                break
            time.sleep(0.5)
        worker_log = log_path.read_text(errors="replace")
        assert report.status == ReportStatus.DONE, (report.status, report.error, worker_log[-3000:])
        assert "rapporter.generate_report" in worker_log and "succeeded" in worker_log
        data = report.file.read()
        assert hashlib.sha256(data).hexdigest() == report.sha256 and len(data) == report.size
        text = pdf_text(data)
        for heading in SECTION_HEADINGS:
            assert heading in text
        assert "Farsta stadsdelsnämnd" in text and CHIEF_NAME in text
        assert "2/3" in text and "Elevregister" in text
        records = list(report.history.order_by("history_date", "history_id"))
        assert [r.status for r in records] == ["queued", "generating", "done"]
        assert all(r.history_user_id == official.pk for r in records)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
