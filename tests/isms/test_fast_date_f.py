"""The pages' ``|date`` (``isms.templatetags.fast_date``, a built-in) writes what Django's
filter writes, for every value and format, local time included."""

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Engine, Template
from django.test import override_settings

FORMATS = ["Y-m-d", "Y-m-d H:i", "Y-m-d H:i:s", "j F Y", "c", "", None]
UTC = dt.UTC
VALUES = [
    dt.date(2026, 1, 5), dt.date(999, 12, 31),
    dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # 01:30 or 02:30 in Stockholm (summer time)
    dt.datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC),  # already next year in Stockholm
    dt.datetime(2026, 6, 1, 8, 5, 7, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm")),
    dt.datetime(2026, 6, 1, 8, 5, 7),  # naive
    None, "", "2026-01-05", 17,
]


def _outcome(render):
    try:
        return render()
    except TypeError as exc:  # a time format for a date: Django refuses, so does the page
        return type(exc)


def _render(source: str, value) -> str:
    return _outcome(lambda: Template(source).render(Context({"v": value})))


def _django(source: str, value) -> str:
    """The same template on an engine without the portal's built-in."""
    return _outcome(lambda: Engine(libraries={}).from_string(source).render(Context({"v": value})))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("value", VALUES)
def test_fast_date_writes_what_django_writes(value, fmt):
    source = "{{ v|date }}" if fmt is None else f'{{{{ v|date:"{fmt}" }}}}'
    assert _render(source, value) == _django(source, value)


@override_settings(TIME_ZONE="America/New_York")
def test_fast_date_uses_the_local_time():
    value = dt.datetime(2026, 1, 1, 3, 0, tzinfo=UTC)
    assert _render('{{ v|date:"Y-m-d H:i" }}', value) == "2025-12-31 22:00"


def test_the_pages_use_the_fast_filter():
    from isms.templatetags import fast_date

    assert fast_date.register in Template("{{ v|date }}").engine.template_builtins
