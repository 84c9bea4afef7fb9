"""The registers' sections of the chief's dashboard (issue 13, point 1): the unit's residual-risk
heatmap, its incidents per month by category over twelve months, and the prioritised IT
services it uses with their fulfilment and their owner's acknowledgement; each compared with
the city median and with a direct count in its register."""

from __future__ import annotations

import datetime as dt
import html
import statistics

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from incidenter.models import Incident, IncidentCategory
from isms import charts
from klassning.models import PlanStatus, Requirement, ServiceRequirement
from nämnder.models import OrganisationUnit
from oversikt import figure_cache, selectors
from risk import matrix as risk_matrix
from risk.models import Risk, RiskStatus
from tests.incidenter_helpers import report
from tests.klassning_helpers import make_service
from tests.risk_helpers import make_risk

pytestmark = pytest.mark.django_db


def _section(unit, key, user=None):
    data = selectors.unit_dashboards(user=user, units=[unit], todo=False)
    parts = {p["section"].key: p["data"] for p in data["units"][0]["sections"]}
    return parts[key]


def _risk(unit, actor, title, residual=None, status=None):
    risk = make_risk(unit, actor, title=title, likelihood=4, consequence=4)
    fields = {}
    if residual:
        fields.update(residual_likelihood=residual[0], residual_consequence=residual[1])
    if status:
        fields["status"] = status
    Risk.objects.filter(pk=risk.pk).update(**fields)
    return risk


def _city_medians_per_level(matrix):
    """Direct: per active unit, its current residually assessed risks per level; the median."""
    per_unit = {u.pk: {lv.rank: 0 for lv in matrix.levels}
                for u in OrganisationUnit.objects.operational()}
    for risk in Risk.objects.exclude(status=RiskStatus.CLOSED).filter(
            residual_likelihood__isnull=False, unit__in=list(per_unit)):
        level = matrix.level_for(risk.residual_likelihood * risk.residual_consequence)
        per_unit[risk.unit_id][level.rank] += 1
    return {lv.rank: statistics.median(c[lv.rank] for c in per_unit.values())
            for lv in matrix.levels}


@pytest.fixture
def risks(farsta, bromma, coordinator, security_function):
    _risk(farsta, coordinator, "Åtgärdad läcka", residual=(2, 2))
    _risk(farsta, coordinator, "Accepterad risk", residual=(2, 2), status=RiskStatus.ACCEPTED)
    _risk(farsta, coordinator, "Stängd risk", residual=(2, 2), status=RiskStatus.CLOSED)
    _risk(farsta, coordinator, "Hög kvar", residual=(4, 3))
    _risk(farsta, coordinator, "Ej bedömd")
    for i in range(3):
        _risk(bromma, security_function, f"Bromma {i}", residual=(4, 4))


def test_residual_heatmap_matches_the_register(risks, farsta, chief, client_for):
    data = _section(farsta, "risk_heatmap")
    matrix = risk_matrix.load()
    live = Risk.objects.filter(unit=farsta).exclude(status=RiskStatus.CLOSED)
    for row in data["rows"]:
        for cell in row["cells"]:
            direct = live.filter(residual_likelihood=cell["likelihood"],
                                 residual_consequence=cell["consequence"]).count()
            assert cell["count"] == direct, (cell["likelihood"], cell["consequence"])
    assert data["unassessed"] == live.filter(residual_likelihood__isnull=True).count() == 1
    medians = _city_medians_per_level(matrix)
    for row in data["levels"]:
        assert row["median"] == medians[row["level"].rank]
        assert row["count"] == sum(
            1 for r in live.filter(residual_likelihood__isnull=False)
            if matrix.level_for(r.residual_likelihood * r.residual_consequence) == row["level"]
        )

    # The cell links to the register filtered on the same risks (closed ones left out).
    cell = next(c for row in data["rows"] for c in row["cells"]
                if (c["likelihood"], c["consequence"]) == (2, 2))
    assert cell["count"] == 2
    body = client_for(chief).get(cell["href"]).content.decode()
    assert "Åtgärdad läcka" in body and "Accepterad risk" in body
    assert "Stängd risk" not in body and "Hög kvar" not in body


def test_unit_page_shows_the_heatmap_as_a_table_with_levels_in_text(risks, farsta, chief,
                                                                    client_for):
    body = client_for(chief).get(reverse("oversikt:unit", args=[farsta.pk])).content.decode()
    section = body[body.index('id="section-risk_heatmap-'):]
    section = section[:section.index("</section>")]
    assert '<th scope="col">' in section and '<th scope="row">' in section
    assert "Kvarstående risk per nivå jämförd med stadens median" in section
    assert "1 aktuell risk är ännu inte bedömd efter behandling" in section
    level = risk_matrix.load().level_for(4)
    assert level.name in section  # the level in text in each cell, not colour alone


def test_register_filter_current_leaves_out_closed_risks(risks, farsta, coordinator, client_for):
    url = reverse("risk:risk_list") + f"?unit={farsta.pk}&status=aktuella"
    body = client_for(coordinator).get(url).content.decode()
    assert "Ej bedömd" in body and "Accepterad risk" in body
    assert "Stängd risk" not in body


# --- Incidents per month by category -----------------------------------------------------------

def _months_ago(n: int) -> dt.datetime:
    today = timezone.localdate()
    year, month = today.year, today.month - n
    while month < 1:
        year, month = year - 1, month + 12
    return dt.datetime(year, month, 10, 12, tzinfo=timezone.get_current_timezone())


def _in_month(n: int) -> dt.datetime:
    """A moment ``n`` months ago that has passed: ``_months_ago``'s 10th at noon, or for this
    month, before the 10th, a minute ago (not before the month began). An incident discovered
    in the future is refused, so the 10th failed this test on the 1st to the 10th of a month."""
    moment = _months_ago(n)
    if n == 0:
        start = moment.replace(day=1, hour=0)
        moment = min(moment, max(start, timezone.now() - dt.timedelta(minutes=1)))
    return moment


def _incident(unit, actor, discovered_at, category=None, confidential=False):
    incident = report(unit, actor, discovered_at=discovered_at)
    Incident.objects.filter(pk=incident.pk).update(category=category, confidential=confidential)
    return incident


@pytest.fixture
def incidents(farsta, bromma, official, security_function):
    categories = list(IncidentCategory.objects.order_by("order")[:3])
    phishing, loss, secret = categories
    now = timezone.now() - dt.timedelta(minutes=1)
    _incident(farsta, official, now, phishing)
    _incident(farsta, official, now, phishing)
    _incident(farsta, official, now)  # uncategorised
    _incident(farsta, official, _months_ago(2), loss)
    _incident(farsta, official, _months_ago(1), secret, confidential=True)
    _incident(farsta, official, _months_ago(13), loss)  # older than twelve months
    for _i in range(3):
        _incident(bromma, security_function, now, phishing)
    return categories


def test_incidents_per_month_match_direct_counts(incidents, farsta, bromma):
    phishing, loss, secret = incidents
    data = _section(farsta, "incidents_per_month")
    start = _months_ago(11).replace(day=1, hour=0)
    recent = Incident.objects.filter(unit=farsta, discovered_at__gte=start)
    assert data["total"] == recent.count() == 5
    columns = data["columns"]
    assert phishing.name in columns and loss.name in columns
    assert secret.name not in columns  # a confidential incident's category is not shown
    assert "Konfidentiella (kategori redovisas inte)" in columns
    assert len(data["rows"]) == 12
    for i, row in enumerate(data["rows"]):
        first = _months_ago(11 - i).replace(day=1, hour=0)
        nxt = _months_ago(10 - i).replace(day=1, hour=0) if i < 11 else timezone.now()
        in_month = recent.filter(discovered_at__gte=first, discovered_at__lt=nxt)
        assert row["total"] == in_month.count(), row["label"]
        for name, value in zip(columns, row["values"], strict=True):
            if name == phishing.name:
                assert value == in_month.filter(category=phishing, confidential=False).count()
            if name == loss.name:
                assert value == in_month.filter(category=loss, confidential=False).count()
    by_name = {c["name"]: c for c in data["categories"]}
    # City median over the active units (Farsta 2, Bromma 3).
    assert by_name[phishing.name]["count"] == 2
    assert by_name[phishing.name]["median"] == statistics.median([2, 3])
    assert data["total_median"] == statistics.median([5, 3])
    assert by_name[phishing.name]["url"].endswith(f"&category={phishing.pk}")


def test_incident_chart_has_a_text_alternative_and_a_table(incidents, farsta, chief, client_for):
    body = client_for(chief).get(reverse("oversikt:unit", args=[farsta.pk])).content.decode()
    section = body[body.index('id="section-incidents_per_month-'):]
    section = section[:section.index("</section>")]
    assert '<svg' in section and 'role="img"' in section and "<title>" in section
    assert "<figcaption>" in section
    assert "Incidenter per månad och kategori (diagrammets värden)" in section
    assert "Stadens median" in section
    assert html.escape(incidents[2].name) not in section


def test_stacked_chart_tells_series_apart_by_pattern_and_names_them():
    svg = str(charts.stacked_column_chart(
        ["jan", "feb"], [("Nätfiske", [1, 2]), ("<Förlust>", [0, 3])], title="T", id_prefix="x",
    ))
    assert 'id="x-p1"' in svg and 'fill="url(#x-p1)"' in svg
    assert "&lt;Förlust&gt;" in svg and "Nätfiske" in svg
    assert ">5<" in svg  # the month's total above its column


# --- Prioritised IT services --------------------------------------------------------------------

def _requirements(service, statuses, acknowledged, actor):
    for requirement, status, ack in zip(Requirement.objects.order_by("pk"), statuses, acknowledged,
                                        strict=False):
        ServiceRequirement.objects.create(
            it_service=service, requirement=requirement, status=status,
            acknowledged_by=actor if ack else None,
            acknowledged_at=timezone.now() if ack else None,
        )


@pytest.fixture
def services(farsta, bromma, make_unit, official, security_function):
    third = make_unit("tredje")
    s = {}
    s["all"] = make_service(bromma, security_function, name="E-post", user_units=[farsta, bromma])
    _requirements(s["all"], [PlanStatus.FULFILLED, PlanStatus.IN_PROGRESS], [True, True],
                  security_function)
    s["partly"] = make_service(third, security_function, name="Skolplattformen",
                               user_units=[farsta, third])
    _requirements(s["partly"], [PlanStatus.NOT_STARTED, PlanStatus.NOT_APPLICABLE,
                                PlanStatus.FULFILLED], [True, False, False], security_function)
    s["not"] = make_service(farsta, security_function, name="Lönesystem",
                            user_units=[farsta, bromma])
    _requirements(s["not"], [PlanStatus.IN_PROGRESS], [False], security_function)
    s["other"] = make_service(third, security_function, name="Bygglov",
                              user_units=[bromma, third])
    s["small"] = make_service(farsta, security_function, name="Lokalt system",
                              user_units=[farsta])
    return s


def _direct(service):
    items = ServiceRequirement.objects.filter(it_service=service, is_current=True)
    applicable = items.exclude(status=PlanStatus.NOT_APPLICABLE).count()
    fulfilled = items.filter(status=PlanStatus.FULFILLED).count()
    return fulfilled, applicable, items.filter(acknowledged_at__isnull=True).count(), items.count()


def test_prioritised_services_of_the_unit_with_fulfilment_and_acknowledgement(services, farsta):
    data = _section(farsta, "prioritised_services")
    rows = {r["service"].name: r for r in data["services"]}
    assert set(rows) == {"E-post", "Skolplattformen", "Lönesystem"}  # used by > half (2 of 3)
    for key in ("all", "partly", "not"):
        row = rows[services[key].name]
        fulfilled, applicable, missing, total = _direct(services[key])
        assert (row["fulfilled"], row["applicable"]) == (fulfilled, applicable)
    assert rows["E-post"]["acknowledgement_text"] == "Alla kvitterade"
    assert rows["Skolplattformen"]["acknowledgement_text"] == "Delvis: 1 av 3 kvitterade"
    assert rows["Lönesystem"]["acknowledgement_text"] == "Inte kvitterade"
    assert rows["Lönesystem"]["owns"] and not rows["E-post"]["owns"]


def test_prioritised_services_figures_against_the_city_median(services, farsta, bromma):
    data = _section(farsta, "prioritised_services")
    fulfilment, acknowledged = data["figures"]

    def shares(unit, names):
        direct = [_direct(services[n]) for n in names]
        ful = sum(d[0] for d in direct) * 100 / sum(d[1] for d in direct)
        required = [d for d in direct if d[3]]
        ack = sum(1 for d in required if not d[2]) * 100 / len(required)
        return round(ful), round(ack)

    mine = shares(farsta, ["all", "partly", "not"])
    assert (fulfilment["value"], acknowledged["value"]) == mine
    city = [mine, shares(bromma, ["all", "not", "other"])]
    # The third unit uses Skolplattformen (and Bygglov, with no requirements).
    third = shares(None, ["partly"])
    city.append(third)
    assert fulfilment["median"] == statistics.median(c[0] for c in city)
    assert acknowledged["median"] == statistics.median(c[1] for c in city)


def test_unit_page_links_each_prioritised_service(services, farsta, chief, client_for):
    body = client_for(chief).get(reverse("oversikt:unit", args=[farsta.pk])).content.decode()
    section = body[body.index('id="section-prioritised_services-'):]
    section = section[:section.index("</section>")]
    for key in ("all", "partly", "not"):
        assert reverse("klassning:service_detail", args=[services[key].pk]) in section
    assert "Bygglov" not in section and "Lokalt system" not in section
    for key in ("all", "partly", "not"):
        url = reverse("klassning:service_detail", args=[services[key].pk])
        assert client_for(chief).get(url).status_code == 200


# --- Access and cost ----------------------------------------------------------------------------

def test_chief_sees_only_their_units_sections(risks, incidents, farsta, bromma, chief, client_for):
    client = client_for(chief)
    assert client.get(reverse("oversikt:unit", args=[bromma.pk])).status_code == 404
    body = client.get(reverse("oversikt:unit", args=[farsta.pk])).content.decode()
    assert f'id="section-risk_heatmap-{farsta.pk}"' in body
    assert f'id="section-incidents_per_month-{farsta.pk}"' in body
    assert f"section-risk_heatmap-{bromma.pk}" not in body
    assert "Bromma 0" not in body


def test_unit_auditor_sees_the_sections(risks, farsta, unit_auditor, client_for):
    body = client_for(unit_auditor).get(
        reverse("oversikt:unit", args=[farsta.pk])).content.decode()
    assert f'id="section-risk_heatmap-{farsta.pk}"' in body
    assert f'id="section-prioritised_services-{farsta.pk}"' in body


def _grow(make_unit, farsta, security_function, official, n):
    phishing = IncidentCategory.objects.order_by("order").first()
    units = [make_unit(f"extra-{n}-{i}") for i in range(n)]
    for i, unit in enumerate(units):
        _risk(unit, security_function, f"Risk {n}-{i}", residual=(3, 3))
        _risk(farsta, security_function, f"Farsta {n}-{i}", residual=(4 - i % 4, 2))
        _incident(unit, security_function, _in_month(i % 12), phishing)
        _incident(farsta, official, _in_month(i % 12), phishing)
    everyone = [farsta, *units]
    for i in range(3):
        service = make_service(farsta, security_function, name=f"Tjänst {n}-{i}",
                               user_units=everyone)
        _requirements(service, [PlanStatus.FULFILLED, PlanStatus.IN_PROGRESS], [True, False],
                      security_function)


def test_sections_cost_a_fixed_number_of_queries(farsta, bromma, official, chief,
                                                 security_function, make_unit, client_for,
                                                 django_assert_max_num_queries):
    # The sections are on the unit's dashboard only (the start page links to it; helper G).
    url = reverse("oversikt:unit", args=[farsta.pk])
    client = client_for(chief)
    _grow(make_unit, farsta, security_function, official, 2)
    client.get(url)
    figure_cache.forget()  # both measured views compute the city's key figures
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _grow(make_unit, farsta, security_function, official, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert "Tjänst 8-2" in body and f'id="section-risk_heatmap-{farsta.pk}"' in body


def test_unit_report_has_the_chart_and_the_services(incidents, services, farsta, settings):
    from weasyprint import HTML

    from rapporter import rendering
    from rapporter.models import Report, ReportKind

    html_text = rendering.render_report_html(
        report=Report(pk=7, kind=ReportKind.UNIT_YEARLY, unit=farsta,
                      year=timezone.localdate().year),
        generated_at=timezone.now(),
    )
    section = html_text[html_text.index('id="avsnitt-oversikt"'):]
    section = section[:section.index('id="avsnitt-', 10)]
    assert "Incidenter per månad de senaste tolv månaderna" in section
    assert 'class="chart stacked"' in section
    assert "Prioriterade it-tjänster som enheten använder" in section and "Delvis" in section
    assert "Kvarstående risk per nivå" not in section  # the report's risk section has the map
    assert "<a href" not in section
    HTML(string=html_text, base_url=str(settings.BASE_DIR)).render()


def test_prioritised_ids_follow_the_one_rule(services, make_unit, security_function):
    from klassning.models import ITService
    from klassning.selectors import with_prioritised
    from klassning.selectors.services import prioritised_service_ids

    inactive = make_unit("nedlagd")
    make_service(inactive, security_function, name="Gammal", user_units=[inactive])
    OrganisationUnit.objects.filter(pk=inactive.pk).update(is_active=False)
    expected = set(with_prioritised(ITService.objects.all()).filter(is_prioritised=True)
                   .values_list("pk", flat=True))
    assert {row["itservice_id"] for row in prioritised_service_ids()} == expected
    assert {services[k].pk for k in ("all", "partly", "not", "other")} == expected
