"""The unit dashboard's section of prioritised IT services reads the same city-wide data on
every view (the prioritised services, every unit's links to them, their requirements): it is
kept between requests with the key figures (``shared_reads.kept``, ``figure_cache``), so a page
that finds it kept reads none of those tables, and a change to a service's users or to its
requirements shows on the next page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from klassning import services as klassning_services
from klassning.models import ServiceRequirement
from tests.oversikt.test_kept_section_medians_a import _page_section
from tests.oversikt.test_oversikt_sections_c import _direct, services  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

TABLES = ('"klassning_itservice"', '"klassning_itservice_user_units"',
          '"klassning_servicerequirement"')


def _rows(data):
    return [(r["service"].pk, r["service"].name, r["service"].unit.name, r["owns"],
             r["fulfilled"], r["applicable"], r["percent"], r["overdue"],
             r["acknowledgement_text"]) for r in data["services"]]


def test_the_section_is_kept_between_pages(services, farsta):  # noqa: F811
    first = _page_section(farsta, "prioritised_services")
    with CaptureQueriesContext(connection) as ctx:
        kept = _page_section(farsta, "prioritised_services")
    read = [q["sql"] for q in ctx.captured_queries if any(t in q["sql"] for t in TABLES)]
    assert read == []
    assert _rows(kept) == _rows(first)
    assert {r[1] for r in _rows(kept)} == {"E-post", "Skolplattformen", "Lönesystem"}
    assert kept["figures"] == first["figures"]


def test_the_kept_section_follows_a_change(services, farsta, bromma, make_unit,  # noqa: F811
                                           security_function):
    first = _page_section(farsta, "prioritised_services")
    assert "Bygglov" not in {r[1] for r in _rows(first)}

    # Farsta starts using Bygglov (a link only: the service's m2m history).
    other = services["other"]
    klassning_services.it_service_update(
        actor=security_function, service=other, expected_version=other.version,
        user_units=[bromma, farsta, *other.user_units.exclude(pk=bromma.pk)],
    )
    later = _page_section(farsta, "prioritised_services")
    assert "Bygglov" in {r[1] for r in _rows(later)}

    # The owner acknowledges Lönesystem's requirement: the text follows.
    item = ServiceRequirement.objects.get(it_service=services["not"], is_current=True)
    item.acknowledged_by, item.acknowledged_at = security_function, timezone.now()
    item.save()
    rows = {r[1]: r for r in _rows(_page_section(farsta, "prioritised_services"))}
    assert rows["Lönesystem"][-1] == "Alla kvitterade"
    fulfilled, applicable, _missing, _total = _direct(services["not"])
    assert rows["Lönesystem"][4:6] == (fulfilled, applicable)


def test_the_page_shows_the_same_section_when_kept(services, farsta, chief,  # noqa: F811
                                                   client_for):
    client = client_for(chief)
    url = reverse("oversikt:unit", args=[farsta.pk])

    def section():
        body = client.get(url).content.decode()
        part = body[body.index('id="section-prioritised_services-'):]
        return part[:part.index("</section>")]

    first, kept = section(), section()
    assert kept == first
    for key in ("all", "partly", "not"):
        assert reverse("klassning:service_detail", args=[services[key].pk]) in kept
    assert "Farsta stadsdelsnämnd (enheten själv)" in kept  # Lönesystem's owner
