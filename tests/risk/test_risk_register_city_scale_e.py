"""The risk register and heatmap of one unit, as the city-wide security function sees them:
the owner filter lists that unit's risk owners, not every owner in the city (a thousand people
rendered into every unit's page made it 2.5× the unit chief's at city scale), at a fixed
number of queries whatever the size of the other units' registers."""

import re

import pytest
from django.urls import reverse

from nämnder.models import Role
from tests.risk_helpers import generate_risks

pytestmark = pytest.mark.django_db


def _owner_options(html: str) -> list[str]:
    select = re.search(r'<select name="owner".*?</select>', html, re.S).group(0)
    return [v for v in re.findall(r'<option value="([^"]*)"', select) if v]


@pytest.mark.parametrize("url_name", ["risk:risk_list", "risk:risk_heatmap"])
def test_a_units_owner_filter_lists_that_units_owners(
    url_name, client_for, security_function, make_person, official, farsta, bromma
):
    generate_risks(farsta, 3, owner=official)
    others = [make_person(f"person{i}.bromma", bromma, Role.OFFICIAL) for i in range(3)]
    for i, person in enumerate(others):
        generate_risks(bromma, 2, owner=person, seed=i)
    client = client_for(security_function)
    unit_page = client.get(reverse(url_name) + f"?unit={farsta.pk}").content.decode()
    assert _owner_options(unit_page) == [str(official.pk)]
    # Without a unit: every owner the person may see, as before.
    everyone = client.get(reverse(url_name)).content.decode()
    assert set(_owner_options(everyone)) == {str(p.pk) for p in [official, *others]}


def test_an_owner_of_another_unit_is_refused_on_a_units_register(
    client_for, security_function, make_person, official, farsta, bromma
):
    generate_risks(farsta, 3, owner=official)
    other = make_person("annan.bromma", bromma, Role.OFFICIAL)
    generate_risks(bromma, 2, owner=other)
    response = client_for(security_function).get(
        reverse("risk:risk_list") + f"?unit={farsta.pk}&owner={other.pk}"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in page  # the filter's own error, the rest still apply
    assert "3 risker" in page


@pytest.mark.parametrize("others", [2, 40])
def test_a_units_register_costs_the_same_whatever_the_city_holds(
    others, client_for, security_function, make_person, official, farsta, bromma,
    django_assert_max_num_queries,
):
    generate_risks(farsta, 30, owner=official)
    for i in range(others):
        generate_risks(bromma, 3, owner=make_person(f"p{i}.bromma", bromma, Role.OFFICIAL),
                       seed=i)
    client = client_for(security_function)
    client.get(reverse("risk:risk_list"))  # warm the session
    for url in (
        reverse("risk:risk_list") + f"?unit={farsta.pk}",
        reverse("risk:risk_list") + f"?unit={farsta.pk}&overdue=on&sida=2",
        reverse("risk:risk_heatmap") + f"?unit={farsta.pk}",
    ):
        with django_assert_max_num_queries(20):
            response = client.get(url)
        assert response.status_code == 200
        assert len(_owner_options(response.content.decode())) == 1
