"""The classification form as an official meets it (issue 8, item 9): level criteria per
consequence category beside the choices, "ej relevant" per row, the hint that personal data
suggests a minimum level, field errors tied to their fields, and the preview of the
requirements the profile creates, rendered on the server."""

import re

import pytest
from django.urls import reverse

from klassning import services
from klassning.models import (
    Aspect,
    ClassificationStatus,
    ConsequenceCategory,
    LevelCriterion,
    PersonalData,
    Requirement,
    RequirementKind,
    ServiceRequirement,
    UnitRequirement,
)
from tests.klassning_helpers import make_asset, make_service

pytestmark = pytest.mark.django_db


def post_data(classification, action="save", level="0", motivation="", **cells):
    """Every cell at ``level``; ``cells`` overrides single fields, e.g. ``K_ekonomi_level``."""
    data = {"version": classification.version, "action": action}
    for aspect in Aspect.objects.all():
        for category in ConsequenceCategory.objects.filter(is_active=True):
            key = f"{aspect.code}-{category.code}"
            data[f"{key}-level"] = level
            data[f"{key}-motivation"] = motivation
    for name, value in cells.items():
        data[name.replace("_", "-").replace("-not-relevant", "-not_relevant")] = value
    return data


def start(client, asset):
    client.post(reverse("klassning:classification_start", args=[asset.pk]))
    return asset.classifications.get()


def test_level_criteria_are_shown_per_category_and_editable(client_for, official, farsta):
    client = client_for(official)
    c = start(client, make_asset(farsta, official))
    url = reverse("klassning:classification_edit", args=[c.pk])
    page = client.get(url).content.decode()
    criterion = LevelCriterion.objects.get(category__code="liv-och-halsa", level=4)
    assert criterion.text in page
    assert "Vad nivåerna betyder för Liv och hälsa" in page
    # The level choice is described by its category's criteria.
    assert 'aria-describedby="criteria-K-liv-och-halsa"' in page
    assert 'id="criteria-K-liv-och-halsa"' in page
    # Reference data: the security function's wording replaces the default.
    criterion.text = "Någon kan dö."
    criterion.save()
    assert "Någon kan dö." in client.get(url).content.decode()


def test_not_relevant_means_level_0_without_motivation(client_for, official, farsta):
    client = client_for(official)
    c = start(client, make_asset(farsta, official))
    url = reverse("klassning:classification_edit", args=[c.pk])
    data = post_data(c, action="preview", level="", K_miljo_level="1",
                     K_miljo_motivation="Utsläpp kan påverka grannar")
    for aspect in Aspect.objects.all():
        for category in ConsequenceCategory.objects.filter(is_active=True):
            if (aspect.code, category.code) != ("K", "miljo"):
                data[f"{aspect.code}-{category.code}-not_relevant"] = "on"
    response = client.post(url, data)
    assert response.url == reverse("klassning:classification_preview", args=[c.pk])
    c.refresh_from_db()
    assert c.profile == "K1 R0 T0 S0"
    assert c.assessments.filter(level=0, motivation="").count() == c.assessments.count() - 1
    # Reopened, the rows show as "ej relevant".
    page = client.get(url).content.decode()
    assert re.search(r'name="R-ekonomi-not_relevant"[^>]*checked', page)
    assert not re.search(r'name="K-miljo-not_relevant"[^>]*checked', page)


def test_not_relevant_with_another_level_is_a_field_error(client_for, official, farsta):
    client = client_for(official)
    c = start(client, make_asset(farsta, official))
    data = post_data(c, K_ekonomi_level="3", K_ekonomi_not_relevant="on")
    response = client.post(reverse("klassning:classification_edit", args=[c.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Du har markerat ej relevant men valt nivå 3" in body
    assert not c.assessments.exists()


def test_field_errors_are_tied_to_their_fields(client_for, official, farsta):
    client = client_for(official)
    c = start(client, make_asset(farsta, official))
    data = post_data(c, action="preview", K_ekonomi_level="2")
    body = client.post(reverse("klassning:classification_edit", args=[c.pk]), data).content.decode()
    assert "Skriv en motivering. Nivå 2 och högre ska alltid motiveras." in body
    assert 'id="id_K-ekonomi-motivation_error"' in body
    textarea = re.search(r'<textarea name="K-ekonomi-motivation"[^>]*>', body).group(0)
    assert 'aria-describedby="id_K-ekonomi-motivation_error"' in textarea
    # One fieldset with a legend per row.
    assert body.count('<fieldset class="cell') == Aspect.objects.count() * (
        ConsequenceCategory.objects.filter(is_active=True).count()
    )
    assert "<legend>Ekonomi" in body


def test_personal_data_hint_and_its_motivation(client_for, official, farsta):
    client = client_for(official)
    plain = start(client, make_asset(farsta, official, name="Lokalbokning"))
    assert "föreslås för Konfidentialitet" not in client.get(
        reverse("klassning:classification_edit", args=[plain.pk])
    ).content.decode()

    asset = make_asset(farsta, official, personal_data=PersonalData.PROTECTED)
    c = start(client, asset)
    url = reverse("klassning:classification_edit", args=[c.pk])
    page = client.get(url).content.decode()
    assert "nivå 4 eller högre föreslås för Konfidentialitet" in page
    assert "Motivering till lägre nivå än föreslagen" in page
    # K2 without a reason: a field error; the draft is not saved.
    data = post_data(c, action="preview", K_ekonomi_level="2", K_ekonomi_motivation="Namn")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "föreslås minst nivå 4 för Konfidentialitet. Nivån är nu 2" in (
        response.content.decode()
    )
    assert not c.assessments.exists()
    # With a reason it goes on to the preview; only saving a draft never asks for it.
    data["below_minimum_motivation"] = "Endast kontaktuppgifter till tjänstepersoner"
    response = client.post(url, data)
    assert response.url == reverse("klassning:classification_preview", args=[c.pk])
    c.refresh_from_db()
    assert c.below_minimum_motivation == "Endast kontaktuppgifter till tjänstepersoner"


def test_preview_lists_the_requirements_the_profile_creates(client_for, official, chief, farsta):
    service = make_service(farsta, official, user_units=[farsta])
    asset = make_asset(farsta, official, it_services=[service])
    client = client_for(official)
    c = start(client, asset)
    data = post_data(c, action="preview", K_ekonomi_level="3", K_ekonomi_motivation="Stor skada",
                     T_verksamhet_level="2", T_verksamhet_motivation="Skolan stannar")
    response = client.post(reverse("klassning:classification_edit", args=[c.pk]), data)
    preview_url = reverse("klassning:classification_preview", args=[c.pk])
    assert response.url == preview_url
    body = client.get(preview_url).content.decode()
    assert "K3 R0 T2 S0" in body
    profile = {"K": 3, "R": 0, "T": 2, "S": 0}
    expected = {
        r.code: r for r in Requirement.objects.filter(is_active=True)
        if r.min_level <= profile[r.aspect.code]
    }
    assert expected
    shown = set(re.findall(r'<td class="code">([^<]+)</td>', body))
    assert shown == set(expected)
    assert "Skolplattformen" in body
    assert "Skicka in för fastställande" in body
    # Approved, the plans hold exactly what the preview showed.
    c.refresh_from_db()
    client.post(reverse("klassning:classification_submit", args=[c.pk]), {"version": c.version})
    c.refresh_from_db()
    assert c.status == ClassificationStatus.SUBMITTED
    services.classification_approve(actor=chief, classification=c, expected_version=c.version)
    created = set(
        UnitRequirement.objects.filter(unit=farsta).values_list("requirement__code", flat=True)
    ) | set(
        ServiceRequirement.objects.filter(it_service=service)
        .values_list("requirement__code", flat=True)
    )
    assert created == set(expected)
    assert {
        code for code, r in expected.items() if r.kind == RequirementKind.TECHNICAL
    } == set(
        ServiceRequirement.objects.filter(it_service=service)
        .values_list("requirement__code", flat=True)
    )


def test_preview_of_an_incomplete_draft_offers_no_submit(client_for, official, farsta):
    client = client_for(official)
    c = start(client, make_asset(farsta, official))
    client.post(reverse("klassning:classification_edit", args=[c.pk]),
                post_data(c, K_ekonomi_level="2"))
    body = client.get(reverse("klassning:classification_preview", args=[c.pk])).content.decode()
    assert "Klassningen kan inte skickas in ännu" in body
    assert "Nivå 2 och högre ska alltid motiveras" in body
    assert "Skicka in för fastställande" not in body
    assert "Informationsmängden är inte kopplad till någon it-tjänst" in body
