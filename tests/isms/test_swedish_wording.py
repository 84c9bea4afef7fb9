"""Swedish as the users read it: the admin's counts and actions, Swedish capitalisation, one
word for "fulfilled" in the PDF, the chief's title for the unit's kind, and a catalogue text that
agrees with the configured review interval."""

import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from klassning.models import ClassificationSettings, Requirement
from nämnder.models import Role, UnitKind
from rapporter import services as report_services
from rapporter.models import ReportKind
from rapporter.rendering import render_report_html

pytestmark = pytest.mark.django_db


def test_every_model_names_itself_in_singular_and_plural():
    for app in ("namnder", "klassning", "rapporter"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            options = model._meta.original_attrs
            assert "verbose_name" in options and "verbose_name_plural" in options, model


def test_admin_counts_and_actions_read_as_swedish(client_for, security_function):
    client = client_for(security_function)
    body = client.get(reverse("admin:klassning_requirement_changelist")).content.decode()
    count = Requirement.objects.count()
    assert f"{count} säkerhetskrav" in body
    assert "Ta bort markerade säkerhetskrav" in body
    assert "kravkatalog" not in body.lower().replace("kravkatalogen", "")
    body = client.get(reverse("admin:klassning_classificationsettings_changelist")).content.decode()
    assert ClassificationSettings.objects.count() == 1
    assert "1 inställning för klassning" in body


def test_admin_start_page_uses_swedish_capitalisation(client_for, security_function):
    body = client_for(security_function).get(reverse("admin:index")).content.decode()
    assert "Senaste händelser" in body
    assert "Senaste Händelser" not in body


def test_no_title_case_in_portal_templates():
    """Swedish headings capitalise the first word only ("Senaste händelser")."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    title_case = re.compile(r'translate "([A-ZÅÄÖ][a-zåäö]+ ([A-ZÅÄÖ][a-zåäö]+))[ ."]')
    proper_nouns = {"Stockholms", "Excel"}
    templates = [*root.glob("templates/**/*.html"), *root.glob("*/templates/**/*.html")]
    assert len(templates) > 20  # the project's own templates, top level and per app
    for template in templates:
        for match in title_case.finditer(template.read_text()):
            if match.group(2) not in proper_nouns:
                offenders.append((template.name, match.group(1)))
    assert offenders == []


def test_unit_pdf_says_uppfyllda_not_uppfyllt(
    farsta, official, chief, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.report_order(
            actor=official, kind=ReportKind.UNIT_YEARLY, unit=farsta, year=2025
        )
    report.refresh_from_db()
    html = render_report_html(report=report, generated_at=timezone.now())
    assert "Uppfyllda" in html
    assert "Uppfyllt<" not in html and "Ej tillämpligt<" not in html


@pytest.mark.parametrize(
    ("kind", "title", "other"),
    [
        (UnitKind.DISTRICT_BOARD, "Förvaltningschef", "Bolagschef"),
        (UnitKind.COMPANY, "Bolagschef", "Förvaltningschef"),
    ],
)
def test_chief_is_called_by_the_title_of_the_units_kind(
    make_unit, make_person, client_for, kind, title, other
):
    unit = make_unit("enheten", "Enhetens nämnd", kind=kind)
    chief = make_person("chef.enheten", unit, Role.CHIEF)
    client = client_for(chief)
    for url in (reverse("start"), reverse("unit_detail", args=[unit.pk])):
        body = client.get(url).content.decode()
        assert title in body, url
        assert "Förvaltnings-/bolagschef" not in body, url
        assert other not in body, url
    body = client.get(reverse("membership_add", args=[unit.pk])).content.decode()
    assert f">{title}</option>" in body and "Förvaltnings-/bolagschef" not in body


def test_header_names_the_unit_in_normal_case(client_for, chief, farsta):
    body = client_for(chief).get(reverse("start")).content.decode()
    roles = re.search(r'<span class="who-roles">(.*?)</span>', body, re.S).group(1)
    assert "Förvaltningschef, Farsta stadsdelsnämnd" in roles
    assert "FARSTA" not in roles


PERIODS = {  # phrases naming how often something is done, in months
    "varje månad": 1, "varje kvartal": 3, "en gång per kvartal": 3, "varje halvår": 6,
    "två gånger per år": 6, "en gång per år": 12, "varje år": 12, "årligen": 12,
    "vartannat år": 24, "vart tredje år": 36,
}


@pytest.mark.parametrize("interval", [12, 24])
def test_catalogue_does_not_contradict_the_review_interval(interval):
    """A requirement on reviewing the classification may not name a period other than the
    configured review interval (the text should point at the setting instead)."""
    settings_row = ClassificationSettings.current()
    settings_row.review_interval_months = interval
    settings_row.save()
    for requirement in Requirement.objects.all():
        text = f"{requirement.title} {requirement.guidance}".lower()
        if "klassning" not in text or "ses över" not in text:
            continue
        named = {months for phrase, months in PERIODS.items() if phrase in text}
        assert named <= {interval}, (requirement.code, requirement.guidance)
