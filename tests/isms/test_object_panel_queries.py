"""The sections other apps add to an IT service's and an information asset's page (risks,
incidents, suppliers, access reviews, through ``isms.plugins.register_object_panel``) cost a
fixed number of queries: the pages with every installed panel ask as much at 500 assets as at 5.
(Each app's own page budget is tested without them, with ``without_object_panels``.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from isms import plugins
from tests.klassning.test_klassning_queries import _populate

pytestmark = pytest.mark.django_db


def _counts(client, urls):
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[name] = len(ctx)
    return counts


def test_panels_are_installed():
    models = {p.model for p in plugins._object_panels}
    assert "klassning.itservice" in models and "klassning.informationasset" in models


def test_same_count_at_5_and_500_assets(client_for, security_function, chief, farsta, bromma):
    a_small, s_small = _populate(farsta, chief, 5)
    client = client_for(security_function)  # sees both units
    client.get(reverse("start"))
    small = _counts(client, {
        "service": reverse("klassning:service_detail", args=[s_small[0].pk]),
        "asset": reverse("klassning:asset_detail", args=[a_small[0].pk]),
    })
    # The same pages of another unit with 500 assets.
    a_big, s_big = _populate(bromma, chief, 500)
    big = _counts(client, {
        "service": reverse("klassning:service_detail", args=[s_big[0].pk]),
        "asset": reverse("klassning:asset_detail", args=[a_big[0].pk]),
    })
    assert big == small
