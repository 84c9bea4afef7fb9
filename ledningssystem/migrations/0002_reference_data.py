"""Reference data: kinds of steering document (three local kinds every unit must have), the
mandatory yearly course and the 93 control ids of ISO/IEC 27001:2022 Annex A (ids and themes
only: the titles are ISO's text, which the city loads itself)."""

from django.db import migrations

KINDS = [
    # code, name, scope, required, review interval, order
    ("riktlinje", "Riktlinje", "city", False, 48, 10),
    ("tillampningsanvisning", "Tillämpningsanvisning", "city", False, 24, 20),
    ("metodstod", "Metodstöd", "city", False, 24, 30),
    ("lokal-anvisning", "Lokal anvisning", "local", True, 12, 40),
    ("incidentrutin", "Incidentrutin", "local", True, 12, 50),
    ("behorighetsrutin", "Rutin för behörighetsuppföljning", "local", True, 12, 60),
    ("lokal-rutin", "Övrig lokal rutin", "local", False, 12, 70),
]

THEMES = [("organisational", 5, 37), ("people", 6, 8), ("physical", 7, 14),
          ("technological", 8, 34)]


def seed(apps, schema_editor):
    DocumentKind = apps.get_model("ledningssystem", "DocumentKind")
    Course = apps.get_model("ledningssystem", "Course")
    Control = apps.get_model("ledningssystem", "AnnexAControl")
    for code, name, scope, required, months, order in KINDS:
        DocumentKind.objects.update_or_create(code=code, defaults={
            "name": name, "scope": scope, "required_for_every_unit": required,
            "review_interval_months": months, "order": order,
        })
    Course.objects.update_or_create(code="infosak-grund", defaults={
        "name": "Informationssäkerhet – obligatorisk årlig utbildning", "is_mandatory": True,
    })
    order = 0
    for theme, clause, count in THEMES:
        for n in range(1, count + 1):
            order += 1
            Control.objects.update_or_create(control_id=f"{clause}.{n}",
                                             defaults={"theme": theme, "order": order})


class Migration(migrations.Migration):
    dependencies = [("ledningssystem", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
