"""The supplier register's part of ``manage.py seed_scale`` (``make bench``).

Runs after klassning's part (order 45 > 20). At scale 1 about 300 suppliers: one per distinct
free-text supplier of the IT services (as migration 0002 turns them into records), linked to
those services, plus generated ones, about a third of the services getting a second supplier.
Inserted in bulk with their "created" historical records and the links on them, as the services
would write them (the security function as the actor).
"""

from __future__ import annotations

import datetime as dt

from klassning import selectors as klassning_selectors

from . import orgnr
from .models import Supplier

SUPPLIERS = 300
BATCH = 2_000
SECOND_SUPPLIER = 0.3
ACTOR = "sakerhet.stad"

PARTS = ["Nordic", "Data", "System", "Konsult", "Digital", "Säkerhet", "Drift", "Moln", "Kommun",
         "Skol", "Vård", "Geo", "Infra", "Nät", "Analys", "Service", "Support", "Logik"]
FORMS = ["AB", "Sverige AB", "Group AB", "Nordic AB", "HB", "i Stockholm AB"]


def _org_numbers(rng, n: int, taken: set[str]) -> list[str]:
    numbers = []
    while len(numbers) < n:
        number = orgnr.with_check_digit(f"55{rng.randint(2, 9)}{rng.randint(0, 999_999):06}")
        if number not in taken:
            taken.add(number)
            numbers.append(number)
    return numbers


def seed(*, ctx) -> None:
    rng, now = ctx.rng, ctx.now
    actor = ctx.users.get(ACTOR)
    services = list(
        klassning_selectors.it_service_list(user=actor).order_by("pk").values_list("pk", "supplier")
    ) if actor is not None else []
    existing = {s.name.lower(): s for s in Supplier.objects.all()}
    taken = set(Supplier.objects.exclude(org_number="").values_list("org_number", flat=True))

    names = []
    for _pk, text in services:
        name = (text or "").strip()
        if name and name.lower() not in existing and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    target = ctx.scaled(SUPPLIERS)
    i = 0
    while len(names) + len(existing) < target:
        i += 1
        name = f"{rng.choice(PARTS)}{rng.choice(PARTS).lower()} {i:03} {rng.choice(FORMS)}"
        names.append(name)

    rows = []
    for name, number in zip(names, _org_numbers(rng, len(names), taken), strict=True):
        created = now - dt.timedelta(days=rng.randint(30, 3 * 365))
        dpa = rng.random() < 0.6
        signed = (created - dt.timedelta(days=rng.randint(0, 900))).date() if dpa else None
        rows.append(Supplier(
            name=name, org_number=number, contact=f"Kundansvarig, {name}",
            dpa_in_place=dpa, dpa_signed_on=signed,
            dpa_location=f"Avtalsdatabasen, dnr KS {signed.year}/{rng.randint(100, 9999)}"
            if dpa else "",
            created_at=created, updated_at=created,
        ))
    created_at = {r.name: r.created_at for r in rows}
    rows = Supplier.objects.bulk_create(rows, batch_size=BATCH)
    for r in rows:  # auto_now(_add) set them to now on insert: back to the planned dates
        r.created_at = r.updated_at = created_at[r.name]
    Supplier.objects.bulk_update(rows, ["created_at", "updated_at"], batch_size=BATCH)

    by_name = {**existing, **{r.name.lower(): r for r in rows}}
    generated = [r for r in rows if r.name not in {(t or "").strip() for _p, t in services}]
    Link = Supplier.it_services.through
    pairs = set()
    for pk, text in services:
        named = by_name.get((text or "").strip().lower())
        if named is not None:
            pairs.add((named.pk, pk))
        if generated and rng.random() < SECOND_SUPPLIER:
            pairs.add((rng.choice(generated).pk, pk))
    links = Link.objects.bulk_create(
        [Link(supplier_id=s, itservice_id=i) for s, i in sorted(pairs)], batch_size=BATCH
    )

    historical = Supplier.history.model
    fields = [f.attname for f in historical.tracked_fields]
    records = historical.objects.bulk_create([
        historical(**{f: getattr(r, f) for f in fields}, history_date=r.created_at,
                   history_type="+", history_user_id=getattr(actor, "pk", None))
        for r in rows
    ], batch_size=BATCH)
    record_of = {r.id: r.history_id for r in records}
    if not all(record_of.values()):
        record_of = dict(historical.objects.filter(id__in=[r.pk for r in rows])
                         .values_list("id", "history_id"))
    link_pks = {(s, i): pk for pk, s, i in Link.objects.filter(
        supplier__in=list(record_of)).values_list("pk", "supplier_id", "itservice_id")}
    from simple_history.models import HistoricalRecords

    row_model = HistoricalRecords.m2m_models[Supplier._meta.get_field("it_services")]
    row_model.objects.bulk_create([
        row_model(history_id=record_of[link.supplier_id],
                  id=link_pks[(link.supplier_id, link.itservice_id)],
                  supplier_id=link.supplier_id, itservice_id=link.itservice_id)
        for link in links if link.supplier_id in record_of
    ], batch_size=BATCH)
    ctx.counts["leverantörer"] = len(rows)
    ctx.counts["kopplingar leverantör–it-tjänst"] = len(links)
