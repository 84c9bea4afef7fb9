"""The city dashboard: one row per active unit grouped by kind, sortable on the server, totals
and medians, units falling behind by the reference-data rules, drill-down, export; refused to
unit roles."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from nämnder.models import UnitKind
from oversikt.models import BehindRule, Comparison
from tests.klassning_helpers import approved, make_asset

pytestmark = pytest.mark.django_db

CITY = reverse("oversikt:city")


@pytest.fixture
def city_world(farsta, bromma, make_unit, official, chief, security_function):
    """Farsta 100 % classified, Bromma 0 %, a facknämnd with nothing, a bolag 50 %."""
    approved(make_asset(farsta, official, name="A"), official, chief, {"K": 1, "R": 1, "T": 1, "S": 1})
    make_asset(bromma, security_function, name="B")
    fack = make_unit("utbildning", "Utbildningsnämnden", kind=UnitKind.SPECIALIST_BOARD)
    bolag = make_unit("hem", "AB Stockholmshem", kind=UnitKind.COMPANY)
    approved(make_asset(bolag, security_function, name="C1"), security_function,
             _other_approver(bolag), {"K": 1, "R": 1, "T": 1, "S": 1})
    make_asset(bolag, security_function, name="C2")
    return {"farsta": farsta, "bromma": bromma, "fack": fack, "bolag": bolag}


def _other_approver(unit):
    from django.contrib.auth import get_user_model

    from nämnder.models import Role
    from nämnder.services import membership_add

    user = get_user_model().objects.create_user(f"chef.{unit.short_name}", password="x")
    membership_add(actor=None, user=user, unit=unit, role=Role.CHIEF)
    return user


def _rows(body: str) -> list[str]:
    import re

    return re.findall(r'<th scope="row"><a href="/oversikt/enheter/\d+/">([^<]+)</a>', body)


@pytest.mark.parametrize("persona", ["official", "coordinator", "chief", "unit_auditor", "outsider"])
def test_unit_roles_are_refused(persona, request, client_for):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(CITY).status_code == 403


@pytest.mark.parametrize("persona", ["city_auditor", "security_function"])
def test_city_wide_roles_see_every_unit_grouped_by_kind(persona, request, city_world, client_for):
    body = client_for(request.getfixturevalue(persona)).get(CITY).content.decode()
    for name in ("Farsta stadsdelsnämnd", "Bromma stadsdelsnämnd", "Utbildningsnämnden",
                 "AB Stockholmshem"):
        assert name in body
    assert body.index("Stadsdelsnämnder") < body.index("Facknämnder") < body.index(">Bolag<")
    assert f'href="{reverse("oversikt:unit", args=[city_world["bolag"].pk])}"' in body
    assert "Staden: median" in body and "Staden: summa" in body


def test_sorting_is_done_on_the_server(city_world, security_function, client_for):
    client = client_for(security_function)
    rows = _rows(client.get(CITY + "?sort=classified").content.decode())
    assert rows.index("Bromma stadsdelsnämnd") < rows.index("Farsta stadsdelsnämnd")
    rows = _rows(client.get(CITY + "?sort=-classified").content.decode())
    assert rows.index("Farsta stadsdelsnämnd") < rows.index("Bromma stadsdelsnämnd")
    body = client.get(CITY + "?sort=-classified").content.decode()
    assert 'aria-sort="descending"' in body
    # An unknown sort falls back to the names.
    assert client.get(CITY + "?sort=<script>").status_code == 200


def test_totals_are_parts_over_wholes(city_world, security_function):
    from oversikt.selectors import city_table

    table = city_table(user=security_function)
    keys = [f.key for f in table["figures"]]
    i = keys.index("classified")
    # 1 + 0 + 1 classified of 1 + 1 + 2 classifiable (the facknämnd has none).
    assert table["totals"][i]["value"] == 50
    # Median of 100, 0 and 50 (the facknämnd has nothing to count).
    assert table["medians"][i]["value"] == 50


def test_units_falling_behind_are_marked_in_text(city_world, security_function, client_for):
    body = client_for(security_function).get(CITY).content.decode()
    row = body[body.index("Bromma stadsdelsnämnd"):]
    row = row[:row.index("</tr>")]
    assert "⚠ " in row and "Klassad andel under 50 %" in row
    farsta = body[body.index(">Farsta stadsdelsnämnd<"):]
    farsta = farsta[:farsta.index("</tr>")]
    assert "Klassad andel under 50 %" not in farsta


def test_the_rules_are_reference_data(city_world, security_function, client_for):
    rule = BehindRule.objects.get(figure="classified")
    rule.threshold = 101
    rule.save()
    body = client_for(security_function).get(CITY).content.decode()
    farsta = body[body.index(">Farsta stadsdelsnämnd<"):]
    assert "Klassad andel under 50 %" in farsta[:farsta.index("</tr>")]
    BehindRule.objects.update(is_active=False)
    body = client_for(security_function).get(CITY).content.decode()
    assert "0 enheter ligger efter" in body
    BehindRule.objects.create(figure="incidents", comparison=Comparison.ABOVE, threshold=-1,
                              label="Testregel")
    assert "Testregel" in client_for(security_function).get(CITY).content.decode()


def test_seeded_rules():
    assert set(BehindRule.objects.values_list("figure", flat=True)) == {
        "classified", "notifications_late", "missing_documents"}


def test_security_function_edits_the_rules_in_the_admin(security_function, client_for):
    client = client_for(security_function)
    rule = BehindRule.objects.get(figure="classified")
    url = reverse("admin:oversikt_behindrule_change", args=[rule.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="training"' in page.content.decode()  # the registered figures are the choices
    response = client.post(url, {"figure": "classified", "comparison": "below", "threshold": 60,
                                 "label": "Klassad andel under 60 %", "order": 10,
                                 "is_active": "on"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.threshold == 60
    assert rule.history.first().history_user == security_function


def test_export_csv_and_xlsx(city_world, security_function, client_for):
    client = client_for(security_function)
    response = client.get(CITY + "?sort=classified&format=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Enhet", "Typ", "Klassad andel (%)"]
    assert rows[1][0] == "Bromma stadsdelsnämnd" and rows[1][2] == "0"
    assert "Klassad andel under 50 %" in rows[1][-1]
    assert len(rows) == 1 + 4
    response = client.get(CITY + "?format=xlsx")
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "AB Stockholmshem" in z.read("xl/worksheets/sheet1.xml").decode()
