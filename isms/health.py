"""Health endpoints for a load balancer and monitoring (no login, JSON, nothing secret).

- ``/healthz``: the process answers (no database, no broker): restart the container if not.
- ``/readyz``: the portal can serve and its background work gets done: the database answers,
  every migration is applied, the broker (Redis) accepts connections, and the apps' own checks
  (``isms.plugins.register_readiness_check``, e.g. a worker seen recently). 503 naming each
  failing dependency; take the instance out of the load balancer, alert operations.

The output names dependencies and says ok or not, with a short reason; never an address, a
user name, a password or an exception's text.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import plugins

logger = logging.getLogger(__name__)

_migrations_applied = False  # once true it stays true for this process (no migrating back live)


def check_database() -> tuple[bool, str]:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        logger.warning("readyz: databasen svarar inte: %s", type(exc).__name__)
        return False, "svarar inte"
    return True, "svarar"


def check_migrations() -> tuple[bool, str]:
    global _migrations_applied  # noqa: PLW0603
    if _migrations_applied:
        return True, "alla körda"
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # noqa: BLE001
        logger.warning("readyz: migreringarna kunde inte läsas: %s", type(exc).__name__)
        return False, "kunde inte läsas"
    if plan:
        return False, f"{len(plan)} migreringar är inte körda"
    _migrations_applied = True
    return True, "alla körda"


def check_broker() -> tuple[bool, str]:
    """The broker accepts a connection (short timeout, no retries)."""
    from .celery import app
    from .outbox import _transport_options

    if app.conf.task_always_eager:
        return True, "ingen mäklare: uppgifter körs i webbprocessen"
    try:
        with app.connection_for_write(transport_options=_transport_options()) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0)
    except Exception as exc:  # noqa: BLE001
        logger.warning("readyz: mäklaren nås inte: %s", type(exc).__name__)
        return False, "nås inte"
    return True, "nås"


def _kernel_checks():
    return [("database", check_database), ("migrations", check_migrations), ("broker", check_broker)]


def run_checks(keys: tuple[str, ...] | None = None) -> dict[str, dict]:
    """Each dependency's result, in order: ``{"database": {"ok": True, "detail": "…"}, …}``."""
    checks = _kernel_checks() + [(c.key, c.check) for c in plugins.readiness_checks()]
    results = {}
    for key, check in checks:
        if keys is not None and key not in keys:
            continue
        if key == "migrations" and not results.get("database", {"ok": True})["ok"]:
            results[key] = {"ok": False, "detail": "databasen svarar inte"}
            continue
        try:
            ok, detail = check()
        except Exception as exc:  # noqa: BLE001 - a broken check is a failed dependency
            logger.warning("readyz: kontrollen %s föll: %s", key, type(exc).__name__)
            ok, detail = False, "kontrollen kunde inte göras"
        results[key] = {"ok": bool(ok), "detail": str(detail)}
    return results


def background_available() -> bool:
    """Background work gets done now: the broker is reachable and a worker was seen lately."""
    return all(r["ok"] for r in run_checks(keys=("broker", "worker")).values())


@login_not_required
@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def readyz(request):
    results = run_checks()
    failed = [key for key, result in results.items() if not result["ok"]]
    return JsonResponse(
        {"status": "fel" if failed else "ok", "failed": failed, "checks": results},
        status=503 if failed else 200,
    )
