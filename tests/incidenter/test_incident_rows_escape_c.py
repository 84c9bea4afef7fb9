"""The incident list's and the deadlines page's rows are written in Python (one tag per page):
every value a person typed is escaped, a confidential incident's title stays hidden, and an
empty list still says so."""

import pytest
from django.urls import reverse

from tests.incidenter_helpers import report, update

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script> & "citat"'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;citat&quot;"


@pytest.fixture
def incident(farsta, coordinator):
    farsta.name = f"Farsta {SCRIPT}"
    farsta.save()
    return update(report(farsta, coordinator), coordinator, title=SCRIPT)


@pytest.mark.parametrize("url", ["incidenter:incident_list", "incidenter:deadlines"])
def test_typed_values_are_escaped_in_the_rows(client_for, coordinator, incident, url):
    page = client_for(coordinator).get(reverse(url)).content.decode()
    assert f'{incident.pk}: {ESCAPED}' in page or f">{ESCAPED}</a>" in page
    assert f"<td>Farsta {ESCAPED}</td>" in page
    assert "<script>alert" not in page


@pytest.mark.parametrize("url", ["incidenter:incident_list", "incidenter:deadlines"])
def test_a_confidential_title_stays_hidden_in_the_rows(client_for, official, coordinator,
                                                       incident, url):
    update(incident, coordinator, confidential=True)
    page = client_for(official).get(reverse(url)).content.decode()
    assert "Konfidentiell incident" in page
    assert f">{ESCAPED}</a>" not in page and f": {ESCAPED}</a>" not in page


def test_the_empty_lists_say_so(client_for, official):
    client = client_for(official)
    assert "Inga incidenter matchar." in client.get(
        reverse("incidenter:incident_list")).content.decode()
    assert "Inga anmälningar väntar." in client.get(
        reverse("incidenter:deadlines")).content.decode()
