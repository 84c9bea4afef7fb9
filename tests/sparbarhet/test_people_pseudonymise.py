"""Pseudonymising a person who has left: only the security function, with a confirmation, never
oneself nor a person with memberships; afterwards the history and the audit trail show the
pseudonym, no event changed and the chain still verifies."""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from notifieringar.models import Notification
from notifieringar.services import notify
from nämnder import services as unit_services
from nämnder.models import Membership
from sparbarhet import chain, services_people
from sparbarhet.models import AuditEvent, Pseudonymisation
from tests.klassning_helpers import make_asset

pytestmark = pytest.mark.django_db


def pseudonymise_url(person):
    return reverse("sparbarhet:pseudonymise", args=[person.pk])


def _leaves(person, actor):
    """The person leaves: their memberships are removed through the service."""
    for membership in Membership.objects.filter(user=person):
        unit_services.membership_remove(actor=actor, membership=membership)


@pytest.fixture
def leaver(farsta, official, coordinator, security_function):
    """handlaggare.farsta worked in Farsta (an asset, a read, a notification, a session and a
    login record) and has left."""
    asset = make_asset(farsta, official, name="Elevregister")
    notify(recipients=[official], kind="requirement_added", title="Krav",
           body="Till Handlaggare Farsta", dedupe_key="t:1")
    client = Client()
    client.force_login(official)
    AccessLog.objects.create(username=official.username, ip_address="10.0.0.1",
                             user_agent="test", http_accept="*/*", path_info="/logga-in/")
    AccessAttempt.objects.create(username=official.username, ip_address="10.0.0.1",
                                 user_agent="test", http_accept="*/*", path_info="/logga-in/",
                                 get_data="", post_data=f"username={official.username}",
                                 failures_since_start=1)
    LogEntry.objects.create(user=security_function,
                            content_type=ContentType.objects.get_for_model(get_user_model()),
                            object_id=str(official.pk), object_repr=official.username,
                            action_flag=CHANGE, change_message="[]")
    _leaves(official, security_function)
    official.refresh_from_db()
    official.asset = asset
    return official


def test_the_security_function_pseudonymises_a_person_who_has_left(
    client_for, leaver, security_function
):
    events_before = list(AuditEvent.objects.order_by("seq").values_list("seq", "hash"))
    logins = AccessLog.objects.filter(username="handlaggare.farsta").count()
    client = client_for(security_function)
    page = client.get(pseudonymise_url(leaver))
    assert page.status_code == 200 and "pseudonym-" in page.content.decode()
    response = client.post(pseudonymise_url(leaver), {"confirmed": "on"})
    assert response.status_code == 302

    person = get_user_model().objects.get(pk=leaver.pk)
    pseudonym = f"pseudonym-{leaver.pk:06d}"
    assert person.username == pseudonym
    assert (person.first_name, person.last_name) == ("Pseudonymiserad", f"person {leaver.pk}")
    assert person.email == "" and not person.is_active and not person.has_usable_password()
    # Sessions, notifications to them, lockout counters gone; login records renamed.
    assert not [s for s in Session.objects.all()
                if s.get_decoded().get("_auth_user_id") == str(leaver.pk)]
    assert not Notification.objects.filter(recipient=leaver).exists()
    assert not AccessAttempt.objects.filter(username="handlaggare.farsta").exists()
    assert not AccessLog.objects.filter(username="handlaggare.farsta").exists()
    assert AccessLog.objects.filter(username=pseudonym).count() == logins
    assert LogEntry.objects.get(object_id=str(leaver.pk)).object_repr == pseudonym

    # Recorded: who, when, the pseudonym, never the old name; its history is an audit event.
    record = Pseudonymisation.objects.get(person=leaver)
    assert record.performed_by == security_function and record.pseudonym == pseudonym
    assert record.notifications_deleted == 1 and record.sessions_ended == 1
    assert "handlaggare" not in repr(Pseudonymisation.history.values().get())
    assert AuditEvent.objects.filter(object_type="sparbarhet.pseudonymisation",
                                     object_id=record.pk, actor=security_function).exists()
    # No event changed: the chain verifies, every earlier event is as it was.
    assert list(AuditEvent.objects.filter(seq__lte=events_before[-1][0]).order_by("seq")
                .values_list("seq", "hash")) == events_before
    assert chain.verify().ok


def test_history_and_audit_events_show_the_pseudonym(client_for, leaver, security_function,
                                                     coordinator):
    asset = leaver.asset
    event = AuditEvent.objects.get(object_type="klassning.informationasset", object_id=asset.pk)
    assert event.actor_id == leaver.pk
    history_url = reverse("klassning:asset_history", args=[asset.pk])
    assert "Handlaggare Farsta" in client_for(coordinator).get(history_url).content.decode()

    services_people.person_pseudonymise(actor=security_function, person=leaver)

    body = client_for(coordinator).get(history_url).content.decode()
    assert f"Pseudonymiserad person {leaver.pk}" in body
    assert "Handlaggare" not in body and "handlaggare.farsta" not in body
    # The audit event still points at the same person, who is now the pseudonym.
    event.refresh_from_db()
    assert event.actor_id == leaver.pk and event.actor.username == f"pseudonym-{leaver.pk:06d}"
    page = client_for(security_function).get(
        reverse("sparbarhet:personal_data", args=[leaver.pk])).content.decode()
    assert f"pseudonym-{leaver.pk:06d}" in page and "handlaggare.farsta" not in page
    assert "Personen pseudonymiserades" in page
    assert chain.verify().ok


def test_refused_while_the_person_has_memberships(client_for, official, security_function):
    client = client_for(security_function)
    page = client.get(pseudonymise_url(official)).content.decode()
    assert "fortfarande medlemskap" in page and "Farsta stadsdelsnämnd" in page
    response = client.post(pseudonymise_url(official), {"confirmed": "on"})
    assert response.status_code == 200
    official.refresh_from_db()
    assert official.username == "handlaggare.farsta" and official.is_active
    assert not Pseudonymisation.objects.exists()
    with pytest.raises(ValidationError, match="medlemskap"):
        services_people.person_pseudonymise(actor=security_function, person=official)


def test_refused_for_oneself(client_for, security_function):
    client = client_for(security_function)
    response = client.post(pseudonymise_url(security_function), {"confirmed": "on"})
    assert response.status_code == 200
    assert "dig själv" in response.content.decode()
    with pytest.raises(ValidationError, match="dig själv"):
        services_people.person_pseudonymise(actor=security_function, person=security_function)
    assert not Pseudonymisation.objects.exists()


def test_refused_for_a_superuser_and_twice(leaver, security_function, django_user_model):
    root = django_user_model.objects.create_superuser("rot", password="x")
    with pytest.raises(ValidationError, match="superanvändare"):
        services_people.person_pseudonymise(actor=security_function, person=root)
    services_people.person_pseudonymise(actor=security_function, person=leaver)
    with pytest.raises(ValidationError, match="redan"):
        services_people.person_pseudonymise(actor=security_function, person=leaver)


def test_without_confirmation_nothing_happens(client_for, leaver, security_function):
    response = client_for(security_function).post(pseudonymise_url(leaver), {})
    assert response.status_code == 200
    assert "Bekräfta pseudonymiseringen" in response.content.decode()
    leaver.refresh_from_db()
    assert leaver.username == "handlaggare.farsta"


@pytest.mark.parametrize("who", ["chief", "coordinator", "city_auditor", "outsider"])
def test_only_the_security_function_may_pseudonymise(request, client_for, leaver, who):
    actor = request.getfixturevalue(who)
    client = client_for(actor)
    # Another person: 404, as on their page (nobody learns who has an account) ...
    assert client.get(pseudonymise_url(leaver)).status_code == 404
    assert client.post(pseudonymise_url(leaver), {"confirmed": "on"}).status_code == 404
    # ... oneself: 403; the service refuses anyone but the security function.
    assert client.get(pseudonymise_url(actor)).status_code == 403
    assert client.post(pseudonymise_url(actor), {"confirmed": "on"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services_people.person_pseudonymise(actor=actor, person=leaver)
    leaver.refresh_from_db()
    assert leaver.username == "handlaggare.farsta"
