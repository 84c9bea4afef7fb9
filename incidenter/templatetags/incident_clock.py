"""``{% clock item %}``: an obligation's remaining time or its sending, as one call.

It was an included template (``{% include %}`` with ``blocktranslate``) per obligation: the
deadlines page's 50 rows and the incident list's up to four obligations per row spent more in
that include than in their queries. The text is the same (the same message ids)."""

from __future__ import annotations

import functools
from html import escape as _escape

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..models import Incident, IncidentObligation

register = template.Library()


@functools.lru_cache(maxsize=64)
def _labels(model, field: str, language) -> dict:
    """A choice field's ``{value: label}`` in ``language`` (the active one), made once per
    process: what ``get_<field>_display()`` returns, without its per-call dict and translation."""
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def _display(obj, field: str) -> str:
    value = getattr(obj, field)
    return _labels(type(obj), field, get_language()).get(value, value)


@register.simple_tag
def clock(item) -> str:
    running = getattr(item, "clock", None)
    if running:
        if running["overdue"]:
            return format_html(
                '<span class="bad">{}</span>',
                _("Försenad: fristen passerade för %(t)s sedan") % {"t": running["text"]},
            )
        return format_html(
            '<span class="{}">{}</span>', "warning" if running["soon"] else "",
            _("%(t)s kvar") % {"t": running["text"]},
        )
    if item.sent_at:
        if item.was_late:
            return format_html('<span class="bad">{}</span>', _("Skickad för sent"))
        return _("Skickad i tid")
    return _("Gäller inte")


# The list pages' rows, each page's in one call (``incident_rows``, ``deadline_rows``): the
# loop, one tag per row and ``format_html``'s escaping of every value cost more than the
# page's queries. The markup is what ``incident_cells``/``deadline_cells`` inside the
# templates' ``{% for %}`` wrote, byte for byte (their one tag per row is gone); every value is escaped (``html.escape``, as
# ``django.utils.html.escape``), the clock texts once translated per page.

_ROW = "\n    <tr>\n      {}\n    </tr>\n  "


class _Texts(dict):
    """A page's translated texts, each translated once and escaped."""

    def __missing__(self, message: str) -> str:
        value = self[message] = _escape(_(message))
        return value


def _clock_html(item, texts: _Texts) -> str:
    """What ``clock`` writes, as escaped HTML."""
    running = getattr(item, "clock", None)
    if running:
        if running["overdue"]:
            return '<span class="bad">{}</span>'.format(_escape(
                _("Försenad: fristen passerade för %(t)s sedan") % {"t": running["text"]}))
        return '<span class="{}">{}</span>'.format(
            "warning" if running["soon"] else "",
            _escape(_("%(t)s kvar") % {"t": running["text"]}))
    if item.sent_at:
        if item.was_late:
            return '<span class="bad">{}</span>'.format(texts["Skickad för sent"])
        return texts["Skickad i tid"]
    return texts["Gäller inte"]


@register.simple_tag
def incident_rows(page) -> str:
    """The incident list's rows (``incident_cells`` for each incident of ``page``)."""
    texts = _Texts()
    tz = timezone.get_current_timezone()
    statuses = _labels(Incident, "status", get_language())
    rows = []
    for incident in page:
        content = incident.content_visible
        head = '<a href="{}">{}</a>'.format(
            _escape(incident.detail_url),
            _escape(incident.title) if content else texts["Konfidentiell incident"])
        if incident.confidential:
            head += ' <span class="badge">{}</span>'.format(texts["Konfidentiell"])
        category = (incident.category.name if incident.category else "") if content else ""
        discovered = incident.discovered_at.astimezone(tz)
        obligations = "–"
        if incident.status != "closed" and incident.open_obligations:
            obligations = '<ul class="plain">{}</ul>'.format("".join([
                "<li>{}{}: {}</li>".format(
                    _escape(item.obligation.name),
                    " ({})".format(texts["ej bedömd"]) if item.applies == "unassessed" else "",
                    _clock_html(item, texts),
                )
                for item in incident.open_obligations
            ]))
        rows.append(_ROW.format(
            "<td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n      "
            '<td><time datetime="{}">{}</time></td>\n      <td>{}</td>\n      <td>{}</td>'.format(
                incident.pk, head, _escape(incident.unit.name), _escape(category or "–"),
                discovered.isoformat(), discovered.strftime("%Y-%m-%d %H:%M"),
                _escape(statuses.get(incident.status, incident.status)), obligations,
            )))
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


@register.simple_tag
def deadline_rows(page) -> str:
    """The deadlines page's rows (``deadline_cells`` for each open obligation of ``page``)."""
    texts = _Texts()
    tz = timezone.get_current_timezone()
    applicability = _labels(IncidentObligation, "applies", get_language())
    rows = []
    for item in page:
        deadline = item.deadline.astimezone(tz)
        incident = item.incident
        obligation = item.obligation
        title = _escape(incident.title) if item.content_visible else texts[
            "Konfidentiell incident"]
        rows.append(_ROW.format(
            '<td><time datetime="{}">{}</time></td>\n      <td>{}</td>\n      <td>{} ({})</td>'
            '\n      <td>{}</td>\n      <td><a href="{}">{}: {}</a></td>\n      <td>{}</td>'.format(
                deadline.isoformat(), f"{deadline:%Y-%m-%d %H:%M}", _clock_html(item, texts),
                _escape(obligation.name), _escape(obligation.authority),
                _escape(applicability.get(item.applies, item.applies)),
                _escape(item.detail_url), item.incident_id, title, _escape(incident.unit.name),
            )))
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above
