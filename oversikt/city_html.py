"""The city dashboard's table body written in Python: one ``<tbody>`` per kind of unit with a
row per unit (its figures, the rules it breaks), then the group's sum and median, and the city's
in ``<tfoot>``. The template's loops cost about two thirds of the page (some 600 cells, each
through a tag); this writes the same HTML. Every text is escaped here."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .templatetags.oversikt_tags import figure_value


def _cell(value, kind, broken: bool = False) -> str:
    flag = '<span class="flag" aria-hidden="true">⚠ </span>' if broken else ""
    return (f'<td class="num{" behind" if broken else ""}">{flag}'
            f"{escape(figure_value(value, kind))}</td>")


def _unit_row(row: dict, behind_text: str) -> str:
    behind = row["behind"]
    flag = ""
    if behind:
        labels = "; ".join(escape(str(rule.label)) for rule in behind)
        flag = f'<br><span class="flag">⚠ {behind_text} {labels}</span>'
    cells = "".join(_cell(c["value"], c["figure"].kind, bool(c["behind"])) for c in row["cells"])
    css = ' class="behind"' if behind else ""
    return (
        f"<tr{css}>\n"
        f'      <th scope="row"><a href="{escape(row["href"])}">{escape(row["unit"].name)}</a>'
        f"{flag}</th>\n"
        f"      {cells}\n    </tr>"
    )


def _summary_row(title: str, cells: list[dict]) -> str:
    values = "".join(_cell(c["value"], c["kind"]) for c in cells)
    return f'<tr><th scope="row">{title}</th>{values}</tr>'


def body_html(table: dict) -> SafeString:
    """The groups' ``<tbody>`` elements and the ``<tfoot>`` of ``oversikt.selectors.city_table``."""
    behind_text = escape(gettext("Ligger efter:"))
    sum_text, median_text = gettext("%(label)s: summa"), gettext("%(label)s: median")
    colspan = len(table["figures"]) + 1
    out = []
    for group in table["groups"]:
        label = escape(str(group["label"]))
        rows = "".join(_unit_row(row, behind_text) for row in group["rows"])
        out.append(
            f"  <tbody>\n"
            f'    <tr><th scope="colgroup" colspan="{colspan:d}">{label}</th></tr>\n'
            f"    {rows}\n"
            f"  </tbody>\n"
            f'  <tbody class="group-summary">\n'
            f"    {_summary_row(sum_text % {'label': label}, group['totals'])}\n"
            f"    {_summary_row(median_text % {'label': label}, group['medians'])}\n"
            f"  </tbody>\n"
        )
    out.append(
        "  <tfoot>\n"
        f"    {_summary_row(escape(gettext('Staden: summa')), table['totals'])}\n"
        f"    {_summary_row(escape(gettext('Staden: median')), table['medians'])}\n"
        "  </tfoot>"
    )
    return mark_safe("".join(out))  # noqa: S308 - every text is escaped above
