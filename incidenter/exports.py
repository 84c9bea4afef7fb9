"""Columns of the incident list for CSV/XLSX (through ``isms.exports``). A confidential incident
the reader may not see the content of exports only its unit, dates, status and deadlines."""

from django.utils.translation import gettext as _

from isms.exports import Column

from .deadlines import format_remaining
from .models import IncidentStatus


def incident_columns(now):
    statuses = {v: str(label) for v, label in IncidentStatus.choices}
    hidden = _("Konfidentiell incident")

    def content(value):
        return lambda i: value(i) if i.content_visible else ""

    def next_deadline(i):
        if i.next_deadline is None:
            return ""
        delta = i.next_deadline - now
        text = format_remaining(delta)
        return _("passerad för %(t)s sedan") % {"t": text} if delta.total_seconds() < 0 else text

    return [
        Column(_("Nummer"), lambda i: i.pk),
        Column(_("Rubrik"), lambda i: i.title if i.content_visible else hidden),
        Column(_("Enhet"), lambda i: i.unit.name),
        Column(_("Kategori"), content(lambda i: i.category.name if i.category else "")),
        Column(_("Allvarlighetsgrad"), content(lambda i: i.severity.name if i.severity else "")),
        Column(_("Status"), lambda i: statuses.get(i.status, i.status)),
        Column(_("Upptäcktes"), lambda i: i.discovered_at),
        Column(_("Närmaste frist"), lambda i: i.next_deadline or ""),
        Column(_("Tid kvar"), next_deadline),
        Column(_("Konfidentiell"), lambda i: i.confidential),
    ]
