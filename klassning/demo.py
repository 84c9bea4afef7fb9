"""Demo assets, IT services and classifications for ``manage.py seed_demo`` (idempotent).

Registered in ``KlassningConfig.ready()`` (``isms.plugins``); everything goes through the
services with the demo users as actors, so the history shows who did what.
"""

from __future__ import annotations

from . import services
from .models import Aspect, ConsequenceCategory, InformationAsset, ITService, PersonalData

# (unit, name, process, personal data, OSL provision, {aspect: level} or None = not classified)
ASSETS = [
    ("farsta", "Elevakter i förskola", "Förskoleverksamhet", PersonalData.SENSITIVE,
     "23 kap. 1 § OSL", {"K": 3, "R": 2, "T": 2, "S": 3}),
    ("farsta", "Ekonomiskt bistånd", "Individ- och familjeomsorg", PersonalData.SENSITIVE,
     "26 kap. 1 § OSL", {"K": 4, "R": 3, "T": 2, "S": 3}),
    ("farsta", "Lokalbokning", "Fritid och kultur", PersonalData.PERSONAL, "", None),
    ("bromma", "Bygglovsärenden", "Stadsmiljö", PersonalData.PERSONAL, "",
     {"K": 1, "R": 2, "T": 1, "S": 2}),
]

# (owner unit, name, kind, förvaltningsledare, supplier, user units, asset names)
IT_SERVICES = [
    ("farsta", "Procapita IFO", "system", "Mikael Ström", "Tieto Evry",
     ["farsta", "bromma"], ["Ekonomiskt bistånd"]),
    ("farsta", "Skolplattformen förskola", "cloud", "Helena Berg", "Stadens it-avdelning",
     ["farsta"], ["Elevakter i förskola"]),
    ("bromma", "Ärendehanteringssystem stadsmiljö", "system", "Olle Ek", "Leverantör AB",
     ["bromma"], ["Bygglovsärenden"]),
]

# The förvaltningsledare in the portal who receives a service's technical requirements (a person
# of another unit, as often happens with shared services).
OWNERS = {"Procapita IFO": "handlaggare.bromma"}

SUBMITTERS = {"farsta": "handlaggare.farsta", "bromma": "handlaggare.bromma"}
APPROVERS = {"farsta": "chef.farsta", "bromma": "chef.bromma"}


def _cells(levels):
    categories = list(ConsequenceCategory.objects.filter(is_active=True))
    cells = {}
    for aspect in Aspect.objects.all():
        top = levels.get(aspect.code, 0)
        for i, category in enumerate(categories):
            level = top if i == 1 else max(top - 1, 0)
            cells[(aspect.pk, category.pk)] = (
                level, f"Demo: bedömd konsekvens för {category.name.lower()}."
            )
    return cells


def seed(*, units, users, stdout):
    created = 0
    for short, name, process, personal, osl, _levels in ASSETS:
        actor = users[SUBMITTERS[short]]
        if InformationAsset.objects.filter(unit=units[short], name=name).exists():
            continue
        asset = services.asset_create(
            actor=actor, unit=units[short], name=name, process=process, personal_data=personal,
            osl_secrecy=bool(osl), osl_provision=osl, responsible=actor.get_full_name(),
        )
        created += 1
    if not InformationAsset.objects.filter(name="Skyddsobjekt i Farsta").exists():
        services.asset_create(
            actor=users["handlaggare.farsta"], unit=units["farsta"], name="Skyddsobjekt i Farsta",
            security_protection=True,
            security_protection_note="Hanteras av säkerhetsskyddschefen enligt säkerhetsskyddslagen.",
        )
    for short, name, kind, manager, supplier, user_units, asset_names in IT_SERVICES:
        if ITService.objects.filter(unit=units[short], name=name).exists():
            continue
        actor = users[APPROVERS[short]]
        service = services.it_service_create(
            actor=actor, unit=units[short], name=name, kind=kind, manager=manager,
            supplier=supplier, user_units=[units[u] for u in user_units],
            owner=users.get(OWNERS.get(name, "")),
        )
        for asset in InformationAsset.objects.filter(unit=units[short], name__in=asset_names):
            services.asset_update(
                actor=users[SUBMITTERS[short]], asset=asset, expected_version=asset.version,
                it_services=[*asset.it_services.all(), service],
            )
    for short, name, _process, _personal, _osl, levels in ASSETS:
        asset = InformationAsset.objects.get(unit=units[short], name=name)
        if levels is None or asset.classifications.exists():
            continue
        submitter, approver = users[SUBMITTERS[short]], users[APPROVERS[short]]
        c = services.classification_start(actor=submitter, asset=asset)
        c = services.classification_save(
            actor=submitter, classification=c, expected_version=c.version,
            assessments=_cells(levels), submit=True,
        )
        services.classification_approve(actor=approver, classification=c, expected_version=c.version)
    stdout.write(f"Informationsklassning: {created} nya informationsmängder i demodata.")
