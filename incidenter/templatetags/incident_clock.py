"""``{% clock item %}``: an obligation's remaining time or its sending, as one call.

It was an included template (``{% include %}`` with ``blocktranslate``) per obligation: the
deadlines page's 50 rows and the incident list's up to four obligations per row spent more in
that include than in their queries. The text is the same (the same message ids)."""

from __future__ import annotations

import functools

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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


@register.simple_tag
def incident_cells(incident) -> str:
    """The incident list's cells of one incident (``incident_list.html``), as one call: the
    row's variables, filters, translations and its obligations' clocks cost more through the
    template than the page's queries. The markup is what the template wrote; a confidential
    incident's title and category only where ``content_visible``."""
    content = incident.content_visible
    title = incident.title if content else _("Konfidentiell incident")
    head = format_html('<a href="{}">{}</a>', incident.detail_url, title)
    if incident.confidential:
        head += format_html(' <span class="badge">{}</span>', _("Konfidentiell"))
    category = (incident.category.name if incident.category else "") if content else ""
    discovered = timezone.localtime(incident.discovered_at)
    obligations = "–"
    if incident.status != "closed" and incident.open_obligations:
        unassessed = _("ej bedömd")
        items = [
            format_html(
                "<li>{}{}: {}</li>", item.obligation.name,
                f" ({unassessed})" if item.applies == "unassessed" else "", clock(item),
            )
            for item in incident.open_obligations
        ]
        obligations = format_html('<ul class="plain">{}</ul>', mark_safe("".join(items)))  # noqa: S308 - each item escaped
    return format_html(
        "<td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n      "
        '<td><time datetime="{}">{}</time></td>\n      <td>{}</td>\n      <td>{}</td>',
        incident.pk, head, incident.unit.name, category or "–",
        discovered.isoformat(), discovered.strftime("%Y-%m-%d %H:%M"),
        _display(incident, "status"), obligations,
    )


@register.simple_tag
def deadline_cells(item) -> str:
    """The deadlines page's cells of one open obligation (``deadlines.html``), as one call (the
    page's 50 rows spent more in the template's variables and filters than in its queries).
    The markup is what the template wrote; the incident's title only where
    ``content_visible``."""
    deadline = timezone.localtime(item.deadline)
    incident = item.incident
    title = incident.title if item.content_visible else _("Konfidentiell incident")
    obligation = item.obligation
    return format_html(
        '<td><time datetime="{}">{}</time></td>\n      <td>{}</td>\n      <td>{} ({})</td>'
        '\n      <td>{}</td>\n      <td><a href="{}">{}: {}</a></td>\n      <td>{}</td>',
        deadline.isoformat(), f"{deadline:%Y-%m-%d %H:%M}", clock(item),
        obligation.name, obligation.authority, _display(item, "applies"),
        item.detail_url, item.incident_id, title, incident.unit.name,
    )
