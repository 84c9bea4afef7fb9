"""The report page's history names what the archive recorded in words, not as a Python dict."""

import pytest
from django.urls import reverse

from isms.plugins import report_sections
from rapporter import services
from rapporter.models import ReportKind, ReportStatus

pytestmark = pytest.mark.django_db


def test_report_history_shows_readable_parameters(
    farsta, official, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_order(actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta,
                                       year=2025)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    body = client_for(official).get(reverse("report_detail", args=[report.pk])).content.decode()
    history = body.split('id="history-heading"')[1]
    assert "{&#x27;" not in history and "isms_version" not in history and "unit_id" not in history
    assert "Parametrar: Uppföljningsår" in history and "2025" in history
    assert "Parametrar: Enhet" in history and "Farsta stadsdelsnämnd" in history
    assert "Parametrar: Avsnitt med uppgifter ur portalen" in history
    # The recorded sections, whichever register apps are installed.
    recorded = ", ".join(str(s.title) for s in report_sections() if s.recorded)
    # The report opens with the dashboard's key figures (oversikt), then the riktlinje's order.
    assert recorded.startswith("Nyckeltal och jämförelse med staden, Organisation och roller, ")
    assert "Informationsklassning" in recorded
    assert recorded in history
    assert "Årets slut (31 december), ur historiken" in history
