"""A chief's start page: the management system panel's row of each of their units is kept
between requests with the key figures (same day, same data version), so a page that finds it
kept reads none of the panel's figures; a change shows on the next page, equal to a direct
count, and a unit's name stays escaped."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from isms.dates import local_today
from ledningssystem.models import SteeringDocument
from ledningssystem.selectors.documents import overdue_q
from tests.ledningssystem.helpers import decided

pytestmark = pytest.mark.django_db


def _row(body, unit):
    """``unit``'s row of the management system panel: its cells' text."""
    section = body[body.index('id="ledningssystem-start"'):]
    match = re.search(rf"<tr><th scope=\"row\">{re.escape(unit.name)}</th>(.*?)</tr>", section,
                      re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)]


def test_the_chiefs_rows_are_kept_and_follow_a_change(farsta, coordinator, chief, client_for):
    client = client_for(chief)
    first = client.get(reverse("start")).content.decode()
    assert _row(first, farsta)[1] == "0"  # no review overdue

    with CaptureQueriesContext(connection) as ctx:
        kept = client.get(reverse("start")).content.decode()
    read = [q["sql"] for q in ctx.captured_queries
            if "ledningssystem_staffcount" in q["sql"] or "ledningssystem_course" in q["sql"]
            or "ledningssystem_documentkind" in q["sql"]]
    assert read == []  # neither training nor required documents read again
    assert _row(kept, farsta) == _row(first, farsta)

    yesterday = local_today() - dt.timedelta(days=1)
    decided(farsta, coordinator, next_review=yesterday)
    decided(farsta, coordinator, code="lokal-anvisning", next_review=yesterday, title="Andra")
    later = client.get(reverse("start")).content.decode()
    overdue = SteeringDocument.objects.filter(overdue_q(local_today()), unit=farsta).count()
    assert _row(later, farsta)[1] == str(overdue) == "2"


def test_a_units_name_is_escaped_in_the_chiefs_kept_row(make_unit, make_person, client_for):
    from nämnder.models import Role

    unit = make_unit("skript", "<script>alert(1)</script> nämnd")
    chief = make_person("chef.skript", unit, Role.CHIEF)
    client = client_for(chief)
    for _i in range(2):  # computed, then kept
        body = client.get(reverse("start")).content.decode()
        section = body[body.index('id="ledningssystem-start"'):]
        assert "<script>alert(1)</script>" not in section
        assert "&lt;script&gt;alert(1)&lt;/script&gt; nämnd" in section
