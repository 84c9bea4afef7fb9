from django import template
from django.utils.formats import number_format

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
