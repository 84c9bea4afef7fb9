"""``{% risk_level level value %}``: a risk's level as a coloured label (the register shows
two per row, the detail page and the analyses one each): one call, no template include."""

from __future__ import annotations

import functools

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@functools.lru_cache(maxsize=16)
def _status_labels(model, language) -> dict:
    """``{status: label}`` in ``language`` (the active one), made once per process: what
    ``get_status_display()`` returns, without its per-call dict and translation."""
    return {value: str(label) for value, label in model._meta.get_field("status").flatchoices}


@register.simple_tag
def risk_level(level, value=None) -> str:
    if not level:
        return "–"
    if value:
        return format_html('<span class="risk-level {}">{} ({})</span>', level.css_class,
                           level.name, value)
    return format_html('<span class="risk-level {}">{}</span>', level.css_class, level.name)


@register.simple_tag
def risk_cells(risk) -> str:
    """The register's cells of one risk (``risk_list.html``), as one call: the row's eleven
    variables, two level tags, date filters and translations cost more through the template
    than the page's queries. ``risk`` as ``views.risks._labelled`` gives it (levels, scores,
    ``detail_url``). The markup is what the template wrote."""
    title = format_html('<a href="{}">{}</a>', risk.detail_url, risk.title)
    if risk.in_internal_control_plan:
        title += format_html(' <span class="badge">{}</span>', _("Internkontroll"))
    if risk.has_overdue_action:
        title += format_html(' <span class="bad">{}</span>', _("Försenad åtgärd"))
    owner = risk.owner
    follow_up = risk.next_follow_up
    if follow_up:
        day = follow_up.strftime("%Y-%m-%d")
        follow = format_html('<time datetime="{}">{}</time>', day, day)
        if risk.follow_up_overdue:
            follow += format_html(' <span class="bad">{}</span>', _("Försenad"))
    else:
        follow = "–"
    return format_html(
        "<td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n      <td>{}</td>"
        "\n      <td>{}</td>\n      <td>{}</td>",
        title, risk.unit.name,
        risk_level(risk.level_inherent, risk.score_inherent),
        risk_level(risk.level_residual, risk.score_residual),
        _status_labels(type(risk), get_language()).get(risk.status, risk.status),
        (owner.get_full_name() or owner.username) if owner else "–",
        follow,
    )
