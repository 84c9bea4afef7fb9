"""Assets flagged as säkerhetsskydd before the flag scrubbed history: blank their earlier
details in the history tables now, as ``services.asset_update`` does when an asset is flagged
(``klassning.services.security_protection``). Cannot be reversed: the details are gone."""

from django.db import migrations

from klassning.services.security_protection import scrub_asset_history


def scrub_flagged_assets(apps, schema_editor):
    asset_model = apps.get_model("klassning", "InformationAsset")
    for asset_id in asset_model.objects.filter(security_protection=True).values_list(
        "pk", flat=True
    ):
        scrub_asset_history(asset_id=asset_id, registry=apps)


class Migration(migrations.Migration):
    dependencies = [("klassning", "0004_it_service_link_history")]

    operations = [migrations.RunPython(scrub_flagged_assets, migrations.RunPython.noop)]
