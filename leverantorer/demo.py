"""Demo suppliers for ``manage.py seed_demo`` (idempotent), linked to the demo IT services.

Registered in ``LeverantorerConfig.ready()``; runs after klassning's seeder (which creates the IT
services) and goes through the services with the security function as actor. The organisation
numbers are made up, with valid check digits (``orgnr.with_check_digit``), except the city's own.
"""

from __future__ import annotations

import datetime as dt

from klassning import selectors as klassning_selectors

from . import orgnr, services
from .models import Supplier

ACTOR = "sakerhet.stad"

# (name, first nine digits or a full number, contact, DPA (signed on, where kept) or None,
#  IT services it delivers, notes)
SUPPLIERS = [
    ("Tieto Evry Sverige AB", "556251836", "Kundansvarig, avtalsportalen",
     (dt.date(2023, 3, 15), "Avtalsdatabasen, dnr KS 2023/0412"), ["Procapita IFO"], ""),
    ("Stockholms stad, it-avdelningen", "212000-0142", "Servicedesk, intranätet", None,
     ["Skolplattformen förskola"],
     "Intern leverantör (samma juridiska person): inget personuppgiftsbiträdesavtal, men en "
     "överenskommelse om behandlingen."),
    ("Sokigo AB", "556447192", "Support via kundwebben", None,
     ["Ärendehanteringssystem stadsmiljö"], ""),
    ("Atea Sverige AB", "556448364", "", (dt.date(2022, 9, 1), "Ramavtal, dnr KS 2022/1187"),
     [], ""),
    ("CGI Sverige AB", "556337240", "", None, [], "Avtalet upphörde 2024."),
]


def _org_number(digits: str) -> str:
    return orgnr.normalise(digits) if len(digits.replace("-", "")) == 10 else (
        orgnr.with_check_digit(digits)
    )


def seed(*, units, users, stdout):
    actor = users.get(ACTOR)
    created = linked = 0
    for name, digits, contact, dpa, service_names, notes in SUPPLIERS:
        supplier = Supplier.objects.filter(name__iexact=name).first()
        if supplier is None:
            supplier = services.supplier_create(
                actor=actor, name=name, org_number=_org_number(digits), contact=contact,
                dpa_in_place=dpa is not None, dpa_signed_on=dpa[0] if dpa else None,
                dpa_location=dpa[1] if dpa else "", notes=notes,
            )
            if name.startswith("CGI"):
                supplier = services.supplier_update(
                    actor=actor, supplier=supplier, expected_version=supplier.version,
                    is_active=False,
                )
            created += 1
        if actor is None:
            continue
        for service in klassning_selectors.it_service_list(user=actor).filter(
            name__in=service_names
        ):
            linked += services.supplier_link_service(
                actor=actor, supplier=supplier, service=service
            )
    stdout.write(f"Leverantörer: {created} nya leverantörer och {linked} kopplingar i demodata.")
