"""Issue 9: a later page of the asset list is read from the end of its order (the index
scanned backwards), so the last page skips no rows, as the first does not; the pages still
show every asset exactly once, in the order asked for, whatever the sort and filter."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klassning.forms import SORT_CHOICES
from klassning.models import InformationAsset
from klassning.selectors import ASSET_SORTS

pytestmark = pytest.mark.django_db

N = 90  # four pages of 25 at most; every filter leaves more than one


@pytest.fixture
def assets(farsta, bromma):
    """Two units with the same names (the key decides), some with a review date (some
    overdue), some without (NULLs sort last ascending, first descending), two profiles."""
    rows = []
    for i in range(N):
        unit = farsta if i % 2 else bromma
        review = None if i % 3 == 0 else dt.date(2020, 1, 1) + dt.timedelta(days=(i * 37) % 2000)
        rows.append(InformationAsset(
            unit=unit, name=f"Mängd {i // 2:03}", review_due=review,
            approved_profile="K3 R2 T2 S3" if i % 4 else ("" if i % 8 else "K1 R1 T1 S1"),
            latest_status="approved" if review else "",
        ))
    return InformationAsset.objects.bulk_create(rows)


def _walk(client, query):
    url = reverse("klassning:asset_list")
    first = client.get(f"{url}?{query}")
    pages = first.context["page"].paginator.num_pages
    seen = [a.pk for a in first.context["page"]]
    for number in range(2, pages + 1):
        seen += [a.pk for a in client.get(f"{url}?{query}&sida={number}").context["page"]]
    return seen


FILTERS = {
    "": {},
    "review=overdue": {"review_due__lt": dt.date.today()},
    "review=missing": {"review_due__isnull": True},
    "status=approved": {"latest_status": "approved"},
}


@pytest.mark.parametrize("sort", [value for value, _label in SORT_CHOICES])
@pytest.mark.parametrize("query", list(FILTERS))
def test_every_page_shows_the_plain_order(assets, client_for, security_function, sort, query):
    client = client_for(security_function)
    expected = list(
        InformationAsset.objects.filter(**FILTERS[query]).order_by(*ASSET_SORTS[sort])
        .values_list("pk", flat=True)
    )
    assert len(expected) > 25  # more than one page to walk
    assert _walk(client, f"sort={sort}&{query}") == expected


@pytest.mark.parametrize("n", [30, 130])
def test_the_last_page_skips_no_rows(farsta, client_for, security_function, n):
    """The last page's keys are the first of the reversed order: no OFFSET over the rows
    before it (with one, PostgreSQL read or sorted every key of the list first)."""
    InformationAsset.objects.bulk_create(
        InformationAsset(unit=farsta, name=f"Mängd {i:04}") for i in range(n)
    )
    client = client_for(security_function)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("klassning:asset_list") + "?sida=9999")
    page = response.context["page"]
    assert page.number == page.paginator.num_pages
    assert [a.name for a in page] == [f"Mängd {i:04}" for i in range((n - 1) // 25 * 25, n)]
    offsets = [
        q["sql"] for q in queries.captured_queries
        if 'FROM "klassning_informationasset"' in q["sql"] and "OFFSET" in q["sql"]
    ]
    assert offsets == [], offsets
