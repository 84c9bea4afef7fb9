"""A finding handed to the unit's action plan (iakttagelse → krav i åtgärdsplanen).

The action plan (``klassning``) holds the requirements of the city's catalogue that the unit's
approved classifications demand, each with a status, a responsible person and a due date that
the unit reports on. A finding that shows a requirement is not (fully) met is handed to that
requirement: the requirement gets back an open status (*Ej påbörjad* or *Pågår*), who is
responsible and when it is to be done, its history says which finding did it, and the link
(``FindingPlanItem``) shows each on the other's page. The plan's own rules (optimistic locking,
the responsible person being a member of the unit) are ``klassning.services.plan_item_update``'s.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from isms.integrity import unique_violation_as_validation_error
from klassning import services as klassning_services
from klassning.models import OPEN_PLAN_STATUSES
from nämnder import access

from ..models import Finding, FindingPlanItem


def _reason(finding: Finding) -> str:
    """The plan item's history note (a change reason holds at most 100 characters)."""
    return _("Från iakttagelse ”%(finding)s” i granskning ”%(audit)s”") % {
        "finding": Truncator(finding.title).chars(35),
        "audit": Truncator(finding.audit.title).chars(30),
    }


@transaction.atomic
def finding_to_plan(*, actor, finding: Finding, plan_item, expected_version: int | None,
                    status: str, due_date, responsible: str = "", responsible_user=None
                    ) -> FindingPlanItem:
    """Hand ``finding`` to ``plan_item`` (a current requirement on the action plan of the
    finding's own unit): set the requirement's open ``status``, ``due_date`` and who is
    responsible (``responsible`` and/or ``responsible_user``), note the finding in its history
    and link the two. ``expected_version`` is the requirement's version the form was opened at.

    The actor must be allowed to edit the records of the finding's unit (an active unit; the
    city-wide security function everywhere): checked here, not only by the view."""
    access.require_unit_writable(actor, finding.unit)
    if actor is not None:
        access.require(actor, access.EDIT_RECORDS, finding.unit)
    if plan_item.unit_id != finding.unit_id or not plan_item.is_current:
        raise ValidationError({"plan_item": _("Välj ett krav i åtgärdsplanen för iakttagelsens "
                                              "enhet.")})
    errors = {}
    if status not in OPEN_PLAN_STATUSES:
        errors["status"] = _("En iakttagelse visar att kravet inte är uppfyllt: välj Ej "
                             "påbörjad eller Pågår.")
    if due_date is None:
        errors["due_date"] = _("Ange när kravet ska vara uppfyllt.")
    if not (responsible or "").strip() and responsible_user is None:
        errors["responsible"] = _("Ange vem som ansvarar för att åtgärda iakttagelsen.")
    if errors:
        raise ValidationError(errors)
    duplicate = ValidationError({"plan_item": _("Iakttagelsen är redan lagd i åtgärdsplanen "
                                                "under det här kravet.")})
    if FindingPlanItem.objects.filter(finding=finding, plan_item=plan_item).exists():
        raise duplicate
    link = FindingPlanItem(finding=finding, plan_item=plan_item)
    link.full_clean(validate_constraints=False)  # the unique pair: checked above, and by the DB
    link._history_user = actor
    with unique_violation_as_validation_error(error=duplicate):
        link.save()
    klassning_services.plan_item_update(
        actor=actor, item=plan_item, expected_version=expected_version, reason=_reason(finding),
        status=status, due_date=due_date, responsible=(responsible or "").strip(),
        responsible_user=responsible_user,
    )
    return link
