"""The risk register's filter lists (units, owners) and its "Registrera risk" button come from
one query, and the chosen unit and owner are checked against those lists: the same options,
errors and results as before, at a fixed number of queries whatever the city holds."""

import re

import pytest
from django.urls import reverse

from nämnder.models import Role
from risk import matrix as risk_matrix
from tests.risk_helpers import generate_risks

pytestmark = pytest.mark.django_db

REGISTER_QUERIES = 9  # session, person, the matrix, permissions, count, rows, the filter
# lists with the button's units, memberships (the header); one spare
HISTORY_QUERIES = 9  # session, person, permissions, the unit with its parent, the two trails,
# the people named, memberships (the header); one spare


def _options(html: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_the_unit_list_is_the_visible_units_by_name(client_for, official, chief, farsta, bromma,
                                                     security_function):
    generate_risks(farsta, 2, owner=official)
    city_page = client_for(security_function).get(reverse("risk:risk_list")).content.decode()
    names = [label for value, label in _options(city_page, "unit") if value]
    assert names == sorted(names) and {"Farsta stadsdelsnämnd", "Bromma stadsdelsnämnd"} <= set(names)
    chief_page = client_for(chief).get(reverse("risk:risk_list")).content.decode()
    assert _options(chief_page, "unit") == [("", "Alla"), (str(farsta.pk), "Farsta stadsdelsnämnd")]
    assert _options(chief_page, "owner") == [
        ("", "Alla"), (str(official.pk), "Handlaggare Farsta (handlaggare.farsta)"),
    ]


def test_a_chosen_unit_and_owner_filter_and_keep_their_selection(
    client_for, security_function, make_person, official, farsta, bromma
):
    generate_risks(farsta, 3, owner=official)
    other = make_person("annan.farsta", farsta, Role.OFFICIAL)
    generate_risks(farsta, 2, owner=other, seed=3)
    generate_risks(bromma, 4, owner=make_person("p.bromma", bromma, Role.OFFICIAL), seed=4)
    page = client_for(security_function).get(
        reverse("risk:risk_list") + f"?unit={farsta.pk}&owner={other.pk}"
    ).content.decode()
    assert "2 risker" in page
    assert f'<option value="{farsta.pk}" selected>' in page
    assert f'<option value="{other.pk}" selected>' in page


@pytest.mark.parametrize("query", ["unit=999999", "unit=abc", "owner=99999999999999999999999"])
def test_a_unit_or_owner_not_in_the_list_is_refused_and_the_rest_still_filter(
    query, client_for, chief, official, farsta, bromma, make_person
):
    generate_risks(farsta, 3, owner=official)
    generate_risks(bromma, 2, owner=make_person("p.bromma", bromma, Role.OFFICIAL))
    response = client_for(chief).get(reverse("risk:risk_list") + f"?{query}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ. Det valet finns inte bland tillgängliga alternativ." in page
    assert "3 risker" in page


def test_another_units_id_is_refused_to_a_chief(client_for, chief, official, farsta, bromma,
                                               make_person):
    generate_risks(farsta, 3, owner=official)
    generate_risks(bromma, 2, owner=make_person("p.bromma", bromma, Role.OFFICIAL))
    page = client_for(chief).get(reverse("risk:risk_list") + f"?unit={bromma.pk}").content.decode()
    assert "Välj ett giltigt alternativ" in page
    assert "Bromma" not in page
    assert "3 risker" in page


def test_the_register_button_follows_the_right_to_register(
    client_for, official, unit_auditor, city_auditor, farsta
):
    button = "Registrera risk"
    assert button in client_for(official).get(reverse("risk:risk_list")).content.decode()
    assert button not in client_for(unit_auditor).get(reverse("risk:risk_list")).content.decode()
    assert button not in client_for(city_auditor).get(reverse("risk:risk_list")).content.decode()


def test_no_button_when_the_only_unit_is_deactivated(client_for, official, farsta):
    type(farsta).objects.filter(pk=farsta.pk).update(is_active=False)
    page = client_for(official).get(reverse("risk:risk_list")).content.decode()
    assert "Registrera risk" not in page


def test_names_in_the_lists_are_escaped(client_for, security_function, make_person, farsta):
    evil = make_person("evil.farsta", farsta, Role.OFFICIAL)
    type(evil).objects.filter(pk=evil.pk).update(first_name="<script>alert(1)</script>")
    generate_risks(farsta, 1, owner=evil)
    type(farsta).objects.filter(pk=farsta.pk).update(name="<script>unit</script>")
    page = client_for(security_function).get(reverse("risk:risk_list")).content.decode()
    assert "<script>alert(1)" not in page and "<script>unit" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;unit&lt;/script&gt;" in page


@pytest.mark.parametrize("others", [1, 30])
def test_a_units_register_and_history_cost_the_same_whatever_the_city_holds(
    others, client_for, security_function, chief, make_person, official, farsta, bromma,
    django_assert_max_num_queries,
):
    generate_risks(farsta, 60, owner=official)
    for i in range(others):
        generate_risks(bromma, 2, owner=make_person(f"p{i}.bromma", bromma, Role.OFFICIAL),
                       seed=i)
    for user in (security_function, chief):
        client = client_for(user)
        client.get(reverse("risk:risk_list"))  # warm the session
        for url in (
            reverse("risk:risk_list") + f"?unit={farsta.pk}",
            reverse("risk:risk_list") + f"?unit={farsta.pk}&overdue=on&sida=2",
            reverse("risk:risk_list") + f"?owner={official.pk}",
            reverse("risk:risk_heatmap") + f"?unit={farsta.pk}",
        ):
            with django_assert_max_num_queries(REGISTER_QUERIES):
                response = client.get(url)
            assert response.status_code == 200
        with django_assert_max_num_queries(HISTORY_QUERIES):
            response = client.get(reverse("unit_history", args=[farsta.pk]))
        assert response.status_code == 200


def test_the_matrix_is_one_query_and_the_same_as_the_seeded_one(django_assert_num_queries):
    with django_assert_num_queries(1):
        loaded = risk_matrix._load()
    seeded = risk_matrix.default()
    assert loaded.name == seeded.name
    assert loaded.likelihood == seeded.likelihood and loaded.consequence == seeded.consequence
    assert [(lv.name, lv.min_value, lv.max_value, lv.colour, lv.text_colour, lv.rank)
            for lv in loaded.levels] == [
        (lv.name, lv.min_value, lv.max_value, lv.colour, lv.text_colour, lv.rank)
        for lv in seeded.levels]
    assert loaded.acceptance.name == seeded.acceptance.name
    assert loaded.acceptance.pk is not None


def test_a_units_register_marks_and_filters_the_same_overdue_risks(client_for, official, farsta):
    """A unit's register looks an overdue action up per risk; the whole register (no unit)
    by the city-wide query: the same risks are marked and kept by "Bara försenade"."""
    from risk.models import ActionStatus, RiskAction

    risks = generate_risks(farsta, 40, owner=official, seed=5)
    done = RiskAction.objects.filter(risk__in=risks[:10]).update(status=ActionStatus.DONE)
    assert done  # a done action that is past its date is not overdue
    client = client_for(official)
    pages = {}
    for query in ("", f"unit={farsta.pk}"):
        for overdue in ("", "&overdue=on"):
            html = client.get(reverse("risk:risk_list") + f"?{query}{overdue}").content.decode()
            rows = re.findall(r"<tr>\s*<td>(.*?)</td>", html, re.S)
            pages[(bool(query), bool(overdue))] = rows
    assert pages[(True, False)] == pages[(False, False)]
    assert pages[(True, True)] == pages[(False, True)]
    marked = [row for row in pages[(True, False)] if "Försenad åtgärd" in row]
    assert marked and len(marked) < len(pages[(True, False)])
    assert set(marked) <= set(pages[(True, True)])
