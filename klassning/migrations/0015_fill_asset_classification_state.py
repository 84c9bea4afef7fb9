"""Fill the classification state kept on each information asset from its classifications
(``services.classification_state``), for the rows that existed before the columns."""

from django.db import migrations
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    asset_model = apps.get_model("klassning", "InformationAsset")
    classification_model = apps.get_model("klassning", "Classification")
    latest = classification_model.objects.filter(asset_id=OuterRef("pk")).order_by("-number")
    approved = latest.filter(status="approved")
    asset_model.objects.update(
        latest_classification_id=Subquery(latest.values("id")[:1]),
        latest_status=Coalesce(Subquery(latest.values("status")[:1]), Value("")),
        current_classification_id=Subquery(approved.values("id")[:1]),
        approved_profile=Coalesce(Subquery(approved.values("profile")[:1]), Value("")),
        review_due=Subquery(approved.values("review_due")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [("klassning", "0014_asset_classification_state")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
