"""Fill the per-aspect levels of every classification that existed before the table
(``services.classification_levels``): one grouped INSERT … SELECT over the assessments in active
categories, the statement the service runs."""

from django.db import migrations
from django.db.models import Max


def fill(apps, schema_editor):
    assessment_model = apps.get_model("klassning", "ClassificationAssessment")
    level_model = apps.get_model("klassning", "ClassificationAspectLevel")
    rows = (
        assessment_model.objects.filter(category__is_active=True)
        .values("classification_id", "aspect_id").annotate(level=Max("level")).order_by()
    )
    sql, params = rows.query.sql_with_params()
    quote = schema_editor.connection.ops.quote_name
    columns = ", ".join(quote(c) for c in ("classification_id", "aspect_id", "level"))
    level_model.objects.all().delete()
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(level_model._meta.db_table)} ({columns}) {sql}", params)


class Migration(migrations.Migration):
    dependencies = [("klassning", "0017_classification_aspect_level")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
