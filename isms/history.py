"""Turns django-simple-history records into readable entries: who changed what, when, old → new.

Used by every "Historik" page. Diffs are computed in Python between consecutive records of the
same object, so a page of history costs a fixed number of queries, whatever its length.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .compiled import CompiledQuery

ACTIONS = {"+": _("Skapad"), "~": _("Ändrad"), "-": _("Borttagen")}

# Bookkeeping fields that would only add noise to a diff.
IGNORED_FIELDS = {"version", "updated_at", "created_at"}


@dataclass
class Change:
    """One field's change. A link field's (``m2m_entries``) names what was linked and
    unlinked instead, in ``added`` and ``removed`` (a few names and how many more); its ``new``
    then says both in words, for the renderers that show ``old → new`` (the PDF)."""

    field: str
    old: str
    new: str
    added: str = ""
    removed: str = ""


@dataclass
class HistoryEntry:
    date: datetime
    user: object
    action: str
    object_type: str
    object_label: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""
    # Set by ``entries_for(group=...)``: entries with the same key may be shown as one.
    group: object = None


def _name(obj) -> str:
    full_name = getattr(obj, "get_full_name", None)
    return (full_name() if full_name else "") or str(obj)


def _relation_names(records, fields, known=()) -> dict:
    """The current name of every object the records point at: one query per related model
    (the foreign keys to one model, e.g. three to the user, share it), none for the objects
    in ``known`` (objects the caller has loaded already, e.g. the page's own object and the
    reference data)."""
    by_model: dict = defaultdict(dict)
    for obj in known:
        by_model[type(obj)][obj.pk] = obj
    wanted: dict = defaultdict(set)
    relations = [f for f in fields if f.is_relation]
    for f in relations:
        wanted[f.related_model] |= {getattr(r, f.attname) for r in records} - {None}
    for model, ids in wanted.items():
        missing = ids - set(by_model[model])
        if missing:
            by_model[model].update(
                (obj.pk, obj) for obj in model._default_manager.filter(pk__in=missing)
            )
    names = {}
    for f in relations:
        objects = by_model[f.related_model]
        ids = {getattr(r, f.attname) for r in records} - {None}
        if ids:
            names[f.name] = {pk: _name(objects[pk]) for pk in ids if pk in objects}
    return names


@functools.lru_cache(maxsize=4096)
def _fixed_choice_labels(f, language) -> dict:
    """A choice field's labels in ``language`` (the active one), built once per process."""
    return {value: str(label) for value, label in f.flatchoices}


def _choice_labels(f, language) -> dict:
    """``{value: label}`` of a field's choices in ``language``: kept per process for fixed
    choices, read each time for choices a callable computes (they may change)."""
    if isinstance(f.choices, (list, tuple)):
        return _fixed_choice_labels(f, language)
    return {value: str(label) for value, label in f.flatchoices}


@functools.lru_cache(maxsize=4096)
def _field_label(f, language) -> str:
    """A field's name as a change shows it, in ``language`` (the active one)."""
    return capfirst(str(f.verbose_name))


@functools.lru_cache(maxsize=64)
def _words(language) -> dict:
    """The words every entry repeats, in ``language`` (the active one): the actions and yes/no."""
    return {
        "actions": {key: str(label) for key, label in ACTIONS.items()},
        True: str(_("Ja")), False: str(_("Nej")),
    }


def _display(record, f, names, language=None) -> str:
    value = getattr(record, f.attname)
    if value in (None, ""):
        return "–"
    language = language or get_language()
    if f.choices:
        labels = _choice_labels(f, language)
        return labels[value] if value in labels else str(value)
    if f.is_relation:
        return names.get(f.name, {}).get(value, f"#{value}")
    if isinstance(value, bool):
        return _words(language)[value]
    if isinstance(value, datetime):  # stored in UTC: shown in local time, to the minute
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{local.year:04d}-{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"
    if isinstance(value, date):  # as date_format(value, "Y-m-d"), without its format machinery
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    return str(value)


def _tracked_fields(history_model):
    """The model's fields its history keeps (``HistoricalRecords(excluded_fields=...)`` left out)."""
    base = history_model.instance_type
    kept = {f.name for f in history_model.tracked_fields}
    return [
        f for f in base._meta.concrete_fields
        if f.name in kept and f.name not in IGNORED_FIELDS and f.name != base._meta.pk.name
    ]


def default_label(record, names) -> str:
    return str(record.instance)


def _ordered(qs: QuerySet, window: int | None) -> QuerySet:
    """The records newest first with their person; for a window of the newest ones, each
    with the id of the record just before it of the same object (``prev_history_id``)."""
    model = qs.model
    key = model.instance_type._meta.pk.attname
    ordered = qs.select_related("history_user").order_by("-history_date", "-history_id")
    if window is None:
        return ordered
    before = (
        model._default_manager.filter(
            **{key: OuterRef(key)}, history_date__lt=OuterRef("history_date")
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return ordered.annotate(prev_history_id=Subquery(before))[:window]


def _missing(records) -> set:
    """The records just before the loaded ones that are not loaded themselves."""
    loaded = {r.history_id for r in records}
    return {getattr(r, "prev_history_id", None) for r in records} - loaded - {None}


def _load(qs, window: int | None):
    """Records oldest first, and for a window of the newest ones, the records just before them
    (for the diff): two queries, whatever the size of the history."""
    if isinstance(qs, BoundHistory):
        return qs.load(window)
    model = qs.model
    records = list(_ordered(qs, window))
    if window is None:
        return list(reversed(records)), {}
    missing = _missing(records)
    earlier = {
        r.history_id: r for r in model._default_manager.filter(history_id__in=missing)
    } if missing else {}
    return list(reversed(records)), earlier


class CompiledHistory:
    """One object's (or a few objects') history read by ``entries_for`` with SQL built once per
    process (``isms.compiled.CompiledQuery``) instead of at every request: for the history
    blocks of the busiest detail pages, where building the queries cost more than running them.

    ``build(**sentinels)`` returns the historical queryset (e.g. ``Model.history.filter(id=x)``),
    its values compared with ``=`` only (a subquery for a set: ``__in=Other.objects.filter(...)
    .values("pk")``). ``bind(**values)`` gives what ``entries_for`` takes in place of the
    queryset. The records and their diffs are the queryset's exactly."""

    def __init__(self, build, *, prepare: bool = False, **sentinels):
        self._build, self._sentinels = build, sentinels
        self._records = CompiledQuery(self._windowed, prepare=prepare, **sentinels)
        self._earlier = CompiledQuery(self._before_window, prepare=prepare, **sentinels)
        self._model = None

    @property
    def model(self):
        if self._model is None:
            self._model = self._build(**self._sentinels).model
        return self._model

    def _windowed(self, *, key, **sentinels) -> QuerySet:
        return _ordered(self._build(**sentinels), key or None)

    def _before_window(self, *, key, **sentinels) -> QuerySet:
        """The records just before the window's records (all of them: the caller keeps those
        it lacks)."""
        window = _ordered(self._build(**sentinels), key)
        return self.model._default_manager.filter(
            history_id__in=window.values("prev_history_id")
        )

    def bind(self, **values) -> BoundHistory:
        return BoundHistory(self, values)


class BoundHistory:
    """A :class:`CompiledHistory` with its values: one queryset's worth for ``entries_for``."""

    def __init__(self, source: CompiledHistory, values: dict):
        self.source, self.values = source, values

    @property
    def model(self):
        return self.source.model

    def load(self, window: int | None):
        records = self.source._records.objects(key=window or 0, **self.values)
        if window is None:
            return list(reversed(records)), {}
        earlier = {}
        if _missing(records):
            earlier = {
                r.history_id: r
                for r in self.source._earlier.objects(key=window, **self.values)
            }
        return list(reversed(records)), earlier


class LoadedHistory(BoundHistory):
    """Every historical record of one object, read already by the caller (oldest first, with
    ``history_user``, as ``m2m_entries`` takes them): what ``entries_for`` takes in place of
    the queryset, so a page that needs all the records anyway (for its link history) reads
    them once. The window's records and the one its oldest is diffed against are those the
    queryset's two reads give (``_ordered``: the newest ``window``, and the latest record
    dated before the oldest of them)."""

    def __init__(self, model, records: list, before=None):
        """``before``: the record just before ``records`` when they are a window of the
        history (the first of them is compared with it, and it makes no entry)."""
        self._model, self._records, self._before = model, records, before

    @property
    def model(self):
        return self._model

    def load(self, window: int | None):
        records = self._records
        if window is None or len(records) <= window:
            if self._before is not None and records:
                records[0].prev_history_id = self._before.history_id
                return list(records), {self._before.history_id: self._before}
            return list(records), {}
        kept = records[-window:]
        first = kept[0]
        before = next(
            (r for r in reversed(records[:-window]) if r.history_date < first.history_date), None
        )
        if before is None:
            return kept, {}
        first.prev_history_id = before.history_id
        return kept, {before.history_id: before}


def _detail_changes(f, old_value, new_value, detail, language=None) -> list[Change]:
    """A structured field (e.g. JSON) shown as one change per readable part that differs."""
    old, new = detail(old_value), detail(new_value)
    name = _field_label(f, language or get_language())
    return [
        Change(f"{name}: {label}", old.get(label, ""), new.get(label, "–"))
        for label in [*new, *(k for k in old if k not in new)]
        if old.get(label) != new.get(label)
    ]


def _changes(record, before, fields, names, details=None, language=None) -> list[Change]:
    details = details or {}
    language = language or get_language()
    if record.history_type == "~" and before is not None:
        changes = []
        for f in fields:
            if f.name in details:
                changes += _detail_changes(
                    f, getattr(before, f.attname), getattr(record, f.attname), details[f.name],
                    language,
                )
                continue
            old = _display(before, f, names, language)
            new = _display(record, f, names, language)
            if old != new:
                changes.append(Change(_field_label(f, language), old, new))
        return changes
    if record.history_type == "+":
        changes = []
        for f in fields:
            if f.name in details:
                changes += _detail_changes(
                    f, None, getattr(record, f.attname), details[f.name], language
                )
                continue
            new = _display(record, f, names, language)
            if new != "–":
                changes.append(Change(_field_label(f, language), "", new))
        return changes
    return []


def entries_for(
    querysets: Iterable[QuerySet | BoundHistory], *, label=default_label, limit: int | None = None,
    offset: int = 0, details: dict | None = None, group=None, known=(),
) -> list[HistoryEntry]:
    """History entries, newest first, for the given historical querysets (or compiled
    reads, ``CompiledHistory.bind``).

    ``label(record, names)`` names the object an entry is about; ``names`` maps each foreign
    key field to ``{id: name}`` for the records loaded, so a label costs no query. Records of
    one object must all be in the same queryset so each change can be diffed against the record
    before it. With ``limit`` only the newest ``offset + limit`` records of each queryset are
    read (in SQL), so a page of history costs the same whatever the length of the trail.
    ``details`` maps a structured field's name (a JSON field) to ``value -> {label: text}``: the
    entry then lists each readable part that changed instead of the raw value.
    ``group(record, names)``, if given, sets each entry's ``group`` key (or None).
    ``known``: objects already loaded (of any model) that the records may point at; their
    names are taken from them instead of read again.
    """
    window = offset + limit if limit else None
    entries: list[HistoryEntry] = []
    language = get_language()  # once: asked per value, it was a tenth of a history's time
    actions = _words(language)["actions"]
    for qs in querysets:
        model = qs.model
        key_attname = model.instance_type._meta.pk.attname
        fields = _tracked_fields(model)
        type_name = capfirst(str(model.instance_type._meta.verbose_name))
        records, earlier = _load(qs, window)
        names = _relation_names([*records, *earlier.values()], fields, known)
        previous: dict = {}
        for record in records:
            key = getattr(record, key_attname)
            before = previous.get(key) or earlier.get(getattr(record, "prev_history_id", None))
            previous[key] = record
            changes = _changes(record, before, fields, names, details, language)
            reason = record.history_change_reason or ""
            if record.history_type == "~" and before is not None and not changes and not reason:
                continue  # a save that changed nothing worth showing
            entries.append(
                HistoryEntry(
                    date=record.history_date,
                    user=record.history_user,
                    action=actions.get(record.history_type, record.history_type),
                    object_type=type_name,
                    object_label=label(record, names),
                    changes=changes,
                    reason=reason,
                    group=group(record, names) if group else None,
                )
            )
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries[offset:window] if window else entries


@dataclass
class HistoryPage:
    """One page of history for the "Historik" pages, read with SQL limits (no full count)."""

    entries: list[HistoryEntry]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def page_number(raw, *, maximum: int = 10_000) -> int:
    """``?sida=`` parsed leniently: anything odd is page 1, never an error."""
    try:
        return min(max(int(raw), 1), maximum)
    except (TypeError, ValueError):
        return 1


def history_page(querysets, *, label=default_label, number: int = 1, per_page: int = 50):
    entries = entries_for(querysets, label=label, limit=per_page + 1, offset=(number - 1) * per_page)
    return HistoryPage(entries=entries[:per_page], number=number, has_next=len(entries) > per_page)


# --- Many-to-many links ------------------------------------------------------------------------
# A model declared with ``HistoricalRecords(m2m_fields=[...])`` snapshots those link fields on
# every historical record; the services change links from that model's side with
# ``_history_user = actor``. A link change is a record whose snapshot differs from the record
# before it. ``entries_for`` diffs concrete fields only; the two functions below give the link
# entries in the same ``HistoryEntry`` shape, at a fixed number of queries whatever the length
# of the history.

# Two link records by the same person this close together are one change (``set()`` removes
# and then adds, each with its own record).
MERGE_WINDOW = dt.timedelta(seconds=5)


def _m2m(model, field_name: str):
    """The historical link rows of ``model.<field_name>`` and their two foreign key names."""
    from simple_history.models import HistoricalRecords

    field = model._meta.get_field(field_name)
    return (
        HistoricalRecords.m2m_models[field].objects,
        field.m2m_field_name(), field.m2m_reverse_field_name(),
    )


def historical_records(model, attr: str = "history") -> QuerySet:
    """All historical records of ``model`` (what ``model.history.all()`` reads), through the
    historical model's own manager: getting ``model.history`` builds a new manager class on
    every access (``from_queryset``, through ``inspect.getmembers``: ~1 ms each)."""
    from simple_history.manager import HistoryDescriptor

    for klass in model.__mro__:
        descriptor = klass.__dict__.get(attr)
        if isinstance(descriptor, HistoryDescriptor):
            return descriptor.model._default_manager.all()
    return getattr(model, attr).all()


def _records(model, **lookup):
    return list(
        historical_records(model).filter(**lookup).select_related("history_user")
        .order_by("history_date", "history_id")
    )


# Swedish alphabetical order: å, ä, ö after z (Python's order puts ä before å), other accents
# with their letter (é as e).
_AFTER_Z = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def swedish_key(text: str) -> str:
    folded = text.casefold().translate(_AFTER_Z)
    return "".join(
        c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c)
    )


# The names of linked or unlinked objects a history entry shows; the rest are counted.
LINKS_SHOWN = 10


def _joined(ids, names: dict) -> str:
    """The first ``LINKS_SHOWN`` names in Swedish order, and how many more."""
    shown = sorted((names[i] for i in ids if i in names), key=swedish_key)
    text = ", ".join(shown[:LINKS_SHOWN])
    if len(shown) > LINKS_SHOWN:
        more = len(shown) - LINKS_SHOWN
        text += " " + ngettext("och %(n)d till", "och %(n)d till", more) % {"n": more}
    return text


def link_entries(*, model, field: str, target, visible, label=str) -> list[HistoryEntry]:
    """Seen from the linked object: when ``target`` was linked to / unlinked from each object
    of ``model`` (through its ``field``) in the queryset ``visible``. ``label(record)`` names
    the ``model`` object."""
    rows_manager, source, dest = _m2m(model, field)
    rows = rows_manager.filter(
        **{f"{dest}_id": target.pk, f"{source}_id__in": visible.values("pk")}
    ).values_list(f"{source}_id", "history_id")
    source_ids, linked_in = set(), set()
    for source_id, history_id in rows:
        source_ids.add(source_id)
        linked_in.add(history_id)
    if not source_ids:
        return []
    pk = model._meta.pk.attname
    return _link_transitions(model, _records(model, **{f"{pk}__in": source_ids}), linked_in, label)


def _link_transitions(model, records, linked_in, label) -> list[HistoryEntry]:
    """An entry for each record (oldest first) whose link to the target differs from the record
    before it of the same object: ``linked_in`` holds the ids of the records with the link."""
    pk = model._meta.pk.attname
    field_label = capfirst(str(model._meta.verbose_name_plural))
    object_type = capfirst(str(model._meta.verbose_name))
    entries, state = [], {}
    for record in records:
        key = getattr(record, pk)
        now, was = record.history_id in linked_in, state.get(key, False)
        state[key] = now
        if now == was:
            continue
        name = label(record)
        entries.append(HistoryEntry(
            date=record.history_date, user=record.history_user,
            action=str(_("Kopplad") if now else _("Kopplad bort")),
            object_type=object_type, object_label=name,
            changes=[Change(field_label, "", name) if now else Change(field_label, name, "–")],
        ))
    return entries


class CompiledLinks:
    """``link_entries`` for one link field, its SQL built once per process: every historical
    record of the ``model`` objects ever linked to the target, each marked whether it holds the
    link (``linked``), in one query whose only value is the target's id. ``entries(target_id,
    visible=...)`` keeps the objects ``visible(ids)`` returns (the caller's access selector)."""

    def __init__(self, *, model, field: str, prepare: bool = False):
        self._model, self._field = model, field
        self._query = CompiledQuery(self._build, prepare=prepare, target_id=-2_000_000_041)

    def _build(self, *, target_id) -> QuerySet:
        """Only the records where the link to the target starts or ends leave the database:
        each record marked whether it holds the link (``linked``: the target's rows hashed
        once, not probed per record) and compared with the record before it of the same
        object (``LAG``). An object the whole city shares has a record for each of its
        hundreds of links, and the target is in most of them."""
        from django.db.models import BooleanField, ExpressionWrapper, F, Q, Window
        from django.db.models.functions import Lag

        rows_manager, source, dest = _m2m(self._model, self._field)
        rows = rows_manager.filter(**{f"{dest}_id": target_id})
        pk = self._model._meta.pk.attname
        linked = ExpressionWrapper(
            Q(history_id__in=rows.values("history_id")), output_field=BooleanField(),
        )
        return (
            self._model.history.filter(**{f"{pk}__in": rows.values(f"{source}_id")})
            .annotate(
                linked=linked,
                was_linked=Window(
                    Lag(linked, default=False), partition_by=[F(pk)],
                    order_by=[F("history_date").asc(), F("history_id").asc()],
                ),
            )
            .exclude(linked=F("was_linked"))
            .select_related("history_user").order_by("history_date", "history_id")
        )

    def entries(self, target_id, *, visible, label=str) -> list[HistoryEntry]:
        """``visible(ids)``: which of the objects ``ids`` the viewer may see."""
        records = self._query.objects(target_id=target_id)
        pk = self._model._meta.pk.attname
        shown = visible({getattr(r, pk) for r in records}) if records else set()
        records = [r for r in records if getattr(r, pk) in shown]
        linked_in = {r.history_id for r in records if r.linked}
        return _link_transitions(self._model, records, linked_in, label)


def m2m_rows(model, field_name: str, instance_id, name_field: str = "name") -> QuerySet:
    """Every object linked in each historical record of ``model`` object ``instance_id``
    through ``field_name``: ``(history id, linked id, its name)``, the rows ``m2m_entries``
    reads when the reader sees every linked object (for ``rows=``, e.g. compiled)."""
    rows_manager, _source, dest = _m2m(model, field_name)
    return rows_manager.filter(**{f"history__{model._meta.pk.attname}": instance_id}).values_list(
        "history_id", f"{dest}_id", f"{dest}__{name_field}"
    )


def m2m_entries(
    *, instance, fields: dict, label=str, name_field: str = "name", records=None, rows=None,
) -> list[HistoryEntry]:
    """Seen from the object holding the links: the changes of its ``fields`` (``{field name:
    queryset of the linked objects the viewer may see, or None for all}``), one entry per
    change, a remove-and-add by the same person merged. Linked objects are named by their
    ``name_field``; ``label(record)`` names ``instance``.

    ``records``: the instance's historical records, oldest first with their ``history_user``,
    and ``rows``: ``{field name: [(history id, linked id, name)]}`` of the links the viewer may
    see, when the caller has read them (e.g. with SQL built once per process); else read here."""
    model = type(instance)
    if records is None:
        records = _records(model, **{model._meta.pk.attname: instance.pk})
    rows = rows or {}
    columns = []
    for field_name, visible in fields.items():
        rows_manager, source, dest = _m2m(model, field_name)
        read = rows.get(field_name)
        if read is None:
            read = rows_manager.filter(**{f"history__{model._meta.pk.attname}": instance.pk})
            if visible is not None:
                read = read.filter(**{f"{dest}__in": visible.values("pk")})
            read = read.values_list("history_id", f"{dest}_id", f"{dest}__{name_field}")
        snapshots, names = defaultdict(set), {}
        for history_id, linked_id, name in read:
            snapshots[history_id].add(linked_id)
            names[linked_id] = name
        verbose = model._meta.get_field(field_name).verbose_name
        columns.append((capfirst(str(verbose)), snapshots, names))
    return m2m_entries_from(model=model, records=records, columns=columns, label=label)


def m2m_entries_from(*, model, records, columns, label=str, base=None) -> list[HistoryEntry]:
    """``m2m_entries`` from rows the caller has read: ``records``, the object's historical
    records oldest first (with ``history_user``), and ``columns``, per link field ``(its shown
    name, {history_id: {linked id}}, {linked id: name})``, names only of the linked objects
    the viewer may see (a snapshot may hold others: a change of only those is no entry).

    ``base``: the record just before ``records`` when they are a window of the history (the
    newest few): the first of them is compared with its links, and it makes no entry of its
    own. Without it the first record is compared with no links.

    An entry names what each change linked and unlinked (``Change.added`` / ``removed``, a
    few names in Swedish order and how many more), not the whole list before and after: a
    service the whole city shares has hundreds of assets in every record."""
    previous = {
        column: frozenset(snapshots.get(base.history_id, ())) if base is not None else frozenset()
        for column, snapshots, _names in columns
    }
    found: list[tuple[HistoryEntry, dict]] = []
    last = None
    for record in records:
        changed = {}
        for column, snapshots, _names in columns:
            now = frozenset(snapshots.get(record.history_id, ()))
            if now != previous[column]:
                changed[column] = (previous[column], now)
            previous[column] = now
        if not changed:
            continue
        if (
            last is not None and last[0].user == record.history_user
            and record.history_date - last[0].date <= MERGE_WINDOW
        ):
            for column, (before, after) in changed.items():
                last[1][column] = (last[1].get(column, (before,))[0], after)
            continue
        last = (HistoryEntry(
            date=record.history_date, user=record.history_user, action=str(ACTIONS["~"]),
            object_type=capfirst(str(model._meta.verbose_name)), object_label=label(record),
        ), changed)
        found.append(last)
    named = {column: names for column, _snapshots, names in columns}
    entries = []
    for entry, changed in found:
        for column, (before, after) in changed.items():
            names = named[column]
            added = [i for i in after - before if i in names]
            removed = [i for i in before - after if i in names]
            if added or removed:
                entry.changes.append(_link_change(column, added, removed, names))
        if entry.changes:
            entries.append(entry)
    return entries


def _link_change(column: str, added, removed, names: dict) -> Change:
    added_text, removed_text = _joined(added, names), _joined(removed, names)
    said = [
        *([gettext("tillagda: %(names)s") % {"names": added_text}] if added else []),
        *([gettext("borttagna: %(names)s") % {"names": removed_text}] if removed else []),
    ]
    return Change(column, "", "; ".join(said), added=added_text, removed=removed_text)
