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
import functools
import hashlib
import ipaddress
import json
import logging
import re
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.models import Exists
from django.utils import timezone
from django.utils.translation import gettext as _

from isms import prepared

from .models import AuditEvent, ChainHead

logger = logging.getLogger(__name__)

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


def _head(*, wait: bool) -> ChainHead | None:
    """The head row, locked for this transaction, with ``has_pending`` (whether committed events
    wait to be linked) read in the same statement; ``None`` when another transaction holds it
    and ``wait`` is off. (SQLite has no row locks: its writes queue for the whole database.)"""
    locked = (
        ChainHead.objects.select_for_update(skip_locked=not wait, of=("self",))
        .annotate(has_pending=Exists(AuditEvent.objects.filter(seq__isnull=True)))
        .filter(pk=1)
    )
    head = locked.first()
    if head is None and not ChainHead.objects.filter(pk=1).exists():
        _head_restore()
        head = locked.first()
    return head


def _head_restore() -> None:
    """The head row is missing: a new database (or one emptied by the tests) starts the chain;
    otherwise (the row deleted by hand) the head is set again from the last linked event, so
    writing goes on instead of every change failing on a duplicate ``seq``. The next
    verification still checks that the chain holds the head its last run recorded
    (``anchor_check``): a head deleted to hide events removed from the end does not go
    unnoticed."""
    last = AuditEvent.objects.filter(seq__isnull=False).order_by("-seq").values("seq", "hash")
    last = last.first()
    if last is not None:
        logger.error("Spårbarhet: kedjans huvud saknades; återskapat från händelse %s.",
                     last["seq"])
    ChainHead.objects.get_or_create(
        pk=1, defaults={"seq": last["seq"], "hash": last["hash"]} if last else {}
    )


def _row(fields: dict) -> AuditEvent:
    return AuditEvent(**{
        **fields,
        "client_address": normalise_address(fields.get("client_address")),
        "details": fields.get("details") or {},
    })


def _link(head: ChainHead, rows: list[AuditEvent]) -> None:
    """Give ``rows`` the next links after ``head`` (in memory; the caller writes them)."""
    seq, prev = head.seq, head.hash
    for row in rows:
        seq += 1
        row.seq, row.prev_hash = seq, prev
        row.hash = prev = event_hash(
            {name: getattr(row, name) for name in HASHED_FIELDS}, row.prev_hash
        )
    head.seq, head.hash = seq, prev


def _link_pending(head: ChainHead, *, limit: int) -> int:
    """Link the pending events other transactions have committed (oldest first)."""
    pending = list(AuditEvent.objects.filter(seq__isnull=True).order_by("id")[:limit])
    if pending:
        _link(head, pending)
        AuditEvent.objects.bulk_update(pending, ["seq", "prev_hash", "hash"], batch_size=1000)
    return len(pending)


PENDING_BATCH = 1000


def append(events: list[dict]) -> list[AuditEvent]:
    """Append ``events`` (dicts of the model's fields but ``seq`` and the hashes), in order,
    in the caller's transaction.

    The head row is taken without waiting. Free: this transaction links the events now (first
    any pending ones others committed) and holds the head until it ends. Held by another
    transaction: the events are written *pending* (in this transaction all the same, so none is
    lost when it commits) and linked right after the commit, or by whoever appends next, or by
    the sweep (``link_pending``). A writer never waits for the head while holding other row
    locks, so the head can never close a deadlock, and a long transaction holding it delays no
    one's page."""
    if not events:
        return []
    rows = [_row(fields) for fields in events]
    if _one_statement_possible() and _append_in_one_statement(rows):
        return rows
    with transaction.atomic(savepoint=False):
        head = _head(wait=False)
        if head is None:
            AuditEvent.objects.bulk_create(rows, batch_size=1000)
            transaction.on_commit(_link_after_commit)
            return rows
        if head.has_pending:
            _link_pending(head, limit=PENDING_BATCH)
        _link(head, rows)
        AuditEvent.objects.bulk_create(rows, batch_size=1000)
        ChainHead.objects.filter(pk=1).update(
            seq=head.seq, hash=head.hash, updated_at=timezone.now()
        )
        _remember(head.seq, head.hash)
    return rows


# --- Appending in one statement ------------------------------------------------------------------
#
# A page that logs a read (``isms.audit``) runs outside any transaction. Appending its event as
# above costs five round trips to PostgreSQL: BEGIN, the head locked, the event inserted, the
# head moved, COMMIT. Outside a transaction one statement does the same: it locks the head
# (without waiting, as above), checks that the head is the link this process expects (the
# last head it wrote or saw) and that no event is pending, moves the head and inserts the events
# linked after it. A single statement is its own transaction: the head's lock orders the writers
# exactly as above, and an event is written linked or not at all.
#
# The expected head is only a guess (another process may have appended since): the statement
# checks it against the row, under the row's lock, and writes nothing when it is wrong — it
# returns the head it found instead, and the events are linked after that one in a second
# statement. A head held by another transaction, or pending events (to be linked first, in
# their order), leave the append to the path above, unchanged.

_known_head: tuple[int, str] | None = None  # (seq, hash): the head this process last saw
ONE_STATEMENT_TRIES = 2


def _remember(seq: int, hash_: str) -> None:
    global _known_head
    _known_head = (seq, hash_)


def _one_statement_possible() -> bool:
    return (
        connection.vendor == "postgresql" and not connection.in_atomic_block
        and connection.get_autocommit()
    )


def _insert_columns() -> list:
    return [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]


def _value_type(field) -> str:
    """A value's cast: the column's type without a length (``varchar(10)`` -> ``varchar``): a
    cast to ``varchar(n)`` would silently cut an over-long value after it was hashed, while the
    insert into the column refuses it, as the other path does."""
    return re.sub(r"^(varchar|character varying)\(\d+\)$", r"\1", field.db_type(connection))


def _one_statement_sql(count: int) -> str:
    """The statement appending ``count`` events (its parameters: ``_one_statement_params``),
    built once per process and number of events."""
    return _built_one_statement_sql(connection.vendor, count)


@functools.lru_cache(maxsize=16)
def _built_one_statement_sql(vendor: str, count: int) -> str:
    quote = connection.ops.quote_name
    events, head = quote(AuditEvent._meta.db_table), quote(ChainHead._meta.db_table)
    fields = _insert_columns()
    columns = ", ".join(quote(f.column) for f in fields)
    # Every value cast to its column's type: VALUES would otherwise type a parameter as text.
    row = "(" + ", ".join(f"%s::{_value_type(f)}" for f in fields) + ")"
    values = ", ".join([row] * count)
    return f"""
        WITH head AS (
            SELECT id FROM {head}
            WHERE id = 1 AND seq = %s AND hash = %s
              AND NOT EXISTS (SELECT 1 FROM {events} WHERE seq IS NULL)
            FOR UPDATE SKIP LOCKED
        ), moved AS (
            UPDATE {head} SET seq = %s, hash = %s, updated_at = %s
            WHERE id = (SELECT id FROM head) RETURNING id
        ), written AS (
            INSERT INTO {events} ({columns})
            SELECT * FROM (VALUES {values}) AS event WHERE EXISTS (SELECT 1 FROM moved)
            RETURNING id
        )
        SELECT (SELECT array_agg(id ORDER BY id) FROM written), found.seq, found.hash
        FROM {head} found WHERE found.id = 1
    """  # noqa: S608 - table and column names from the models, quoted; values are parameters


def _one_statement_params(expected: tuple[int, str], head: ChainHead, rows) -> list:
    params = [*expected, head.seq, head.hash, timezone.now()]
    fields = _insert_columns()
    for row in rows:
        params += [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields]
    return params


def _unlink(rows: list[AuditEvent]) -> None:
    for row in rows:
        row.seq, row.prev_hash, row.hash = None, "", ""


def _append_in_one_statement(rows: list[AuditEvent]) -> bool:
    """Append ``rows`` in one statement if the head is free and where this process expects it
    (or, after one miss, where the statement found it): whether they were written."""
    sql = None
    for _try in range(ONE_STATEMENT_TRIES):
        expected = _known_head
        if expected is None:
            break
        head = ChainHead(seq=expected[0], hash=expected[1])
        _link(head, rows)
        sql = sql or _one_statement_sql(len(rows))
        params = _one_statement_params(expected, head, rows)
        with connection.cursor() as cursor:
            # One event (a page's logged read): a statement prepared once per database session
            # (``isms.prepared``), parsed and planned once rather than on every read; every value
            # is its parameter. More events (rarer, of any number): plain SQL, so no statement
            # per number piles up in the session.
            if len(rows) != 1 or not prepared.execute(
                connections[DEFAULT_DB_ALIAS], cursor, "isms_chain_append_one", sql, params,
                {i: [i] for i in range(len(params))}, dict(enumerate(params)),
            ):
                cursor.execute(sql, params)
            found = cursor.fetchone()
        if found is None:  # no head row: the path above restores it
            break
        ids, seq, hash_ = found
        if ids:
            for row, pk in zip(rows, ids, strict=True):
                row.pk = pk
            _remember(head.seq, head.hash)
            return True
        if (seq, hash_) == expected:  # the head is held by another transaction, or pending
            break
        _remember(seq, hash_)
    _unlink(rows)
    return False


def link_pending(*, wait: bool = True, limit: int = 100_000) -> int:
    """Link pending events into the chain (the sweep and the nightly check): how many."""
    with transaction.atomic():
        head = _head(wait=wait)
        if head is None:
            return 0
        linked = _link_pending(head, limit=limit)
        if linked:
            ChainHead.objects.filter(pk=1).update(
                seq=head.seq, hash=head.hash, updated_at=timezone.now()
            )
        _remember(head.seq, head.hash)
    return linked


def _link_after_commit() -> None:
    """After a commit that left events pending: link them if the head is free now; otherwise
    its holder or the sweep will. Never fails the request that has already succeeded."""
    try:
        link_pending(wait=False, limit=PENDING_BATCH)
    except DatabaseError:
        logger.exception("Väntande granskningshändelser kunde inte länkas nu; svepet tar dem.")


@dataclass
class Result:
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    first_broken_seq: int | None = None
    message: str = ""
    # The break found (``first_broken_seq``): a fingerprint of exactly what was found there, so
    # a :class:`~sparbarhet.models.BreakReview` of it lets later runs pass that break, and only
    # as it was found (a link changed again is a new break).
    fingerprint: str = ""
    # Breaks passed because they were reviewed: their event numbers, in chain order.
    passed: list[int] = field(default_factory=list)


BATCH = 5000


def fingerprint(kind: str, *parts) -> str:
    """What a break looks like, in one SHA-256: its kind and the values found."""
    text = "|".join([kind, *("" if part is None else str(part) for part in parts)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verify(*, batch: int = BATCH, reviewed: frozenset[str] = frozenset()) -> Result:
    """:func:`_walk` in one snapshot of the database (REPEATABLE READ on PostgreSQL): the events
    and the head are read as they were at one moment, so an event appended while the walk runs
    (a page's logged read) is not taken for a break between the last event read and a head that
    has moved on since. Inside a caller's transaction (tests) the walk runs in that one."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return _walk(batch=batch, reviewed=reviewed)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return _walk(batch=batch, reviewed=reviewed)


def _walk(*, batch: int = BATCH, reviewed: frozenset[str] = frozenset()) -> Result:
    """Walk the chain from its first event: the first link that does not hold, or ``ok``.
    Reads ``batch`` events per query (keyset on ``seq``), so memory stays flat at millions.

    A break whose fingerprint is in ``reviewed`` (investigated and documented by the city-wide
    security function) is passed: the walk goes on from what the chain holds there, so a later
    change is still found. Without that, one old break would hide every change after it."""
    prev, expected, checked, passed = GENESIS, 1, 0, []

    def broken(seq, fp, message, head_seq, head_hash):
        return Result(False, checked, head_seq, head_hash, seq, message, fp, passed)

    values = ["prev_hash", "hash", *HASHED_FIELDS]
    while True:
        rows = list(
            AuditEvent.objects.filter(seq__gte=expected).order_by("seq").values(*values)[:batch]
        )
        for row in rows:
            seq = row["seq"]
            if seq != expected:
                fp = fingerprint("gap", expected, seq, row["prev_hash"])
                if fp not in reviewed:
                    return broken(expected, fp, _(
                        "Händelse nr %(seq)s saknas: kedjan hoppar från nr %(before)s till nr "
                        "%(after)s."
                    ) % {"seq": expected, "before": expected - 1, "after": seq},
                        expected - 1, prev)
                passed.append(expected)
                prev = row["prev_hash"]
            if row["prev_hash"] != prev:
                fp = fingerprint("link", seq, prev, row["prev_hash"])
                if fp not in reviewed:
                    return broken(seq, fp, _(
                        "Händelse nr %(seq)s pekar inte på händelsen före den: en händelse före "
                        "den har ändrats eller tagits bort."
                    ) % {"seq": seq}, seq - 1, prev)
                passed.append(seq)
            computed = event_hash(row, row["prev_hash"])
            if computed != row["hash"]:
                fp = fingerprint("content", seq, row["hash"], computed)
                if fp not in reviewed:
                    return broken(seq, fp, _(
                        "Händelse nr %(seq)s har ändrats efter att den skrevs: kontrollsumman "
                        "stämmer inte med innehållet."
                    ) % {"seq": seq}, seq - 1, prev)
                if not passed or passed[-1] != seq:
                    passed.append(seq)
            prev, expected, checked = row["hash"], seq + 1, checked + 1
        if len(rows) < batch:
            break
    last = expected - 1
    head = ChainHead.objects.filter(pk=1).values("seq", "hash").first() or {
        "seq": 0, "hash": GENESIS
    }
    if head["seq"] != last or head["hash"] != prev:
        fp = fingerprint("head", head["seq"], head["hash"], last, prev)
        if fp not in reviewed:
            return broken(last + 1, fp, _(
                "Kedjans huvud anger nr %(head)s men den sista händelsen är nr %(last)s: "
                "händelser i slutet av kedjan har tagits bort eller huvudet har ändrats."
            ) % {"head": head["seq"], "last": last}, last, prev)
        passed.append(last + 1)
    if passed:
        message = _(
            "Kedjan är hel: %(count)s händelser kontrollerade. Utredda brott passerades vid "
            "händelse nr %(seqs)s."
        ) % {"count": checked, "seqs": ", ".join(str(seq) for seq in passed)}
    else:
        message = _("Kedjan är hel: %(count)s händelser kontrollerade.") % {"count": checked}
    return Result(True, checked, last, prev, None, message, "", passed)


def anchor_check(
    *, seq: int, hash_: str, reviewed: frozenset[str] = frozenset()
) -> tuple[str | None, str]:
    """Whether the chain still holds the link an earlier verification recorded as its head
    (``seq`` with ``hash_``): ``(None, "")`` if so (or if what is wrong there was reviewed),
    else what is wrong and its fingerprint. A chain rebuilt after a change verifies on its own
    (plain SHA-256), and one cut short ends in a head that fits it; neither holds the earlier
    head."""
    if seq <= 0:
        return None, ""
    row = AuditEvent.objects.filter(seq=seq).values("hash").first()
    found = row["hash"] if row is not None else None
    if found == hash_:
        return None, ""
    fp = fingerprint("anchor", seq, hash_, found)
    if fp in reviewed:
        return None, ""
    if row is None:
        return _(
            "Kedjan är kortare än vid föregående kontroll: händelse nr %(seq)s, som då var den "
            "sista, finns inte längre."
        ) % {"seq": seq}, fp
    return _(
        "Händelse nr %(seq)s, den sista vid föregående kontroll, har nu en annan "
        "kontrollsumma: kedjan har kortats eller byggts om efter den kontrollen."
    ) % {"seq": seq}, fp
