"""Seed MSB's example risk matrix (4×4) as the active one (frozen here; ``seed`` is idempotent
and re-run by tests that flush the database)."""

from django.db import migrations

NAME = "MSB 4×4"
LIKELIHOOD = [
    (1, "Låg", "Kan inträffa, men det är osannolikt (mer sällan än vart tionde år)."),
    (2, "Medelhög", "Kan inträffa någon gång (vart tionde år)."),
    (3, "Hög", "Inträffar troligen (varje år)."),
    (4, "Mycket hög", "Inträffar ofta (flera gånger om året)."),
]
CONSEQUENCE = [
    (1, "Försumbar", "Försumbar skada för verksamheten, enskilda eller samhället."),
    (2, "Måttlig", "Måttlig skada: störningar som hanteras inom ordinarie arbete."),
    (3, "Betydande", "Betydande skada: verksamheten påverkas märkbart, enskilda kan drabbas."),
    (4, "Allvarlig", "Allvarlig skada: viktiga uppdrag kan inte utföras, enskilda drabbas allvarligt."),
]
# (name, from, to, background, text): every pair passes WCAG AA (≥ 4.5:1).
LEVELS = [
    ("Låg", 1, 2, "#c8e6c9", "#1b1b1b"),
    ("Medelhög", 3, 6, "#fff3a0", "#1b1b1b"),
    ("Hög", 8, 12, "#ffb74d", "#1b1b1b"),
    ("Extremt hög", 16, 16, "#b71c1c", "#ffffff"),
]
ACCEPTANCE = "Medelhög"


def seed(apps, schema_editor):
    Matrix = apps.get_model("risk", "RiskMatrix")
    Step = apps.get_model("risk", "RiskScaleStep")
    Level = apps.get_model("risk", "RiskLevel")
    if Matrix.objects.filter(is_active=True).exists():
        return
    matrix, _created = Matrix.objects.get_or_create(
        name=NAME, defaults={
            "description": "MSB:s exempel: risk = sannolikhet × konsekvens.", "is_active": True,
        },
    )
    for axis, steps in (("likelihood", LIKELIHOOD), ("consequence", CONSEQUENCE)):
        for value, name, description in steps:
            Step.objects.update_or_create(
                matrix=matrix, axis=axis, value=value,
                defaults={"name": name, "description": description},
            )
    for name, low, high, colour, text in LEVELS:
        Level.objects.update_or_create(
            matrix=matrix, name=name,
            defaults={"min_value": low, "max_value": high, "colour": colour, "text_colour": text},
        )
    matrix.acceptance_level = Level.objects.get(matrix=matrix, name=ACCEPTANCE)
    matrix.is_active = True
    matrix.save()


def unseed(apps, schema_editor):
    apps.get_model("risk", "RiskMatrix").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
