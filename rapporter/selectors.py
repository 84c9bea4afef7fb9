"""Reads of the report archive. Every report a person sees goes through ``nämnder.access``.

A unit's report is visible to those who may view the unit (404 to everyone else); the city
report only to the city-wide roles (security function, city-wide auditors).
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nämnder import access
from nämnder.models import OrganisationUnit, UnitKind

from .models import Report, ReportDownload, ReportKind

MIN_YEAR = 2000


def validate_report_year(year) -> None:
    """A yearly report covers a past or the current year (the current one so far)."""
    latest = timezone.localdate().year
    if year is None or not (MIN_YEAR <= int(year) <= latest):
        raise ValidationError(
            {"year": _("Ange ett år mellan %(min)s och %(max)s.") % {"min": MIN_YEAR, "max": latest}}
        )


def can_order(*, user, kind: str, unit: OrganisationUnit | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if kind == ReportKind.CITY_YEARLY:
        return access.sees_all_units(user)
    return unit is not None and access.can(user, access.VIEW, unit)


def orderable_units(*, user) -> QuerySet[OrganisationUnit]:
    return (
        access.visible_units(user).exclude(kind=UnitKind.CITY).filter(is_active=True)
        .order_by("name")
    )


def scheduled_units() -> QuerySet[OrganisationUnit]:
    """Units that get a yearly report from the schedule: every active nämnd and bolag."""
    return OrganisationUnit.objects.filter(is_active=True).exclude(kind=UnitKind.CITY).order_by("name")


def report_units() -> QuerySet[OrganisationUnit]:
    """Units summarised in the city report (one row each)."""
    return scheduled_units()


def _visible_reports(user) -> QuerySet[Report]:
    # restrict() narrows on unit__in: city reports (no unit) stay only for city-wide roles.
    return access.restrict(user, Report.objects.select_related("unit", "ordered_by"))


def report_list(*, user, unit: OrganisationUnit | None = None, year: int | None = None):
    reports = _visible_reports(user)
    if unit is not None:
        reports = reports.filter(unit=unit)
    if year is not None:
        reports = reports.filter(year=year)
    return reports.order_by("-created_at", "-id")


def report_get(*, user, pk) -> Report:
    """The report, or 404 if ``user`` may not see it (or it does not exist)."""
    return access.get_for_user_or_404(
        user, Report.objects.select_related("unit", "ordered_by"), pk=pk
    )


def report_downloads(*, report: Report, limit: int = 100) -> QuerySet[ReportDownload]:
    return report.downloads.select_related("user").order_by("-downloaded_at", "-id")[:limit]


def report_history(*, report: Report):
    from isms.history import entries_for

    return entries_for([Report.history.filter(id=report.pk)], label=lambda r, n: str(r.year))


def file_sha256(uploaded) -> str:
    sha = hashlib.sha256()
    for chunk in uploaded.chunks():
        sha.update(chunk)
    return sha.hexdigest()


def report_verify(*, report: Report, uploaded) -> dict:
    """Whether an uploaded file is byte for byte the archived report (by SHA-256)."""
    digest = file_sha256(uploaded)
    return {"sha256": digest, "matches": bool(report.sha256) and digest == report.sha256,
            "name": uploaded.name, "size": uploaded.size}
