"""The need-to-know rule is written twice: as SQL for lists (``visible_q``/``content_q``, read
through ``visible_incidents``) and in Python for one incident already read
(``visibility_of``, the incident page). Both must give every person the same answer for every
incident: whether they may know it exists and whether they may see its content, through a
unit role, the city-wide roles, handling it, or a grant to them or to a group of theirs."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm

from incidenter.models import Incident
from incidenter.selectors.access import GRANT_PERM, visibility_of, visible_incidents
from nämnder.models import Role
from tests.incidenter_helpers import report, update

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(farsta, bromma, make_person, chief, official, security_function):
    bromma_chief = make_person("chef.bromma", bromma, Role.CHIEF)
    incidents = {
        "farsta open": report(farsta, chief, title="Öppen i Farsta"),
        "farsta confidential": update(report(farsta, chief, title="Hemlig i Farsta"), chief,
                                      confidential=True),
        "farsta confidential, handled by the official": update(
            report(farsta, chief, title="Hemlig med handläggare"), chief, confidential=True,
            handler=official),
        "farsta confidential, granted to a group": update(
            report(farsta, chief, title="Hemlig till grupp"), chief, confidential=True),
        "bromma open": report(bromma, bromma_chief, title="Öppen i Bromma"),
        "bromma confidential, granted to a person": update(
            report(bromma, bromma_chief, title="Hemlig i Bromma"), bromma_chief,
            confidential=True),
    }
    granted = make_person("dso.direkt", bromma)
    assign_perm(GRANT_PERM, granted, incidents["bromma confidential, granted to a person"])
    in_group = make_person("dso.grupp", bromma)
    group = Group.objects.create(name="Dataskyddsombud (regeltest)")
    in_group.groups.add(group)
    assign_perm(GRANT_PERM, group, incidents["farsta confidential, granted to a group"])
    inactive = make_person("slutat.farsta", farsta, Role.CHIEF)
    inactive.is_active = False
    inactive.save()
    return incidents, {"granted": granted, "in_group": in_group, "inactive": inactive,
                       "bromma_chief": bromma_chief}


PERSONAS = ["official", "coordinator", "chief", "unit_auditor", "outsider",
            "security_function", "city_auditor"]


def test_both_copies_answer_alike_for_everyone(request, world):
    incidents, others = world
    people = {name: request.getfixturevalue(name) for name in PERSONAS} | others
    compared = 0
    for who, person in people.items():
        listed = {i.pk: bool(i.content_visible) for i in visible_incidents(person)}
        for what, incident in incidents.items():
            row = Incident.objects.get(pk=incident.pk)
            expected = (row.pk in listed, listed.get(row.pk, False))
            assert visibility_of(person, row) == expected, (who, what)
            compared += 1
    assert compared == len(people) * len(incidents)


def test_the_world_exercises_every_way_in(world, official):
    """The comparison above means something: each way to an incident's content is used."""
    incidents, others = world
    handled = incidents["farsta confidential, handled by the official"]
    assert visibility_of(official, Incident.objects.get(pk=handled.pk)) == (True, True)
    assert visibility_of(official, Incident.objects.get(
        pk=incidents["farsta confidential"].pk)) == (True, False)
    assert visibility_of(others["granted"], Incident.objects.get(
        pk=incidents["bromma confidential, granted to a person"].pk)) == (True, True)
    assert visibility_of(others["in_group"], Incident.objects.get(
        pk=incidents["farsta confidential, granted to a group"].pk)) == (True, True)
    assert visibility_of(others["in_group"], Incident.objects.get(
        pk=incidents["farsta confidential"].pk)) == (False, False)
    assert visibility_of(others["inactive"], Incident.objects.get(
        pk=incidents["farsta open"].pk)) == (False, False)
