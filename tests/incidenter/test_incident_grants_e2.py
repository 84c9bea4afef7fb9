"""Access granted to one confidential incident (``view_confidential_incident`` on it): to the
person, or to a group of theirs (guardian's rule, which the incident pages read through one
hand-written subquery). Granted content shows on the list, the page and the deadlines; the
grant for one incident reveals no other; taken back, the incident is gone again."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from guardian.shortcuts import assign_perm

from incidenter import selectors, services
from incidenter.selectors.access import GRANT_PERM
from tests.incidenter_helpers import report, update

pytestmark = pytest.mark.django_db

TITLE = "Läckta uppgifter om en namngiven elev"
OTHER = "En annan konfidentiell händelse"


@pytest.fixture
def incidents(farsta, chief):
    secret = update(report(farsta, chief, title=TITLE), chief, confidential=True)
    other = update(report(farsta, chief, title=OTHER), chief, confidential=True)
    return secret, other


def _pages(client, incident):
    return {
        "list": client.get(reverse("incidenter:incident_list")),
        "detail": client.get(reverse("incidenter:incident_detail", args=[incident.pk])),
        "deadlines": client.get(reverse("incidenter:deadlines")),
    }


def test_granted_through_a_group_sees_that_incident_only(client_for, make_person, bromma,
                                                           incidents):
    secret, other = incidents
    person = make_person("dso.grupp", bromma)
    group = Group.objects.create(name="Dataskyddsombud (test)")
    person.groups.add(group)
    assign_perm(GRANT_PERM, group, secret)
    pages = _pages(client_for(person), secret)
    assert pages["detail"].status_code == 200
    assert TITLE in pages["detail"].content.decode()
    assert TITLE in pages["list"].content.decode()
    assert OTHER not in pages["list"].content.decode()
    assert reverse("incidenter:incident_detail", args=[secret.pk]) in (
        pages["deadlines"].content.decode())
    assert client_for(person).get(
        reverse("incidenter:incident_detail", args=[other.pk])).status_code == 404


def test_granted_directly_then_revoked(client_for, make_person, bromma, chief, incidents):
    secret, _other = incidents
    person = make_person("dso.direkt", bromma)
    services.incident_grant(actor=chief, incident=secret, username=person.username)
    client = client_for(person)
    assert TITLE in client.get(
        reverse("incidenter:incident_detail", args=[secret.pk])).content.decode()
    assert [i.pk for i in selectors.incident_list(user=person)] == [secret.pk]
    services.incident_revoke(actor=chief, incident=secret, user=person)
    assert client.get(
        reverse("incidenter:incident_detail", args=[secret.pk])).status_code == 404
    assert list(selectors.incident_list(user=person)) == []


def test_a_grant_for_another_person_reveals_nothing(client_for, make_person, bromma, chief,
                                                    incidents):
    secret, _other = incidents
    granted = make_person("dso.annan", bromma)
    services.incident_grant(actor=chief, incident=secret, username=granted.username)
    outsider = make_person("utomstaende", bromma)
    assert client_for(outsider).get(
        reverse("incidenter:incident_detail", args=[secret.pk])).status_code == 404
    assert TITLE not in client_for(outsider).get(
        reverse("incidenter:incident_list")).content.decode()


def test_list_row_shows_content_only_to_those_who_may(client_for, official, chief, incidents):
    """The row's cells (one tag): the chief sees the title and category column; a colleague
    in the unit sees that a confidential incident exists, not its title."""
    secret, _other = incidents
    colleague = client_for(official).get(reverse("incidenter:incident_list")).content.decode()
    assert TITLE not in colleague
    assert "Konfidentiell incident" in colleague
    assert reverse("incidenter:incident_detail", args=[secret.pk]) in colleague
    own = client_for(chief).get(reverse("incidenter:incident_list")).content.decode()
    assert TITLE in own and 'class="badge">Konfidentiell<' in own


GRANT_HEADING = "Behörighet till den konfidentiella incidenten"


def test_who_may_grant_access(client_for, make_person, farsta, bromma, chief, coordinator,
                              incidents):
    """The unit's chef and samordnare (their role in the incident's unit, read from the
    memberships) and the handler may grant; a person granted the incident may not, nor a chef
    of another unit who was granted it."""
    from nämnder.models import Role

    secret, _other = incidents
    handler = make_person("handlaggare.grant", farsta, Role.OFFICIAL)
    secret = update(secret, chief, handler=handler)
    other_chief = make_person("chef.bromma", bromma, Role.CHIEF)
    reader = make_person("dso.lasare", bromma)
    for person in (reader, other_chief):
        services.incident_grant(actor=chief, incident=secret, username=person.username)
    url = reverse("incidenter:incident_detail", args=[secret.pk])
    for person, may in ((chief, True), (coordinator, True), (handler, True), (reader, False),
                        (other_chief, False)):
        page = client_for(person).get(url).content.decode()
        assert TITLE in page
        assert (GRANT_HEADING in page) is may, person.username
