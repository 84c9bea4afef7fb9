"""``{% history_rows %}`` writes the rows ``history_table.html``'s loop wrote, for every kind of
entry: a person with and without a full name, the system, a reason, changes with and without
an old value, text that needs escaping, times in summer and winter."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.template.loader import get_template
from django.utils.translation import gettext_lazy

from isms.history import Change, HistoryEntry

# The template as it was.
OLD = Template("""{% load i18n %}
<table class="table history">
  <caption class="visually-hidden">{% translate "Ändringshistorik, senaste först" %}</caption>
  <thead><tr><th scope="col">{% translate "Tid" %}</th><th scope="col">{% translate "Av" %}</th><th scope="col">{% translate "Händelse" %}</th><th scope="col">{% translate "Ändringar (före → efter)" %}</th></tr></thead>
  <tbody>
  {% for e in entries %}
    <tr>
      <td><time datetime="{{ e.date|date:'c' }}">{{ e.date|date:"Y-m-d H:i" }}</time></td>
      <td>{% if e.user %}{{ e.user.get_full_name|default:e.user.username }}{% else %}{% translate "Systemet" %}{% endif %}</td>
      <td>{{ e.action }}: {{ e.object_type }} <strong>{{ e.object_label }}</strong>{% if e.reason %}<br><em>{{ e.reason }}</em>{% endif %}</td>
      <td>{% if e.changes %}<ul class="changes">{% for c in e.changes %}<li><span class="field-name">{{ c.field }}:</span> {% if c.old %}<del>{{ c.old }}</del> → {% endif %}<ins>{{ c.new }}</ins></li>{% endfor %}</ul>{% endif %}</td>
    </tr>
  {% empty %}
    <tr><td colspan="4">{% translate "Ingen historik." %}</td></tr>
  {% endfor %}
  </tbody>
</table>
""")


def entries():
    User = get_user_model()
    named = User(username="anna.a", first_name="Anna", last_name="<Andersson>")
    unnamed = User(username="o'brien&co")
    utc = dt.UTC
    return [
        HistoryEntry(
            date=dt.datetime(2026, 7, 6, 19, 23, 40, 266741, tzinfo=utc), user=named,
            action="Ändrad", object_type="Klassning", object_label="v1 <b>",
            changes=[Change("Status", "Fastställd", "Ersatt"), Change("Ersatt", "", "2026-07-06")],
            reason='Rättat "fel" & <mer>',
        ),
        HistoryEntry(
            date=dt.datetime(2026, 1, 2, 3, 4, tzinfo=utc), user=unnamed,
            action=str(gettext_lazy("Skapad")), object_type=gettext_lazy("Informationsmängd"),
            object_label="Elevregister", changes=[Change("Namn", "", "Elev & co")],
        ),
        HistoryEntry(
            date=dt.datetime(2025, 12, 31, 23, 30, tzinfo=utc), user=None, action="Borttagen",
            object_type="Risk", object_label="R-1", changes=[],
        ),
    ]


@pytest.mark.parametrize("rows", [entries, list, lambda: None])
def test_history_rows_write_what_the_template_wrote(rows):
    context = {"entries": rows()}
    new = get_template("history_table.html").render(context)
    assert new == OLD.render(Context(context))


def test_escaped_and_in_local_time():
    page = get_template("history_table.html").render({"entries": entries()})
    assert "Anna &lt;Andersson&gt;" in page
    assert "o&#x27;brien&amp;co" in page
    assert '<time datetime="2026-07-06T21:23:40.266741+02:00">2026-07-06 21:23</time>' in page
    assert '<time datetime="2026-01-01T00:30:00+01:00">2026-01-01 00:30</time>' in page
    assert "<td>Systemet</td>" in page
