"""Attack/review (issue 14): the trail holds who acted as a user id, and the audit log shows that
id's *current* name. Who a user id is must therefore itself be traceable: renaming an account
(in the admin, by the security function) must leave an event in the chain, else an insider can
make the log read as if somebody else did what they did."""

import pytest
from django.urls import reverse

from sparbarhet.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_renaming_a_person_in_the_admin_is_an_audit_event(client_for, security_function,
                                                          official):
    client = client_for(security_function)
    url = reverse("admin:auth_user_change", args=[official.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items()
            if value is not None and name in form.fields and not isinstance(value, list)}
    data.update(username="someone.else", first_name="Någon", last_name="Annan",
                is_active="on")
    before = AuditEvent.objects.count()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    official.refresh_from_db()
    assert official.username == "someone.else"
    event = AuditEvent.objects.filter(object_type="auth.user", object_id=official.pk,
                                      action="~").get()
    assert AuditEvent.objects.count() > before
    assert event.actor_id == security_function.pk
    # Which fields changed, never their values (pseudonymisation must be able to remove names).
    assert set(event.details["fields"]) >= {"username", "first_name", "last_name"}
    assert "someone" not in str(event.details) and "Annan" not in str(event.details)


def test_a_login_is_not_an_account_change(client, official):
    response = client.post(reverse("login"), {"username": official.username,
                                              "password": "test-password-123"})
    assert response.status_code == 302
    official.refresh_from_db()
    assert official.last_login is not None
    assert not AuditEvent.objects.filter(object_type="auth.user", object_id=official.pk,
                                         action="~").exists()
