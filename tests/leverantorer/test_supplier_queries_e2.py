"""The supplier list and page, issue 9: whether the reader may read suppliers and which units
they may change are asked once per request; the list's IT service counts are the same as
before (a subquery per row, not a GROUP BY over the register)."""

import pytest
from django.urls import reverse

from leverantorer import services
from tests.klassning_helpers import make_service

pytestmark = pytest.mark.django_db


def _populate(n, farsta, official):
    delivered = [make_service(farsta, official, name=f"Tjänst {i}") for i in range(3)]
    return [
        services.supplier_create(
            actor=official, name=f"Leverantör {i:03} AB", it_services=delivered[: i % 4],
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("n", [5, 40])
def test_list_and_page_ask_the_permissions_once(
    n, client_for, farsta, official, django_assert_max_num_queries, without_object_panels,
):
    suppliers = _populate(n, farsta, official)
    client = client_for(official)
    client.get(reverse("start"))
    # session, person, unit permissions, header's roles; may read, count, may create, rows
    with django_assert_max_num_queries(8):
        response = client.get(reverse("leverantorer:supplier_list"))
    assert response.status_code == 200
    # ... may read, the supplier, visible services' count, editable units, the page's
    # services, whether every delivered service is editable, the history (three), the panels
    with django_assert_max_num_queries(13):
        detail = client.get(reverse("leverantorer:supplier_detail", args=[suppliers[3].pk]))
    assert detail.status_code == 200
    assert "Ändra uppgifter" in detail.content.decode()


def test_the_list_counts_each_suppliers_services(client_for, farsta, official):
    suppliers = _populate(4, farsta, official)
    body = client_for(official).get(reverse("leverantorer:supplier_list")).content.decode()
    for supplier, count in zip(suppliers, [0, 1, 2, 3], strict=True):
        row = body[body.index(supplier.name):]
        row = row[:row.index("</tr>")]
        assert f"<td>{count}</td>" in row
