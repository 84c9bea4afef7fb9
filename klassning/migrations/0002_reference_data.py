"""Seed the reference data: levels, aspects, consequence categories, settings (frozen here)."""

from django.db import migrations

LEVELS = [
    (0, "Ingen/försumbar", "Ingen eller försumbar skada för verksamheten, enskilda eller samhället."),
    (1, "Måttlig", "Måttlig skada: störningar som hanteras inom ordinarie arbete."),
    (2, "Betydande", "Betydande skada: verksamheten påverkas märkbart, enskilda kan drabbas."),
    (3, "Allvarlig", "Allvarlig skada: viktiga uppdrag kan inte utföras, enskilda drabbas allvarligt."),
    (4, "Synnerligen allvarlig", "Synnerligen allvarlig skada: liv och hälsa, samhällsviktig verksamhet eller mycket stora värden hotas."),
]

ASPECTS = [
    ("K", "Konfidentialitet", 1,
     "Vilken skada uppstår om informationen blir känd för obehöriga? Tänk på personlig integritet, "
     "sekretess enligt OSL och personuppgifter."),
    ("R", "Riktighet", 2,
     "Vilken skada uppstår om informationen är felaktig, ofullständig eller ändrad av obehörig? "
     "Rätt uppgifter från rätt källa."),
    ("T", "Tillgänglighet", 3,
     "Vilken skada uppstår om informationen inte går att komma åt när den behövs, också över tid "
     "enligt arkivreglerna? Tänk på hur länge verksamheten klarar ett avbrott."),
    ("S", "Spårbarhet", 4,
     "Vilken skada uppstår om det i efterhand inte går att se vem som tagit del av eller ändrat "
     "skyddsvärd information?"),
]

CATEGORIES = [
    ("ekonomi", "Ekonomi", "Ekonomisk förlust, skadestånd, sanktionsavgifter, merkostnader."),
    ("verksamhet", "Verksamhet", "Störning eller avbrott i verksamheten och dess uppdrag."),
    ("lagefterlevnad", "Lagefterlevnad", "Brott mot lagkrav, t.ex. dataskyddsförordningen, OSL eller arkivlagen."),
    ("fortroende", "Förtroende", "Förlorat förtroende hos invånare, brukare, medarbetare och andra."),
    ("samhalle", "Skada för annan organisation/samhället", "Följder för andra nämnder, bolag, myndigheter eller samhället."),
    ("liv-och-halsa", "Liv och hälsa", "Fysisk eller psykisk skada för personer."),
    ("miljo", "Miljö", "Skada på miljön."),
]


def seed(apps, schema_editor):
    Level = apps.get_model("klassning", "ClassificationLevel")
    Aspect = apps.get_model("klassning", "Aspect")
    Category = apps.get_model("klassning", "ConsequenceCategory")
    Settings = apps.get_model("klassning", "ClassificationSettings")
    for value, name, description in LEVELS:
        Level.objects.update_or_create(value=value, defaults={"name": name, "description": description})
    for code, name, order, guidance in ASPECTS:
        Aspect.objects.update_or_create(code=code, defaults={"name": name, "order": order, "guidance": guidance})
    for order, (code, name, guidance) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(code=code, defaults={"name": name, "order": order, "guidance": guidance})
    if not Settings.objects.exists():
        Settings.objects.create(review_interval_months=12)


def unseed(apps, schema_editor):
    for model in ("ClassificationSettings", "ConsequenceCategory", "Aspect", "ClassificationLevel"):
        apps.get_model("klassning", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("klassning", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
