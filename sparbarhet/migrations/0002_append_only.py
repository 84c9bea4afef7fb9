"""The audit events are append-only at the database level (``sparbarhet.guard``), and the
chain's head row exists from the start."""

from django.db import migrations

from sparbarhet import guard


def head_create(apps, schema_editor):
    apps.get_model("sparbarhet", "ChainHead").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("sparbarhet", "0001_initial")]

    operations = [
        migrations.RunPython(guard.triggers_install, guard.triggers_remove),
        migrations.RunPython(head_create, migrations.RunPython.noop),
    ]
