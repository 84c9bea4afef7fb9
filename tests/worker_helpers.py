"""Real Celery workers for the resilience tests: the broker switched in this process, a worker
started as a separate process on a queue of its own, and waiting for a report to finish."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

from django.conf import settings

from isms.celery import app
from tests.rapporter.test_rapporter_worker import CELERY, _reset_connections, database_url

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


@contextlib.contextmanager
def broker(url: str, queue: str | None = None):
    """Send this process's tasks to ``url`` (not eagerly), routed to ``queue``."""
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url", "task_routes")}
    routes = {"rapporter.generate_report": {"queue": queue}} if queue else {}
    app.conf.update(task_always_eager=False, broker_url=url, task_routes=routes)
    _reset_connections()
    try:
        yield
    finally:
        app.conf.update(saved)
        _reset_connections()


def new_queue() -> str:
    return f"resilience-{uuid.uuid4().hex[:8]}"


def drop_queue(redis_url: str, queue: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"*{queue}*"):
        client.delete(key)
    client.close()


def start_worker(*, redis_url: str, queue: str, log_path: Path, name: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": redis_url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "ISMS_TESTING": "1",
        "DJANGO_SETTINGS_MODULE": "isms.settings",
    }
    env.pop("DATABASE_TEST_TEMPLATE", None)
    log = open(log_path, "ab")  # noqa: SIM115 - closed with the process by the OS
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(CELERY), "-A", "isms", "worker", "--pool=solo", "-Q", queue, "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )


def stop(worker: subprocess.Popen, *, kill: bool = False) -> None:
    if worker.poll() is not None:
        return
    if kill:
        os.kill(worker.pid, signal.SIGKILL)
    else:
        worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def wait_for(predicate, *, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def archived_pdfs() -> list[Path]:
    return sorted(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
