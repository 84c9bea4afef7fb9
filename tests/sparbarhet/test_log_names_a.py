"""The audit log names a confidential incident as its reader may see it, and builds that
need-to-know label once per person (``isms.audit.register_object_label``'s key), not on every
page: a grant, a new role or a lost role still shows on the very next page."""

import pytest

from isms import audit
from nämnder import services as unit_services
from nämnder.models import Membership, Role
from sparbarhet import selectors_log
from tests.sparbarhet.log_helpers import URL

pytestmark = pytest.mark.django_db
HIDDEN = "Konfidentiell incident"
TITLE = "Läckt lönefil"


@pytest.fixture
def incident(farsta, chief):
    from tests.incidenter_helpers import report, update

    return update(report(farsta, chief), chief, title=TITLE, confidential=True)


def _page(client) -> str:
    response = client.get(f"{URL}?object_type=incidenter.incident")
    assert response.status_code == 200
    return response.content.decode()


def test_a_grant_and_a_role_change_show_on_the_next_page(
    incident, farsta, chief, unit_auditor, security_function, client_for
):
    from incidenter.services import incident_grant, incident_revoke

    client = client_for(unit_auditor)
    page = _page(client)
    assert HIDDEN in page and TITLE not in page
    # A role in the unit that reads the content (samordnare) ...
    membership = unit_services.membership_add(
        actor=security_function, user=unit_auditor, unit=farsta, role=Role.COORDINATOR
    )
    page = _page(client)
    assert TITLE in page and HIDDEN not in page
    # ... and without it again.
    unit_services.membership_remove(actor=security_function, membership=membership)
    page = _page(client)
    assert HIDDEN in page and TITLE not in page
    # A grant on the incident.
    incident_grant(actor=chief, incident=incident, username=unit_auditor.username)
    assert TITLE in _page(client)
    incident_revoke(actor=chief, incident=incident, user=unit_auditor)
    assert HIDDEN in _page(client)
    # The chief, on the same process's pages, reads the title all along.
    assert TITLE in _page(client_for(chief))
    assert Membership.objects.filter(user=unit_auditor, role=Role.COORDINATOR).count() == 0


def test_the_label_is_built_once_per_person_not_per_page(
    incident, unit_auditor, client_for, monkeypatch
):
    built = []
    label = audit._object_labels["incidenter.incident"]

    def counting(user):
        built.append(user.pk)
        return label(user)

    monkeypatch.setitem(audit._object_labels, "incidenter.incident", counting)
    monkeypatch.setattr(selectors_log, "_LABEL_SQL", {}, raising=False)
    client = client_for(unit_auditor)
    for _ in range(3):
        assert HIDDEN in _page(client)
    assert built == [unit_auditor.pk]


def test_the_rows_written_in_python_escape_names_and_show_local_time(
    farsta, chief, coordinator, client_for
):
    import datetime as dt

    from django.utils import timezone

    from tests.klassning_helpers import make_asset
    from tests.sparbarhet.log_helpers import add_events

    asset = make_asset(farsta, coordinator, name='<b>Elev"register</b>')
    at = timezone.make_aware(dt.datetime(2026, 7, 1, 12, 30, 5), dt.UTC)  # 14:30:05 in Stockholm
    add_events(1, unit=farsta, actor=chief, objects=[("klassning.informationasset", asset.pk)],
               start=at, address="10.1.2.3")
    page = client_for(chief).get(f"{URL}?unit={farsta.pk}&fran=2026-07-01&till=2026-07-01")
    html = page.content.decode()
    assert "&lt;b&gt;Elev&quot;register&lt;/b&gt;" in html and "<b>Elev" not in html
    assert '<time datetime="2026-07-01T14:30:05+02:00">2026-07-01 14:30:05</time>' in html
    assert "<td>10.1.2.3</td>" in html
    assert f"<td>{farsta.name}</td>" in html
