"""The lists' need-to-know compares an incident with the person's granted incidents read first
(``granted_incident_ids``, once per request), not with a subquery: the same answers as the
incident page's copy of the rule (``visibility_of``) for the deadlines page too, a grant or its
revocation counts on the next request, and the audit log's label (SQL compiled once per
``audit_label_key``, which names no grants) still follows the grants of the moment."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidenter import selectors, services
from incidenter.models import Incident
from incidenter.selectors.access import (
    granted_incident_ids,
    visibility_of,
    visible_incidents,
)
from tests.incidenter import test_visibility_rule_copies as copies
from tests.incidenter_helpers import report, update

pytestmark = pytest.mark.django_db

world = copies.world  # the rule's test world: every way to an incident
PERSONAS = copies.PERSONAS


def _fresh(user):
    """The person as the next request reads them (no per-request caches)."""
    return get_user_model().objects.get(pk=user.pk)


def test_the_deadlines_rows_answer_as_the_incident_page(request, world):
    incidents, others = world
    people = {name: request.getfixturevalue(name) for name in PERSONAS} | others
    for who, person in people.items():
        rows = {}
        for item in selectors.deadline_rows(user=person):
            rows[item.incident_id] = bool(item.content_visible)
        for what, incident in incidents.items():
            row = Incident.objects.get(pk=incident.pk)
            visible, content = visibility_of(person, row)
            if not row.obligations.filter(selectors.OPEN_OBLIGATION).exists():
                continue
            assert (row.pk in rows, rows.get(row.pk, False)) == (visible, content), (who, what)


def test_a_unit_persons_list_reads_their_grants_once_and_no_subquery(world):
    incidents, others = world
    person = _fresh(others["granted"])
    assert granted_incident_ids(person) == [
        incidents["bromma confidential, granted to a person"].pk]
    with CaptureQueriesContext(connection) as queries:
        incidents_read = visible_incidents(person)
        listed = {i.pk: i.content_visible for i in incidents_read}
        assert incidents_read.filter(pk__gt=0).count() == len(listed)
    granted = incidents["bromma confidential, granted to a person"]
    assert listed[granted.pk] is True
    assert incidents["farsta confidential"].pk not in listed
    lists = [q["sql"] for q in queries if 'FROM "incidenter_incident"' in q["sql"]]
    assert len(lists) == 2
    assert not any("object_pk" in sql for sql in lists)
    # The grants: read once for both of the list's conditions and both its reads.
    assert sum("CAST(o.object_pk" in q["sql"] for q in queries) == 1


def test_a_revocation_counts_for_the_same_user_object(world, chief):
    incidents, others = world
    person = others["granted"]
    secret = incidents["bromma confidential, granted to a person"]
    assert visible_incidents(person).get(pk=secret.pk).content_visible
    services.incident_revoke(actor=others["bromma_chief"], incident=secret, user=person)
    # Still listed through the person's unit, its content no longer theirs.
    assert not visible_incidents(person).get(pk=secret.pk).content_visible
    assert not [item for item in selectors.deadline_rows(user=person)
                if item.incident_id == secret.pk and item.content_visible]


def test_a_grant_and_its_revocation_count_on_the_next_request(client_for, make_person, bromma,
                                                              farsta, chief):
    secret = update(report(farsta, chief, title="Hemlig händelse"), chief, confidential=True)
    person = make_person("dso.nasta", bromma)
    assert granted_incident_ids(person) == []
    services.incident_grant(actor=chief, incident=secret, username=person.username)
    assert "Hemlig händelse" in client_for(_fresh(person)).get(
        reverse("incidenter:incident_list")).content.decode()
    assert granted_incident_ids(_fresh(person)) == [secret.pk]
    services.incident_revoke(actor=chief, incident=secret, user=person)
    assert "Hemlig händelse" not in client_for(_fresh(person)).get(
        reverse("incidenter:incident_list")).content.decode()
    assert not visible_incidents(_fresh(person)).filter(pk=secret.pk).exists()


def test_the_audit_logs_label_follows_the_grants_of_the_moment(make_person, bromma, farsta,
                                                               chief):
    from sparbarhet.selectors_log import _label_sql

    secret = update(report(farsta, chief, title="Hemlig etikett"), chief, confidential=True)
    person = make_person("dso.etikett", bromma)

    def label(user) -> str:
        sql, params = _label_sql(Incident, user)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT s.audit_label FROM ({sql}) s WHERE s.pk = %s",  # noqa: S608
                           [*params, secret.pk])
            return cursor.fetchone()[0]

    assert label(_fresh(person)) == "Konfidentiell incident"
    services.incident_grant(actor=chief, incident=secret, username=person.username)
    assert label(_fresh(person)) == "Hemlig etikett"
    services.incident_revoke(actor=chief, incident=secret, user=person)
    assert label(_fresh(person)) == "Konfidentiell incident"
