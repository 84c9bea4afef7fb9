"""Today's free-text ``ITService.supplier`` becomes supplier records, nothing lost.

Each distinct text (trimmed, compared without regard to case) becomes one supplier, named with
its most common spelling (the earliest on a tie), and is linked to every IT service that named
it. A supplier already registered with the same name (any case) is reused, and links already
there are kept, so running it again adds nothing. The free text stays on the IT service for now.

Each supplier created gets its "created" historical record, and the link rows of that record, as
simple-history would write them, without a user and with the reason below: its history page
says where it came from.

Reverse: nothing is undone (the suppliers and links may have been edited since); running the
migration forward again is harmless.
"""

from collections import Counter, defaultdict

from django.db import migrations
from django.utils import timezone

REASON = "Från it-tjänstens fritextfält leverantör"


def suppliers_from_texts(apps, schema_editor):
    ITService = apps.get_model("klassning", "ITService")
    Supplier = apps.get_model("leverantorer", "Supplier")
    Link = Supplier.it_services.through

    spellings: dict[str, Counter] = defaultdict(Counter)
    first_seen: dict[tuple[str, str], int] = {}
    services_of: dict[str, list[int]] = defaultdict(list)
    for pk, text in ITService.objects.exclude(supplier="").order_by("pk").values_list(
        "pk", "supplier"
    ):
        name = text.strip()
        if not name:
            continue
        key = name.lower()
        spellings[key][name] += 1
        first_seen.setdefault((key, name), pk)
        services_of[key].append(pk)
    if not services_of:
        return

    existing = {s.name.strip().lower(): s for s in Supplier.objects.all()}
    now = timezone.now()
    created = []
    for key in sorted(services_of):
        if key in existing:
            continue
        name = max(spellings[key], key=lambda n: (spellings[key][n], -first_seen[(key, n)]))
        created.append(Supplier(name=name, created_at=now, updated_at=now))
    for supplier in Supplier.objects.bulk_create(created, batch_size=500):
        existing[supplier.name.lower()] = supplier
    created_ids = {s.pk for s in created}

    linked = set(
        Link.objects.filter(supplier__in=[s.pk for s in existing.values()])
        .values_list("supplier_id", "itservice_id")
    )
    new_links = [
        Link(supplier_id=existing[key].pk, itservice_id=service_id)
        for key, service_ids in sorted(services_of.items())
        for service_id in service_ids
        if (existing[key].pk, service_id) not in linked
    ]
    new_links = Link.objects.bulk_create(new_links, batch_size=2000)

    # The history of the suppliers created here: one "created" record with its links.
    Historical = apps.get_model("leverantorer", "HistoricalSupplier")
    HistoricalLink = apps.get_model("leverantorer", "HistoricalSupplier_it_services")
    fields = [f.attname for f in Supplier._meta.concrete_fields]
    records = Historical.objects.bulk_create([
        Historical(
            **{f: getattr(s, f) for f in fields}, history_date=now, history_type="+",
            history_change_reason=REASON, history_user=None,
        )
        for s in created
    ], batch_size=500)
    record_of = {r.id: r.history_id for r in records}
    if not all(record_of.values()):  # a backend that returns no ids from bulk_create
        record_of = dict(
            Historical.objects.filter(id__in=created_ids, history_type="+",
                                      history_change_reason=REASON)
            .values_list("id", "history_id")
        )
    link_pks = {
        (s, i): pk for pk, s, i in Link.objects.filter(supplier__in=created_ids)
        .values_list("pk", "supplier_id", "itservice_id")
    }
    HistoricalLink.objects.bulk_create([
        HistoricalLink(
            history_id=record_of[link.supplier_id], id=link_pks[(link.supplier_id, link.itservice_id)],
            supplier_id=link.supplier_id, itservice_id=link.itservice_id,
        )
        for link in new_links if link.supplier_id in created_ids
    ], batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("leverantorer", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(suppliers_from_texts, migrations.RunPython.noop, elidable=False),
    ]
