"""Registers as they were at a moment, rebuilt from django-simple-history.

``state_at(Model, at)`` is ``Model.objects.all()`` for ``at=None`` (the live tables) and otherwise
what ``Model.history.as_of(at)`` gives: for every object its last historical record at or before
``at`` (deleted objects left out), as one SQL query with a ``NOT EXISTS`` over later records, so
a count or a grouped aggregate over it stays one query whatever the number of objects. Unlike
simple-history's ``as_of`` it breaks ties on ``history_date`` by ``history_id`` (two records of
one object with the same timestamp, e.g. from a bulk import, would otherwise both count).

Rules for code that reads through it (the fields are the historical model's):
* match objects on ``id`` / ``<fk>_id``, never ``pk`` (a historical record's pk is its
  ``history_id``), e.g. ``OuterRef("id")``, ``unit_id__in=[u.pk for u in units]``;
* a join through a foreign key (``asset__unit``) reaches today's row of the related table, so
  narrow on the other register's own state instead (``asset_id__in=assets.values("id")``);
* many-to-many fields are not fields of the historical model (see the section that needs them).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone


def year_end(year: int) -> dt.datetime | None:
    """The last moment of ``year`` (local time), or None for the current year (then the report
    shows the registers at generation)."""
    if year >= timezone.localdate().year:
        return None
    return dt.datetime(year, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.get_current_timezone())


def state_at(model: type[Model], at: dt.datetime | None) -> QuerySet:
    if at is None:
        return model._default_manager.all()
    key = model._meta.pk.attname
    records = model.history.filter(history_date__lte=at)
    later = records.filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id")),
        **{key: OuterRef(key)},
    )
    return records.filter(~Exists(later)).as_instances()
