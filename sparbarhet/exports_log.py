"""The audit log's columns for CSV/XLSX (``isms.exports``), over ``selectors_log.LogRow``."""

from __future__ import annotations

from operator import attrgetter

from django.utils.translation import gettext as _

from isms.exports import Column


def columns() -> list[Column]:
    return [
        Column(_("Löpnummer"), attrgetter("seq")),
        Column(_("Tidpunkt"), attrgetter("occurred_at")),
        Column(_("Slag"), attrgetter("kind")),
        Column(_("Händelse"), attrgetter("action")),
        Column(_("Person"), attrgetter("person")),
        Column(_("Användarnamn"), attrgetter("username")),
        Column(_("Enhet"), attrgetter("unit")),
        Column(_("Objekttyp"), attrgetter("type_label")),
        Column(_("Objekt"), attrgetter("object_text")),
        Column(_("Objekt-id"), attrgetter("object_ids")),
        Column(_("Klientadress"), attrgetter("client_address")),
        Column(_("Kontrollsumma"), attrgetter("hash")),
        Column(_("Föregående kontrollsumma"), attrgetter("prev_hash")),
    ]
