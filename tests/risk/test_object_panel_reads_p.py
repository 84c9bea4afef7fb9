"""The risks on an object's page (``risk_for_object``: the panels of an IT service, an asset, a
requirement, a supplier): the linked risks are read with their units, so a reader who may see
none of them costs no second query; one risk they may see (the usual case) is read with its
scores by SQL built once per day and prepared once per database session; several as before.
The same risks, scores and counts as the visibility query gives."""

import pytest
from django.contrib.auth import get_user_model

from risk.selectors import figures
from risk.selectors.risks import visible_risks, with_scores
from tests.klassning_helpers import make_service
from tests.risk_helpers import make_risk

pytestmark = pytest.mark.django_db


def _fresh(user):
    user = get_user_model().objects.get(pk=user.pk)
    figures.access.unit_ids_for(user, figures.access.VIEW)  # read by the page already
    figures.access.sees_all_units(user)
    return user


def _want(user, obj):
    qs = with_scores(visible_risks(user).filter(it_services=obj).select_related("unit"))
    return [(r.pk, r.unit.name, r.score, r.score_inherent, r.score_residual, r.has_overdue_action,
             r.follow_up_overdue) for r in qs.order_by("-score", "title")]


def _got(user, obj):
    risks, count = figures.risks_for_object(user=user, obj=obj)
    assert count == len(risks)
    return [(r.pk, r.unit.name, r.score, r.score_inherent, r.score_residual, r.has_overdue_action,
             r.follow_up_overdue) for r in risks]


def test_the_risks_are_the_visibility_querys(official, chief, outsider, security_function,
                                              farsta, bromma):
    one = make_service(farsta, official, name="Procapita", user_units=[bromma])
    two = make_service(farsta, official, name="Skolplattformen", user_units=[bromma])
    make_risk(farsta, official, title="Farstas risk", likelihood=4, consequence=2,
              it_services=[one, two])
    make_risk(bromma, outsider, title="Brommas risk", likelihood=2, consequence=2,
              it_services=[two])
    for _ in range(2):  # the second run executes what the first prepared
        for person in (official, chief, outsider, security_function):
            for service in (one, two):
                user = _fresh(person)
                assert _got(user, service) == _want(user, service)
    assert [t[1] for t in _got(_fresh(outsider), one)] == []
    assert len(_got(_fresh(security_function), two)) == 2


def test_a_risk_the_reader_may_not_see_costs_no_second_query(
    official, outsider, farsta, bromma, django_assert_num_queries
):
    service = make_service(farsta, official, name="Procapita", user_units=[bromma])
    make_risk(farsta, official, title="Farstas risk", it_services=[service])
    user = _fresh(outsider)
    with django_assert_num_queries(1):
        assert figures.risks_for_object(user=user, obj=service) == ([], 0)


def test_one_risk_is_read_prepared(need_postgres, official, farsta, django_assert_num_queries):
    service = make_service(farsta, official, name="Procapita")
    make_risk(farsta, official, title="Farstas risk", it_services=[service])
    figures.risks_for_object(user=_fresh(official), obj=service)
    user = _fresh(official)
    with django_assert_num_queries(2) as queries:
        risks, count = figures.risks_for_object(user=user, obj=service)
    assert count == 1 and risks[0].title == "Farstas risk" and risks[0].score == 9
    assert all("/* prepared statement isms_compiled_" in q["sql"]
               for q in queries.captured_queries)
