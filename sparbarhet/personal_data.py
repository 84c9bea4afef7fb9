"""Personuppgifter i portalen: what the portal holds about one of its own users (GDPR art. 15).

Who may read it (:func:`person_for_user_or_404`): the person themself, and the city-wide
security function for anyone. Anybody else gets 404 for another person's page, so nobody learns
who has an account.

What it reads (:func:`personal_data`), at a fixed number of queries whatever the person did,
each built once per process and prepared once per database session on PostgreSQL:

- the account (username, names, e-mail, last login, active) and a pseudonymisation, if any;
- memberships now, and their history (``namnder.Membership``'s historical records of the
  person: added, removed, by whom);
- how many historical records the person made, per model: every model with
  django-simple-history (the registered history sources first, in their order, then any other
  model with history), counted in **one** query (``UNION ALL`` of one ``COUNT`` per history
  table, each answered by the index on ``history_user_id``);
- the audit events where the person is the actor: counts per kind and action (from the index
  ``(actor, kind, action)`` alone), and the latest 20 (index ``(actor, seq)``);
- notifications addressed to them (when ``notifieringar`` is installed) and login records (when
  django-axes is installed), counted.

:func:`export_rows` and :func:`export_json` turn the same data into a registerutdrag.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from isms import plugins, prepared
from isms.compiled import CompiledQuery, CompiledRows
from nämnder import access
from nämnder.models import Membership, role_label

from .models import AuditEvent, EventAction, EventKind, Pseudonymisation

LATEST_EVENTS = 20
# A membership is added and removed (never edited: ``nämnder.services``).
MEMBERSHIP_ACTIONS = {"+": _lazy("Tillagd"), "~": _lazy("Ändrad"), "-": _lazy("Borttagen")}
MAX_MEMBERSHIP_HISTORY = 200


def may_see_anyone(user) -> bool:
    """The city-wide security function reads (and pseudonymises) anyone's personal data."""
    return access.is_city_security_function(user)


def person_for_user_or_404(*, user, pk):
    """The person ``pk`` if ``user`` may read what the portal holds about them, else 404."""
    if user.is_authenticated and user.pk == pk:
        return user
    if not may_see_anyone(user):
        raise Http404
    found = _PERSON.objects(person_id=pk) if _fits_user_id(pk) else None
    if not found:
        raise Http404
    return found[0]


def _fits_user_id(pk: int) -> bool:
    """Whether ``pk`` fits the user table's id (a 32-bit ``AutoField``; the URL takes 64-bit
    ids): the ORM leaves a lookup out of range out of the SQL (no person), a compiled query
    would send it to the database, which refuses it."""
    field = get_user_model()._meta.pk
    try:
        low, high = connection.ops.integer_field_range(field.get_internal_type())
    except KeyError:  # not an integer id: the database compares it
        return True
    return (low is None or pk >= low) and (high is None or pk <= high)


def _person(*, person_id):
    return get_user_model()._default_manager.filter(pk=person_id)


# The person whose page the security function reads: SQL built once per process, prepared once
# per session (``.first()`` built and planned it on every view).
_PERSON = CompiledQuery(_person, person_id=-2_000_000_201, prepare=True)


def people(*, q: str = "", status: str = ""):
    """Everyone with an account, for the security function to pick from: by username, name
    or e-mail; ``status`` "aktiva", "inaktiva" or "pseudonymiserade"."""
    # A count per listed person (a subquery: the page's 25 rows only), not a join and GROUP BY
    # over everyone: the paginator's count stays a plain COUNT(*).
    memberships = (
        Membership.objects.filter(user_id=OuterRef("pk")).order_by().values("user_id")
        .annotate(n=Count("pk")).values("n")
    )
    qs = get_user_model().objects.annotate(
        membership_count=Coalesce(Subquery(memberships, output_field=IntegerField()), 0)
    )
    if q:
        qs = qs.filter(
            Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
            | Q(email__icontains=q)
        )
    if status == "aktiva":
        qs = qs.filter(is_active=True)
    elif status == "inaktiva":
        qs = qs.filter(is_active=False)
    elif status == "pseudonymiserade":
        qs = qs.filter(pseudonymisation__isnull=False)
    return qs.select_related("pseudonymisation").order_by("username", "pk")


# --- Historical records made by the person ------------------------------------------------------

def _historical_model(model, attr: str):
    """The historical model behind ``model.<attr>`` (simple-history's descriptor), read from
    the descriptor itself: getting the attribute builds a new manager class on every access
    (~1 ms each, through ``inspect.getmembers``), ~50 of them a page."""
    from simple_history.manager import HistoryDescriptor

    for klass in model.__mro__:
        descriptor = klass.__dict__.get(attr)
        if isinstance(descriptor, HistoryDescriptor):
            return descriptor.model
    history = getattr(model, attr, None)
    return getattr(history, "model", None)


def history_models() -> list:
    """``[(model, historical model)]``: the registered history sources first (their order),
    then every other model with django-simple-history, by label."""
    return list(_history_plan()[0])


# (registered sources, the app registry's list of models, (pairs, tables)): what
# :func:`_history_plan` found last, kept while neither changes (``apps.get_models`` returns
# the same list until a model is registered).
_HISTORY_PLAN: list = [None, None, None]


def _history_plan() -> tuple[tuple, tuple]:
    """``(pairs, tables)``: :func:`history_models`' pairs and each one's ``(history table,
    user column)``, found once per process (walking every model and its history cost ~0.5 ms
    of every personal-data page)."""
    sources = tuple(source.model for source in plugins.history_sources())
    models = apps.get_models()
    kept_sources, kept_models, plan = _HISTORY_PLAN
    if plan is not None and kept_sources == sources and kept_models is models:
        return plan
    seen, result = set(), []
    for label in sources:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        historical = _historical_model(model, "history")
        if historical is not None and model not in seen:
            seen.add(model)
            result.append((model, historical))
    rest = []
    for model in models:
        attr = getattr(model._meta, "simple_history_manager_attribute", None)
        if attr and model not in seen:
            seen.add(model)
            rest.append((model, _historical_model(model, attr)))
    pairs = tuple(result + sorted(rest, key=lambda pair: pair[0]._meta.label_lower))
    tables = tuple(
        (historical._meta.db_table, historical._meta.get_field("history_user").column)
        for _model, historical in pairs
    )
    _HISTORY_PLAN[:] = [sources, models, (pairs, tables)]
    return pairs, tables


@functools.lru_cache(maxsize=8)
def _history_counts_sql(tables: tuple[tuple[str, str], ...]) -> str:
    """The ``UNION ALL`` of one count per history table (``(table, user column)``), written
    once per set of tables: built through the ORM it cost ~20 ms of Python on every page (one
    annotated queryset per history table, ~50 of them), for SQL that never changes."""
    quote = connection.ops.quote_name
    return " UNION ALL ".join(
        f"SELECT {i} AS source, COUNT(*) AS n FROM {quote(table)} WHERE {quote(column)} = %s"  # noqa: S608 - names from the models, quoted; the id a parameter
        for i, (table, column) in enumerate(tables)
    )


def history_counts(*, person) -> list[dict]:
    """``[{"model": label, "register": name, "count": n}]`` for every model with history where
    ``person`` made at least one record. One query: a ``UNION ALL`` of one count per history
    table (each uses the index on ``history_user_id``)."""
    pairs, tables = _history_plan()
    if not pairs:
        return []
    # Prepared once per database session on PostgreSQL: planning fifty branches cost ~2 ms
    # on every page, more than counting.
    with connection.cursor() as cursor:
        prepared.execute_sql(
            cursor, _history_counts_sql(tables), [person.pk] * len(tables),
            slots={"person": list(range(len(tables)))}, values={"person": person.pk},
        )
        counts = {i: n for i, n in cursor.fetchall() if n}
    return [
        {"model": pairs[i][0]._meta.label_lower,
         "register": capfirst(str(pairs[i][0]._meta.verbose_name_plural)), "count": counts[i]}
        for i in sorted(counts)
    ]


# --- Memberships -----------------------------------------------------------------------------

def memberships_now(*, person) -> list[dict]:
    """The person's memberships with their unit, by unit name and role: the per-request read
    the header shares (``access.own_memberships``), so one's own page reads them once."""
    return [
        {"unit": m.unit, "role": m.role_label, "since": m.created_at}
        for m in access.own_memberships(person)
    ]


def _membership_history(*, person_id):
    return (
        _historical_model(Membership, "history").objects.filter(user_id=person_id)
        .select_related("unit", "history_user")
        .only("history_date", "history_type", "role", "unit", "history_user",
              "unit__name", "unit__kind", "history_user__username",
              "history_user__first_name", "history_user__last_name")
        .order_by("-history_date", "-history_id")[:MAX_MEMBERSHIP_HISTORY]
    )


# SQL built once per process, prepared once per session (every view of the page).
_MEMBERSHIP_HISTORY = CompiledQuery(_membership_history, person_id=-2_000_000_202, prepare=True)


def membership_history(*, person) -> list[dict]:
    """The person's memberships as they were added and removed, newest first, with who did it
    (the names as the users are called now)."""
    # The unit and the person who made the change as they are now, in the same query (the
    # history's keys have no constraint: a removed unit or person joins as None).
    # The historical model's own manager: ``Membership.history`` builds a new manager class on
    # every access (``_historical_model``), ~1 ms of a page that costs a few.
    records = _MEMBERSHIP_HISTORY.objects(person_id=person.pk)
    entries = []
    for r in records:
        unit, by = r.unit, r.history_user
        entries.append({
            "date": r.history_date, "action": str(MEMBERSHIP_ACTIONS.get(r.history_type, r.history_type)),
            "unit": unit.name if unit else f"#{r.unit_id}",
            "role": role_label(r.role, unit.kind if unit else ""),
            "by": (by.get_full_name() or by.username) if by else None,
        })
    return entries


# --- Audit events ------------------------------------------------------------------------------

def _object_type_label(object_type: str) -> str:
    try:
        return capfirst(str(apps.get_model(object_type)._meta.verbose_name))
    except (LookupError, ValueError):
        return object_type


def _audit_counts(*, actor_id):
    return (
        AuditEvent.objects.filter(actor_id=actor_id).order_by()
        .values_list("kind", "action").annotate(n=Count("*"))
    )


# SQL built once per process, prepared once per session; counted from the index on
# (actor, kind, action) alone (``auditevent_actor_kind_idx``), not from each event's row.
_AUDIT_COUNTS = CompiledRows(_audit_counts, actor_id=-2_000_000_203, prepare=True)


def audit_counts(*, person) -> list[dict]:
    """``[{"kind", "action", "count"}]`` of the audit events with ``person`` as the actor."""
    kinds, actions = dict(EventKind.choices), dict(EventAction.choices)
    rows = _AUDIT_COUNTS.rows(actor_id=person.pk)
    return sorted(
        ({"kind": str(kinds.get(k, k)), "action": str(actions.get(a, a)), "count": n,
          "key": (k, a)} for k, a, n in rows),
        key=lambda r: (r["key"][0] != EventKind.CHANGE, r["kind"], r["action"]),
    )


class _IdsCount(Func):
    """How many ids an event's ``details`` names (``{"ids": [...]}``, an export), counted in
    the database: an export's event holds every id it exported (100 kB for 20,000 assets),
    and reading the list to count it cost more than the rest of the page."""

    output_field = IntegerField()
    template = "COALESCE(json_array_length(%(expressions)s, '$.ids'), 0)"

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template=(
            "CASE WHEN jsonb_typeof(%(expressions)s -> 'ids') = 'array' "
            "THEN jsonb_array_length(%(expressions)s -> 'ids') ELSE 0 END"
        ), **extra_context)


_EVENT_COLUMNS = ("seq", "occurred_at", "kind", "action", "object_type", "object_id",
                  "client_address", "unit__name", "ids_count")


def _latest_events(actor_id, limit: int = LATEST_EVENTS):
    """The person's newest events as rows of :data:`_EVENT_COLUMNS` (the unit's name joined:
    the key has no constraint, a removed unit joins as None)."""
    return (
        AuditEvent.objects.filter(actor_id=actor_id).order_by("-seq")
        .annotate(ids_count=_IdsCount("details"))
        .values_list(*_EVENT_COLUMNS)[:limit]
    )


# The page's own list (every view): SQL built once per process, prepared once per session; rows,
# not model instances (making twenty events and their units cost more than reading them).
_LATEST_EVENTS = CompiledRows(_latest_events, actor_id=-2_000_000_081, prepare=True)


def latest_events(*, person, limit: int = LATEST_EVENTS) -> list[dict]:
    rows = (
        _LATEST_EVENTS.rows(actor_id=person.pk) if limit == LATEST_EVENTS
        else list(_latest_events(person.pk, limit))
    )
    # Each label translated once per call, not once per event.
    kinds = {k: str(label) for k, label in EventKind.choices}
    actions = {a: str(label) for a, label in EventAction.choices}
    labels: dict[str, str] = {}
    events = []
    for seq, occurred_at, kind, action, object_type, object_id, address, unit, ids in rows:
        if object_type not in labels:
            labels[object_type] = _object_type_label(object_type)
        events.append({
            "seq": seq, "occurred_at": occurred_at, "kind": kinds.get(kind, kind),
            "action": actions.get(action, action), "object_type": labels[object_type],
            "object_id": object_id, "count": ids or 0, "unit": unit if unit is not None else "",
            "client_address": address or "",
        })
    return events


# --- Other apps: notifications, login records --------------------------------------------------

def notification_counts(*, person) -> dict | None:
    return other_counts(person=person)[0]


def login_counts(*, person) -> dict | None:
    """Login records django-axes keeps under the person's username."""
    return other_counts(person=person)[1]


def other_counts(*, person) -> tuple[dict | None, dict | None]:
    """The notifications addressed to the person (total, unread; when ``notifieringar`` is
    installed) and the login records django-axes keeps under their username (logged,
    failed; when axes is installed), None for an app not installed: every count in one
    query, each a scalar subquery (the notifications' from ``notifications_for``). The SQL is
    written once per process (:func:`_other_counts_sql`) and prepared once per session."""
    notifications_installed = apps.is_installed("notifieringar")
    axes_installed = apps.is_installed("axes")
    if not (notifications_installed or axes_installed):
        return None, None
    sql, params, slots = _other_counts_sql(notifications_installed, axes_installed)
    with connection.cursor() as cursor:
        prepared.execute_sql(cursor, sql, params, slots=slots,
                             values={"person": person.pk, "username": person.username})
        counts = list(cursor.fetchone())
    notifications = logins = None
    if notifications_installed:
        total, unread = counts.pop(0), counts.pop(0)
        notifications = {"total": total, "unread": unread}
    if axes_installed:
        logins = {"logins": counts[0], "failures": counts[1]}
    return notifications, logins


_PERSON_ID = -2_000_000_205
_USERNAME = "isms-sentinel-username-2000000206"


@functools.lru_cache(maxsize=4)
def _other_counts_sql(notifications_installed: bool, axes_installed: bool):
    """``(sql, params, slots)`` of :func:`other_counts`' query, built once (through the ORM it
    cost ~1 ms of Python on every page): the person's id and username in ``slots``' positions
    ("person", "username"), every other parameter a constant of the query. The notifications
    are ``notifications_for`` a stand-in person of the sentinel id (it filters on the id)."""
    columns: list[str] = []
    params: list = []
    if notifications_installed:
        from notifieringar.selectors import notifications_for

        mine = notifications_for(user=get_user_model()(pk=_PERSON_ID)).order_by()
        for qs in (mine, mine.filter(read_at__isnull=True)):
            sql, sql_params = qs.values("pk").query.sql_with_params()
            columns.append(f"(SELECT COUNT(*) FROM ({sql}) n)")  # noqa: S608 - the ORM's SQL
            params += sql_params
    if axes_installed:
        from axes.models import AccessFailureLog, AccessLog

        quote = connection.ops.quote_name
        for model in (AccessLog, AccessFailureLog):
            columns.append(f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)} WHERE username = %s)")  # noqa: S608 - model tables
            params.append(_USERNAME)
    slots = {
        name: [i for i, p in enumerate(params) if type(p) is type(sentinel) and p == sentinel]
        for name, sentinel in (("person", _PERSON_ID), ("username", _USERNAME))
    }
    if notifications_installed and len(slots["person"]) != 2:
        raise ImproperlyConfigured("other_counts: the notifications' query lost the person's id.")
    return "SELECT " + ", ".join(columns), tuple(params), {k: v for k, v in slots.items() if v}


# --- The whole page ----------------------------------------------------------------------------

def _pseudonymisation(*, person_id):
    return Pseudonymisation.objects.filter(person_id=person_id).select_related("performed_by")


_PSEUDONYMISATION = CompiledQuery(_pseudonymisation, person_id=-2_000_000_204, prepare=True)


def pseudonymisation(*, person) -> Pseudonymisation | None:
    """The person's pseudonymisation (at most one: one-to-one) with who performed it, or None."""
    found = _PSEUDONYMISATION.objects(person_id=person.pk)
    return found[0] if found else None


@dataclass
class PersonalData:
    person: object
    account: list[tuple[str, object]]
    pseudonymisation: Pseudonymisation | None
    memberships: list[dict]
    membership_history: list[dict]
    history_counts: list[dict]
    audit_counts: list[dict]
    latest_events: list[dict]
    notifications: dict | None
    logins: dict | None
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def history_total(self) -> int:
        return sum(r["count"] for r in self.history_counts)

    @property
    def audit_total(self) -> int:
        return sum(r["count"] for r in self.audit_counts)


def account_fields(person) -> list[tuple[str, object]]:
    return [
        (_("Användarnamn"), person.username),
        (_("Förnamn"), person.first_name),
        (_("Efternamn"), person.last_name),
        (_("E-post"), person.email),
        (_("Konto skapat"), person.date_joined),
        (_("Senaste inloggning"), person.last_login),
        (_("Aktivt konto"), person.is_active),
    ]


def personal_data(*, person) -> PersonalData:
    notifications, logins = other_counts(person=person)
    return PersonalData(
        person=person,
        account=account_fields(person),
        pseudonymisation=pseudonymisation(person=person),
        memberships=memberships_now(person=person),
        membership_history=membership_history(person=person),
        history_counts=history_counts(person=person),
        audit_counts=audit_counts(person=person),
        latest_events=latest_events(person=person),
        notifications=notifications,
        logins=logins,
    )


# --- Registerutdrag: CSV rows and JSON --------------------------------------------------------

def _text(value) -> object:
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) \
            else value.strftime("%Y-%m-%d %H:%M")
    return "" if value is None else value


def export_rows(data: PersonalData):
    """``(section, item, value)`` rows: the whole page as one table."""
    account, ms, hist = _("Konto"), _("Medlemskap"), _("Medlemskapshistorik")
    for label, value in data.account:
        yield account, label, _text(value)
    if data.pseudonymisation:
        p = data.pseudonymisation
        yield account, _("Pseudonymiserad"), _text(p.performed_at)
    for m in data.memberships:
        yield ms, m["unit"].name, f"{m['role']} ({_('sedan')} {_text(m['since'])})"
    for e in data.membership_history:
        by = e["by"] or _("Systemet")
        yield hist, _text(e["date"]), f"{e['action']}: {e['unit']}, {e['role']} ({by})"
    for r in data.history_counts:
        yield _("Historikposter som personen har gjort"), r["register"], r["count"]
    for r in data.audit_counts:
        yield _("Granskningshändelser där personen är aktör"), f"{r['kind']}: {r['action']}", \
            r["count"]
    for e in data.latest_events:
        what = f"{e['kind']}: {e['action']} {e['object_type']}"
        what += f" #{e['object_id']}" if e["object_id"] else f" ({e['count']} {_('objekt')})"
        yield _("Senaste granskningshändelser"), f"nr {e['seq']} {_text(e['occurred_at'])}", what
    if data.notifications is not None:
        yield _("Notiser"), _("Totalt"), data.notifications["total"]
        yield _("Notiser"), _("Olästa"), data.notifications["unread"]
    if data.logins is not None:
        yield _("Inloggningar"), _("Loggade inloggningar"), data.logins["logins"]
        yield _("Inloggningar"), _("Misslyckade inloggningar"), data.logins["failures"]


def export_json(data: PersonalData) -> dict:
    def iso(value):
        return value.isoformat() if isinstance(value, (dt.datetime, dt.date)) else value

    person = data.person
    return {
        "registerutdrag": {
            "genererat": iso(data.generated_at),
            "konto": {
                "id": person.pk, "anvandarnamn": person.username,
                "fornamn": person.first_name, "efternamn": person.last_name,
                "epost": person.email, "konto_skapat": iso(person.date_joined),
                "senaste_inloggning": iso(person.last_login), "aktivt": person.is_active,
                "pseudonymiserad": iso(data.pseudonymisation.performed_at)
                if data.pseudonymisation else None,
            },
            "medlemskap": [
                {"enhet": m["unit"].name, "roll": m["role"], "sedan": iso(m["since"])}
                for m in data.memberships
            ],
            "medlemskapshistorik": [
                {"tid": iso(e["date"]), "handelse": e["action"], "enhet": e["unit"],
                 "roll": e["role"], "av": e["by"]}
                for e in data.membership_history
            ],
            "historikposter": [
                {"modell": r["model"], "register": r["register"], "antal": r["count"]}
                for r in data.history_counts
            ],
            "granskningshandelser": {
                "antal": [
                    {"slag": r["kind"], "handelse": r["action"], "antal": r["count"]}
                    for r in data.audit_counts
                ],
                "senaste": [
                    {"lopnummer": e["seq"], "tid": iso(e["occurred_at"]), "slag": e["kind"],
                     "handelse": e["action"], "objekttyp": e["object_type"],
                     "objekt_id": e["object_id"], "antal_objekt": e["count"] or None,
                     "enhet": e["unit"] or None, "klientadress": e["client_address"] or None}
                    for e in data.latest_events
                ],
            },
            "notiser": data.notifications,
            "inloggningar": data.logins,
        }
    }
