"""Building audit trails for the audit log's tests: events appended through the chain (valid
links), in bulk, with the fields a test cares about."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone

from sparbarhet import chain
from sparbarhet.models import EventKind

URL = reverse("sparbarhet:audit_log")


def add_events(n, *, unit=None, actor=None, objects=(("klassning.informationasset", None),),
               kind=EventKind.CHANGE, action="~", start=None, step=dt.timedelta(minutes=1),
               details=None, address="10.0.0.1"):
    """Append ``n`` events cycling over ``objects`` ((object type, id) pairs), at ``start``
    (default: now) plus ``step`` each."""
    start = start or timezone.now()
    events = []
    for i in range(n):
        object_type, object_id = objects[i % len(objects)]
        events.append({
            "occurred_at": start + step * i, "kind": kind, "action": action,
            "actor_id": getattr(actor, "pk", actor), "unit_id": getattr(unit, "pk", unit),
            "object_type": object_type, "object_id": object_id, "history_id": None,
            "client_address": address, "details": details or {},
        })
    return chain.append(events)


def csv_rows(response) -> list[dict]:
    """The rows of a CSV export (semicolons, BOM) as dicts by header."""
    assert response.status_code == 200, response.status_code
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def exported_seqs(client, query="") -> list[int]:
    url = f"{URL}?{query}&format=csv" if query else f"{URL}?format=csv"
    return [int(row["Löpnummer"]) for row in csv_rows(client.get(url))]
