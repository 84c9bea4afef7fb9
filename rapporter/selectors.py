"""Reads of the report archive. Every report a person sees goes through ``nämnder.access``.

A unit's report is visible to those who may view the unit (404 to everyone else); the city
report only to the city-wide roles (security function, city-wide auditors).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from isms import plugins
from isms.as_of import state_at
from nämnder import access
from nämnder.models import OrganisationUnit, UnitKind

from .models import Report, ReportDownload, ReportIntegrityAlarm, ReportKind, ReportStatus


def year_range() -> tuple[int, int]:
    """The years a report may be ordered for: ``REPORT_FIRST_YEAR`` up to the current year.

    The portal holds no data from before ``REPORT_FIRST_YEAR``, and only the changes section
    can look back in time (the other sections show the state when the report is generated).
    """
    return settings.REPORT_FIRST_YEAR, timezone.localdate().year


def validate_report_year(year) -> None:
    """A yearly report covers a past or the current year (the current one so far)."""
    first, latest = year_range()
    if year is None or not (first <= int(year) <= latest):
        raise ValidationError(
            {"year": _("Ange ett år mellan %(min)s och %(max)s.") % {"min": first, "max": latest}}
        )


def can_order(*, user, kind: str, unit: OrganisationUnit | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if kind == ReportKind.CITY_YEARLY:
        return access.sees_all_units(user)
    return unit is not None and access.can(user, access.VIEW, unit)


def orderable_units(*, user) -> QuerySet[OrganisationUnit]:
    return (
        access.visible_units(user).operational().order_by("name")
    )


def scheduled_units() -> QuerySet[OrganisationUnit]:
    """Units that get a yearly report from the schedule: every active nämnd and bolag."""
    return OrganisationUnit.objects.operational().order_by("name")


def report_units(*, at=None) -> QuerySet[OrganisationUnit]:
    """Units summarised in the city report (one row each): the active nämnder and bolag, as they
    were at ``at`` (year-end of a past year, from the history table) or today (``at`` None)."""
    if at is None:
        return scheduled_units()
    return (
        state_at(OrganisationUnit, at).filter(is_active=True).exclude(kind=UnitKind.CITY)
        .order_by("name")
    )


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


def sees_technical_errors(user) -> bool:
    """Only the city-wide security function (global permission to manage every unit's members)
    sees why a generation failed; everyone else gets a generic message."""
    return access.is_city_security_function(user)


def report_error_for(*, user, report: Report) -> str:
    """What ``user`` is told about a failed report: never raw exception text unless allowed."""
    if report.status != ReportStatus.FAILED:
        return ""
    if sees_technical_errors(user) and report.error:
        return report.error
    if report.error.startswith("WorkerLost:"):  # services.WORKER_LOST_PREFIX
        return _(
            "Rapporten kunde inte tas fram: bakgrundstjänsten avbröts vid varje försök (till "
            "exempel för att rapporten var för stor). Beställ den igen eller kontakta stadens "
            "informationssäkerhetsfunktion om felet kvarstår."
        )
    return _(
        "Rapporten kunde inte skapas. Beställ den igen eller kontakta stadens "
        "informationssäkerhetsfunktion om felet kvarstår."
    )


PARAMETER_LABELS = {
    "kind": gettext_lazy("Rapporttyp"),
    "year": gettext_lazy("Uppföljningsår"),
    "unit_name": gettext_lazy("Enhet"),
    "scheduled": gettext_lazy("Schemalagd beställning"),
    "isms_version": gettext_lazy("Portalens version"),
    "sections": gettext_lazy("Avsnitt med uppgifter ur portalen"),
    "figures_as_of": gettext_lazy("Siffrorna avser"),
    "pdf": gettext_lazy("PDF-format"),
    "language": gettext_lazy("Språk"),
    "time_zone": gettext_lazy("Tidszon"),
    "generated_at": gettext_lazy("Genererad"),
    "attachments": gettext_lazy("Bilagor i PDF-filen"),
}
# Technical keys kept in the archive but not worth a line on the page.
HIDDEN_PARAMETERS = {"unit_id", "unit_short_name"}


def _parameter_text(key: str, value) -> str:
    from .sections import report_sections

    if value in (None, ""):
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if key == "kind":
        return str(dict(ReportKind.choices).get(value, value))
    if key == "sections":
        titles = {s.key: str(s.title) for s in report_sections()}
        return ", ".join(titles.get(s.get("key"), s.get("key", "")) for s in value
                         if isinstance(s, dict) and s.get("recorded")) or "–"
    if key == "attachments":
        return ", ".join(
            ngettext("%(name)s (%(rows)s rad)", "%(name)s (%(rows)s rader)", a.get("rows") or 0)
            % {"name": a.get("name", ""), "rows": a.get("rows") or 0}
            for a in value if isinstance(a, dict)
        ) or "–"
    if key == "figures_as_of":
        return _("Årets slut (31 december), ur historiken") if value == "year_end" else _(
            "Läget vid generering")
    if key == "pdf":
        return str(value).upper().replace("PDF/A-3B", "PDF/A-3b")
    if key == "generated_at":
        parsed = parse_datetime(str(value))
        return date_format(timezone.localtime(parsed), "Y-m-d H:i") if parsed else str(value)
    return str(value)


def report_parameter_details(parameters) -> dict[str, str]:
    """The archived parameters as readable label → text (for the report's history)."""
    if not isinstance(parameters, dict):
        return {}
    return {
        str(PARAMETER_LABELS.get(key, key)): _parameter_text(key, value)
        for key, value in parameters.items() if key not in HIDDEN_PARAMETERS
    }


def report_history(*, report: Report, user):
    from isms.history import entries_for

    entries = entries_for(
        [Report.history.filter(id=report.pk)], label=lambda r, n: str(r.year),
        details={"parameters": report_parameter_details},
    )
    if sees_technical_errors(user):
        return entries
    error_label = capfirst(str(Report._meta.get_field("error").verbose_name))
    for entry in entries:
        entry.changes = [c for c in entry.changes if c.field != error_label]
    return entries


def report_integrity_alarms(*, report: Report, limit: int = 20) -> QuerySet[ReportIntegrityAlarm]:
    return report.integrity_alarms.order_by("-detected_at", "-id")[:limit]


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


def queue_status():
    """The report queue for the operations page: waiting, running, failed in the last day."""
    since = timezone.now() - dt.timedelta(days=1)
    row = Report.objects.aggregate(
        waiting=Count("pk", filter=Q(status=ReportStatus.QUEUED)),
        oldest=Min("created_at", filter=Q(status=ReportStatus.QUEUED)),
        running=Count("pk", filter=Q(status=ReportStatus.GENERATING)),
        failed=Count("pk", filter=Q(status=ReportStatus.FAILED, finished_at__gte=since)),
    )
    return plugins.QueueStatus(waiting=row["waiting"], running=row["running"],
                       oldest_waiting=row["oldest"], failed_recently=row["failed"])
