"""Sending background work to the broker without ever holding up or failing a request.

The database is the record of what was ordered (the outbox): a service writes its row (a
report köad, a notification not yet e-mailed) in its transaction and calls
:func:`publish_on_commit`. Once the transaction commits, the task is published with a short
connect timeout and no retry loop. If the broker is unreachable the request still answers at
once; the row stays as it is and the app's sweep (``isms.plugins.register_background_queue``,
run by a beat task) sends it again later. A task therefore must be idempotent: it may arrive
twice.

Without a broker (embedded default, ``CELERY_TASK_ALWAYS_EAGER``) the task runs in-process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def _transport_options() -> dict:
    return {
        # kombu's connect loop: fail at once instead of retrying for seconds.
        "max_retries": 0,
        "socket_connect_timeout": settings.OUTBOX_PUBLISH_TIMEOUT,
        "socket_timeout": settings.OUTBOX_PUBLISH_TIMEOUT,
    }


def publish(task, *args, **kwargs) -> bool:
    """Send ``task(*args, **kwargs)`` now; False (logged, not raised) if the broker is down."""
    if task.app.conf.task_always_eager:
        task.apply_async(args, kwargs)
        return True
    try:
        with task.app.connection_for_write(transport_options=_transport_options()) as conn:
            task.apply_async(args, kwargs, connection=conn, retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure: the outbox sweep sends it later
        logger.warning(
            "Bakgrundstjänsten nåddes inte; %s skickas igen senare: %s: %s",
            task.name, type(exc).__name__, exc,
        )
        return False
    return True


def publish_on_commit(task, *args, on_sent: Callable[[], None] | None = None, **kwargs) -> None:
    """Publish once the current transaction commits; ``on_sent`` runs if the broker took it."""

    def send():
        if publish(task, *args, **kwargs) and on_sent is not None:
            on_sent()

    transaction.on_commit(send, robust=True)
