"""The required profile kept on each IT service (``services.service_profile``), filled for the
services that existed before the column: the highest level per aspect over the approved
classifications of each service's assets, the computation the service runs."""

from django.db import migrations, models
from django.db.models import Max

LEVEL = "informationasset__current_classification__aspect_levels__level"
ASPECT = "informationasset__current_classification__aspect_levels__aspect_id"


def fill(apps, schema_editor):
    service_model = apps.get_model("klassning", "ITService")
    aspects = list(apps.get_model("klassning", "Aspect").objects.order_by("order", "code"))
    rows = (
        service_model.assets.through.objects
        .filter(informationasset__security_protection=False, **{f"{LEVEL}__isnull": False})
        .values_list("itservice_id", ASPECT).annotate(level=Max(LEVEL)).order_by()
    )
    levels = {}
    for service_id, aspect_id, level in rows:
        levels.setdefault(service_id, {})[aspect_id] = level
    changed = [
        service_model(pk=pk, required_profile=" ".join(
            f"{a.code}{lv[a.pk]}" for a in aspects if a.pk in lv
        ))
        for pk, lv in levels.items()
    ]
    service_model.objects.bulk_update(changed, ["required_profile"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("klassning", "0020_service_page_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="itservice",
            name="required_profile",
            field=models.CharField(
                blank=True, editable=False, max_length=60, verbose_name="nivå som krävs"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
