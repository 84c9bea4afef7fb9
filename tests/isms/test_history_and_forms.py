"""The audit trail, optimistic locking and Swedish errors on bad input."""

import pytest
from django.urls import reverse

from nämnder import services
from nämnder.models import Membership, OrganisationUnit

pytestmark = pytest.mark.django_db


def role_holders(unit, **changes):
    data = {
        "chief_name": unit.chief_name, "chief_email": unit.chief_email,
        "coordinator_name": unit.coordinator_name, "coordinator_email": unit.coordinator_email,
        "dpo_name": unit.dpo_name, "dpo_email": unit.dpo_email, "version": unit.version,
    }
    data.update(changes)
    return data


def test_role_holder_change_appears_in_history_with_acting_user(client_for, chief, farsta):
    client = client_for(chief)
    response = client.post(
        reverse("unit_edit", args=[farsta.pk]),
        role_holders(farsta, coordinator_name="Ahmed Yilmaz"),
    )
    assert response.status_code == 302
    farsta.refresh_from_db()
    client.post(
        reverse("unit_edit", args=[farsta.pk]),
        role_holders(farsta, coordinator_name="Lisa Berg"),
    )
    record = OrganisationUnit.history.filter(id=farsta.pk).latest("history_date")
    assert record.history_user == chief
    body = client.get(reverse("unit_history", args=[farsta.pk])).content.decode()
    assert "Ahmed Yilmaz" in body and "Lisa Berg" in body
    assert "Chef Farsta" in body or "chef.farsta" in body
    assert "Informationssäkerhetssamordnare" in body


def test_membership_changes_appear_in_unit_history(client_for, chief, official, farsta):
    services.membership_remove(actor=chief, membership=Membership.objects.get(user=official))
    body = client_for(chief).get(reverse("unit_history", args=[farsta.pk])).content.decode()
    assert "Borttagen" in body
    assert "Handlaggare Farsta (Handläggare)" in body


def test_stale_edit_is_refused_and_input_kept(client_for, chief, coordinator, farsta):
    opened_at = farsta.version
    services.unit_update(
        actor=coordinator, unit=farsta, expected_version=opened_at, chief_name="Karin Lindqvist"
    )
    response = client_for(chief).post(
        reverse("unit_edit", args=[farsta.pk]),
        role_holders(farsta, chief_name="Min ändring", version=opened_at),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Någon annan har ändrat uppgifterna" in body
    assert 'value="Min ändring"' in body
    farsta.refresh_from_db()
    assert farsta.chief_name == "Karin Lindqvist"


def test_invalid_email_gets_swedish_field_error(client_for, chief, farsta):
    response = client_for(chief).post(
        reverse("unit_edit", args=[farsta.pk]), role_holders(farsta, chief_email="inte-en-adress")
    )
    assert response.status_code == 200
    assert "Fyll i en giltig e-postadress." in response.content.decode()


def test_missing_version_is_a_form_error_not_a_500(client_for, chief, farsta):
    data = role_holders(farsta)
    data.pop("version")
    response = client_for(chief).post(reverse("unit_edit", args=[farsta.pk]), data)
    assert response.status_code == 200
    assert "Formuläret kunde inte sparas" in response.content.decode()


def test_wrong_password_shows_swedish_error(client, official):
    response = client.post(
        reverse("login"), {"username": "handlaggare.farsta", "password": "fel-lösenord"}
    )
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()


def test_login_then_start_page(client, official):
    response = client.post(
        reverse("login"), {"username": "handlaggare.farsta", "password": "test-password-123"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Farsta stadsdelsnämnd" in response.content.decode()


def test_adding_unknown_user_is_a_form_error(client_for, chief, farsta):
    response = client_for(chief).post(
        reverse("membership_add", args=[farsta.pk]), {"username": "finns.inte", "role": "official"}
    )
    assert response.status_code == 200
    assert "Det finns ingen aktiv användare" in response.content.decode()


def test_adding_same_role_twice_is_a_form_error(client_for, chief, official, farsta):
    response = client_for(chief).post(
        reverse("membership_add", args=[farsta.pk]),
        {"username": "handlaggare.farsta", "role": "official"},
    )
    assert response.status_code == 200
    assert "redan den rollen" in response.content.decode()


def test_pages_stay_flat_in_queries(client_for, chief, farsta, make_person, django_assert_max_num_queries):
    client = client_for(chief)
    client.get(reverse("unit_detail", args=[farsta.pk]))
    for i in range(30):
        make_person(f"person{i}.farsta", farsta)
    # 30 members and their history: an N+1 would pass 30 queries at once.
    with django_assert_max_num_queries(20):
        client.get(reverse("unit_detail", args=[farsta.pk]))
    with django_assert_max_num_queries(20):
        client.get(reverse("unit_history", args=[farsta.pk]))


def test_history_pages_keep_diffs_across_pages_and_stay_flat(
    client_for, chief, farsta, django_assert_max_num_queries
):
    for i in range(1, 61):
        farsta = services.unit_update(
            actor=chief, unit=farsta, expected_version=None, coordinator_name=f"Samordnare {i}"
        )
    client = client_for(chief)
    url = reverse("unit_history", args=[farsta.pk])
    first = client.get(url).content.decode()
    assert "<del>Samordnare 59</del> → <ins>Samordnare 60</ins>" in first
    assert "<del>Samordnare 10</del> → <ins>Samordnare 11</ins>" in first
    assert "<ins>Samordnare 10</ins>" not in first and 'rel="next"' in first
    with django_assert_max_num_queries(20):
        second = client.get(url + "?sida=2").content.decode()
    assert "<del>Samordnare 9</del> → <ins>Samordnare 10</ins>" in second
    assert "Skapad" in second and 'rel="prev"' in second
    assert client.get(url + "?sida=abc").status_code == 200


def test_newest_entry_alone_is_still_diffed_against_the_record_before(chief, farsta):
    from isms.history import entries_for
    from nämnder.models import OrganisationUnit

    for name in ("A", "B", "C"):
        farsta = services.unit_update(
            actor=chief, unit=farsta, expected_version=None, chief_name=name
        )
    [entry] = entries_for([OrganisationUnit.history.filter(id=farsta.pk)], limit=1)
    assert [(c.old, c.new) for c in entry.changes] == [("B", "C")]
    assert entry.user == chief


def test_repeated_wrong_passwords_lock_the_login(client, official, settings):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "handlaggare.farsta", "password": "fel"})
    response = client.post(url, {"username": "handlaggare.farsta", "password": "test-password-123"})
    assert response.status_code == 429
    assert "Inloggningen är tillfälligt spärrad" in response.content.decode()
    assert "_auth_user_id" not in client.session
