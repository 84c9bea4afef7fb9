"""Seed the reference data (editable by the city-wide security function in the admin):
incident categories, a four-step severity scale and the legal reporting obligations in force
in 2026 (GDPR art. 33 to IMY; cybersäkerhetslagen (2025:1506) to the national CSIRT, CERT-SE at
Myndigheten för civilt försvar)."""

from django.db import migrations

CATEGORIES = [
    ("obehorig-atkomst", "Obehörig åtkomst"),
    ("natfiske", "Nätfiske"),
    ("skadlig-kod", "Skadlig kod"),
    ("dataforlust", "Dataförlust"),
    ("felskickad-information", "Felskickad information"),
    ("driftavbrott", "Driftavbrott"),
    ("forlust-stold", "Förlust/stöld av utrustning"),
    ("fysisk-handelse", "Fysisk händelse"),
    ("leverantorsincident", "Leverantörsincident"),
    ("ovrigt", "Övrigt"),
]

SEVERITIES = [
    (1, "Låg", "Begränsad påverkan, hanteras inom ordinarie verksamhet."),
    (2, "Medel", "Märkbar påverkan på verksamheten eller enskilda."),
    (3, "Hög", "Allvarlig påverkan; ledningen informeras."),
    (4, "Kritisk", "Synnerligen allvarlig påverkan; krisledning kan behövas."),
]

CSIRT = "CERT-SE vid Myndigheten för civilt försvar"
LAW = "Cybersäkerhetslagen (2025:1506)"
OBLIGATIONS = [
    # code, name, law, authority, hours, months, follows, guidance
    ("gdpr-art33", "Anmälan av personuppgiftsincident", "GDPR art. 33", "IMY", 72, None, None,
     "Utan onödigt dröjsmål och om möjligt inom 72 timmar efter att incidenten upptäckts. "
     "En sen anmälan ska ange skälen till förseningen. Alla personuppgiftsincidenter "
     "dokumenteras, även de som inte anmäls."),
    ("csl-tidig-varning", "Tidig varning om betydande incident", LAW, CSIRT, 24, None, None,
     "Inom 24 timmar efter att den betydande incidenten upptäckts."),
    ("csl-incidentanmalan", "Incidentanmälan om betydande incident", LAW, CSIRT, 72, None, None,
     "Inom 72 timmar efter att den betydande incidenten upptäckts."),
    ("csl-slutrapport", "Slutrapport om betydande incident", LAW, CSIRT, None, 1,
     "csl-incidentanmalan",
     "Senast en kalendermånad efter att incidentanmälan skickades (räknas från "
     "incidentanmälans frist så länge den inte är skickad)."),
]


def seed(apps, schema_editor):
    Category = apps.get_model("incidenter", "IncidentCategory")
    Severity = apps.get_model("incidenter", "SeverityLevel")
    Obligation = apps.get_model("incidenter", "ReportingObligation")
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(code=code, defaults={"name": name, "order": order * 10})
    for value, name, description in SEVERITIES:
        Severity.objects.update_or_create(
            value=value, defaults={"name": name, "description": description}
        )
    for order, (code, name, law, authority, hours, months, follows, guidance) in enumerate(
        OBLIGATIONS, start=1
    ):
        Obligation.objects.update_or_create(code=code, defaults={
            "name": name, "law": law, "authority": authority, "duration_hours": hours,
            "duration_months": months, "guidance": guidance, "order": order * 10,
            "follows": Obligation.objects.get(code=follows) if follows else None,
        })


class Migration(migrations.Migration):
    dependencies = [("incidenter", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
