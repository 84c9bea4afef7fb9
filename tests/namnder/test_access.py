"""Who sees and changes which unit: personas against the one access module."""

import pytest
from django.urls import reverse

from nämnder import access, services
from nämnder.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_official_sees_own_unit_and_not_another(client_for, official, farsta, bromma):
    client = client_for(official)
    page = client.get(reverse("unit_detail", args=[farsta.pk]))
    assert page.status_code == 200
    assert "Farsta stadsdelsnämnd" in page.content.decode()
    assert client.get(reverse("unit_detail", args=[bromma.pk])).status_code == 404
    assert client.get(reverse("unit_history", args=[bromma.pk])).status_code == 404


def test_unit_list_shows_only_permitted_units(client_for, official, farsta, bromma):
    body = client_for(official).get(reverse("unit_list")).content.decode()
    assert "Farsta stadsdelsnämnd" in body
    assert "Bromma stadsdelsnämnd" not in body


def test_official_cannot_change_role_holders(client_for, official, farsta):
    client = client_for(official)
    assert client.get(reverse("unit_edit", args=[farsta.pk])).status_code == 403
    response = client.post(
        reverse("unit_edit", args=[farsta.pk]), {"chief_name": "X", "version": farsta.version}
    )
    assert response.status_code == 403
    farsta.refresh_from_db()
    assert farsta.chief_name == ""


def test_city_auditor_reads_every_unit_and_changes_nothing(
    client_for, city_auditor, farsta, bromma, official
):
    client = client_for(city_auditor)
    for unit in (farsta, bromma):
        assert client.get(reverse("unit_detail", args=[unit.pk])).status_code == 200
        assert client.get(reverse("unit_history", args=[unit.pk])).status_code == 200
    membership = Membership.objects.get(user=official)
    writes = [
        (reverse("unit_edit", args=[farsta.pk]), {"chief_name": "X", "version": farsta.version}),
        (reverse("membership_add", args=[farsta.pk]), {"username": "revisor.stad", "role": "official"}),
        (reverse("membership_remove", args=[farsta.pk, membership.pk]), {}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    assert Membership.objects.filter(pk=membership.pk).exists()
    farsta.refresh_from_db()
    assert farsta.chief_name == ""


def test_unit_auditor_reads_own_unit_only(client_for, unit_auditor, farsta, bromma):
    client = client_for(unit_auditor)
    assert client.get(reverse("unit_detail", args=[farsta.pk])).status_code == 200
    assert client.get(reverse("unit_edit", args=[farsta.pk])).status_code == 403
    assert client.get(reverse("unit_detail", args=[bromma.pk])).status_code == 404


def test_removed_membership_loses_access_on_next_request(client_for, official, farsta, chief):
    client = client_for(official)
    url = reverse("unit_detail", args=[farsta.pk])
    assert client.get(url).status_code == 200
    services.membership_remove(actor=chief, membership=Membership.objects.get(user=official))
    assert client.get(url).status_code == 404
    assert list(access.visible_units(official)) == []


def test_chief_removes_member_through_the_page(client_for, chief, official, farsta):
    membership = Membership.objects.get(user=official)
    response = client_for(chief).post(
        reverse("membership_remove", args=[farsta.pk, membership.pk])
    )
    assert response.status_code == 302
    assert not access.can(official, access.VIEW, farsta)


def test_security_function_sees_all_and_reaches_admin(client_for, security_function, farsta, bromma):
    client = client_for(security_function)
    assert set(access.visible_units(security_function)) >= {farsta, bromma}
    assert client.get(reverse("unit_edit", args=[bromma.pk])).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:namnder_organisationunit_changelist")).status_code == 200


def test_security_function_role_only_in_city_unit(make_person, farsta, chief):
    from django.core.exceptions import ValidationError

    user = make_person("someone")
    with pytest.raises(ValidationError):
        services.membership_add(actor=chief, user=user, unit=farsta, role=Role.SECURITY_FUNCTION)


def test_anonymous_is_sent_to_login(client, farsta):
    response = client.get(reverse("unit_detail", args=[farsta.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_start_page_lists_my_units_with_role(client_for, official, farsta):
    body = client_for(official).get(reverse("start")).content.decode()
    assert "Farsta stadsdelsnämnd" in body
    assert "Handläggare" in body


def test_city_chief_cannot_grant_city_wide_roles(make_person, city, client_for):
    from django.core.exceptions import PermissionDenied

    city_chief = make_person("chef.stad", city, Role.CHIEF)
    with pytest.raises(PermissionDenied):
        services.membership_add(
            actor=city_chief, user=city_chief, unit=city, role=Role.SECURITY_FUNCTION
        )
    client = client_for(city_chief)
    page = client.get(reverse("membership_add", args=[city.pk])).content.decode()
    assert 'value="security_function"' not in page and 'value="auditor"' not in page
    response = client.post(
        reverse("membership_add", args=[city.pk]),
        {"username": "chef.stad", "role": Role.SECURITY_FUNCTION},
    )
    assert response.status_code == 200  # refused as an invalid choice on the form
    city_chief.refresh_from_db()
    assert not city_chief.is_staff
    assert not access.sees_all_units(city_chief)


def test_security_function_grants_city_wide_auditor(security_function, make_person, city, bromma):
    person = make_person("ny.revisor")
    services.membership_add(actor=security_function, user=person, unit=city, role=Role.AUDITOR)
    assert access.can(person, access.VIEW, bromma)


def test_security_function_cannot_make_superusers_in_admin(client_for, security_function, official):
    client = client_for(security_function)
    url = reverse("admin:auth_user_change", args=[official.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()


def test_security_function_reads_but_cannot_post_object_permissions(
    client_for, security_function, farsta, official
):
    client = client_for(security_function)
    url = reverse("admin:namnder_organisationunit_permissions", args=[farsta.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"user": "handlaggare.farsta", "submit_manage_user": "1"})
    assert response.status_code == 403
