"""The risk pages: register, heatmap, detail, forms, access (another unit's risk is 404; an
auditor reads but gets 403 on writes), bad input answered with Swedish errors, never 500."""

import re

import pytest
from django.urls import reverse

from risk.models import ActionStatus, Risk, RiskAnalysis, RiskStatus
from tests.klassning_helpers import make_asset, make_service
from tests.risk_helpers import make_action, make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def risk(farsta, official):
    r = make_risk(farsta, official, title="Obehörig åtkomst", likelihood=3, consequence=4)
    make_action(r, official)
    return r


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize("name", ["risk:risk_list", "risk:risk_heatmap", "risk:analysis_list",
                                  "risk:risk_create", "risk:analysis_create", "risk:level_css"])
def test_pages_render(name, client_for, official, risk):
    assert client_for(official).get(reverse(name)).status_code == 200


def test_detail_shows_level_as_text_actions_and_history(client_for, official, risk):
    page = _text(client_for(official).get(reverse("risk:risk_detail", args=[risk.pk])))
    assert "Obehörig åtkomst" in page and "Hög (12)" in page
    assert "Inför behörighetsuppföljning" in page
    assert "Historik" in page and "Över kriteriet" in page


def test_another_units_risk_is_404(client_for, outsider, risk):
    client = client_for(outsider)
    for name in ("risk:risk_detail", "risk:risk_edit", "risk:risk_accept", "risk:risk_close",
                 "risk:action_create"):
        assert client.get(reverse(name, args=[risk.pk])).status_code == 404, name
    action = risk.actions.first()
    assert client.get(reverse("risk:action_edit", args=[action.pk])).status_code == 404
    body = _text(client.get(reverse("risk:risk_list")))
    assert "Obehörig åtkomst" not in body


def test_auditor_reads_but_may_not_write(client_for, unit_auditor, risk):
    client = client_for(unit_auditor)
    assert client.get(reverse("risk:risk_detail", args=[risk.pk])).status_code == 200
    assert "Obehörig åtkomst" in _text(client.get(reverse("risk:risk_list")))
    for name in ("risk:risk_edit", "risk:risk_accept", "risk:risk_close", "risk:action_create"):
        assert client.get(reverse(name, args=[risk.pk])).status_code == 403, name
        assert client.post(reverse(name, args=[risk.pk]), {}).status_code == 403, name
    assert client.get(reverse("risk:risk_create")).status_code == 403
    assert client.get(reverse("risk:analysis_create")).status_code == 403


def test_city_auditor_reads_every_unit(client_for, city_auditor, risk):
    client = client_for(city_auditor)
    assert client.get(reverse("risk:risk_detail", args=[risk.pk])).status_code == 200
    assert client.post(reverse("risk:risk_accept", args=[risk.pk]), {}).status_code == 403


def test_official_may_not_accept(client_for, official, risk):
    assert client_for(official).get(reverse("risk:risk_accept", args=[risk.pk])).status_code == 403


def test_register_a_risk_through_the_form(client_for, coordinator, farsta):
    response = client_for(coordinator).post(reverse("risk:risk_create"), {
        "unit": farsta.pk, "title": "Avbrott i e-tjänsten", "inherent_likelihood": "2",
        "inherent_consequence": "3", "status": "identified",
    })
    assert response.status_code == 302
    risk = Risk.objects.get(title="Avbrott i e-tjänsten")
    assert risk.created_by == coordinator and risk.current_value == 6


@pytest.mark.parametrize("data, field, message", [
    ({"inherent_likelihood": "7"}, "inherent_likelihood", "Välj ett giltigt alternativ"),
    ({"inherent_likelihood": "x"}, "inherent_likelihood", "Välj ett giltigt alternativ"),
    ({"treatment": "avoid"}, "treatment_motivation", "Motivera beslutet att undvika risken."),
    ({"residual_likelihood": "2"}, "residual_consequence", "Ange både kvarstående"),
    ({"title": ""}, "title", "Detta fält måste fyllas i"),
    ({"next_follow_up": "2026-13-45"}, "next_follow_up", "Fyll i ett giltigt datum"),
    ({"owner": "99999999999999999999"}, "owner", "Välj ett giltigt alternativ"),
    ({"it_services": "abc"}, "it_services", "Välj ett giltigt alternativ"),
    ({"status": "accepted"}, "status", "Välj ett giltigt alternativ"),
    ({"title": "a\x07b"}, "title", "styrtecken"),
])
def test_bad_risk_input_is_a_swedish_error(client_for, official, farsta, data, field, message):
    body = {"unit": farsta.pk, "title": "Risk", "inherent_likelihood": "2",
            "inherent_consequence": "2", "status": "identified", **data}
    response = client_for(official).post(reverse("risk:risk_create"), body)
    assert response.status_code == 200
    assert message in _text(response), _text(response)[:3000]
    assert not Risk.objects.exists()


def test_bad_edit_input_keeps_the_form(client_for, official, risk):
    response = client_for(official).post(reverse("risk:risk_edit", args=[risk.pk]), {
        "title": "Ny", "inherent_likelihood": "5", "inherent_consequence": "2",
        "status": "identified", "version": risk.version,
    })
    assert response.status_code == 200 and "Välj ett giltigt alternativ" in _text(response)


def test_stale_edit_is_refused_in_swedish(client_for, official, risk):
    response = client_for(official).post(reverse("risk:risk_edit", args=[risk.pk]), {
        "title": "Ny", "inherent_likelihood": "2", "inherent_consequence": "2",
        "status": "identified", "version": risk.version - 1 if risk.version > 1 else 99,
    })
    assert response.status_code == 200 and "Någon annan har ändrat" in _text(response)


def test_accept_form_refuses_samordnare_above_criterion(client_for, coordinator, risk):
    client = client_for(coordinator)
    page = _text(client.get(reverse("risk:risk_accept", args=[risk.pk])))
    assert "Bara enhetens förvaltnings- eller bolagschef" in page
    response = client.post(reverse("risk:risk_accept", args=[risk.pk]),
                           {"motivation": "Ok", "version": risk.version})
    assert response.status_code == 200
    assert "över acceptanskriteriet" in _text(response)
    risk.refresh_from_db()
    assert risk.status != RiskStatus.ACCEPTED


@pytest.mark.parametrize("data, message", [
    ({"motivation": ""}, "Motivera varför risken accepteras."),
    ({"motivation": "Ok", "version": "x"}, "Fyll i ett heltal"),
    ({"motivation": "Ok", "version": "99"}, "Någon annan har ändrat"),
])
def test_bad_accept_input(client_for, chief, risk, data, message):
    data.setdefault("version", risk.version)
    response = client_for(chief).post(reverse("risk:risk_accept", args=[risk.pk]), data)
    assert response.status_code == 200 and message in _text(response)


def test_chief_accepts_through_the_form(client_for, chief, risk):
    response = client_for(chief).post(reverse("risk:risk_accept", args=[risk.pk]),
                                      {"motivation": "Beslut", "version": risk.version})
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.status == RiskStatus.ACCEPTED and risk.accepted_by == chief
    page = _text(client_for(chief).get(reverse("risk:risk_detail", args=[risk.pk])))
    assert "Accepterad av Chef Farsta" in page


def test_close_form_needs_motivation_with_open_actions(client_for, official, risk):
    response = client_for(official).post(reverse("risk:risk_close", args=[risk.pk]),
                                         {"motivation": "", "version": risk.version})
    assert response.status_code == 200 and "Motivera varför den stängs" in _text(response)


@pytest.mark.parametrize("data, message", [
    ({"description": ""}, "Detta fält måste fyllas i"),
    ({"due_date": "igår"}, "Fyll i ett giltigt datum"),
    ({"status": "klar"}, "Välj ett giltigt alternativ"),
    ({"fulfils_unit_requirement": "123456"}, "Välj ett giltigt alternativ"),
    ({"responsible": "-1"}, "Välj ett giltigt alternativ"),
])
def test_bad_action_input(client_for, official, risk, data, message):
    body = {"description": "Gör något", "status": "planned", **data}
    response = client_for(official).post(reverse("risk:action_create", args=[risk.pk]), body)
    assert response.status_code == 200 and message in _text(response)


def test_add_and_edit_action(client_for, official, risk):
    client = client_for(official)
    response = client.post(reverse("risk:action_create", args=[risk.pk]), {
        "description": "Kryptera backuper", "status": "planned", "due_date": "2030-01-01",
        "responsible": official.pk,
    })
    assert response.status_code == 302
    action = risk.actions.get(description="Kryptera backuper")
    response = client.post(reverse("risk:action_edit", args=[action.pk]), {
        "description": "Kryptera backuper", "status": "done", "version": action.version,
    })
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


@pytest.mark.parametrize("data, field_message", [
    ({"scope_kind": "it_service"}, "Välj it-tjänsten som analyseras."),
    ({"scope_kind": "information_asset"}, "Välj informationsmängden som analyseras."),
    ({"scope_kind": "planet"}, "Välj ett giltigt alternativ"),
    ({"analysed_on": ""}, "Detta fält måste fyllas i"),
    ({"it_service": "77777"}, "Välj ett giltigt alternativ"),
])
def test_bad_analysis_input(client_for, official, farsta, data, field_message):
    body = {"unit": farsta.pk, "title": "Analys", "analysed_on": "2026-03-01",
            "scope_kind": "process", **data}
    response = client_for(official).post(reverse("risk:analysis_create"), body)
    assert response.status_code == 200 and field_message in _text(response)
    assert not RiskAnalysis.objects.exists()


def test_start_analysis_from_it_service_prefills_scope(client_for, official, farsta):
    service = make_service(farsta, official, name="Skolplattformen")
    page = client_for(official).get(reverse("klassning:service_detail", args=[service.pk]))
    body = _text(page)
    assert "Starta riskanalys" in body
    href = re.search(r'href="([^"]*analyser/ny/[^"]*)"', body).group(1).replace("&amp;", "&")
    form = _text(client_for(official).get(href))
    assert re.search(rf'<option value="{service.pk}" selected>Skolplattformen', form)
    assert 'value="it_service" selected' in form


def test_asset_panel_lists_risks_the_user_may_see(client_for, official, outsider, farsta):
    asset = make_asset(farsta, official, name="Elevakter")
    make_risk(farsta, official, title="Läckage av elevakter", information_assets=[asset])
    body = _text(client_for(official).get(reverse("klassning:asset_detail", args=[asset.pk])))
    assert "Läckage av elevakter" in body and "Risker som gäller informationsmängden" in body


def test_export_csv(client_for, official, risk):
    response = client_for(official).get(reverse("risk:risk_list") + "?format=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Obehörig åtkomst" in content and "Hög" in content


def test_filters_with_junk_never_500(client_for, official, risk):
    url = reverse("risk:risk_list")
    for query in ("level=99", "status=x", "owner=abc", "unit=999999999999999999999",
                  "likelihood=x&consequence=9", "sort=zzz", "sida=abc", "assessment=x"):
        assert client_for(official).get(f"{url}?{query}").status_code == 200, query
        assert client_for(official).get(
            f"{reverse('risk:risk_heatmap')}?{query}").status_code == 200


@pytest.mark.parametrize("query", [
    "analysis=99999999999999999999999", "analysis=abc", "unit=99999999999999999999",
    "it_service=99999999999999999999", "asset=-1", "unit_requirement=99999999999999999999",
    "service_requirement=5", "supplier=99999999999999999999",
])
def test_prefill_with_junk_never_500(client_for, official, farsta, query):
    assert client_for(official).get(f"{reverse('risk:risk_create')}?{query}").status_code == 200
    assert client_for(official).get(
        f"{reverse('risk:analysis_create')}?{query}").status_code == 200


def test_prefill_from_another_units_analysis_shows_nothing_of_it(
    client_for, official, outsider, farsta
):
    from risk import services

    analysis = services.analysis_create(actor=official, unit=farsta, title="Hemlig analys",
                                        analysed_on="2026-01-01", scope_kind="process")
    page = _text(client_for(outsider).get(f"{reverse('risk:risk_create')}?analysis={analysis.pk}"))
    assert "Hemlig analys" not in page
