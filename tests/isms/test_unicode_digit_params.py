"""A superscript or other non-ASCII digit ("²" is a digit to ``str.isdigit`` but not to
``int``) in a query or form parameter is ignored, never a 500 (``isms.converters.is_id``)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ODD = "²"


@pytest.mark.parametrize("params", [
    {"unit": ODD}, {"analysis": ODD}, {"it_service": ODD}, {"asset": ODD}, {"supplier": ODD},
    {"unit_requirement": ODD}, {"service_requirement": ODD}, {"analysis": "1²"},
])
def test_risk_form_prefill_ignores_odd_digits(params, client_for, coordinator):
    page = client_for(coordinator).get(reverse("risk:risk_create"), params)
    assert page.status_code == 200


@pytest.mark.parametrize("params", [{"unit": ODD}, {"it_service": ODD}, {"asset": ODD}])
def test_analysis_form_prefill_ignores_odd_digits(params, client_for, coordinator):
    page = client_for(coordinator).get(reverse("risk:analysis_create"), params)
    assert page.status_code == 200


def test_notification_back_link_ignores_odd_digits(client_for, official):
    page = client_for(official).post(
        reverse("notifieringar:notifications_mark_all_read"), {"sida": ODD}
    )
    assert page.status_code == 302
    assert page["Location"] == reverse("notifieringar:notification_list")


def test_supplier_search_with_odd_digits(client_for, official):
    page = client_for(official).get(reverse("leverantorer:supplier_list"), {"q": "55²"})
    assert page.status_code == 200
