"""The yearly report's section "Spårbarhet": the unit's changes and logged reads of the year
(counted from the audit trail), the chain's head at generation (löpnummer and the full SHA-256)
and the latest verification; the city report's summary columns per unit. PDFs via pdftotext."""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.db import connection

from isms.dates import local_today
from rapporter import services as report_services
from rapporter.models import ReportKind, ReportStatus
from sparbarhet import chain, report, services
from sparbarhet.models import AuditEvent, EventKind
from tests.klassning_helpers import make_asset

pytestmark = pytest.mark.django_db


def _text(report_obj) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-layout", report_obj.file.path, "-"],
                         capture_output=True, check=True).stdout.decode()
    return " ".join(out.split())


def _order(actor, capture, **kw):
    with capture(execute=True):
        obj = report_services.report_order(actor=actor, year=local_today().year, **kw)
    obj.refresh_from_db()
    assert obj.status == ReportStatus.DONE, obj.error
    return obj


def _read(user, unit, ids, action="view"):
    from django.test import RequestFactory

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9")
    request.user = user
    services.reads_record(request=request, model="klassning.informationasset", ids=ids,
                          units=dict.fromkeys(ids, unit.pk), action=action)


def _last_year_event(unit, user):
    """An event of last year (appended with that time): it must not count."""
    chain.append([{
        "occurred_at": dt.datetime(local_today().year - 1, 6, 1, 12, tzinfo=dt.UTC),
        "kind": EventKind.READ, "action": "view", "actor_id": user.pk, "unit_id": unit.pk,
        "object_type": "klassning.informationasset", "object_id": 1, "history_id": None,
        "client_address": None, "details": {},
    }])


def test_the_unit_figures_match_direct_counts(farsta, bromma, coordinator, outsider):
    asset = make_asset(farsta, coordinator)
    make_asset(bromma, outsider)
    _read(coordinator, farsta, [asset.pk])
    _read(coordinator, farsta, [asset.pk, asset.pk + 1000], action="export")
    _read(outsider, bromma, [7])
    _last_year_event(farsta, coordinator)
    year = local_today().year
    data = report.trail_section(unit=farsta, year=year)
    farsta_events = AuditEvent.objects.filter(unit=farsta, occurred_at__year=year)
    assert data["changes"] == farsta_events.filter(kind="change").count() >= 1
    assert data["reads"] == farsta_events.filter(kind="read").count() == 2
    head = AuditEvent.objects.order_by("-seq").first()
    assert (data["head_seq"], data["head_hash"]) == (head.seq, head.hash)


def test_the_unit_report_states_the_head_and_the_verification(
    farsta, coordinator, chief, django_capture_on_commit_callbacks
):
    asset = make_asset(farsta, coordinator)
    _read(coordinator, farsta, [asset.pk])
    verification = services.trail_verify()
    text = _text(_order(chief, django_capture_on_commit_callbacks, kind=ReportKind.UNIT_YEARLY,
                        unit=farsta))
    section = text[text.index("Spårbarhet Avser"):]
    match = re.search(r"Sista händelse: nr (\d+)\. Kontrollsumma \(SHA-256\): ([0-9a-f]{64})",
                      section)
    assert match, section[:600]
    seq, digest = int(match.group(1)), match.group(2)
    # The head as it was when the section was rendered: a real link of the chain.
    assert AuditEvent.objects.get(seq=seq).hash == digest
    assert seq >= verification.head_seq
    # The figures side by side: changes (the asset, memberships ...), then 1 read.
    assert re.search(r"\d+ 1 loggade ändringar under året loggade läsningar av skyddad", section)
    assert "Kedjan är hel" in section
    assert f"Kontrollerade händelser {verification.events_checked}" in section
    assert "Första brutna länk ingen" in section


def test_a_broken_chain_is_in_the_report(farsta, coordinator, chief,
                                         django_capture_on_commit_callbacks):
    for n in range(3):
        make_asset(farsta, coordinator, name=f"Register {n}")
    victim = AuditEvent.objects.order_by("seq")[1]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE sparbarhet_auditevent DISABLE TRIGGER USER")
            cursor.execute("UPDATE sparbarhet_auditevent SET object_id = 0 WHERE seq = %s",
                           [victim.seq])
            cursor.execute("ALTER TABLE sparbarhet_auditevent ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER sparbarhet_auditevent_no_update")
            cursor.execute("UPDATE sparbarhet_auditevent SET object_id = 0 WHERE seq = %s",
                           [victim.seq])
    services.trail_verify()
    text = _text(_order(chief, django_capture_on_commit_callbacks, kind=ReportKind.UNIT_YEARLY,
                        unit=farsta))
    section = text[text.index("Spårbarhet Avser"):]
    assert "Kedjan är bruten" in section
    assert f"Första brutna länk händelse nr {victim.seq}" in section


def test_the_city_report_summarises_per_unit(farsta, bromma, coordinator, outsider,
                                             security_function,
                                             django_capture_on_commit_callbacks):
    asset = make_asset(farsta, coordinator)
    _read(coordinator, farsta, [asset.pk])
    _read(coordinator, farsta, [asset.pk])
    services.trail_verify()
    year = local_today().year
    data = report.trail_section(unit=None, year=year, units=None)
    rows = data["summary"].rows
    assert rows[farsta.pk] == [2] and rows[bromma.pk] == [0]
    assert data["summary"].totals == [2]
    in_year = AuditEvent.objects.filter(occurred_at__year=year)
    assert data["changes"] == in_year.filter(kind="change").count()
    assert data["reads"] == in_year.filter(kind="read").count() == 2
    text = _text(_order(security_function, django_capture_on_commit_callbacks,
                        kind=ReportKind.CITY_YEARLY))
    # Up to the first numbered section after the summary (the sections' numbers depend on
    # which apps open the report).
    start = text.index("Sammanfattning per enhet Läget")
    summary = text[start:start + re.search(r"\d+\. Organisation och roller Läget",
                                           text[start:]).start()]
    # The header is hyphenated across lines in the PDF's text: read it from the HTML.
    from django.utils import timezone

    from rapporter.models import Report
    from rapporter.rendering import render_report_html

    html = render_report_html(report=Report(pk=1, kind=ReportKind.CITY_YEARLY, year=year),
                              generated_at=timezone.now())
    assert '<th scope="col" class="num">Loggade läsningar</th>' in html
    # The last column: Bromma's row ends in its 0 reads, Farsta's in its 2, the total is 2.
    bromma_row = summary.split("Bromma stadsdelsnämnd")[1].split("Farsta stadsdelsnämnd")[0]
    farsta_row = summary.split("Farsta stadsdelsnämnd")[1].split("Totalt")[0]
    totals = summary.split("Totalt")[1].split("LIS Stockholms stad")[0]
    assert [bromma_row.split()[-1], farsta_row.split()[-1], totals.split()[-1]] == ["0", "2", "2"]
    section = text[text.index("Spårbarhet Avser"):]
    assert re.search(r"Kontrollsumma \(SHA-256\): [0-9a-f]{64}", section)
    assert "Kedjan är hel" in section
