"""The Statement of Applicability links each control to its own statement (for those who may
edit it), the same URLs ``reverse`` gives, and the link leads to the control's page."""

import re

import pytest
from django.urls import reverse

from ledningssystem.models import AnnexAControl

pytestmark = pytest.mark.django_db


def test_every_control_links_to_its_statement(farsta, chief, client_for):
    client = client_for(chief)
    body = client.get(reverse("ledningssystem:soa", args=[farsta.pk])).content.decode()
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', body)
    edit = {text: href for href, text in links if "/soa/" in href}
    controls = list(AnnexAControl.objects.values_list("control_id", flat=True))
    assert len(edit) == len(controls) == 93
    for cid in controls:
        assert edit[cid] == reverse("ledningssystem:soa_edit", args=[farsta.pk, cid])
    assert client.get(edit[controls[0]]).status_code == 200


def test_no_edit_links_for_a_reader(farsta, unit_auditor, client_for):
    body = client_for(unit_auditor).get(
        reverse("ledningssystem:soa", args=[farsta.pk])).content.decode()
    assert reverse("ledningssystem:soa_edit", args=[farsta.pk, "5.1"]) not in body
