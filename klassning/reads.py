"""Which information assets and IT services are *skyddsvärd information*, whose reads go to the
read-access log (``isms.audit``; issue 14). Registered in ``KlassningConfig.ready()``.

- An **information asset** is protected when it is under säkerhetsskydd, or when its approved
  (``current_classification``) or latest classification reaches the city's thresholds in
  ``ClassificationSettings``: konfidentialitet (aspect "K") at or above
  ``read_log_confidentiality_level`` (default 3) or spårbarhet ("S") at or above
  ``read_log_traceability_level`` (default 2). The levels are the classification's per-aspect
  levels (``ClassificationAspectLevel``), so a draft that raises K to 3 is protected at once,
  and lowering an approved K3 to K2 keeps the asset protected until the new version is both
  approved and the latest.
- An **IT service** is protected when it holds (is linked to) at least one protected asset:
  its page names its assets with their approved levels and the levels the service must meet.
  The entry names the service and its own unit (the systemägare); which assets it held then is
  in the service's history (the links are snapshotted).

Each function answers for any number of ids in ONE query, the thresholds read inside it as
uncorrelated subqueries (a settings row not yet saved counts with the defaults). ``ids`` is a
list or a ``values("pk")`` queryset (an export hands its own queryset, see ``isms.audit``).
"""

from __future__ import annotations

import functools

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from isms import prepared

from .models import ClassificationAspectLevel, ClassificationSettings, InformationAsset, ITService

CONFIDENTIALITY, TRACEABILITY = "K", "S"
# The defaults of the model's fields, for a database whose settings row is not saved yet.
_DEFAULTS = {
    field: ClassificationSettings._meta.get_field(field).default
    for field in ("read_log_confidentiality_level", "read_log_traceability_level")
}


def _threshold(field: str):
    return Coalesce(
        Subquery(ClassificationSettings.objects.order_by("pk").values(field)[:1]),
        Value(_DEFAULTS[field]),
    )


def _reaches_thresholds(*classification_refs: str) -> Exists:
    """One of the classifications at ``OuterRef(ref)`` has K or S at its threshold. One
    subquery for both classifications: PostgreSQL planned two (each with its thresholds) for
    ~0.6 ms on every logged read, this in ~0.2 ms."""
    which = Q()
    for ref in classification_refs:
        which |= Q(classification_id=OuterRef(ref))
    return Exists(ClassificationAspectLevel.objects.filter(
        Q(aspect__code=CONFIDENTIALITY,
          level__gte=_threshold("read_log_confidentiality_level"))
        | Q(aspect__code=TRACEABILITY, level__gte=_threshold("read_log_traceability_level")),
        which,
    ))


def protected_q(prefix: str = "") -> Q:
    """The assets (reached through ``prefix``, e.g. ``"informationasset__"``) whose reads are
    logged."""
    return Q(**{f"{prefix}security_protection": True}) | Q(_reaches_thresholds(
        f"{prefix}current_classification", f"{prefix}latest_classification",
    ))


def _protected_assets():
    return InformationAsset.objects.filter(protected_q())


def _protected_services():
    links = ITService.assets.through.objects.filter(
        protected_q("informationasset__"), itservice_id=OuterRef("pk"),
    )
    return ITService.objects.filter(Exists(links))


@functools.cache
def _compiled(build, vendor: str) -> tuple[str, tuple]:
    """The SQL of ``build()``'s (pk, unit id) rows, compiled once per process and database
    vendor: compiling a query of six subqueries costs the ORM several milliseconds, more than
    the database takes to answer it for one id (issue 14: a logged read costs a few ms)."""
    rows = build().order_by().values(read_pk=F("pk"), read_unit=F("unit_id"))
    sql, params = rows.query.sql_with_params()
    return sql, tuple(params)


def _among(build, ids) -> dict[int, int]:
    """{pk: unit id} of the rows of ``build()`` among ``ids``, in one query."""
    if isinstance(ids, QuerySet):  # an export: its own queryset as a subquery
        return dict(build().filter(pk__in=ids).order_by().values_list("pk", "unit_id"))
    ids = [int(pk) for pk in ids]
    if not ids:
        return {}
    sql, params = _compiled(build, connection.vendor)
    placeholders = ", ".join(["%s"] * len(ids))
    # Only the ORM's own SQL and placeholders are put into the text; the values are parameters.
    query = f"SELECT read_pk, read_unit FROM ({sql}) protected WHERE read_pk IN ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        if len(ids) == 1:  # a page's read: prepared once per database session
            prepared.execute_sql(cursor, query, [*params, *ids],
                                 slots={"id": [len(params)]}, values={"id": ids[0]})
        else:
            cursor.execute(query, [*params, *ids])
        return dict(cursor.fetchall())


def protected_assets(ids) -> dict[int, int]:
    """{asset id: unit id} of the protected assets among ``ids``."""
    return _among(_protected_assets, ids)


def protected_services(ids) -> dict[int, int]:
    """{service id: unit id} of the IT services among ``ids`` that hold a protected asset."""
    return _among(_protected_services, ids)
