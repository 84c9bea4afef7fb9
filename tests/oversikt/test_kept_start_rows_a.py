"""The city-wide roles' start page: the rows of every active unit (*Läget per enhet*, the
management system's panel) are kept between requests with the key figures (same day, same
data version), so a page that finds them kept reads no register; a change in any unit shows on
the next page, equal to a direct count; names stay escaped."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klassning.models import InformationAsset
from tests.klassning_helpers import make_asset

pytestmark = pytest.mark.django_db


def _assets_cell(body, unit):
    """The number of information assets in ``unit``'s row of *Läget per enhet*."""
    match = re.search(rf'<a href="/informationsmangder/\?unit={unit.pk}">(\d+)</a>', body)
    return int(match.group(1))


def _csrf_free(body):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)


def test_the_rows_are_kept_and_follow_a_change(farsta, bromma, official, outsider,
                                               security_function, client_for):
    make_asset(farsta, official, name="Elevregister")
    client = client_for(security_function)
    first = client.get(reverse("start")).content.decode()
    assert _assets_cell(first, farsta) == 1 and _assets_cell(first, bromma) == 0

    with CaptureQueriesContext(connection) as ctx:
        kept = client.get(reverse("start")).content.decode()
    read = [q["sql"] for q in ctx.captured_queries
            if "klassning_informationasset" in q["sql"] or "ledningssystem_" in q["sql"]]
    assert read == []  # nothing of the registers read again
    assert _csrf_free(kept) == _csrf_free(first)

    make_asset(bromma, outsider, name="Bromma register")
    make_asset(bromma, outsider, name="Bromma arkiv")
    later = client.get(reverse("start")).content.decode()
    assert _assets_cell(later, bromma) == InformationAsset.objects.filter(unit=bromma).count() == 2
    assert _assets_cell(later, farsta) == 1


def test_a_units_name_is_escaped_in_the_kept_rows(make_unit, security_function, client_for):
    make_unit("skript", "<script>alert(1)</script> nämnd")
    client = client_for(security_function)
    for _i in range(2):  # computed, then kept
        body = client.get(reverse("start")).content.decode()
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt; nämnd" in body
