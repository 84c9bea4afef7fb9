"""Issue 9: the risk register reads a page as its keys with the total (one pass of the filter
over the unit's risks), then the rows of those keys with their unit and owner
(``isms.counted_pages``): no count query of its own, and the owners joined for the page's
rows only (PostgreSQL hashed every person in the city for 25 rows). The same rows, order,
count and page numbers as Django's paginator."""

import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from isms.counted_pages import CountedKeysPaginator
from risk import selectors
from tests.risk_helpers import generate_risks

pytestmark = pytest.mark.django_db


def _page(paginator_class, qs, number):
    page = paginator_class(qs, 25).get_page(number)
    return ([r.pk for r in page], page.number, page.paginator.count, page.paginator.num_pages,
            page.has_next(), page.has_previous())


@pytest.mark.parametrize("filters", [{}, {"overdue": True}, {"sort": "uppfoljning"},
                                     {"q": "ingen sådan risk"}])
@pytest.mark.parametrize("number", [None, 1, 2, 3, 4, 999, "abc", 0, -1, 2.0, "9" * 20])
def test_each_page_is_djangos(filters, number, security_function, farsta, bromma, official):
    generate_risks(farsta, 70, owner=official)
    generate_risks(bromma, 10, seed=2)
    matrix = selectors.active_matrix()
    qs = selectors.risk_list(user=security_function, matrix=matrix, unit=farsta, **filters)
    assert _page(CountedKeysPaginator, qs, number) == _page(Paginator, qs, number)


def test_the_page_joins_the_owners_of_its_rows_only(
    client_for, security_function, official, farsta, bromma
):
    risks = generate_risks(farsta, 40, owner=official)
    generate_risks(bromma, 10, seed=3)
    client = client_for(security_function)
    client.get(reverse("risk:risk_list"))  # the session warmed
    url = reverse("risk:risk_list") + f"?unit={farsta.pk}&overdue=on"
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    expected = selectors.risk_list(user=security_function, matrix=selectors.active_matrix(),
                                   unit=farsta, overdue=True)
    assert f"{expected.count()} risker" in page
    titles = re.findall(r'<a href="/risker/\d+/">(Risk \d+)</a>', page)
    assert titles == [r.title for r in expected[:25]]
    assert len(titles) < len(risks)
    risk_queries = [q["sql"] for q in ctx.captured_queries if '"risk_risk"' in q["sql"]
                    and "FROM \"risk_risk\"" in q["sql"]]
    # No count of its own: the total comes with the page's keys.
    assert not [sql for sql in risk_queries if '"__count"' in sql]
    # The owners (auth_user) are joined only in the query of the page's keys.
    joined = [sql for sql in risk_queries if 'JOIN "auth_user"' in sql]
    assert joined
    assert all('"risk_risk"."id" IN (' in sql for sql in joined)


def test_the_rows_written_in_python_escape_every_value(
    client_for, security_function, make_person, farsta
):
    from nämnder.models import Role
    from tests.risk_helpers import make_risk

    owner = make_person("ägare.farsta", farsta, Role.OFFICIAL)
    owner.first_name, owner.last_name = "<b>Ägare</b>", "<i>&</i>"
    owner.save()
    make_risk(farsta, security_function, title="<script>alert(1)</script> & annat", owner=owner,
              in_internal_control_plan=True)
    page = client_for(security_function).get(
        reverse("risk:risk_list") + f"?unit={farsta.pk}"
    ).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; annat</a>" in page
    assert "<td>&lt;b&gt;Ägare&lt;/b&gt; &lt;i&gt;&amp;&lt;/i&gt;</td>" in page
    assert "<script>alert(1)" not in page
    assert "<b>Ägare" not in page
