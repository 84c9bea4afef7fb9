"""Adversarial checks of risk acceptance: the level is judged on the locked, current row."""

import pytest
from django.core.exceptions import ValidationError

from risk import services
from risk.models import Risk, RiskStatus
from tests.risk_helpers import make_risk

pytestmark = pytest.mark.django_db


def test_acceptance_judges_the_locked_row_not_a_stale_copy(farsta, official, coordinator):
    """A samordnare's accept request loads the risk at a low level; before it takes the row lock
    a concurrent edit (by the same person, who knew the next version) raises the residual above
    the criterion. The acceptance must be judged at the level actually accepted."""
    stale = make_risk(farsta, official, likelihood=1, consequence=1)  # 1: låg
    fresh = Risk.objects.get(pk=stale.pk)
    services.risk_update(actor=coordinator, risk=fresh, expected_version=fresh.version,
                         inherent_likelihood=4, inherent_consequence=4)  # 16: extremt hög
    with pytest.raises(ValidationError) as exc:
        services.risk_accept(actor=coordinator, risk=stale, expected_version=stale.version + 1,
                             motivation="Låg risk")
    assert "Bara enhetens förvaltnings- eller bolagschef" in str(exc.value)
    stored = Risk.objects.get(pk=stale.pk)
    assert stored.status != RiskStatus.ACCEPTED and stored.accepted_by is None


@pytest.mark.parametrize("url_name", ["risk:risk_create", "risk:analysis_create"])
@pytest.mark.parametrize("key", ["unit", "analysis", "it_service", "asset", "supplier",
                                 "unit_requirement", "service_requirement"])
@pytest.mark.parametrize("value", ["²", "1²", "9" * 5000])
def test_prefill_links_with_odd_ids_prefill_nothing(client_for, coordinator, url_name, key,
                                                    value):
    """``"²".isdigit()`` is true but ``int("²")`` raises; so does a number of 5000 digits."""
    from django.urls import reverse

    response = client_for(coordinator).get(reverse(url_name), {key: value})
    assert response.status_code == 200
