"""The rows of a requirements table (``_requirements.html``: a unit's action plan, an IT
service's technical requirements), built once in Python.

At city scale a plan has 30–40 requirements, each row with a dozen values, a status link with
its label, the evidence and the causes: through the template engine (variable lookups, lazy
translations of the status labels, an ``{% include %}`` and a ``{% blocktranslate %}`` per row)
the table cost more than every query of the page. Here each label is translated once per table,
each status's label once, each link reversed once (``isms.links.id_url``), and every value is
escaped by ``format_html``. The markup is the template's, row for row.
"""

from __future__ import annotations

from django.utils.html import format_html
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


def _evidence(item, *, file_url, texts) -> SafeString:
    parts = [format_html('<div class="evidence"><span class="visually-hidden">{}</span>',
                         texts["evidence"])]
    if item.evidence_note:
        parts.append(format_html('<p class="help">{}</p>',
                                 Truncator(item.evidence_note).chars(200)))
    if item.evidence_link:
        parts.append(format_html('<p><a href="{}" rel="noopener noreferrer">{}</a></p>',
                                 item.evidence_link, texts["link"]))
    if item.evidence_file:
        parts.append(format_html(
            '<p><a href="{}">{}</a></p>', file_url(item.pk),
            gettext("Underlag: %(name)s") % {"name": item.evidence_file_name},
        ))
    parts.append("</div>\n")
    return mark_safe("".join(parts))  # noqa: S308 - each part escaped by format_html


def _status(item, *, can_report, status_labels, file_url, texts) -> SafeString:
    label = status_labels.get(item.status, item.status)
    if can_report:
        html = format_html(
            '<a href="{}" aria-label="{}">{}</a>', item.edit_url,
            gettext("Ändra status för %(code)s (%(status)s)") % {
                "code": item.requirement.code, "status": label,
            },
            label,
        )
    else:
        html = format_html("{}", label)
    if item.status == PlanStatus.NOT_APPLICABLE:
        html += format_html('<br><span class="help">{}</span>', item.motivation)
    if item.status == PlanStatus.FULFILLED:
        html += _evidence(item, file_url=file_url, texts=texts)
    return html


def _responsible(item) -> SafeString:
    person = item.responsible_user
    html = ""
    if person is not None:
        html = format_html("{}", person.get_full_name() or person.username)
        if item.responsible:
            html += mark_safe("<br>")
    html += format_html("{}", item.responsible if item.responsible is not None else "")
    if not item.responsible and person is None:
        html += "–"
    return mark_safe(html)  # noqa: S308 - built from format_html parts


def requirement_rows(items, *, can_report: bool) -> SafeString:
    """The ``<tr>`` of each requirement (``with_links`` has set ``edit_url`` and
    ``causes_html``)."""
    labels = _labels()
    texts = {"evidence": gettext("Underlag:"), "link": gettext("Länk till underlag")}
    causes_label = gettext("Krävs av:")
    new_badge = format_html(' <span class="badge new">{}</span>', gettext("Nytt, ej kvitterat"))
    overdue_badge = format_html(' <span class="badge overdue">{}</span>', gettext("Försenad"))
    status_labels = {value: str(label) for value, label in PlanStatus.choices}
    file_urls = {
        True: id_url("klassning:evidence_download", "it-tjanst"),
        False: id_url("klassning:evidence_download", "enhet"),
    }
    rows = []
    for item in items:
        requirement = item.requirement
        service_id = getattr(item, "it_service_id", None)
        rows.append(format_html(
            _ROW, **labels,
            code=requirement.code, title=requirement.title, guidance=requirement.guidance,
            causes=format_html("<p>{} {}</p>", causes_label, item.causes_html)
            if item.causes else "",
            new=new_badge if service_id and not item.acknowledged_at else "",
            aspect=requirement.aspect.code, min_level=requirement.min_level,
            iso=requirement.iso_controls,
            status=_status(item, can_report=can_report, status_labels=status_labels,
                           file_url=file_urls[bool(service_id)], texts=texts),
            responsible=_responsible(item),
            due=format_html("{}{}", item.due_date.isoformat() if item.due_date else "–",
                            overdue_badge if item.is_overdue else ""),
        ))
    return mark_safe("".join(rows))  # noqa: S308 - each row built by format_html
