"""The security function manages memberships and catalogues in the admin, not credentials: it
cannot set anyone's password, touch a superuser's account, revert history past the services, or
delete a unit (which would take memberships with it past the services)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from nämnder import access, services
from nämnder.models import Membership, OrganisationUnit, Role

pytestmark = pytest.mark.django_db

NEW_PASSWORD = {"password1": "Helt-nytt-losen-2025", "password2": "Helt-nytt-losen-2025"}


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", email="admin@stockholm.se", password="test-password-123"
    )


def _password_is(user, password):
    user.refresh_from_db()
    return user.check_password(password)


def test_security_function_cannot_set_a_superusers_password(
    client_for, security_function, superuser
):
    client = client_for(security_function)
    url = reverse("admin:auth_user_password_change", args=[superuser.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, NEW_PASSWORD).status_code == 403
    assert _password_is(superuser, "test-password-123")


def test_security_function_cannot_set_an_ordinary_users_password(
    client_for, security_function, official
):
    client = client_for(security_function)
    url = reverse("admin:auth_user_password_change", args=[official.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, NEW_PASSWORD).status_code == 403
    assert _password_is(official, "test-password-123")


def test_user_page_offers_the_security_function_no_password_link(
    client_for, security_function, official
):
    page = client_for(security_function).get(reverse("admin:auth_user_change", args=[official.pk]))
    assert page.status_code == 200
    assert "../password/" not in page.content.decode()


def test_superuser_still_sets_passwords(client_for, superuser, official):
    client = client_for(superuser)
    url = reverse("admin:auth_user_password_change", args=[official.pk])
    response = client.post(url, NEW_PASSWORD)
    assert response.status_code == 302
    assert _password_is(official, NEW_PASSWORD["password1"])


def test_security_function_cannot_edit_or_delete_a_superusers_account(
    client_for, security_function, superuser
):
    client = client_for(security_function)
    change = reverse("admin:auth_user_change", args=[superuser.pk])
    page = client.get(change)
    assert page.status_code == 200  # may see the account …
    assert 'name="email"' not in page.content.decode()  # … read-only
    response = client.post(change, {
        "username": "kapad", "email": "angripare@example.com", "first_name": "", "last_name": "",
        "is_active": "on",
    })
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert (superuser.username, superuser.email) == ("admin", "admin@stockholm.se")
    assert client.post(reverse("admin:auth_user_delete", args=[superuser.pk]), {"post": "yes"}
                       ).status_code == 403
    assert get_user_model().objects.filter(pk=superuser.pk).exists()


def test_security_function_still_edits_an_ordinary_person(client_for, security_function, official):
    client = client_for(security_function)
    response = client.post(reverse("admin:auth_user_change", args=[official.pk]), {
        "username": official.username, "email": "ny.adress@stockholm.se",
        "first_name": "Handläggare", "last_name": "Farsta", "is_active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    official.refresh_from_db()
    assert official.email == "ny.adress@stockholm.se"
    assert not official.is_superuser


def test_history_revert_is_refused_and_not_offered(client_for, security_function, farsta):
    old = farsta.history.earliest()
    services.unit_update(
        actor=security_function, unit=farsta, expected_version=None, chief_name="Ny chef"
    )
    client = client_for(security_function)
    url = reverse(
        "admin:namnder_organisationunit_simple_history", args=[farsta.pk, old.history_id]
    )
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(url, {
        "name": farsta.name, "administration_name": farsta.administration_name,
        "short_name": farsta.short_name, "kind": farsta.kind, "is_active": "on",
        "chief_name": "",
    })
    assert response.status_code == 403
    farsta.refresh_from_db()
    assert farsta.chief_name == "Ny chef"


def test_membership_history_revert_cannot_restore_access(
    client_for, security_function, official, farsta
):
    """Reverting a removed membership would hand the access back past the services."""
    membership = Membership.objects.get(user=official, unit=farsta)
    version = membership.history.latest().history_id
    services.membership_remove(actor=security_function, membership=membership)
    client = client_for(security_function)
    url = reverse("admin:namnder_membership_simple_history", args=[membership.pk, version])
    client.post(url, {"user": official.pk, "unit": farsta.pk, "role": Role.OFFICIAL})
    assert not Membership.objects.filter(user=official, unit=farsta).exists()
    official = get_user_model().objects.get(pk=official.pk)
    assert not access.can(official, access.VIEW, farsta)


def test_security_function_deactivates_but_cannot_delete_a_unit(
    client_for, security_function, bromma, outsider
):
    client = client_for(security_function)
    url = reverse("admin:namnder_organisationunit_delete", args=[bromma.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert OrganisationUnit.objects.filter(pk=bromma.pk).exists()
    response = client.post(reverse("admin:namnder_organisationunit_changelist"), {
        "action": "delete_selected", "_selected_action": [bromma.pk], "post": "yes",
    })
    assert response.status_code in (200, 302, 403)
    assert OrganisationUnit.objects.filter(pk=bromma.pk).exists()
    assert Membership.objects.filter(unit=bromma).exists()


def test_unit_kind_is_fixed_once_it_has_members(client_for, security_function, farsta, official):
    page = client_for(security_function).get(
        reverse("admin:namnder_organisationunit_change", args=[farsta.pk])
    )
    assert page.status_code == 200
    assert 'name="kind"' not in page.content.decode()


@pytest.mark.parametrize("name", [
    "admin:auth_group_changelist", "admin:auth_group_add",
    "admin:axes_accessattempt_changelist", "admin:axes_accesslog_changelist",
    "admin:axes_accessfailurelog_changelist",
])
def test_groups_and_login_records_are_for_superusers_only(client_for, security_function, name):
    assert client_for(security_function).get(reverse(name)).status_code == 403
