"""The lists' "Registrera" buttons show for those who may register (the security function, a
role that edits records in a unit) and not for readers; the form agrees."""

import pytest
from django.urls import reverse

from ledningssystem.forms import AuditForm, DocumentCreateForm, may_create_records

pytestmark = pytest.mark.django_db

BUTTONS = [("ledningssystem:audit_list", "ledningssystem:audit_create"),
           ("ledningssystem:document_list", "ledningssystem:document_create")]


@pytest.mark.parametrize("who,shown", [("security_function", True), ("chief", True),
                                       ("unit_auditor", False), ("city_auditor", False)])
def test_the_register_buttons(request, client_for, who, shown):
    person = request.getfixturevalue(who)
    client = client_for(person)
    for page, create in BUTTONS:
        body = client.get(reverse(page)).content.decode()
        assert (f'href="{reverse(create)}"' in body) is shown, (who, page)
    assert may_create_records(person) is shown
    assert AuditForm(user=person).may_create is shown
    assert DocumentCreateForm(user=person).may_create is shown
