from django import template
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def figure_value(value, kind="count"):
    """A key figure as shown: "–" for nothing to count, "73 %" for a share, a median with one
    decimal when it falls between two whole numbers ("1,5")."""
    if value is None:
        return "–"
    if type(value) is int and -1000 < value < 1000:
        # No separator or decimal to localise: skip number_format (a third of the city
        # table's rendering time, one call per cell).
        return f"{value} %" if kind == "percent" else str(value)
    if isinstance(value, float):
        value = round(value) if kind == "percent" or value.is_integer() else round(value, 1)
    text = number_format(value, decimal_pos=1 if isinstance(value, float) else None)
    return f"{text} %" if kind == "percent" else text


@register.simple_tag
def figure_rows(rows):
    """The rows of a unit's key-figure table (``oversikt/_figures.html``: the figure with its
    link, the unit's value, the city median, the comparison and the rules the value breaks),
    written here: on the chief's start page and the unit's dashboard the template's tags per
    cell cost about a millisecond. The same HTML as the template wrote; every text escaped."""
    behind_text = escape(gettext("Ligger efter:"))
    out = []
    for row in rows:
        label = escape(str(row.figure.label))
        head = f'<a href="{escape(row.url)}">{label}</a>' if row.url else label
        kind = row.figure.kind
        flag = '<span class="flag" aria-hidden="true">⚠ </span>' if row.behind else ""
        rules = "".join(f'<br><span class="flag">⚠ {behind_text} {escape(str(rule.label))}</span>'
                        for rule in row.behind)
        out.append(
            "<tr>\n"
            f'    <th scope="row">{head}</th>\n'
            f'    <td class="num{" behind" if row.behind else ""}">{flag}'
            f"{escape(figure_value(row.value, kind))}</td>\n"
            f'    <td class="num">{escape(figure_value(row.median, kind))}</td>\n'
            f'    <td>{escape(row.comparison or "–")}{rules}</td>\n'
            "  </tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 - every text is escaped above
