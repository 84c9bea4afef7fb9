"""The kept key figures of the city (``oversikt.figure_cache``) and the data version that
invalidates them: a sequence on PostgreSQL, a one-row table elsewhere."""

from django.db import migrations, models

SEQUENCE = "oversikt_data_version"


def create_version(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")
    else:
        apps.get_model("oversikt", "DataVersion").objects.get_or_create(pk=1)


def drop_version(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):

    dependencies = [
        ("oversikt", "0003_closed_month_trend"),
    ]

    operations = [
        migrations.CreateModel(
            name="KeptFigures",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(unique=True, verbose_name="dag")),
                ("version", models.BigIntegerField(verbose_name="dataversion")),
                ("computed_at", models.DateTimeField(verbose_name="beräknad")),
                ("valid_until", models.DateTimeField(verbose_name="giltig till")),
                ("values", models.JSONField(verbose_name="värden")),
            ],
            options={
                "verbose_name": "sparade nyckeltal",
                "verbose_name_plural": "sparade nyckeltal",
            },
        ),
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.BigIntegerField(default=0, verbose_name="värde")),
            ],
            options={
                "verbose_name": "dataversion",
                "verbose_name_plural": "dataversioner",
            },
        ),
        migrations.RunPython(create_version, drop_version),
    ]
