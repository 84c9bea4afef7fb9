"""The history's values (``isms.history._display``) as Django's ``date_format`` wrote them: a
moment in local time to the minute, a day as Y-m-d; choices by their label."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from isms import history
from nämnder.models import Membership, Role

VALUES = [
    dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
    dt.datetime(2026, 6, 1, 8, 5, 7),
    dt.date(2026, 1, 5),
]


class _Record:
    def __init__(self, value):
        self.created_at = value
        self.role = Role.AUDITOR


@pytest.mark.parametrize("value", VALUES)
def test_dates_as_date_format_wrote_them(value):
    field = Membership._meta.get_field("created_at")
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        expected = date_format(local, "Y-m-d H:i")
    else:
        expected = date_format(value, "Y-m-d")
    assert history._display(_Record(value), field, {}) == expected


def test_choices_by_their_label():
    field = Membership._meta.get_field("role")
    assert history._display(_Record(None), field, {}) == str(Role.AUDITOR.label)
    assert history._display(_Record(None), field, {}) == str(Role.AUDITOR.label)  # kept labels
