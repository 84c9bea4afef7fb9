"""A finding's page (issue 9): the finding, its actions, its hand-overs to the action plan and
its three histories are read with SQL built once per process and, on PostgreSQL, statements
prepared once per database session. The same rules and the same answers as the querysets they
replace: 404 outside the viewer's units and for keys no row can have, 403 on a write without
the permission, ``is_overdue`` as ``action_overdue_q`` says, actions by due date."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Value, When
from django.http import Http404
from django.urls import reverse

from isms.dates import local_today
from ledningssystem import selectors, services
from ledningssystem.models import ActionStatus, FindingAction
from ledningssystem.selectors.audits import action_overdue_q
from nämnder import access

from .helpers import audit_with_finding

pytestmark = pytest.mark.django_db


def _action(finding, actor, description, days, status=ActionStatus.OPEN):
    action = services.action_create(actor=actor, finding=finding, description=description,
                                    owner="Samordnaren", due_date=local_today() + dt.timedelta(days=days))
    if status != ActionStatus.OPEN:
        FindingAction.objects.filter(pk=action.pk).update(status=status)
    return action


def test_actions_by_due_date_with_overdue_as_the_query_marks_it(farsta, chief):
    _audit, finding, _first = audit_with_finding(farsta, chief)
    _action(finding, chief, "Sen och öppen", -3)
    _action(finding, chief, "Sen och pågår", -2, ActionStatus.IN_PROGRESS)
    _action(finding, chief, "Sen men klar", -1, ActionStatus.DONE)
    _action(finding, chief, "Klar i dag", 0)
    _action(finding, chief, "Senare", 30)
    today = local_today()
    expected = list(
        FindingAction.objects.filter(finding=finding).annotate(
            is_overdue=Case(When(action_overdue_q(today), then=Value(True)),
                            default=Value(False), output_field=BooleanField()),
        ).order_by("due_date", "pk").values_list("pk", "is_overdue")
    )
    for _ in range(2):  # the second run executes what the first prepared
        actions = selectors.finding_actions(finding=finding)
        assert [(a.pk, a.is_overdue) for a in actions] == expected
        assert {a.description for a in actions if a.is_overdue} == {"Rätta", "Sen och öppen",
                                                                     "Sen och pågår"}
        assert all(a.finding is finding for a in actions)


def test_who_may_read_and_change_a_finding(farsta, chief, unit_auditor, outsider, city_auditor,
                                           security_function):
    _audit, finding, _action = audit_with_finding(farsta, chief)
    for user in (chief, unit_auditor, city_auditor, security_function):
        got = selectors.finding_get(user=user, pk=finding.pk)
        assert got == finding and got.unit == farsta and got.audit.unit == farsta
    assert selectors.finding_get(user=chief, pk=str(finding.pk), perm=access.EDIT_RECORDS) == finding
    with pytest.raises(Http404):
        selectors.finding_get(user=outsider, pk=finding.pk)
    for user in (unit_auditor, city_auditor):
        with pytest.raises(PermissionDenied):
            selectors.finding_get(user=user, pk=finding.pk, perm=access.EDIT_RECORDS)
    for pk in ("abc", None, 2**70, -(2**70), finding.pk + 1000, -2_000_000_075):
        with pytest.raises(Http404):
            selectors.finding_get(user=chief, pk=pk)


def test_the_pages_answers(client_for, farsta, chief, unit_auditor, outsider):
    _audit, finding, _first = audit_with_finding(farsta, chief)
    _action(finding, chief, "Sen och öppen", -3)
    services.finding_update(actor=chief, finding=finding, expected_version=finding.version,
                            title="Ny rubrik")
    url = reverse("ledningssystem:finding_detail", args=[finding.pk])
    body = client_for(chief).get(url).content.decode()
    assert "Ny rubrik" in body and "Sen och öppen" in body and "Försenad" in body
    assert reverse("ledningssystem:finding_edit", args=[finding.pk]) in body
    assert client_for(outsider).get(url).status_code == 404
    auditor = client_for(unit_auditor)
    assert auditor.get(url).status_code == 200
    assert auditor.get(reverse("ledningssystem:finding_edit", args=[finding.pk])).status_code == 403


def test_the_page_reads_are_prepared(need_postgres, client_for, farsta, chief,
                                     django_assert_max_num_queries):
    _audit, finding, _first = audit_with_finding(farsta, chief)
    _action(finding, chief, "Senare", 30)
    client = client_for(chief)
    url = reverse("ledningssystem:finding_detail", args=[finding.pk])
    client.get(url)
    with django_assert_max_num_queries(10) as queries:
        assert client.get(url).status_code == 200
    own = [q["sql"] for q in queries.captured_queries if '"ledningssystem_' in q["sql"]]
    # the finding, its plan links, its actions and the three histories
    assert len(own) == 6
    assert all("/* prepared statement isms_compiled_" in sql for sql in own), own
