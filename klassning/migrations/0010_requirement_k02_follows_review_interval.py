"""K-02 said a classification is reviewed "minst vartannat år", while LIS asks for a review
after the configured interval (``ClassificationSettings.review_interval_months``, 12 months by
default). The text now points at that interval instead of naming a period of its own. A text the
security function has already edited in the admin is left as it is."""

from django.db import migrations

OLD = (
    "Informationsägaren ser till att informationsmängderna i systemet är klassade och att "
    "klassningen ses över vid större förändringar, och i övrigt minst vartannat år. Visa det med "
    "en beslutad och daterad klassning i LIS."
)
NEW = (
    "Informationsägaren ser till att informationsmängderna i systemet är klassade och att "
    "klassningen ses över vid större förändringar, och i övrigt senast när LIS anger att den ska "
    "ses över (granskningsintervallet i inställningarna för klassning). Visa det med en beslutad "
    "och daterad klassning i LIS."
)


def forward(apps, schema_editor):
    apps.get_model("klassning", "Requirement").objects.filter(code="K-02", guidance=OLD).update(
        guidance=NEW
    )


def backward(apps, schema_editor):
    apps.get_model("klassning", "Requirement").objects.filter(code="K-02", guidance=NEW).update(
        guidance=OLD
    )


class Migration(migrations.Migration):
    dependencies = [("klassning", "0009_admin_names_of_requirements_and_settings")]
    operations = [migrations.RunPython(forward, backward)]
