"""Who must pass the second step, and what they reach before it (issue 14, item 4)."""

import pytest
from django.urls import reverse

from nämnder.models import Role
from tests.tvasteg_helpers import app_for, verify_session

pytestmark = pytest.mark.django_db

ENROL = reverse("tvasteg:enrol")
VERIFY = reverse("tvasteg:verify")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("rot", password="test-password-123")


@pytest.fixture
def city_chief(make_person, city):
    return make_person("chef.stad", city, Role.CHIEF)


PRIVILEGED = ["security_function", "chief", "unit_auditor", "city_auditor", "superuser",
              "city_chief"]


def _pages(farsta):
    return [reverse("start"), reverse("unit_detail", args=[farsta.pk]),
            reverse("klassning:asset_list"), reverse("admin:index"),
            reverse("admin:namnder_organisationunit_changelist")]


@pytest.mark.parametrize("persona", PRIVILEGED)
def test_a_privileged_persona_without_an_app_reaches_no_page_but_enrolment(
    client, request, persona, farsta
):
    user = request.getfixturevalue(persona)
    client.force_login(user)  # the password step only
    for url in _pages(farsta):
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302, url
            assert response["Location"].startswith(ENROL), (url, response["Location"])
    assert client.get(reverse("start"))["Location"] == f"{ENROL}?next=%2F"
    assert client.get(ENROL).status_code == 200


@pytest.mark.parametrize("persona", PRIVILEGED)
def test_a_privileged_persona_with_an_app_is_sent_to_verification(
    client, request, persona, farsta
):
    user = request.getfixturevalue(persona)
    app_for(user)
    client.force_login(user)
    for url in _pages(farsta):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY), url
    # Nor can a new app be enrolled past the second step.
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert client.post(ENROL, {"code": "123456"})["Location"].startswith(VERIFY)
    assert client.get(VERIFY).status_code == 200


@pytest.mark.parametrize("persona", PRIVILEGED)
def test_after_the_second_step_every_page_opens(client, request, persona, farsta):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    verify_session(client, user)
    assert client.get(reverse("start")).status_code == 200
    assert client.get(reverse("unit_list")).status_code == 200
    if persona != "city_chief":  # the city unit's chief sees the city unit only
        assert client.get(reverse("unit_detail", args=[farsta.pk])).status_code == 200
    admin = client.get(reverse("admin:index"))
    assert admin.status_code == (200 if user.is_staff else 302)


@pytest.mark.parametrize("persona", ["official", "coordinator", "outsider"])
def test_an_ordinary_member_without_an_app_needs_only_the_password(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(reverse("start")).status_code == 200
    assert client.get(reverse("klassning:asset_list")).status_code == 200
    assert client.get(reverse("tvasteg:overview")).status_code == 200


def test_an_ordinary_member_who_turned_it_on_is_asked_for_a_code(client, official):
    app_for(official)
    client.force_login(official)
    assert client.get(reverse("start"))["Location"].startswith(VERIFY)


def test_logout_health_and_login_stay_reachable_before_the_second_step(client, chief):
    client.force_login(chief)
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("readyz")).status_code == 200
    assert client.get(reverse("login")).status_code == 302  # signed in: sent on (then here)
    assert client.post(reverse("logout"))["Location"] == reverse("login")
    assert client.get(reverse("start"))["Location"].startswith(reverse("login"))


def test_a_new_privileged_role_asks_for_the_second_step_at_the_next_request(
    client, official, farsta
):
    from nämnder import services as unit_services

    client.force_login(official)
    assert client.get(reverse("start")).status_code == 200
    unit_services.membership_add(actor=None, user=official, unit=farsta, role=Role.CHIEF)
    assert client.get(reverse("start"))["Location"].startswith(ENROL)


def test_the_verification_pages_show_no_menu_and_say_what_to_do(client, chief):
    app_for(chief)
    client.force_login(chief)
    page = client.get(VERIFY).content.decode()
    assert 'class="main-nav"' not in page
    assert "engångskoden" in page and "reservkoder" in page
    assert "Logga ut" in page


def test_the_second_step_costs_no_query_of_its_own(client_for, official, chief):
    """The signed-in person is loaded with what the second step needs (tvasteg.backends), so
    an ordinary session costs nothing more, and a verified one neither: the check that its
    device was not reset is a column of the same query (tvasteg.middleware.OTPMiddleware)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def otp_queries(client):
        client.get(reverse("unit_list"))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("unit_list")).status_code == 200
        return [q["sql"] for q in queries.captured_queries if "otp_" in q["sql"]]

    plain = otp_queries(client_for(official))
    assert len(plain) == 1 and '"auth_user"' in plain[0]  # the user's own load
    verified = otp_queries(client_for(chief))
    assert len(verified) == 1 and '"auth_user"' in verified[0]
