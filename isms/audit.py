"""Spårbarhet's kernel hooks: reads of protected information and bulk-written history.

The pages that show, export or hand out protected information belong to many apps (klassning's
assets, incidenter's confidential incidents, rapporter's PDFs); the audit trail belongs to one
(``sparbarhet``). The pages call the functions here and name no audit app; the audit app
registers itself as the *sink*. Without it installed the calls cost nothing and record nothing.

- :func:`register_read_source`: an app says which of its objects are protected (e.g. an asset
  classified K3 or S2 and above) and to which unit each belongs. Only reads of protected objects
  are logged.
- :func:`object_read` (a detail page, a file download) and :func:`objects_read` (an export: one
  entry naming every protected object in it) are what the pages call.
- :func:`register_read_sink`: the audit app's writer, ``(*, request, model, ids, units, action)``.
  It writes in the request's database connection and transaction, so an entry is never lost
  when the request succeeds.
- :func:`register_object_label`: how the audit log names an app's objects to a reader, when the
  object's own ``name`` or ``title`` is not for everyone who reads the log (a confidential
  incident's title). :func:`object_label` is what the log asks.
- :func:`bulk_create_with_history` / :func:`bulk_update_with_history`: django-simple-history's
  bulk helpers send no per-record signal; these send :data:`history_bulk_created` with the
  records they wrote, so the audit trail also sees changes written in bulk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import django.dispatch
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import QuerySet
from simple_history import utils as history_utils

# Actions of a read (stored in the audit trail; shown in Swedish by the audit app).
VIEW = "view"
EXPORT = "export"
DOWNLOAD = "download"

# Sent with ``sender`` = the historical model and ``records`` = the historical records written.
history_bulk_created = django.dispatch.Signal()


@dataclass(frozen=True)
class ReadSource:
    model: str  # "app_label.ModelName"
    # (ids) -> {id: unit id or None} for the ids that are protected (the others left out).
    # ``ids`` is a list or a ``values("pk")`` queryset: use it as ``filter(pk__in=ids)``.
    protected: Callable[[list[int]], dict]


_read_sources: dict[str, ReadSource] = {}
_read_sinks: list[Callable[..., None]] = []


def register_read_source(*, model: str, protected: Callable[[list[int]], dict]) -> None:
    key = model.lower()
    if key in _read_sources:
        raise ImproperlyConfigured(f"Read source {model!r} is registered twice.")
    _read_sources[key] = ReadSource(model=model, protected=protected)


# Audit log labels: model label -> (user) -> a query expression giving the text to show.
_object_labels: dict[str, Callable] = {}
# ... and (user) -> what that expression's SQL depends on (``register_object_label``'s ``key``).
_object_label_keys: dict[str, Callable] = {}
# Fields that name an object where no label is registered (the first the model has).
NAME_FIELDS = ("name", "title")


def register_object_label(*, model: str, label: Callable, key: Callable | None = None) -> None:
    """``label(user)`` -> a query expression on ``model`` (e.g. ``Case(When(<may read>,
    then=F("title")), default=Value("Konfidentiell incident"))``): what the audit log shows
    ``user`` as the current name of each object of ``model``.

    ``key(user)`` (optional) -> a hashable value that is equal for two users exactly when their
    labels' SQL is the same (the user's id and whatever else the label reads in Python, e.g.
    their units): the audit log then builds and compiles the label once per key and process
    instead of on every page (``object_label_key``)."""
    name = model.lower()
    if name in _object_labels and _object_labels[name] is not label:
        raise ImproperlyConfigured(f"Object label {model!r} is registered twice.")
    _object_labels[name] = label
    if key is not None:
        _object_label_keys[name] = key


def object_label(user, model):
    """The expression naming ``model``'s objects to ``user`` in the audit log: the registered
    one, else the model's own ``name`` or ``title`` field, else None (shown by type and id)."""
    from django.db.models import F

    registered = _object_labels.get(_label(model))
    if registered is not None:
        return registered(user)
    for name in NAME_FIELDS:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if getattr(field, "concrete", False) and not field.is_relation:
            return F(name)
    return None


def has_registered_label(model) -> bool:
    return _label(model) in _object_labels


def object_label_key(user, model):
    """The registered label's ``key`` for ``user`` (``register_object_label``); None: no key
    (build the label each time)."""
    key = _object_label_keys.get(_label(model))
    return key(user) if key is not None else None


def read_source_models() -> list[str]:
    """The models whose reads are logged ("app_label.modelname"), e.g. the audit log's filter."""
    return sorted(_read_sources)


def register_read_sink(sink: Callable[..., None]) -> None:
    if sink not in _read_sinks:
        _read_sinks.append(sink)


def _label(model) -> str:
    return model._meta.label_lower if hasattr(model, "_meta") else str(model).lower()


def objects_read(request, model, ids: Iterable[int] | QuerySet, *, action: str = EXPORT) -> None:
    """``request``'s user read the objects ``ids`` of ``model`` (an export, a report): one
    entry naming the protected ones among them, none when none is protected.

    ``ids`` may be a queryset of ``model`` (an export: the very queryset the rows are streamed
    from): it is handed to the source as a subquery, so the protected ones are found in the
    source's one query, the rows are not read twice and no list of every id travels to the
    database. The entry then names them in id order."""
    source = _read_sources.get(_label(model))
    if source is None or not _read_sinks:
        return
    if isinstance(ids, QuerySet):
        units = source.protected(ids.values("pk"))
        protected_ids = sorted(units)
    else:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return
        units = source.protected(ids)
        protected_ids = [pk for pk in ids if pk in units]
    if not units:
        return
    for sink in _read_sinks:
        sink(request=request, model=_label(model), ids=protected_ids, units=units, action=action)


def object_read(request, obj, *, action: str = VIEW) -> None:
    """``request``'s user saw ``obj`` (a detail page) or downloaded it: logged if protected."""
    objects_read(request, type(obj), [obj.pk], action=action)


def is_protected(obj) -> bool:
    """Whether reads of ``obj`` are logged (the pages may say so to the reader)."""
    source = _read_sources.get(_label(type(obj)))
    return bool(source and _read_sinks and source.protected([obj.pk]))


def bulk_create_with_history(objs, model, **kwargs):
    """django-simple-history's ``bulk_create_with_history``, telling the audit trail what it
    wrote (:data:`history_bulk_created`)."""
    before = _last_history_id(model)
    created = history_utils.bulk_create_with_history(objs, model, **kwargs)
    _send_written(model, before, [obj.pk for obj in created])
    return created


def bulk_update_with_history(objs, model, fields, **kwargs):
    """django-simple-history's ``bulk_update_with_history``, telling the audit trail."""
    before = _last_history_id(model)
    result = history_utils.bulk_update_with_history(objs, model, fields, **kwargs)
    _send_written(model, before, [obj.pk for obj in objs])
    return result


def _last_history_id(model):
    if not history_bulk_created.receivers:
        return None
    history_model = history_utils.get_history_model_for_model(model)
    last = history_model._default_manager.order_by("-history_id").values_list(
        "history_id", flat=True
    ).first()
    return last or 0


def _send_written(model, before, pks) -> None:
    """The historical records just written (those after ``before``), sent to the audit trail.
    The caller holds the objects' locks, so the new records are this call's."""
    if before is None or not history_bulk_created.receivers:
        return
    history_model = history_utils.get_history_model_for_model(model)
    records = list(
        history_model._default_manager.filter(
            history_id__gt=before, **{f"{model._meta.pk.attname}__in": pks}
        ).order_by("history_id")
    )
    if records:
        history_bulk_created.send(sender=history_model, records=records)
