"""The unit's own entries in its Statement of Applicability."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from isms.integrity import unique_violation_as_validation_error
from isms.locking import check_version
from nämnder import access

from ..models import Applicability, ApplicabilityStatement


@transaction.atomic
def statement_set(*, actor, unit, control, applicability: str, justification: str = "",
                  how_met: str = "", expected_version: int | None = None) -> ApplicabilityStatement:
    """An exclusion needs a justification."""
    access.require_unit_writable(actor, unit)
    row = ApplicabilityStatement.objects.select_for_update().filter(unit=unit, control=control).first()
    if row is None:
        row = ApplicabilityStatement(unit=unit, control=control)
    else:
        check_version(row, expected_version)
        row.version += 1
    row.applicability, row.justification, row.how_met = applicability, justification, how_met
    if applicability == Applicability.EXCLUDED and not justification.strip():
        raise ValidationError({"justification": _("Motivera varför kontrollen inte är tillämplig.")})
    row.full_clean()
    row._history_user = actor
    with unique_violation_as_validation_error(row):
        row.save()
    return row
