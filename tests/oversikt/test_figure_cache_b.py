"""The city's key figures kept between requests (``oversikt.figure_cache``): the dashboards stop
counting every register on each view, and a change still shows on the next view; what is kept
is the same for everyone who may see a unit, and to-do items stay live."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from incidenter.models import Applicability, Incident, IncidentObligation
from klassning.models import InformationAsset
from nämnder.models import Role
from oversikt import figure_cache, selectors
from oversikt.models import KeptFigures
from tests.incidenter_helpers import report
from tests.klassning_helpers import approved, make_asset
from tests.oversikt.world import build_farsta, submitted

pytestmark = pytest.mark.django_db

CITY = reverse("oversikt:city")
REGISTER_TABLES = ('"klassning_informationasset"', '"risk_risk"', '"incidenter_incident"',
                   '"ledningssystem_steeringdocument"')


def _figure(response, key, unit):
    figures = response.context["figures"]
    return next(f for f in figures if f.key == key).values.get(unit.pk)


def _direct(key, unit):
    """The figure counted now, from the registers, without anything kept."""
    figures = selectors.figures_for(units=selectors.city_units(), today=timezone.localdate())
    return next(f for f in figures if f.key == key).values.get(unit.pk)


def test_a_second_view_reads_no_register(farsta, bromma, official, coordinator, chief,
                                         security_function, client_for):
    build_farsta(farsta=farsta, official=official, coordinator=coordinator, chief=chief)
    client = client_for(security_function)
    client.get(CITY)
    with CaptureQueriesContext(connection) as second:
        body = client.get(CITY).content.decode()
    read = " ".join(q["sql"] for q in second.captured_queries)
    assert not [t for t in REGISTER_TABLES if t in read]
    assert "Farsta stadsdelsnämnd" in body and "beräknade kl." in body


def test_a_change_shows_on_the_next_view(farsta, bromma, official, chief, security_function,
                                         client_for):
    asset = make_asset(farsta, official, name="Elevregister")
    make_asset(farsta, official, name="Personalakter")
    client = client_for(security_function)
    assert _figure(client.get(CITY), "classified", farsta) == 0
    approved(asset, official, chief, {"K": 1, "R": 1, "T": 1, "S": 1})
    assert _figure(client.get(CITY), "classified", farsta) == 50 == _direct("classified", farsta)
    report(bromma, security_function)
    assert _figure(client.get(CITY), "incidents", bromma) == 1


def test_the_chiefs_start_page_shows_a_change_at_once(farsta, official, chief, client_for):
    asset = make_asset(farsta, official, name="Elevregister")
    client = client_for(chief)
    body = client.get(reverse("start")).content.decode()
    assert "Klassningar att fastställa" not in body
    submitted(asset, official)
    body = client.get(reverse("start")).content.decode()
    assert "Klassningar att fastställa: 1" in body  # the to-do item, live
    units = client.get(reverse("start")).context["units"]
    row = next(r for r in units[0]["figures"] if r.figure.key == "classified")
    assert row.value == _direct("classified", farsta) == 0


def test_a_kept_figure_is_the_same_for_whoever_computed_it(farsta, bromma, make_person, official,
                                                         chief, security_function, client_for):
    """The chief of Farsta's view keeps every unit's figures; the chief of Bromma then sees
    Bromma's own figures (counted, not Farsta's), and never Farsta's on their page. A
    confidential incident counts in its unit whoever looks."""
    incident = report(bromma, security_function)
    Incident.objects.filter(pk=incident.pk).update(confidential=True)
    figure_cache.forget()  # the update above wrote no history
    make_asset(bromma, security_function, name="Bromma register")
    bromma_chief = make_person("chef.bromma", bromma, Role.CHIEF)
    client_for(chief).get(reverse("start"))
    assert KeptFigures.objects.count() == 1
    response = client_for(bromma_chief).get(reverse("start"))
    body = response.content.decode()
    (entry,) = response.context["units"]
    assert entry["unit"] == bromma
    values = {r.figure.key: r.value for r in entry["figures"]}
    assert values["incidents"] == 1 == _direct("incidents", bromma)
    assert values["classified"] == _direct("classified", bromma) == 0
    assert "Nyckeltal: Farsta" not in body
    assert _figure(client_for(security_function).get(CITY), "incidents", bromma) == 1


def test_kept_figures_expire_at_the_next_reporting_deadline(farsta, official, security_function,
                                                            client_for):
    """An unsent notification counts as late once its deadline passes, without any write: the
    kept figures are valid until then at the latest."""
    incident = report(farsta, official, discovered_at=timezone.now() - dt.timedelta(minutes=30))
    IncidentObligation.objects.filter(incident=incident).update(applies=Applicability.APPLIES)
    first = IncidentObligation.objects.filter(incident=incident).order_by("deadline").first()
    client_for(security_function).get(CITY)
    kept = KeptFigures.objects.get()
    if first.deadline < kept.computed_at + figure_cache.max_age():
        assert kept.valid_until == first.deadline
    assert kept.valid_until <= kept.computed_at + figure_cache.max_age()


def test_expired_or_another_days_figures_are_computed_again(farsta, official, security_function,
                                                            client_for):
    make_asset(farsta, official, name="Elevregister")
    client = client_for(security_function)
    client.get(CITY)
    KeptFigures.objects.update(valid_until=timezone.now() - dt.timedelta(seconds=1))
    InformationAsset.objects.filter(unit=farsta).delete()  # no history: only the expiry tells
    assert _figure(client.get(CITY), "classified", farsta) is None


def test_the_version_is_raised_once_after_the_commit(farsta, official,
                                                     django_capture_on_commit_callbacks):
    before = figure_cache.data_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_asset(farsta, official, name="A")
    assert figure_cache.data_version() > before
    assert len(callbacks) == len(set(callbacks))  # raised once per transaction


def test_the_hit_costs_the_same_at_two_sizes(farsta, bromma, make_unit, official, chief,
                                             security_function, client_for,
                                             django_assert_max_num_queries):
    client = client_for(security_function)
    client.get(CITY)
    with CaptureQueriesContext(connection) as few:
        client.get(CITY)
    hit = len(few.captured_queries)
    for i in range(6):
        unit = make_unit(f"enhet-{i}")
        make_asset(unit, security_function, name=f"Register {i}")
    client.get(CITY)
    with django_assert_max_num_queries(hit):
        body = client.get(CITY).content.decode()
    assert "Enhet-5 stadsdelsnämnd" in body


def test_a_login_event_keeps_the_figures(farsta, official, chief):
    """A person's second-factor event (an enrolment, a recovery code used at login) counts in no
    figure: the version stays; a register write raises it."""
    from tvasteg.models import EventKind, TwoFactorEvent

    before = figure_cache.data_version()
    TwoFactorEvent.objects.create(user=chief, kind=EventKind.ENROLLED)
    assert figure_cache.data_version() == before
    make_asset(farsta, official, name="A")
    assert figure_cache.data_version() > before
