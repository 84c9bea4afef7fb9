"""Review fixes: a frozen archive verified on download, no raw errors for most users, the
orderable years and snapshot labels, and the changes section read by year in SQL."""

import datetime as dt
import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nämnder import services as unit_services
from nämnder.models import OrganisationUnit
from rapporter import services
from rapporter.models import Report, ReportDownload, ReportIntegrityAlarm, ReportKind, ReportStatus
from rapporter.sections.changes import changes_section
from tests.rapporter_helpers import pdf_text

pytestmark = pytest.mark.django_db

GENERIC_ERROR = "Rapporten kunde inte skapas. Beställ den igen eller kontakta"


def order(actor, unit, capture, year=2025, kind=ReportKind.UNIT_YEARLY):
    with capture(execute=True):
        report = services.report_order(actor=actor, kind=kind, unit=unit, year=year)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    return report


@pytest.fixture
def report(farsta, official, django_capture_on_commit_callbacks):
    return order(official, farsta, django_capture_on_commit_callbacks)


@pytest.fixture
def failed(farsta, official):
    report = services.report_order(
        actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025
    )
    services.report_mark_failed(
        report_id=report.pk, error="RuntimeError: /srv/hemlig/sökväg saknas"
    )
    return report


# --- 1a. The archive is frozen ----------------------------------------------------------------

@pytest.mark.parametrize("field, value", [
    ("parameters", {"year": 1999}),
    ("error", "ändrad i efterhand"),
    ("finished_at", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
    ("started_at", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
    ("attempts", 9),
    ("year", 2024),
])
def test_no_field_of_a_finished_report_can_be_saved(report, field, value):
    setattr(report, field, value)
    with pytest.raises(ValidationError):
        report.save()
    report.refresh_from_db()
    assert getattr(report, field) != value


def test_bulk_update_of_a_finished_report_is_refused_by_the_database(report):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(parameters={"year": 1999})
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(sha256="0" * 64)
    report.refresh_from_db()
    assert report.parameters["year"] == 2025 and report.sha256 != "0" * 64
    # The orderer is frozen too (an account in the archive cannot be deleted: PROTECT).
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(ordered_by=None)


def test_a_finished_report_cannot_be_deleted(report):
    with pytest.raises(ValidationError):
        report.delete()
    with pytest.raises(ValidationError):
        Report.objects.filter(pk=report.pk).delete()
    assert Report.objects.filter(pk=report.pk).exists()


def test_services_never_write_a_finished_report(report):
    before = Report.objects.filter(pk=report.pk).values().get()
    services.report_mark_failed(report_id=report.pk, error="sent fel")
    services.report_generate(report_id=report.pk)
    assert Report.objects.filter(pk=report.pk).values().get() == before


def test_an_unfinished_report_can_still_be_changed_by_the_services(failed):
    failed.refresh_from_db()
    assert failed.status == ReportStatus.FAILED
    Report.objects.filter(pk=failed.pk).update(error="kan ändras")  # not archived: no guard


# --- 1b. Downloads re-check the SHA-256 -------------------------------------------------------

def test_download_of_a_tampered_file_is_refused_recorded_and_logged(
    report, unit_auditor, client_for, caplog
):
    with open(report.file.path, "ab") as stored:
        stored.write(b"%% manipulerad")
    client = client_for(unit_auditor)
    with caplog.at_level(logging.ERROR, logger="rapporter.services"):
        response = client.get(reverse("report_download", args=[report.pk]))
    assert response.status_code == 409
    body = response.content.decode()
    assert "Rapporten kan inte laddas ner" in body
    assert "Den lagrade filen stämmer inte med arkivet" in body
    assert response["Content-Type"].startswith("text/html")
    assert not ReportDownload.objects.exists()
    alarm = ReportIntegrityAlarm.objects.get()
    assert alarm.report == report and alarm.user == unit_auditor
    assert alarm.expected_sha256 == report.sha256 and alarm.actual_sha256 != report.sha256
    assert any("Integritetslarm" in r.getMessage() for r in caplog.records)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "Integritetslarm" in page and "revisor.farsta" in page


def test_download_of_a_missing_file_is_refused(report, official, client_for):
    report.file.storage.delete(report.file.name)
    response = client_for(official).get(reverse("report_download", args=[report.pk]))
    assert response.status_code == 409
    alarm = ReportIntegrityAlarm.objects.get()
    assert alarm.actual_sha256 == ""


def test_intact_download_is_served_and_logged(report, official, client_for):
    response = client_for(official).get(reverse("report_download", args=[report.pk]))
    assert response.status_code == 200
    with report.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    assert ReportDownload.objects.get().user == official
    assert not ReportIntegrityAlarm.objects.exists()


# --- 1c. No raw exception text for users outside the security function ------------------------

def test_failed_report_shows_a_generic_message_to_unit_users(
    failed, official, unit_auditor, city_auditor, client_for
):
    for user in (official, unit_auditor, city_auditor):
        client = client_for(user)
        status = client.get(reverse("report_status", args=[failed.pk])).json()
        assert status["status"] == "failed"
        assert GENERIC_ERROR in status["error"] and "RuntimeError" not in status["error"]
        page = client.get(reverse("report_detail", args=[failed.pk])).content.decode()
        assert GENERIC_ERROR in page
        assert "RuntimeError" not in page and "hemlig" not in page  # nor in the history table


def test_security_function_sees_the_technical_error(failed, security_function, client_for):
    client = client_for(security_function)
    status = client.get(reverse("report_status", args=[failed.pk])).json()
    assert status["error"] == "RuntimeError: /srv/hemlig/sökväg saknas"
    page = client.get(reverse("report_detail", args=[failed.pk])).content.decode()
    assert "RuntimeError: /srv/hemlig/sökväg saknas" in page


def test_status_of_an_unfailed_report_has_no_error(report, official, client_for):
    status = client_for(official).get(reverse("report_status", args=[report.pk])).json()
    assert status == {"status": "done", "label": "Klar", "error": ""}


# --- 2. Orderable years and snapshot labels ---------------------------------------------------

def test_years_before_the_first_or_after_the_current_are_refused(farsta, official, client_for):
    client = client_for(official)
    url = reverse("report_list")
    this_year = timezone.localdate().year
    early = client.post(url, {"kind": ReportKind.UNIT_YEARLY, "unit": farsta.pk, "year": 2005})
    assert early.status_code == 400
    assert "Ange ett år från 2024. Portalen har inga uppgifter från tidigare år." in (
        early.content.decode()
    )
    late = client.post(url, {"kind": ReportKind.UNIT_YEARLY, "unit": farsta.pk,
                             "year": this_year + 1})
    assert late.status_code == 400
    assert f"Ange ett år till och med {this_year}." in late.content.decode()
    with pytest.raises(ValidationError) as info:
        services.report_order(actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2023)
    assert "2024" in info.value.message_dict["year"][0]
    assert not Report.objects.exists()


def test_first_year_is_configurable(farsta, official, settings, client_for):
    settings.REPORT_FIRST_YEAR = 2020
    report = services.report_order(
        actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2020
    )
    assert report.year == 2020
    page = client_for(official).get(reverse("report_list")).content.decode()
    assert 'min="2020"' in page


def test_pdf_labels_snapshot_sections_and_the_year_of_the_changes(
    farsta, official, django_capture_on_commit_callbacks
):
    report = order(official, farsta, django_capture_on_commit_callbacks, year=2025)
    text = pdf_text(report.file.read())
    generated = timezone.localtime(report.finished_at).strftime("%Y-%m-%d")
    # A past year: organisation, classification (and any other app's snapshot section) show
    # 31 December (rebuilt from history).
    assert "Övriga avsnitt visar läget vid årets slut, 2025-12-31" in text  # cover
    from isms.plugins import report_sections
    snapshots = [s for s in report_sections() if s.snapshot and s.recorded]
    assert {"organisation", "informationsklassning"} <= {s.key for s in snapshots}
    assert text.count("Läget vid årets slut, 2025-12-31.") == len(snapshots)
    assert f"Läget vid rapportens generering, {generated}" not in text
    assert "Avser perioden 2025-01-01 – 2025-12-31." in text


# --- 3. Changes of the year, filtered in SQL --------------------------------------------------

def _at(year, month, day):
    return dt.datetime(year, month, day, 12, tzinfo=timezone.get_current_timezone())


def _date_unit_history(unit, dates):
    """Move the unit's history records (oldest first) to the given dates."""
    records = list(OrganisationUnit.history.filter(id=unit.pk).order_by("history_date", "history_id"))
    assert len(records) == len(dates)
    for record, when in zip(records, dates, strict=True):
        OrganisationUnit.history.filter(history_id=record.history_id).update(history_date=when)


def test_changes_section_lists_only_the_years_changes_with_old_values(farsta, chief):
    unit = unit_services.unit_update(actor=chief, unit=farsta, expected_version=farsta.version,
                                     chief_name="Anna Före")
    unit = unit_services.unit_update(actor=chief, unit=unit, expected_version=unit.version,
                                     chief_name="Bertil Under")
    unit_services.unit_update(actor=chief, unit=unit, expected_version=unit.version,
                              chief_name="Cecilia Efter")
    _date_unit_history(farsta, [_at(2024, 2, 1), _at(2024, 11, 5), _at(2025, 5, 10),
                                _at(2026, 3, 3)])
    data = changes_section(unit=farsta, year=2025)
    # Only the change made in 2025 is listed (memberships were all created in 2026).
    assert [(e.date, e.action) for e in data["entries"]] == [(_at(2025, 5, 10), "Ändrad")]
    assert data["entries_total"] == 1
    changes = {c.field: (c.old, c.new) for c in data["entries"][0].changes}
    assert ("Anna Före", "Bertil Under") in changes.values()  # diffed against the record before
    assert "Cecilia Efter" not in str(data["entries"])
    assert data["total"] == 1
    assert data["by_register"] == [{"register": "Organisationsenheter", "created": 0,
                                    "changed": 1, "deleted": 0, "total": 1}]
    assert ">1<" in str(data["chart"])  # May's column
    assert changes_section(unit=farsta, year=2024)["total"] == 2


def test_changes_section_filters_history_by_date_in_sql(farsta, chief):
    unit = farsta
    for i in range(5):
        unit = unit_services.unit_update(actor=chief, unit=unit, expected_version=unit.version,
                                         chief_name=f"Chef {i}")
    with CaptureQueriesContext(connection) as queries:
        changes_section(unit=farsta, year=2025)
    history_queries = [q["sql"] for q in queries.captured_queries
                       if "historicalorganisationunit" in q["sql"].lower()
                       or "historicalmembership" in q["sql"].lower()]
    assert history_queries
    assert all("history_date" in sql for sql in history_queries)
