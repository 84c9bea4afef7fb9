"""Seed what each level means per consequence category, in our own words, and the suggested
minimum confidentiality levels for personal data (frozen here; edited in the admin afterwards).

Minimums: sensitive personal data (art. 9 GDPR) → K3: if it leaks, individuals are seriously
harmed and the breach is serious; protected personal data (skyddad identitet, sekretessmarkering)
→ K4: if it leaks, someone can be found and their life or health is at risk. Ordinary personal
data gets no suggestion (the security function can add one, e.g. K2).
"""

from django.db import migrations

CRITERIA = {
    "ekonomi": [
        "Ingen eller obetydlig kostnad som ryms i den löpande budgeten.",
        "Mindre merkostnader eller förluster som enheten hanterar inom sin budget.",
        "Kännbara kostnader som kräver omprioriteringar, t.ex. ett mindre skadestånd eller en "
        "mindre sanktionsavgift.",
        "Stora förluster eller sanktionsavgifter som påverkar nämndens eller bolagets ekonomi och "
        "kräver beslut om extra medel.",
        "Mycket stora förluster som hotar stadens ekonomi eller verksamhetens fortsatta drift.",
    ],
    "verksamhet": [
        "Ingen märkbar påverkan på verksamheten.",
        "Kortvariga störningar som hanteras med ordinarie rutiner; uppdraget blir ändå utfört.",
        "Verksamheten försenas eller försämras märkbart; delar av uppdraget kan inte utföras "
        "under en tid.",
        "Viktiga uppdrag kan inte utföras; omfattande reservrutiner eller krisledning behövs.",
        "Verksamheten upphör eller samhällsviktig verksamhet slås ut under längre tid.",
    ],
    "lagefterlevnad": [
        "Ingen överträdelse av lag eller annan reglering.",
        "En mindre avvikelse från interna regler eller rutiner som rättas utan vidare följder.",
        "Överträdelse av lag eller förordning, t.ex. en personuppgiftsincident som ska anmälas "
        "till Integritetsskyddsmyndigheten.",
        "Allvarlig överträdelse, t.ex. röjd sekretess eller röjda känsliga personuppgifter, som "
        "kan leda till sanktioner eller åtal.",
        "Synnerligen allvarlig eller systematisk överträdelse, t.ex. av säkerhetsskyddet eller av "
        "grundläggande fri- och rättigheter.",
    ],
    "fortroende": [
        "Ingen påverkan på förtroendet.",
        "Enstaka klagomål eller begränsad uppmärksamhet som snabbt ebbar ut.",
        "Förtroendet för enheten skadas: uppmärksamhet i lokala medier eller många klagomål.",
        "Förtroendet för staden skadas allvarligt: uppmärksamhet i nationella medier eller "
        "politiska följder.",
        "Långvarigt och omfattande förtroendetapp för staden och dess förmåga att sköta sitt "
        "uppdrag.",
    ],
    "samhalle": [
        "Ingen påverkan på andra organisationer eller samhället.",
        "Mindre olägenhet för andra nämnder, bolag eller myndigheter.",
        "Andra organisationer får betydande störningar eller merarbete.",
        "Allvarliga följder för andra organisationer eller för en större grupp invånare.",
        "Samhällsviktiga funktioner eller stora delar av samhället drabbas.",
    ],
    "liv-och-halsa": [
        "Ingen påverkan på någons hälsa eller säkerhet.",
        "Obehag eller oro för enskilda, utan bestående skada.",
        "Enskilda kan drabbas av lindrig fysisk eller psykisk skada, t.ex. känna sig utsatta när "
        "skyddsvärda uppgifter sprids.",
        "Allvarlig fysisk eller psykisk skada för enskilda, t.ex. att en person med skyddade "
        "personuppgifter kan hittas.",
        "Fara för människors liv eller allvarlig skada för många personer.",
    ],
    "miljo": [
        "Ingen påverkan på miljön.",
        "Mindre och snabbt övergående miljöpåverkan.",
        "Märkbar miljöskada som kan åtgärdas inom kort tid.",
        "Allvarlig miljöskada som tar lång tid eller stora resurser att åtgärda.",
        "Omfattande och bestående miljöskada.",
    ],
}

MINIMUMS = [("sensitive", "K", 3), ("protected", "K", 4)]


def seed(apps, schema_editor):
    """Idempotent: adds what is missing, never overwrites an edited text."""
    category_model = apps.get_model("klassning", "ConsequenceCategory")
    criterion_model = apps.get_model("klassning", "LevelCriterion")
    aspect_model = apps.get_model("klassning", "Aspect")
    minimum_model = apps.get_model("klassning", "PersonalDataMinimum")
    for category in category_model.objects.filter(code__in=CRITERIA):
        for level, text in enumerate(CRITERIA[category.code]):
            criterion_model.objects.get_or_create(
                category=category, level=level, defaults={"text": text}
            )
    for personal_data, aspect_code, level in MINIMUMS:
        aspect = aspect_model.objects.filter(code=aspect_code).first()
        if aspect is not None:
            minimum_model.objects.get_or_create(
                personal_data=personal_data, aspect=aspect, defaults={"min_level": level}
            )


def unseed(apps, schema_editor):
    apps.get_model("klassning", "LevelCriterion").objects.all().delete()
    apps.get_model("klassning", "PersonalDataMinimum").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("klassning", "0011_level_criteria_and_personal_data_minimums")]
    operations = [migrations.RunPython(seed, unseed)]
