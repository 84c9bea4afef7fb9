"""Issue 9: the IT services a unit's person may see (``selectors.services._visible_services``:
owned by their unit, used by it, or run by them) are one filter on the service's own columns
and its user links. The owning unit's services were a second subquery over every service, and
the links one was joined back to the services: PostgreSQL scanned all services against two
hashed subplans and estimated ten times the rows (the chief's IT service list and supplier
page cost about twice the city-wide user's). Who sees what must not change."""

import pytest
from django.db import connection

from klassning.models import ITService
from klassning.selectors import services as service_selectors
from nämnder import access
from tests.klassning_helpers import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def services_around(official, outsider, chief, farsta, bromma, make_unit, make_person):
    from nämnder.roles import Role

    skarholmen = make_unit("skarholmen", "Skärholmens stadsdelsnämnd")
    other = make_person("handlaggare.skarholmen", skarholmen, Role.OFFICIAL)
    return {
        "owned": make_service(farsta, official, name="Farstas egen"),
        "used": make_service(bromma, outsider, name="Brommas, används av Farsta",
                             user_units=[farsta]),
        "owned and used": make_service(farsta, official, name="Farstas, används av båda",
                                       user_units=[farsta, bromma]),
        "run by the chief": make_service(skarholmen, other, name="Skärholmens, förvaltas av chefen",
                                         owner=chief),
        "not theirs": make_service(bromma, outsider, name="Brommas egen", user_units=[bromma]),
        "another's": make_service(skarholmen, other, name="Skärholmens egen",
                                  user_units=[skarholmen]),
    }


def _old_rule(user):
    """The rule as the selector wrote it before: three alternatives, each by itself."""
    base = ITService.objects.all()
    owned = set(access.restrict(user, base).values_list("pk", flat=True))
    used = set(access.restrict(user, base, unit_field="user_units").values_list("pk", flat=True))
    run = set(base.filter(owner=user).values_list("pk", flat=True))
    return owned | used | run


@pytest.mark.parametrize("who", ["chief", "outsider", "official", "security_function"])
def test_the_same_services_are_visible(who, request, services_around):
    user = request.getfixturevalue(who)
    visible = set(service_selectors._visible_services(user).values_list("pk", flat=True))
    if who == "security_function":
        assert visible == set(ITService.objects.values_list("pk", flat=True))
    else:
        assert visible == _old_rule(user)
    if who == "chief":
        names = {k for k, s in services_around.items() if s.pk in visible}
        assert names == {"owned", "used", "owned and used", "run by the chief"}
    # The list reads each visible service once (a service both owned and used is not doubled).
    listed = [s.pk for s in service_selectors.it_service_list(user=user)]
    assert sorted(listed) == sorted(visible)


def test_a_unit_members_filter_reads_the_services_once(chief, services_around):
    """One subquery (the user links of the person's units), none over the services again."""
    qs = service_selectors.service_visibility(chief)
    sql, _params = qs.query.get_compiler(connection=connection).as_sql()
    assert sql.upper().count("SELECT") == 2, sql
    assert sql.count(f'FROM "{ITService._meta.db_table}"') == 1, sql
