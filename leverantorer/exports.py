"""Columns of the supplier register for CSV/XLSX (through ``isms.exports``). Rows come from
``selectors.supplier_list`` (``service_count`` and ``handles_personal_data`` annotated)."""

from django.utils.translation import gettext as _

from isms.exports import Column


def supplier_columns():
    return [
        Column(_("Namn"), lambda s: s.name),
        Column(_("Organisationsnummer"), lambda s: s.org_number),
        Column(_("Kontaktuppgifter"), lambda s: s.contact),
        Column(_("Antal it-tjänster"), lambda s: s.service_count),
        Column(_("It-tjänst med personuppgifter"), lambda s: bool(s.handles_personal_data)),
        Column(_("Personuppgiftsbiträdesavtal finns"), lambda s: s.dpa_in_place),
        Column(_("Avtalet tecknat"), lambda s: s.dpa_signed_on),
        Column(_("Var avtalet förvaras"), lambda s: s.dpa_location),
        Column(_("Aktiv"), lambda s: s.is_active),
    ]
