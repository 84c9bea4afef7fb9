"""The audit log's filters: unit, person, object type, kind, period; names on each row; bad
input is a Swedish field error on the page (200), never a 500 and never a silently wider list."""

import datetime as dt

import pytest

from nämnder.models import Role
from sparbarhet.models import AuditEvent, EventKind
from tests.klassning_helpers import make_asset
from tests.sparbarhet.log_helpers import URL, add_events, csv_rows, exported_seqs

pytestmark = pytest.mark.django_db
ASSET = "klassning.informationasset"


def _seqs(qs):
    return sorted(qs.values_list("seq", flat=True), reverse=True)


@pytest.fixture
def asset(farsta, coordinator):
    return make_asset(farsta, coordinator, name="Elevregister")


def test_filter_by_unit(asset, farsta, bromma, outsider, security_function, client_for):
    make_asset(bromma, outsider, name="Bromma-registret")
    client = client_for(security_function)
    assert exported_seqs(client, f"unit={bromma.pk}") == _seqs(AuditEvent.objects.filter(unit=bromma))
    add_events(2, unit=None, objects=[("klassning.requirement", 1)])
    assert exported_seqs(client, "unit=utan") == _seqs(AuditEvent.objects.filter(unit=None))


def test_filter_by_person_name_username_and_several(
    asset, farsta, coordinator, chief, official, security_function, client_for
):
    add_events(3, unit=farsta, actor=chief, objects=[(ASSET, asset.pk)])
    add_events(2, unit=farsta, actor=official, objects=[(ASSET, asset.pk)])
    client = client_for(security_function)
    by_chief = _seqs(AuditEvent.objects.filter(actor=chief))
    assert exported_seqs(client, "person=chef.farsta") == by_chief  # the username
    assert exported_seqs(client, "person=CHEF") == by_chief  # part of a name, any case
    # "farsta" is in both usernames: both people's events, and the page says so.
    both = _seqs(AuditEvent.objects.filter(actor__in=[chief, official, coordinator]))
    assert exported_seqs(client, "person=farsta") == both
    assert "Visar händelser för 3 personer" in client.get(URL + "?person=farsta").content.decode()


def test_filter_by_object_type_and_kind(asset, farsta, chief, client_for):
    add_events(2, unit=farsta, actor=chief, objects=[(ASSET, asset.pk)], kind=EventKind.READ,
               action="view")
    client = client_for(chief)
    assert exported_seqs(client, "kind=read") == _seqs(AuditEvent.objects.filter(kind="read"))
    assert exported_seqs(client, f"object_type={ASSET}") == _seqs(
        AuditEvent.objects.filter(object_type=ASSET, unit=farsta)
    )
    assert exported_seqs(client, f"object_type={ASSET}&kind=change") == _seqs(
        AuditEvent.objects.filter(object_type=ASSET, kind="change")
    )


def test_filter_by_period_whole_days_in_stockholm(farsta, chief, client_for):
    # After the fixtures' own events (today), as appended events are: 23:30 UTC on 9 March is
    # 00:30 on 10 March in Stockholm.
    start = dt.datetime(2030, 3, 8, 23, 30, tzinfo=dt.UTC)
    events = add_events(5, unit=farsta, actor=chief, start=start, step=dt.timedelta(days=1))
    client = client_for(chief)
    seqs = [e.seq for e in events]  # Stockholm days 9, 10, 11, 12, 13 March
    assert exported_seqs(client, "fran=2030-03-10&till=2030-03-12") == seqs[1:4][::-1]
    assert exported_seqs(client, "fran=2030-03-12") == seqs[3:][::-1]
    assert exported_seqs(client, "fran=2030-01-01&till=2030-03-09") == [seqs[0]]
    assert exported_seqs(client, "fran=2030-03-11&till=2030-03-11") == [seqs[2]]
    assert exported_seqs(client, "fran=2031-01-01&till=2031-01-02") == []
    assert exported_seqs(client, "till=2030-03-10") == _seqs(
        AuditEvent.objects.filter(unit=farsta, seq__lte=seqs[1])
    )


def test_a_deleted_object_reads_borttagen_and_an_export_its_count(
    asset, farsta, coordinator, chief, client_for
):
    gone = make_asset(farsta, coordinator, name="Gamla registret")
    add_events(1, unit=farsta, actor=chief, objects=[(ASSET, gone.pk + 1000)])
    add_events(1, unit=farsta, actor=chief, objects=[(ASSET, None)], kind=EventKind.READ,
               action="export", details={"ids": [asset.pk, gone.pk], "units": [farsta.pk]})
    rows = csv_rows(client_for(chief).get(URL + "?format=csv"))
    assert rows[0]["Objekt"] == "2 objekt"
    assert rows[0]["Objekt-id"] == f"{asset.pk}, {gone.pk}"
    assert rows[0]["Händelse"] == "Exporterad"
    assert rows[1]["Objekt"] == "(borttagen)"
    assert {r["Objekt"] for r in rows[2:]} >= {"Elevregister", "Gamla registret"}


def test_a_person_renamed_later_shows_the_new_name(asset, farsta, chief, client_for):
    """Events hold ids: a pseudonymised person shows under the pseudonym, the chain unchanged."""
    add_events(1, unit=farsta, actor=chief, objects=[(ASSET, asset.pk)])
    chief.first_name, chief.last_name = "Person", "7F3A"
    chief.save()
    rows = csv_rows(client_for(chief).get(URL + "?format=csv&person=chef.farsta"))
    assert {row["Person"] for row in rows} == {"Person 7F3A"}


def test_a_confidential_incidents_title_only_to_whom_may_read_it(
    farsta, chief, unit_auditor, client_for
):
    from tests.incidenter_helpers import report, update

    incident = update(report(farsta, chief), chief, title="Läckt lönefil", confidential=True)
    assert incident.confidential
    query = "object_type=incidenter.incident"
    names = {r["Objekt"] for r in csv_rows(client_for(chief).get(f"{URL}?{query}&format=csv"))}
    assert names == {"Läckt lönefil"}  # the chief reads its content
    names = {r["Objekt"] for r in csv_rows(client_for(unit_auditor).get(f"{URL}?{query}&format=csv"))}
    assert names == {"Konfidentiell incident"}
    assert "Läckt lönefil" not in client_for(unit_auditor).get(f"{URL}?{query}").content.decode()


@pytest.mark.parametrize(("query", "field", "message"), [
    ("fran=2026-02-30", "fran", "giltigt datum"),
    ("till=igår", "till", "giltigt datum"),
    ("fran=2026-03-10&till=2026-03-01", "till", "får inte vara före"),
    ("unit=999999", "unit", "giltigt alternativ"),
    ("unit=99999999999999999999999", "unit", "giltigt alternativ"),
    ("object_type=auth.user", "object_type", "giltigt alternativ"),
    ("kind=allt", "kind", "giltigt alternativ"),
    ("person=ingen-sadan-person", "person", "Ingen person"),
    ("person=a%00b", "person", ""),
    ("fore=abc", "fore", "heltal"),
    ("fore=99999999999999999999", "fore", ""),
    ("efter=-5", "efter", ""),
])
def test_bad_filter_input_is_a_swedish_field_error(
    asset, chief, client_for, query, field, message
):
    response = client_for(chief).get(f"{URL}?{query}")
    assert response.status_code == 200
    form = response.context["filters"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert response.context["page"] is None  # no list filtered otherwise than asked
    assert "Filtret kunde inte användas" in response.content.decode()
    export = client_for(chief).get(f"{URL}?{query}&format=csv")
    assert export.status_code == 200 and not export.streaming  # the page again, not a download


def test_another_units_id_is_no_choice_for_a_chief(asset, bromma, chief, client_for):
    response = client_for(chief).get(f"{URL}?unit={bromma.pk}")
    assert "unit" in response.context["filters"].errors
    assert "Bromma" not in response.content.decode()


def test_a_chief_has_no_city_wide_choice(asset, chief, client_for):
    response = client_for(chief).get(f"{URL}?unit=utan")
    assert "unit" in response.context["filters"].errors


def test_too_many_people_matching_asks_for_more_of_the_name(
    asset, farsta, make_person, chief, client_for
):
    for n in range(51):
        make_person(f"anna.{n:02}", farsta, Role.OFFICIAL)
    response = client_for(chief).get(f"{URL}?person=anna")
    assert "Fler än 50 personer" in " ".join(response.context["filters"].errors["person"])
    assert client_for(chief).get(f"{URL}?person=anna.07").context["page"] is not None
