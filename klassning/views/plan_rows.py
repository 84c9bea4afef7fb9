"""The rows of a requirements table (``_requirements.html``: a unit's action plan, an IT
service's technical requirements), built once in Python.

At city scale a plan has 30–40 requirements, each row with a dozen values, a status link with
its label, the evidence and the causes: through the template engine (variable lookups, lazy
translations of the status labels, an ``{% include %}`` and a ``{% blocktranslate %}`` per row)
the table cost more than every query of the page. Here each label is translated once per table,
each status's label once, each link reversed once (``isms.links.id_url``), and every value is
escaped (``escape``, as the template's autoescaping). The markup is the template's, row
for row.
"""

from __future__ import annotations

from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from isms.links import id_url

from ..models import PlanStatus

_ROW = (
    '<tr>\n'
    '      <td class="code" data-label="{l_id}">{code}</td>\n'
    '      <td data-label="{l_krav}"><details><summary>{title}</summary><p>{guidance}</p>\n'
    '        {causes}\n'
    '        </details>{new}</td>\n'
    '      <td data-label="{l_aspect}">{aspect}{min_level}</td>\n'
    '      <td data-label="{l_iso}">{iso}</td>\n'
    '      <td data-label="{l_status}">{status}</td>\n'
    '      <td data-label="{l_resp}">{responsible}</td>\n'
    '      <td data-label="{l_due}">{due}</td>\n'
    '    </tr>\n'
)


def _labels() -> dict[str, str]:
    """The column labels (each cell's data-label on a narrow screen) and the badges."""
    return {
        "l_id": gettext("Id"), "l_krav": gettext("Krav"), "l_aspect": gettext("Aspekt och nivå"),
        "l_iso": gettext("ISO/IEC 27002"), "l_status": gettext("Status"),
        "l_resp": gettext("Ansvarig"), "l_due": gettext("Klart senast"),
    }


def _evidence(item, *, file_url, texts) -> str:
    parts = ['<div class="evidence"><span class="visually-hidden">', texts["evidence"], "</span>"]
    if item.evidence_note:
        parts += ['<p class="help">', escape(Truncator(item.evidence_note).chars(200)), "</p>"]
    if item.evidence_link:
        parts += ['<p><a href="', escape(item.evidence_link), '" rel="noopener noreferrer">',
                  texts["link"], "</a></p>"]
    if item.evidence_file:
        parts += ['<p><a href="', file_url(item.pk), '">',
                  escape(gettext("Underlag: %(name)s") % {"name": item.evidence_file_name}),
                  "</a></p>"]
    parts.append("</div>\n")
    return "".join(parts)


def _status(item, *, can_report, status_labels, file_url, texts) -> str:
    label = status_labels.get(item.status) or escape(item.status)
    if can_report:
        aria = escape(gettext("Ändra status för %(code)s (%(status)s)") % {
            "code": item.requirement.code,
            "status": texts["status"].get(item.status, item.status),
        })
        html = f'<a href="{escape(item.edit_url)}" aria-label="{aria}">{label}</a>'
    else:
        html = label
    if item.status == PlanStatus.NOT_APPLICABLE:
        html += f'<br><span class="help">{escape(item.motivation)}</span>'
    if item.status == PlanStatus.FULFILLED:
        html += _evidence(item, file_url=file_url, texts=texts)
    return html


def _responsible(item) -> str:
    person = item.responsible_user
    html = ""
    if person is not None:
        html = escape(person.get_full_name() or person.username)
        if item.responsible:
            html += "<br>"
    html += escape(item.responsible if item.responsible is not None else "")
    if not item.responsible and person is None:
        html += "–"
    return html


def requirement_rows(items, *, can_report: bool) -> SafeString:
    """The ``<tr>`` of each requirement (``with_links`` has set ``edit_url`` and
    ``causes_html``). Every value from the database goes through ``escape``; the labels are
    escaped once."""
    labels = {k: escape(v) for k, v in _labels().items()}
    statuses = {value: str(label) for value, label in PlanStatus.choices}
    texts = {"evidence": escape(gettext("Underlag:")),
             "link": escape(gettext("Länk till underlag")),
             "status": statuses}
    status_labels = {value: escape(label) for value, label in statuses.items()}
    causes_label = escape(gettext("Krävs av:"))
    new_badge = f' <span class="badge new">{escape(gettext("Nytt, ej kvitterat"))}</span>'
    overdue_badge = f' <span class="badge overdue">{escape(gettext("Försenad"))}</span>'
    file_urls = {
        True: id_url("klassning:evidence_download", "it-tjanst"),
        False: id_url("klassning:evidence_download", "enhet"),
    }
    rows = []
    for item in items:
        requirement = item.requirement
        service_id = getattr(item, "it_service_id", None)
        rows.append(_ROW.format(
            **labels,
            code=escape(requirement.code), title=escape(requirement.title),
            guidance=escape(requirement.guidance),
            causes=f"<p>{causes_label} {conditional_escape(item.causes_html)}</p>"
            if item.causes else "",
            new=new_badge if service_id and not item.acknowledged_at else "",
            aspect=escape(requirement.aspect.code), min_level=escape(requirement.min_level),
            iso=escape(requirement.iso_controls),
            status=_status(item, can_report=can_report, status_labels=status_labels,
                           file_url=file_urls[bool(service_id)], texts=texts),
            responsible=_responsible(item),
            due=(item.due_date.isoformat() if item.due_date else "–")
            + (overdue_badge if item.is_overdue else ""),
        ))
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above
