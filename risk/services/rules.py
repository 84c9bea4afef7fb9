"""Checks shared by the risk services: the matrix scales, the treatment's motivation, links to
the unit's own records, and who may accept."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nämnder import access

from ..models import MOTIVATED_TREATMENTS


def check_assessment(risk, matrix) -> None:
    """Likelihood and consequence on the matrix's scales; residual both or neither; a
    treatment that needs a motivation has one."""
    errors = {}
    for field, check in (
        ("inherent_likelihood", matrix.check_likelihood),
        ("inherent_consequence", matrix.check_consequence),
        ("residual_likelihood", matrix.check_likelihood),
        ("residual_consequence", matrix.check_consequence),
    ):
        value = getattr(risk, field)
        if value is None and field.startswith("residual"):
            continue
        if message := check(value):
            errors[field] = message
    if (risk.residual_likelihood is None) != (risk.residual_consequence is None):
        missing = "residual_consequence" if risk.residual_consequence is None else "residual_likelihood"
        errors.setdefault(missing, _(
            "Ange både kvarstående sannolikhet och konsekvens, eller ingen av dem."
        ))
    if risk.treatment in MOTIVATED_TREATMENTS and not risk.treatment_motivation.strip():
        errors["treatment_motivation"] = _(
            "Motivera beslutet att %(treatment)s risken."
        ) % {"treatment": risk.get_treatment_display().lower()}
    if errors:
        raise ValidationError(errors)


def check_people(unit, people: dict) -> None:
    """``{field: user or None}``: each person must be able to see the unit (a member of it)."""
    chosen = {f: u for f, u in people.items() if u is not None}
    if not chosen:
        return
    allowed = set(
        access.unit_holders(access.VIEW, unit).filter(pk__in=[u.pk for u in chosen.values()])
        .values_list("pk", flat=True)
    )
    errors = {
        f: _("Välj en person som arbetar i %(unit)s.") % {"unit": unit.name}
        for f, u in chosen.items() if u.pk not in allowed
    }
    if errors:
        raise ValidationError(errors)


def check_links(unit, *, information_assets=(), it_services=(), unit_requirements=(),
                service_requirements=()) -> None:
    """Links only to the unit's own assets and plan, and to the IT services it owns or uses."""
    from klassning import selectors as klassning

    errors = {}
    if any(a.unit_id != unit.pk for a in information_assets):
        errors["information_assets"] = _("Välj informationsmängder som %(unit)s äger.")
    if any(r.unit_id != unit.pk for r in unit_requirements):
        errors["cited_unit_requirements"] = _("Välj krav i %(unit)s åtgärdsplan.")
    service_ids = {s.pk for s in it_services} | {r.it_service_id for r in service_requirements}
    if service_ids:
        allowed = set(
            klassning.services_of_units(units=[unit]).filter(pk__in=service_ids)
            .values_list("pk", flat=True)
        )
        if {s.pk for s in it_services} - allowed:
            errors["it_services"] = _("Välj it-tjänster som %(unit)s äger eller använder.")
        if {r.it_service_id for r in service_requirements} - allowed:
            errors["cited_service_requirements"] = _(
                "Välj krav på it-tjänster som %(unit)s äger eller använder."
            )
    if errors:
        raise ValidationError({f: m % {"unit": unit.name} for f, m in errors.items()})


def is_unit_chief(user, unit) -> bool:
    """The unit's own förvaltnings-/bolagschef: holds ``manage_members`` on it through a role in
    the unit itself (the city-wide roles and superusers are not the unit's chief)."""
    return access.unit_holders(access.MANAGE_MEMBERS, unit).filter(pk=user.pk).exists()
