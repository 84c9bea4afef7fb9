"""Audit events in bulk for measuring the log at a million events (``sparbarhet.scale``,
``manage.py seed_audit_events``, ``seed_scale``'s seeder): valid links that verify, times that
grow with ``seq``, refused with DEBUG off."""

import io
import random

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from isms import plugins
from nämnder.models import Role
from sparbarhet import chain, scale
from sparbarhet.models import AuditEvent, ChainHead
from tests.klassning_helpers import make_asset

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(farsta, bromma, coordinator, chief, outsider, make_person):
    make_person("revisor.bromma", bromma, Role.AUDITOR)
    make_asset(farsta, coordinator, name="Elevregister")
    make_asset(bromma, outsider, name="Bromma-registret")


def test_generated_events_are_valid_links_after_the_existing_chain(organisation):
    before = ChainHead.objects.get().seq
    head = scale.events_generate(count=700, rng=random.Random(1))
    assert head == before + 700 == ChainHead.objects.get().seq
    result = chain.verify(batch=97)
    assert result.ok, result.message
    assert result.checked == head
    times = list(AuditEvent.objects.order_by("seq").values_list("occurred_at", flat=True))
    assert times[before:] == sorted(times[before:])  # appended in time order
    new = AuditEvent.objects.filter(seq__gt=before)
    assert set(new.values_list("kind", flat=True)) == {"change", "read"}
    assert new.filter(action="export", object_id=None).exists()
    assert not new.filter(unit=None).exists() and not new.filter(actor=None).exists()
    # Every named object exists in the event's unit.
    event = new.filter(object_type="klassning.informationasset").exclude(object_id=None).first()
    assert event is not None and event.object_id in {a.pk for a in _assets(event.unit_id)}


def _assets(unit_id):
    from klassning.models import InformationAsset

    return InformationAsset.objects.filter(unit_id=unit_id)


def test_events_appended_after_generated_ones_still_verify(organisation, farsta, coordinator):
    scale.events_generate(count=50, rng=random.Random(2), days=3)
    make_asset(farsta, coordinator, name="Nytt register")  # a real change after them
    assert chain.verify().ok


def test_the_command_refuses_with_debug_off(settings, organisation):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_audit_events", count=10)


def test_the_command_adds_a_count_or_tops_up_to_a_total(settings, organisation):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_audit_events", count=40, stdout=out)
    head = ChainHead.objects.get().seq
    call_command("seed_audit_events", total=head + 25, stdout=out)
    assert ChainHead.objects.get().seq == head + 25
    call_command("seed_audit_events", total=10, stdout=out)
    assert "inget ändrat" in out.getvalue()
    call_command("verify_audit_trail", stdout=out)


def test_the_command_needs_an_organisation(settings, db):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_audit_events", count=10)


def test_the_scale_seeder_adds_a_million_events_at_scale_1(organisation):
    assert scale.seed in plugins.scale_seeders()
    ctx = plugins.ScaleContext(rng=random.Random(3), scale=0.0002, units={}, users={},
                               now=timezone.now(), stdout=io.StringIO())
    scale.seed(ctx=ctx)  # 1,000,000 × 0.0002
    assert ctx.counts["granskningshändelser"] == ChainHead.objects.get().seq
    assert AuditEvent.objects.count() == ChainHead.objects.get().seq
    assert chain.verify().ok
