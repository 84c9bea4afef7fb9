"""The management system's objects in the access-matrix world (``tests/access_matrix_world``):
Farsta's documents, training, audit (its finding handed to a requirement on Farsta's action
plan) and access review, and a city-wide document."""

import datetime as dt

from isms.dates import local_today
from ledningssystem import services

from .helpers import audit_with_finding, course, csv_file, decided


def add_to_world(world) -> None:
    o, users = world.objects, world.users
    farsta, coordinator = o["farsta"], users["farsta.samordnare"]
    o["document"] = decided(farsta, coordinator)
    o["city_document"] = decided(None, users["stad.sakerhet"], "riktlinje")
    o["completion"] = services.completion_create(
        actor=coordinator, unit=farsta, person="anna@example.se", course=course(),
        completed_on=local_today() - dt.timedelta(days=3),
    )
    o["training_import"], _parsed = services.import_preview(
        actor=coordinator, unit=farsta,
        upload=csv_file([("bo@example.se", "Bo", "infosak-grund",
                          (local_today() - dt.timedelta(days=2)).isoformat())]),
    )
    o["audit"], o["finding"], o["finding_action"] = audit_with_finding(farsta, users["farsta.chef"])
    item = o["unit_item"]
    o["finding_plan_item"] = services.finding_to_plan(
        actor=coordinator, finding=o["finding"], plan_item=item, expected_version=item.version,
        status="in_progress", due_date=local_today() + dt.timedelta(days=30),
        responsible="Samordnaren",
    )
    item.refresh_from_db()
    o["access_review"] = services.access_review_create(
        actor=coordinator, it_service=o["service"], performed_on=local_today(),
        performed_by="Förvaltaren", deviations=0, next_due=local_today() + dt.timedelta(days=90),
    )
