"""The latest events' rows of a person's page, written in Python: every value escaped as the
template's autoescaping would (``django.utils.html.escape``), the time in local time."""

import datetime as dt

from django.utils import timezone
from django.utils.html import escape

from sparbarhet import views_people


def test_every_value_is_escaped_as_the_template_would():
    nasty = "<b>\"Å&ö'</b>"
    when = dt.datetime(2026, 6, 1, 10, 5, tzinfo=dt.UTC)
    events = [
        {"seq": 7, "occurred_at": when, "kind": nasty, "action": nasty, "object_type": nasty,
         "object_id": 12, "count": 0, "unit": nasty, "client_address": "10.0.0.1"},
        {"seq": 8, "occurred_at": None, "kind": "Läsning", "action": "Exporterad",
         "object_type": "Informationsmängd", "object_id": None, "count": 3, "unit": "",
         "client_address": ""},
    ]
    html = views_people._events_html(events)
    local = timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
    e = escape(nasty)
    assert html == (
        f"<tr><td>7</td><td>{local}</td><td>{e}</td><td>{e}</td><td>{e} #12</td>"
        f"<td>{e}</td><td>10.0.0.1</td></tr>"
        "<tr><td>8</td><td></td><td>Läsning</td><td>Exporterad</td>"
        "<td>Informationsmängd (3 objekt)</td><td>–</td><td>–</td></tr>"
    )
    assert "<b>" not in html
