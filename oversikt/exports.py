"""The city dashboard's table as CSV/XLSX (``isms.exports``)."""

from django.utils.translation import gettext as _

from isms.exports import Column


def _value(index):
    return lambda row: row["values"][index]


def city_columns(table: dict) -> list[Column]:
    columns = [Column(_("Enhet"), lambda row: row["unit"].name),
               Column(_("Typ"), lambda row: str(row["kind"]))]
    for index, figure in enumerate(table["figures"]):
        unit = " (%)" if figure.kind == "percent" else ""
        columns.append(Column(f"{figure.label}{unit}", _value(index)))
    columns.append(Column(_("Ligger efter"), lambda row: row["behind"]))
    return columns
