"""Personuppgifter i portalen: who may open a person's page (the person, the security function;
everyone else 404), the figures match direct counts, the registerutdrag (CSV, JSON), and the
query count stays flat as the person's records grow."""

import csv
import io
import json

import pytest
from django.urls import reverse

from klassning.models import InformationAsset
from notifieringar.services import notify
from nämnder import services as unit_services
from nämnder.models import Membership
from sparbarhet import personal_data
from sparbarhet.models import AuditEvent
from tests.klassning_helpers import make_asset

pytestmark = pytest.mark.django_db


def page_of(person):
    return reverse("sparbarhet:personal_data", args=[person.pk])


def test_a_person_opens_their_own_page_from_the_header(client_for, official):
    client = client_for(official)
    start = client.get("/").content.decode()
    mine = reverse("sparbarhet:my_personal_data")
    assert f'href="{mine}"' in start and "Mina personuppgifter" in start
    response = client.get(mine)
    assert response.status_code == 200
    assert "handlaggare.farsta" in response.content.decode()
    assert client.get(page_of(official)).status_code == 200


def test_the_security_function_opens_anyones_page(client_for, security_function, official):
    response = client_for(security_function).get(page_of(official))
    assert response.status_code == 200
    body = response.content.decode()
    assert "handlaggare.farsta" in body and "Farsta stadsdelsnämnd" in body
    assert reverse("sparbarhet:pseudonymise", args=[official.pk]) in body


@pytest.mark.parametrize("who", ["chief", "coordinator", "city_auditor", "outsider"])
def test_anyone_else_gets_404_for_another_persons_page(request, client_for, official, who):
    viewer = request.getfixturevalue(who)
    client = client_for(viewer)
    assert client.get(page_of(official)).status_code == 404
    assert client.get(page_of(official) + "?format=csv").status_code == 404
    # Whether the id exists or not: the same answer.
    assert client.get(reverse("sparbarhet:personal_data", args=[987654])).status_code == 404


def test_the_people_list_is_the_security_functions(client_for, security_function, chief,
                                                   city_auditor, official):
    url = reverse("sparbarhet:people")
    assert client_for(chief).get(url).status_code == 403
    assert client_for(city_auditor).get(url).status_code == 403
    response = client_for(security_function).get(url, {"q": "handlaggare"})
    assert response.status_code == 200
    body = response.content.decode()
    assert page_of(official) in body and "chef.farsta" not in body


def test_the_admin_links_a_person_to_their_page(client_for, security_function, official):
    client = client_for(security_function)
    change = client.get(reverse("admin:auth_user_change", args=[official.pk])).content.decode()
    assert page_of(official) in change
    assert reverse("sparbarhet:people") in client.get(
        reverse("admin:auth_user_changelist")).content.decode()


def _activity(unit, person, n):
    assets = [make_asset(unit, person, name=f"Register {person.pk}-{i}") for i in range(n)]
    notify(recipients=[person], kind="requirement_added", title="Ett krav", body="Text",
           dedupe_key=f"test:{person.pk}:{n}")
    return assets


def test_the_figures_match_direct_counts(farsta, bromma, official, coordinator, chief, rf):
    _activity(farsta, official, 3)
    _activity(farsta, coordinator, 2)  # someone else's records count for them, not here
    unit_services.membership_add(actor=chief, user=official, unit=farsta, role="auditor")
    request = rf.get("/")
    request.user = official
    from sparbarhet import services

    services.reads_record(request=request, model="klassning.informationasset", ids=[1, 2],
                          units={1: farsta.pk, 2: farsta.pk}, action="export")
    data = personal_data.personal_data(person=official)

    counts = {r["model"]: r["count"] for r in data.history_counts}
    assert counts["klassning.informationasset"] == InformationAsset.history.filter(
        history_user=official).count() == 3
    assert "namnder.membership" not in counts  # added by the chief and by the system
    assert data.history_total == sum(
        model.history.filter(history_user=official).count()
        for model, _h in personal_data.history_models()
    )
    events = AuditEvent.objects.filter(actor=official)
    assert data.audit_total == events.count()
    by_key = {r["key"]: r["count"] for r in data.audit_counts}
    assert by_key[("read", "export")] == 1
    assert by_key[("change", "+")] == events.filter(kind="change", action="+").count()
    assert [e["seq"] for e in data.latest_events] == list(
        events.order_by("-seq").values_list("seq", flat=True)[:20])
    assert data.notifications == {"total": 1, "unread": 1}
    assert sorted(m["role"] for m in data.memberships) == ["Handläggare", "Revisor"]
    history = data.membership_history
    assert len(history) == Membership.history.filter(user_id=official.pk).count() == 2
    assert history[0]["by"] == chief.get_full_name()  # the newest: added by the chief
    assert history[1]["by"] is None  # the first: by the system (the fixture)


def test_the_registerutdrag_as_csv_and_json(client_for, farsta, official):
    _activity(farsta, official, 2)
    client = client_for(official)
    response = client.get(reverse("sparbarhet:my_personal_data"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="registerutdrag-')
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Avsnitt", "Uppgift", "Värde"]
    assert ["Konto", "Användarnamn", "handlaggare.farsta"] in rows
    assert ["Historikposter som personen har gjort", "Informationsmängder", "2"] in rows
    assert any(r[0] == "Medlemskap" and r[1] == "Farsta stadsdelsnämnd" for r in rows)

    response = client.get(page_of(official), {"format": "json"})
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)["registerutdrag"]
    assert data["konto"]["anvandarnamn"] == "handlaggare.farsta"
    assert {"modell": "klassning.informationasset", "register": "Informationsmängder",
            "antal": 2} in data["historikposter"]
    assert data["notiser"] == {"total": 1, "unread": 1}
    assert client.get(page_of(official), {"format": "xml"}).status_code == 404


@pytest.mark.parametrize("n", [1, 15])
def test_the_page_costs_the_same_whatever_the_person_did(
    client_for, farsta, official, security_function, django_assert_max_num_queries, n
):
    _activity(farsta, official, n)
    client = client_for(security_function)
    client.get(page_of(official))  # warm caches (content types, sessions)
    # +1 the verified session's device (tvasteg), +1 the two-factor panel (the security function)
    with django_assert_max_num_queries(20):
        assert client.get(page_of(official)).status_code == 200


@pytest.mark.parametrize("n", [2, 40])
def test_the_people_list_costs_the_same_at_any_size(
    client_for, make_person, farsta, security_function, django_assert_max_num_queries, n
):
    for i in range(n):
        make_person(f"person{i}.farsta", farsta)
    client = client_for(security_function)
    with django_assert_max_num_queries(12):  # +1: the verified session's device (tvasteg)
        assert client.get(reverse("sparbarhet:people")).status_code == 200
