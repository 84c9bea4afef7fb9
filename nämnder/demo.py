"""Stockholm stad's real organisation and a few demo people, for ``manage.py seed_demo``."""

from .models import Role, UnitKind

CITY_UNIT = {
    "short_name": "stad",
    "name": "Stadsövergripande informationssäkerhetsfunktion",
    "administration_name": "Stadsledningskontoret (kommunstyrelsen)",
    "kind": UnitKind.CITY,
}

DISTRICTS = [
    ("bromma", "Bromma"),
    ("enskede-arsta-vantor", "Enskede-Årsta-Vantör"),
    ("farsta", "Farsta"),
    ("hagersten-alvsjo", "Hägersten-Älvsjö"),
    ("hasselby-vallingby", "Hässelby-Vällingby"),
    ("jarva", "Järva"),
    ("kungsholmen", "Kungsholmen"),
    ("norra-innerstaden", "Norra innerstaden"),
    ("skarpnack", "Skarpnäck"),
    ("skarholmen", "Skärholmen"),
    ("sodermalm", "Södermalm"),
]

# (short name, nämnd, förvaltning)
SPECIALIST_BOARDS = [
    ("ks", "Kommunstyrelsen", "Stadsledningskontoret"),
    ("trafik", "Trafiknämnden", "Trafikkontoret"),
    ("utbildning", "Utbildningsnämnden", "Utbildningsförvaltningen"),
    ("social", "Socialnämnden", "Socialförvaltningen"),
    ("aldre", "Äldrenämnden", "Äldreförvaltningen"),
    ("miljo", "Miljö- och hälsoskyddsnämnden", "Miljöförvaltningen"),
    ("fastighet", "Fastighetsnämnden", "Fastighetskontoret"),
    ("exploatering", "Exploateringsnämnden", "Exploateringskontoret"),
    ("stadsbyggnad", "Stadsbyggnadsnämnden", "Stadsbyggnadskontoret"),
    ("kultur", "Kulturnämnden", "Kulturförvaltningen"),
    ("idrott", "Idrottsnämnden", "Idrottsförvaltningen"),
    ("arbetsmarknad", "Arbetsmarknadsnämnden", "Arbetsmarknadsförvaltningen"),
    ("service", "Servicenämnden", "Serviceförvaltningen"),
    ("kyrkogard", "Kyrkogårdsnämnden", "Kyrkogårdsförvaltningen"),
    ("overformyndare", "Överförmyndarnämnden", "Överförmyndarförvaltningen"),
    ("revision", "Revisorerna", "Revisionskontoret"),
]

STADSHUS = ("stadshus", "Stockholms Stadshus AB", "Stockholms Stadshus AB")

# Subsidiaries of Stockholms Stadshus AB: (short name, styrelse, bolag)
COMPANIES = [
    ("svenska-bostader", "Styrelsen för AB Svenska Bostäder", "AB Svenska Bostäder"),
    ("familjebostader", "Styrelsen för AB Familjebostäder", "AB Familjebostäder"),
    ("stockholmshem", "Styrelsen för AB Stockholmshem", "AB Stockholmshem"),
    ("sisab", "Styrelsen för SISAB", "Skolfastigheter i Stockholm AB (SISAB)"),
    ("micasa", "Styrelsen för Micasa Fastigheter", "Micasa Fastigheter i Stockholm AB"),
    ("bostadsformedlingen", "Styrelsen för Bostadsförmedlingen",
     "AB Stockholms stads Bostadsförmedling"),
    ("svoa", "Styrelsen för Stockholm Vatten och Avfall", "Stockholm Vatten och Avfall AB"),
    ("hamnar", "Styrelsen för Stockholms Hamnar", "Stockholms Hamn AB"),
    ("stokab", "Styrelsen för Stokab", "AB Stokab"),
    ("parkering", "Styrelsen för Stockholm Parkering", "Stockholm Parkering AB"),
    ("kulturhuset", "Styrelsen för Kulturhuset Stadsteatern", "Kulturhuset Stadsteatern AB"),
    ("st-erik", "Styrelsen för S:t Erik Markutveckling", "S:t Erik Markutveckling AB"),
]

# Named role holders for the demo units.
ROLE_HOLDERS = {
    "farsta": {
        "chief_name": "Karin Lindqvist", "chief_email": "karin.lindqvist@example.se",
        "coordinator_name": "Ahmed Yilmaz", "coordinator_email": "ahmed.yilmaz@example.se",
        "dpo_name": "Stadens dataskyddsombud", "dpo_email": "dataskyddsombud@example.se",
    },
    "bromma": {
        "chief_name": "Per Åkesson", "chief_email": "per.akesson@example.se",
        "coordinator_name": "", "coordinator_email": "",
        "dpo_name": "Stadens dataskyddsombud", "dpo_email": "dataskyddsombud@example.se",
    },
    "stockholmshem": {
        "chief_name": "Lena Öberg", "chief_email": "lena.oberg@example.se",
        "coordinator_name": "Jonas Ek", "coordinator_email": "jonas.ek@example.se",
        "dpo_name": "Bolagets dataskyddsombud", "dpo_email": "dso@example.se",
    },
}

# (username, first name, last name, unit short name, role)
DEMO_USERS = [
    ("handlaggare.farsta", "Sara", "Nilsson", "farsta", Role.OFFICIAL),
    ("samordnare.farsta", "Ahmed", "Yilmaz", "farsta", Role.COORDINATOR),
    ("chef.farsta", "Karin", "Lindqvist", "farsta", Role.CHIEF),
    ("revisor.farsta", "Eva", "Holm", "farsta", Role.AUDITOR),
    ("handlaggare.bromma", "Johan", "Berg", "bromma", Role.OFFICIAL),
    ("chef.bromma", "Per", "Åkesson", "bromma", Role.CHIEF),
    ("handlaggare.stockholmshem", "Maria", "Svensson", "stockholmshem", Role.OFFICIAL),
    ("chef.stockholmshem", "Lena", "Öberg", "stockholmshem", Role.CHIEF),
    ("revisor.stad", "Anders", "Revisor", "stad", Role.AUDITOR),
    ("sakerhet.stad", "Fatima", "Haddad", "stad", Role.SECURITY_FUNCTION),
]

# One shared demo password, printed by seed_demo; seed_demo refuses to run with DEBUG off.
DEMO_PASSWORD = "lis-demo-2026"  # noqa: S105
