"""Who reads which events of the audit log (``nämnder.access.audit_log_unit_ids``): the city-wide
security function and city-wide auditors every event, a chief and a unit auditor their units'
events, everyone else nothing (403); and the menu entry follows the same rule."""

import pytest
from django.contrib.auth import get_user_model

from nämnder import access, services
from nämnder.models import Role
from nämnder.selectors import memberships_of
from sparbarhet.models import AuditEvent
from tests.klassning_helpers import make_asset
from tests.sparbarhet.log_helpers import URL, add_events, exported_seqs

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(farsta, bromma, coordinator, outsider):
    """Changes in Farsta and in Bromma (the outsider's unit), and a city-wide event."""
    make_asset(farsta, coordinator, name="Elevregister")
    make_asset(bromma, outsider, name="Bromma-registret")
    add_events(1, unit=None, objects=[("klassning.requirement", 1)])
    return AuditEvent.objects


def _seqs(**lookup):
    return sorted(AuditEvent.objects.filter(**lookup).values_list("seq", flat=True), reverse=True)


@pytest.mark.parametrize("persona", ["security_function", "city_auditor"])
def test_the_city_wide_roles_read_every_event(request, trail, client_for, persona):
    user = request.getfixturevalue(persona)
    assert exported_seqs(client_for(user)) == _seqs()


@pytest.mark.parametrize("persona", ["chief", "unit_auditor"])
def test_a_chief_and_a_unit_auditor_read_their_units_events_only(
    request, trail, farsta, client_for, persona
):
    user = request.getfixturevalue(persona)
    seqs = exported_seqs(client_for(user))
    assert seqs == _seqs(unit=farsta)
    assert seqs  # the unit has events


def test_the_outsiders_unit_is_invisible_to_farstas_chief(trail, bromma, chief, client_for):
    client = client_for(chief)
    page = client.get(URL).content.decode()
    assert "Elevregister" in page
    assert "Bromma-registret" not in page
    assert not set(exported_seqs(client)) & set(_seqs(unit=bromma))


def test_brommas_chief_does_not_read_farstas_events(trail, farsta, bromma, make_person, client_for):
    bromma_chief = make_person("chef.bromma", bromma, Role.CHIEF)
    seqs = exported_seqs(client_for(bromma_chief))
    assert seqs == _seqs(unit=bromma)
    assert not set(seqs) & set(_seqs(unit=farsta))


@pytest.mark.parametrize("persona", ["official", "coordinator", "outsider"])
def test_everyone_else_is_refused(request, trail, client_for, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(URL).status_code == 403
    assert client.get(URL + "?format=csv").status_code == 403


def test_a_person_with_roles_in_two_units_reads_both(trail, farsta, bromma, chief):
    services.membership_add(actor=None, user=chief, unit=bromma, role=Role.AUDITOR)
    user = get_user_model().objects.get(pk=chief.pk)  # a new request's user
    assert access.audit_log_unit_ids(user) == sorted([farsta.pk, bromma.pk])


def test_a_coordinator_who_is_also_auditor_elsewhere_reads_only_that_unit(
    farsta, bromma, coordinator
):
    services.membership_add(actor=None, user=coordinator, unit=bromma, role=Role.AUDITOR)
    user = get_user_model().objects.get(pk=coordinator.pk)
    assert access.audit_log_unit_ids(user) == [bromma.pk]


def test_the_rule_reads_the_same_from_the_headers_memberships(
    official, chief, unit_auditor, city_auditor, security_function
):
    for user in (official, chief, unit_auditor, city_auditor, security_function):
        fresh = get_user_model().objects.get(pk=user.pk)
        assert access.audit_log_unit_ids(fresh) == access.audit_log_unit_ids(
            fresh, memberships=list(memberships_of(user=fresh))
        )


def test_superusers_read_all_and_inactive_people_nothing(chief, django_user_model):
    root = django_user_model.objects.create_superuser(username="rot", password=None)
    assert access.audit_log_unit_ids(root) is None
    chief.is_active = False
    chief.save()
    assert access.audit_log_unit_ids(get_user_model().objects.get(pk=chief.pk)) == []


def test_a_removed_membership_ends_access_at_the_next_request(farsta, chief, client_for):
    client = client_for(chief)
    assert client.get(URL).status_code == 200
    services.membership_remove(actor=None, membership=chief.memberships.get(unit=farsta))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize(("persona", "shown"), [
    ("chief", True), ("unit_auditor", True), ("city_auditor", True),
    ("security_function", True), ("official", False), ("coordinator", False),
])
def test_the_menu_entry_is_shown_to_whom_may_read_the_log(request, client_for, persona, shown):
    user = request.getfixturevalue(persona)
    page = client_for(user).get("/").content.decode()
    assert (f'href="{URL}"' in page) is shown
