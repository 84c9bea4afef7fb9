"""The report archive, its download log and the integrity alarms are append-only in the database
itself: raw SQL can neither change nor remove a finished report, a download or an alarm (on
SQLite and on PostgreSQL; the PostgreSQL run is this file under DATABASE_URL). Unfinished
reports still go through their states, and flushing the database (transactional tests) works."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from rapporter import services
from rapporter.models import (
    Report,
    ReportDownload,
    ReportIntegrityAlarm,
    ReportKind,
    ReportStatus,
)

pytestmark = pytest.mark.django_db

# A changed value for every column of the report table: none may change once it is klar.
CHANGED = {
    "id": 999_999,
    "kind": "city_yearly",
    "unit_id": None,
    "year": 2001,
    "status": "failed",
    "ordered_by_id": None,
    "scheduled": True,
    "schedule_key": "unit_yearly:x:2001",
    "created_at": dt.datetime(2001, 1, 1, tzinfo=dt.UTC),
    "started_at": dt.datetime(2001, 1, 1, tzinfo=dt.UTC),
    "finished_at": None,
    "attempts": 7,
    "enqueued_at": dt.datetime(2001, 1, 1, tzinfo=dt.UTC),
    "error": "ändrad",
    "file": "rapporter/annan.pdf",
    "sha256": "0" * 64,
    "size": 1,
    "parameters": '{"year": 2001}',
}


def raw(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def refused(sql: str, params=()):
    with pytest.raises(IntegrityError), transaction.atomic():
        raw(sql, params)


@pytest.fixture
def download(report, official):
    return services.report_download_record(user=official, report=report)


@pytest.fixture
def alarm(report, official):
    return ReportIntegrityAlarm.objects.create(
        report=report, user=official, username=official.username,
        expected_sha256=report.sha256, actual_sha256="f" * 64,
    )


def test_every_column_of_the_report_table_is_covered():
    assert set(CHANGED) == {f.column for f in Report._meta.concrete_fields}


def test_no_column_of_a_finished_report_changes_raw_sql(report, chief, bromma):
    before = Report.objects.filter(pk=report.pk).values().get()
    for column in sorted(CHANGED):
        value = {"ordered_by_id": chief.pk, "unit_id": bromma.pk}.get(column, CHANGED[column])
        with pytest.raises(IntegrityError), transaction.atomic():
            raw(f"UPDATE rapporter_report SET {column} = %s WHERE id = %s", [value, report.pk])  # noqa: S608
            pytest.fail(f"{column} of a finished report was changed")
    assert Report.objects.filter(pk=report.pk).values().get() == before


def test_the_orderer_of_a_finished_report_cannot_be_changed(report, chief):
    refused("UPDATE rapporter_report SET ordered_by_id = %s WHERE id = %s", [chief.pk, report.pk])
    refused("UPDATE rapporter_report SET ordered_by_id = NULL WHERE id = %s", [report.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(ordered_by=chief)
    with pytest.raises(ValidationError):
        report.ordered_by = chief
        report.save()


def test_a_finished_report_cannot_be_deleted_raw_sql(report):
    refused("DELETE FROM rapporter_report WHERE id = %s", [report.pk])
    refused("DELETE FROM rapporter_report")
    assert Report.objects.filter(pk=report.pk).exists()


def test_the_download_log_is_insert_only(download, chief):
    before = ReportDownload.objects.filter(pk=download.pk).values().get()
    refused("UPDATE rapporter_reportdownload SET username = %s WHERE id = %s",
            ["någon annan", download.pk])
    refused("UPDATE rapporter_reportdownload SET user_id = %s WHERE id = %s",
            [chief.pk, download.pk])
    refused("UPDATE rapporter_reportdownload SET downloaded_at = %s WHERE id = %s",
            [dt.datetime(2001, 1, 1, tzinfo=dt.UTC), download.pk])
    refused("DELETE FROM rapporter_reportdownload WHERE id = %s", [download.pk])
    refused("DELETE FROM rapporter_reportdownload")
    assert ReportDownload.objects.filter(pk=download.pk).values().get() == before
    # New downloads are still logged.
    services.report_download_record(user=chief, report=download.report)
    assert ReportDownload.objects.filter(report=download.report).count() == 2


def test_the_integrity_alarms_are_insert_only(alarm):
    refused("UPDATE rapporter_reportintegrityalarm SET actual_sha256 = %s WHERE id = %s",
            [alarm.expected_sha256, alarm.pk])
    refused("DELETE FROM rapporter_reportintegrityalarm WHERE id = %s", [alarm.pk])
    assert ReportIntegrityAlarm.objects.filter(pk=alarm.pk, actual_sha256="f" * 64).exists()


def test_an_account_in_the_archive_cannot_be_deleted(download, alarm, official):
    """Deleting the account would rewrite the archive (SET NULL): it is refused, the account
    can be deactivated instead."""
    with pytest.raises(ProtectedError), transaction.atomic():
        official.delete()
    assert ReportDownload.objects.filter(pk=download.pk, user=official).exists()


def test_unfinished_reports_still_go_through_their_states(farsta, official):
    report = services.report_order(
        actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025
    )  # no on-commit run: stays köad
    services.report_mark_failed(report_id=report.pk, error="första försöket")
    assert raw("UPDATE rapporter_report SET error = 'x' WHERE id = %s", [report.pk]) == 1
    services.report_generate(report_id=report.pk)  # a retry: failed → generating → done
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.attempts == 1 and report.sha256
    # A failed or queued report may still be removed (it is not in the archive).
    other = services.report_order(
        actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2024
    )
    assert raw("DELETE FROM rapporter_report WHERE id = %s", [other.pk]) == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_can_still_be_flushed(farsta, official, django_capture_on_commit_callbacks):
    """``flush`` (transactional tests) empties the archive too, and the guards are back after."""
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_order(
            actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025
        )
    report.refresh_from_db()
    services.report_download_record(user=official, report=report)
    guards = trigger_count()
    call_command("flush", interactive=False, verbosity=0)
    assert not Report.objects.exists() and not ReportDownload.objects.exists()
    assert trigger_count() == guards == 6  # back in place after the flush


def trigger_count() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE "
                "'rapporter_%%'"
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relname LIKE 'rapporter_%%'"
            )
        return cursor.fetchone()[0]
