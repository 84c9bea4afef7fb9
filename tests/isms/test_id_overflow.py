"""Ids too big for the database, or not ids at all, are a 404 or a form error, never a 500
(OverflowError on SQLite, an out-of-range error on PostgreSQL)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from nämnder.models import Membership, Role
from tests.tvasteg_helpers import verify_session

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # over 2**63 - 1
MAX_ID = str(2**63 - 1)


def _portal_routes(patterns=None, prefix=""):
    """Every route of the portal's own pages with an id in it (the admin is tested below)."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) != "admin/":
                yield from _portal_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and "<" in str(pattern.pattern):
            yield prefix + str(pattern.pattern)


ROUTES = sorted(_portal_routes())


def test_every_id_in_a_portal_url_uses_the_id_converter():
    assert ROUTES
    for route in ROUTES:
        # Ids use <id:…>; a non-id part (e.g. the evidence download's <str:kind>) may use str.
        assert "int" not in re.findall(r"<(\w+):", route), route


@pytest.mark.parametrize("number", [HUGE, MAX_ID, "0"])
@pytest.mark.parametrize("persona", ["official", "security_function"])
def test_huge_ids_in_portal_urls_are_404(client, request, persona, number, farsta):
    client.raise_request_exception = False
    user = request.getfixturevalue(persona)
    client.force_login(user)
    verify_session(client, user)
    for route in ROUTES:
        url = "/" + re.sub(r"<\w+:\w+>", number, route)
        for method in (client.get, client.post):
            status = method(url).status_code
            assert status in (404, 405), (url, method.__name__, status)


@pytest.mark.parametrize("url", [
    f"/admin/namnder/organisationunit/{HUGE}/change/",
    f"/admin/namnder/organisationunit/{HUGE}/history/",
    f"/admin/namnder/organisationunit/{HUGE}/permissions/",
    f"/admin/namnder/organisationunit/{HUGE}/delete/",
    f"/admin/namnder/membership/{HUGE}/change/",
    f"/admin/auth/user/{HUGE}/change/",
    f"/admin/auth/user/{HUGE}/password/",
    f"/admin/klassning/requirement/{HUGE}/change/",
    "/admin/namnder/organisationunit/abc/change/",
    "/admin/namnder/membership/?unit__id__exact=abc",
    f"/admin/namnder/membership/?unit__id__exact={HUGE}",
    f"/admin/namnder/membership/?user__id__exact={HUGE}",
    "/admin/namnder/organisationunit/?parent__id__exact=abc",
])
def test_junk_ids_in_admin_urls_are_not_a_500(client_for, security_function, farsta, url):
    client = client_for(security_function)
    client.raise_request_exception = False
    assert client.get(url).status_code in (200, 302, 403, 404)


@pytest.mark.parametrize("junk", ["abc", HUGE, "-1", "1.5"])
def test_junk_in_admin_membership_autocomplete_fields_is_a_form_error(
    client_for, security_function, farsta, junk
):
    client = client_for(security_function)
    response = client.post(
        reverse("admin:namnder_membership_add"),
        {"user": junk, "unit": junk, "role": Role.OFFICIAL},
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Membership.objects.filter(unit=farsta).exists()
