"""The supplier list and detail cost the same number of queries with 5 or 50 suppliers."""

import pytest
from django.urls import reverse

from leverantorer import services
from tests.klassning_helpers import make_service

pytestmark = pytest.mark.django_db

MAX_LIST = 12
MAX_DETAIL = 20


def _populate(n, farsta, official):
    units_services = [make_service(farsta, official, name=f"Tjänst {i}") for i in range(3)]
    suppliers = []
    for i in range(n):
        suppliers.append(services.supplier_create(
            actor=official, name=f"Leverantör {i:03} AB", it_services=units_services[: i % 4],
        ))
    return suppliers


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize("persona", ["official", "security_function", "outsider"])
def test_list_and_detail_have_flat_query_counts(
    n, persona, request, client_for, farsta, official, django_assert_max_num_queries
):
    suppliers = _populate(n, farsta, official)
    client = client_for(request.getfixturevalue(persona))
    client.get(reverse("start"))  # warm the session
    url = reverse("leverantorer:supplier_list")
    for page in (url, url + "?sida=9999", url + "?dpa=saknas-kravs&q=Lev"):
        with django_assert_max_num_queries(MAX_LIST):
            assert client.get(page).status_code == 200
    with django_assert_max_num_queries(MAX_DETAIL):
        detail = reverse("leverantorer:supplier_detail", args=[suppliers[-1].pk])
        assert client.get(detail).status_code == 200
