"""Reads of steering documents. City-wide documents (no unit) are readable by everyone signed
in; a unit's documents by whoever may view the unit. Writes: a unit's documents need the
permission on the unit, city-wide ones the security function."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Case,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from isms.compiled import CompiledQuery, CompiledRows, Ids
from isms.dates import local_today
from isms.history import entries_for
from nämnder import access

from ..models import (
    DocumentKind,
    DocumentScope,
    DocumentStatus,
    DocumentVersion,
    SteeringDocument,
)


def _visible(user) -> QuerySet[SteeringDocument]:
    qs = SteeringDocument.objects.all()
    if access.sees_all_units(user):
        return qs
    return qs.filter(Q(unit__isnull=True) | Q(unit__in=access.visible_units(user).values("pk")))


def overdue_q(today: dt.date) -> Q:
    """A decided document whose next review date has passed."""
    return Q(status=DocumentStatus.DECIDED, next_review__lt=today)


def with_latest(qs: QuerySet, today: dt.date | None = None) -> QuerySet:
    latest = DocumentVersion.objects.filter(document=OuterRef("pk")).order_by("-number")
    return qs.annotate(
        latest_number=Subquery(latest.values("number")[:1]),
        latest_decided_on=Subquery(latest.values("decided_on")[:1]),
        latest_reference=Subquery(latest.values("reference")[:1]),
        is_overdue=Case(When(overdue_q(today or local_today()), then=Value(True)),
                        default=Value(False), output_field=BooleanField()),
    )


def document_list(*, user, unit=None, kind=None, status: str = "", q: str = "",
                  scope: str = "", overdue: bool = False) -> QuerySet[SteeringDocument]:
    qs = with_latest(_visible(user).select_related("unit", "kind"))
    if unit is not None:
        qs = qs.filter(unit=unit)
    if scope == DocumentScope.CITY:
        qs = qs.filter(unit__isnull=True)
    elif scope == DocumentScope.LOCAL:
        qs = qs.filter(unit__isnull=False)
    if kind is not None:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(owner__icontains=q))
    if overdue:
        qs = qs.filter(is_overdue=True)
    return qs.order_by("unit__name", "kind__order", "title", "pk")


def may_write(user, unit) -> bool:
    if unit is None:
        return access.is_city_security_function(user)
    return access.can(user, access.EDIT_RECORDS, unit)


def document_get(*, user, pk, perm: str = access.VIEW) -> SteeringDocument:
    """404 if the person may not see it; 403 on a write without the right."""
    document = access.get_for_user_or_404(
        user, with_latest(SteeringDocument.objects.select_related("unit", "kind")),
        visible=_visible(user), pk=pk,
    )
    if perm != access.VIEW and not (
        access.is_city_security_function(user) if document.unit is None
        else access.can(user, perm, document.unit)
    ):
        raise PermissionDenied
    return document


def document_versions(*, document) -> list[DocumentVersion]:
    return list(document.versions.select_related("created_by").order_by("-number"))


def version_get(*, user, document_pk, number) -> DocumentVersion:
    document = document_get(user=user, pk=document_pk)
    try:
        return document.versions.get(number=int(number))
    except (DocumentVersion.DoesNotExist, ValueError, OverflowError):
        from django.http import Http404
        raise Http404 from None


def document_history(*, document, limit: int | None = 100):
    return entries_for(
        [SteeringDocument.history.filter(id=document.pk),
         DocumentVersion.history.filter(document_id=document.pk)],
        label=lambda record, names: getattr(record, "title", None) or f"v{record.number}",
        limit=limit,
    )


def required_kinds() -> list[DocumentKind]:
    return list(_required_kinds_query())


def missing_required(*, units, documents: QuerySet | None = None) -> dict[int, list[DocumentKind]]:
    """{unit id: required kinds with no decided document}, for every unit given (two queries).
    ``documents``: the documents to count (a year-end state for the report), else the live."""
    unit_ids = [u.pk for u in units]
    if documents is None:  # the live tables: SQL built once per process
        kinds = _REQUIRED_KINDS.objects()
        present = set(_PRESENT.rows(unit_ids=unit_ids, kind_ids=[k.pk for k in kinds]))
    else:
        kinds = required_kinds()
        present = set(_present(documents, unit_ids, [k.pk for k in kinds]))
    return {pk: [k for k in kinds if (pk, k.pk) not in present] for pk in unit_ids}


def _present(documents, unit_ids, kind_ids) -> QuerySet:
    return (documents.filter(unit_id__in=unit_ids, status=DocumentStatus.DECIDED,
                             kind_id__in=kind_ids)
            .values_list("unit_id", "kind_id").distinct())


def _required_kinds_query() -> QuerySet[DocumentKind]:
    return DocumentKind.objects.filter(
        is_active=True, scope=DocumentScope.LOCAL, required_for_every_unit=True,
    ).order_by("order", "name")


_REQUIRED_KINDS = CompiledQuery(_required_kinds_query, prepare=True)
_PRESENT = CompiledRows(
    lambda unit_ids, kind_ids: _present(SteeringDocument.objects.all(), unit_ids, kind_ids),
    unit_ids=Ids(-2_000_000_330), kind_ids=Ids(-2_050_000_000), prepare=True,
)


def document_kinds(*, scope: str | None = None) -> QuerySet[DocumentKind]:
    qs = DocumentKind.objects.filter(is_active=True)
    return qs.filter(scope=scope) if scope else qs
