"""The unit's page reads the unit (through the access rules), its parent and its members in
two queries, at any number of members; a unit the person may not see is still 404."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [1, 25])
def test_unit_page_at_any_number_of_members(
    n, farsta, chief, make_person, client_for, django_assert_max_num_queries
):
    for i in range(n):
        make_person(f"medlem{i:02}.farsta", farsta)
    client = client_for(chief)
    url = reverse("unit_detail", args=[farsta.pk])
    client.get(url)  # warm caches (content types)
    # session, person, permissions, the header's roles; the unit with its parent, its members
    with django_assert_max_num_queries(6):
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert farsta.name in body and f"Medlem{n - 1:02}" in body and "Farsta" in body


def test_another_units_page_is_404(bromma, chief, client_for):
    assert client_for(chief).get(reverse("unit_detail", args=[bromma.pk])).status_code == 404
