"""``{% risk_level level value %}``: a risk's level as a coloured label (the register shows
two per row, the detail page and the analyses one each): one call, no template include."""

from __future__ import annotations

import functools
import html

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
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


def _e(value) -> str:
    """What ``format_html`` does to a plain value (``conditional_escape``: ``escape``), without
    its lazy wrapper per call: the register escapes ~20 values a row."""
    return html.escape(str(value))


def _level(level, value) -> str:
    """``risk_level`` as a plain string, for ``risk_cells``."""
    if not level:
        return "–"
    if value:
        return (f'<span class="risk-level {_e(level.css_class)}">{_e(level.name)} '
                f'({_e(value)})</span>')
    return f'<span class="risk-level {_e(level.css_class)}">{_e(level.name)}</span>'


@register.simple_tag
def risk_cells(risk) -> str:
    """The register's cells of one risk (``risk_list.html``), as one call: the row's eleven
    variables, two level tags, date filters and translations cost more through the template
    than the page's queries. ``risk`` as ``views.risks._labelled`` gives it (levels, scores,
    ``detail_url``). The markup is what the template wrote; every value escaped (``_e``, as
    ``format_html`` did)."""
    title = f'<a href="{_e(risk.detail_url)}">{_e(risk.title)}</a>'
    if risk.in_internal_control_plan:
        title += f' <span class="badge">{_e(_("Internkontroll"))}</span>'
    if risk.has_overdue_action:
        title += f' <span class="bad">{_e(_("Försenad åtgärd"))}</span>'
    owner = risk.owner
    follow_up = risk.next_follow_up
    if follow_up:
        day = follow_up.strftime("%Y-%m-%d")
        follow = f'<time datetime="{day}">{day}</time>'
        if risk.follow_up_overdue:
            follow += f' <span class="bad">{_e(_("Försenad"))}</span>'
    else:
        follow = "–"
    status = _status_labels(type(risk), get_language()).get(risk.status, risk.status)
    return mark_safe(  # noqa: S308 - every value escaped above
        f"<td>{title}</td>\n      <td>{_e(risk.unit.name)}</td>\n"
        f"      <td>{_level(risk.level_inherent, risk.score_inherent)}</td>\n"
        f"      <td>{_level(risk.level_residual, risk.score_residual)}</td>\n"
        f"      <td>{_e(status)}</td>\n"
        f"      <td>{_e((owner.get_full_name() or owner.username) if owner else '–')}</td>\n"
        f"      <td>{follow}</td>"
    )
