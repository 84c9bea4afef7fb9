"""Columns of the risk register for CSV/XLSX (through ``isms.exports``). Rows come from the
register view with their levels set (``level_inherent``, ``level_residual``, ``level``)."""

from django.utils.translation import gettext as _

from isms.exports import Column

from .models import RiskStatus, Treatment


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices.choices}


def _name(level) -> str:
    return level.name if level is not None else ""


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def risk_columns(matrix):
    statuses, treatments = _labels(RiskStatus), _labels(Treatment)
    return [
        Column(_("Rubrik"), lambda r: r.title),
        Column(_("Enhet"), lambda r: r.unit.name),
        Column(_("Riskägare"), lambda r: _person(r.owner)),
        Column(_("Sannolikhet"), lambda r: r.inherent_likelihood),
        Column(_("Konsekvens"), lambda r: r.inherent_consequence),
        Column(_("Riskvärde"), lambda r: r.score_inherent),
        Column(_("Nivå"), lambda r: _name(r.level_inherent)),
        Column(_("Riskbehandling"), lambda r: treatments.get(r.treatment, "")),
        Column(_("Kvarstående sannolikhet"), lambda r: r.residual_likelihood),
        Column(_("Kvarstående konsekvens"), lambda r: r.residual_consequence),
        Column(_("Kvarstående nivå"), lambda r: _name(r.level_residual)),
        Column(_("Status"), lambda r: statuses.get(r.status, r.status)),
        Column(_("Nästa uppföljning"), lambda r: r.next_follow_up),
        Column(_("Uppföljning försenad"), lambda r: bool(r.follow_up_overdue)),
        Column(_("Försenade åtgärder"), lambda r: bool(r.has_overdue_action)),
        Column(_("Internkontrollplan"), lambda r: r.in_internal_control_plan),
        Column(_("Hot/orsak"), lambda r: r.threat),
    ]
