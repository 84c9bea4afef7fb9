"""A handover scenario: Farsta's asset is handled by an IT service that Farsta owns and that a
person in Bromma runs (the service's owner); Farsta's chief approves its classification."""

from dataclasses import dataclass

from klassning import services
from klassning.models import ITService, ServiceRequirement, UnitRequirement
from nämnder.models import Role

from .klassning_helpers import approved, make_asset, make_service

LEVELS = {"K": 2, "R": 1, "T": 1, "S": 1}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Handover:
    service: ITService
    other_service: ITService
    asset: object
    owner: object
    item: ServiceRequirement
    unit_item: UnitRequirement


def set_owner(service, owner, actor):
    return services.it_service_update(
        actor=actor, service=service, expected_version=service.version, owner=owner
    )


def build(*, farsta, bromma, official, chief, make_person, owner=None) -> Handover:
    owner = owner or make_person("forvaltare.bromma", bromma, Role.OFFICIAL)
    service = make_service(farsta, chief, name="Skolplattformen", user_units=[farsta])
    other = make_service(farsta, chief, name="Ekonomisystemet", user_units=[farsta])
    service = set_owner(service, owner, chief)
    asset = make_asset(farsta, official, name="Elevakter", it_services=[service, other])
    approved(asset, official, chief, LEVELS)
    item = ServiceRequirement.objects.filter(it_service=service, requirement__code="K-09").get()
    unit_item = UnitRequirement.objects.filter(unit=farsta, is_current=True).first()
    return Handover(service, other, asset, owner, item, unit_item)
