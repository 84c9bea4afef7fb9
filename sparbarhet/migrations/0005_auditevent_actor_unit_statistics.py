"""PostgreSQL: extended statistics on the audit events' person and unit (functional
dependencies). A person's events are nearly all in their own unit, which the planner cannot know
from each column alone: for "one unit and one person" it estimated ~20 events where there are
hundreds, and read every one of them (a bitmap of both indexes, then a sort) instead of the
person's newest events from (actor, seq) until a page is full. Other databases: nothing."""

from django.db import migrations

NAME = "auditevent_actor_unit_stats"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {NAME} (dependencies) ON actor_id, unit_id "
        "FROM sparbarhet_auditevent"
    )
    # The statistics count from the next ANALYZE: take it now (a sample, ~1 s at a million).
    schema_editor.execute("ANALYZE sparbarhet_auditevent")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {NAME}")


class Migration(migrations.Migration):

    dependencies = [
        ("sparbarhet", "0004_auditevent_kind_seq_idx"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
