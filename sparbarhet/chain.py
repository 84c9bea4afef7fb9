"""The hash chain: how an event's SHA-256 is computed, how events are appended, how the chain
is verified.

Each event's ``hash`` is SHA-256 over the previous event's hash and a canonical JSON of the
event's content (:data:`HASHED_FIELDS`: ids, times, kinds, never names). Appending locks the
chain's head row, so concurrent writers queue for the moment it takes to insert and every event
has exactly one predecessor. The lock is taken in the caller's transaction: the events commit or
roll back with the change or the read they record.

Plain SHA-256 without a secret: anyone who can write the database can rebuild the chain after a
change, so the chain is anchored outside it too — the nightly verification records the head it
saw, and the yearly report prints it; a rebuilt chain no longer ends in the head printed last
year.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AuditEvent, ChainHead

GENESIS = "0" * 64
HASHED_FIELDS = (
    "seq", "occurred_at", "kind", "action", "actor_id", "unit_id", "object_type", "object_id",
    "history_id", "client_address", "details",
)


def _time(value: dt.datetime) -> str:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalise_address(value) -> str | None:
    if not value:
        return None
    try:
        return ipaddress.ip_address(str(value).split("%")[0]).compressed
    except ValueError:
        return None


def canonical(fields: dict) -> bytes:
    content = {name: fields.get(name) for name in HASHED_FIELDS}
    content["occurred_at"] = _time(content["occurred_at"])
    content["client_address"] = normalise_address(content["client_address"])
    content["details"] = content["details"] or {}
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def event_hash(fields: dict, prev_hash: str) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical(fields)).hexdigest()


def _locked_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # a new database (or one emptied by tests): the chain starts here
        ChainHead.objects.get_or_create(pk=1)
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


def append(events: list[dict]) -> list[AuditEvent]:
    """Append ``events`` (dicts of the model's fields but ``seq`` and the hashes) in order."""
    if not events:
        return []
    with transaction.atomic():
        head = _locked_head()
        seq, prev = head.seq, head.hash
        rows = []
        for fields in events:
            seq += 1
            fields = {
                **fields, "seq": seq,
                "client_address": normalise_address(fields.get("client_address")),
                "details": fields.get("details") or {},
            }
            digest = event_hash(fields, prev)
            rows.append(AuditEvent(**fields, prev_hash=prev, hash=digest))
            prev = digest
        AuditEvent.objects.bulk_create(rows, batch_size=1000)
        ChainHead.objects.filter(pk=1).update(seq=seq, hash=prev, updated_at=timezone.now())
    return rows


@dataclass
class Result:
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    first_broken_seq: int | None = None
    message: str = ""


BATCH = 5000


def verify(*, batch: int = BATCH) -> Result:
    """Walk the chain from its first event: the first link that does not hold, or ``ok``.
    Reads ``batch`` events per query (keyset on ``seq``), so memory stays flat at millions."""
    prev, expected, checked = GENESIS, 1, 0
    values = ["prev_hash", "hash", *HASHED_FIELDS]
    while True:
        rows = list(
            AuditEvent.objects.filter(seq__gte=expected).order_by("seq").values(*values)[:batch]
        )
        for row in rows:
            seq = row["seq"]
            if seq != expected:
                return Result(False, checked, expected - 1, prev, expected, _(
                    "Händelse nr %(seq)s saknas: kedjan hoppar från nr %(before)s till nr %(after)s."
                ) % {"seq": expected, "before": expected - 1, "after": seq})
            if row["prev_hash"] != prev:
                return Result(False, checked, seq - 1, prev, seq, _(
                    "Händelse nr %(seq)s pekar inte på händelsen före den: en händelse före den "
                    "har ändrats eller tagits bort."
                ) % {"seq": seq})
            if event_hash(row, row["prev_hash"]) != row["hash"]:
                return Result(False, checked, seq - 1, prev, seq, _(
                    "Händelse nr %(seq)s har ändrats efter att den skrevs: kontrollsumman "
                    "stämmer inte med innehållet."
                ) % {"seq": seq})
            prev, expected, checked = row["hash"], seq + 1, checked + 1
        if len(rows) < batch:
            break
    last = expected - 1
    head = ChainHead.objects.filter(pk=1).values("seq", "hash").first() or {
        "seq": 0, "hash": GENESIS
    }
    if head["seq"] != last or head["hash"] != prev:
        return Result(False, checked, last, prev, last + 1, _(
            "Kedjans huvud anger nr %(head)s men den sista händelsen är nr %(last)s: händelser "
            "i slutet av kedjan har tagits bort eller huvudet har ändrats."
        ) % {"head": head["seq"], "last": last})
    return Result(True, checked, last, prev, None, _(
        "Kedjan är hel: %(count)s händelser kontrollerade."
    ) % {"count": checked})
