"""The first rules for units falling behind (the security function changes them in the admin)."""

from django.db import migrations

RULES = [
    # figure, comparison, threshold, label
    ("classified", "below", 50, "Klassad andel under 50 %"),
    ("notifications_late", "above", 0, "Anmälan till myndighet sen eller ej skickad i år"),
    ("missing_documents", "above", 0,
     "Saknar obligatoriskt lokalt styrdokument (t.ex. lokal anvisning)"),
]


def seed(apps, schema_editor):
    BehindRule = apps.get_model("oversikt", "BehindRule")
    for order, (figure, comparison, threshold, label) in enumerate(RULES, start=1):
        BehindRule.objects.get_or_create(
            figure=figure, comparison=comparison, threshold=threshold,
            defaults={"label": label, "order": order * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("oversikt", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
