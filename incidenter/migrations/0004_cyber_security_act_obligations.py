"""Mark the seeded obligations under cybersäkerhetslagen (2025:1506): in a unit the act does not
cover they are preset to "gäller inte" on new incidents. No unit is recorded as not covered:
every kommunal nämnd is; the city-wide security function records bolag in the admin."""

from django.db import migrations

CODES = ("csl-tidig-varning", "csl-incidentanmalan", "csl-slutrapport")


def seed(apps, schema_editor):
    Obligation = apps.get_model("incidenter", "ReportingObligation")
    Obligation.objects.filter(code__in=CODES).update(cyber_security_act=True)


class Migration(migrations.Migration):
    dependencies = [("incidenter", "0003_cyber_law_scope")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
