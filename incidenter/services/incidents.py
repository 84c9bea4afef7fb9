"""Writes to incidents: the quick report, completing and changing, closing and reopening,
timeline entries and grants of access to a confidential incident."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from isms.locking import check_version, versioned_update
from nämnder import access

from .. import notifications, selectors
from ..models import (
    ActionStatus,
    Applicability,
    Incident,
    IncidentStatus,
    TimelineEntry,
)
from .incidents_common import CLOCK_SKEW, EARLIEST
from .obligations import obligations_ensure, obligations_recompute

INCIDENT_FIELDS = (
    "title", "description", "occurred_at", "discovered_at", "category",
    "affects_confidentiality", "affects_integrity", "affects_availability",
    "affects_traceability", "severity", "contact", "handler", "status", "root_cause",
    "lessons_learned", "data_subjects", "records_affected", "consequences", "measures",
    "confidential",
)


def _check_times(incident: Incident) -> None:
    now = timezone.now()
    errors = {}
    if incident.discovered_at and incident.discovered_at > now + CLOCK_SKEW:
        errors["discovered_at"] = _("Upptäcktstiden kan inte ligga i framtiden.")
    if incident.occurred_at and incident.occurred_at > now + CLOCK_SKEW:
        errors["occurred_at"] = _("Tidpunkten kan inte ligga i framtiden.")
    for field in ("discovered_at", "occurred_at"):
        if getattr(incident, field) and getattr(incident, field) < EARLIEST:
            errors[field] = _("Ange en tidpunkt från år 1900 och senare.")
    if (incident.occurred_at and incident.discovered_at
            and incident.occurred_at > incident.discovered_at):
        errors["occurred_at"] = _("Incidenten kan inte ha inträffat efter att den upptäcktes.")
    if errors:
        raise ValidationError(errors)


def _title_from(description: str) -> str:
    first = " ".join(description.strip().splitlines()[0].split()) if description.strip() else ""
    return (first[:77] + "…") if len(first) > 80 else first


def _timeline(*, actor, incident, text: str, at=None) -> TimelineEntry:
    entry = TimelineEntry(incident=incident, at=at or timezone.now(), text=text, author=actor)
    entry.full_clean(exclude=["incident", "author"])
    entry._history_user = actor
    entry.save()
    return entry


@transaction.atomic
def incident_quick_report(*, actor, unit, description: str, discovered_at, contact: str = "",
                          title: str = "") -> Incident:
    """Any member of staff reports an incident in one of their units (the security function in
    any); it lands with the unit's samordnare, who completes it. The clocks start at once."""
    if not selectors.units_for_quick_report(user=actor).filter(pk=unit.pk).exists():
        raise PermissionDenied
    incident = Incident(
        unit=unit, title=title.strip() or _title_from(description), description=description,
        discovered_at=discovered_at, contact=contact, reported_by=actor,
        status=IncidentStatus.REPORTED,
    )
    incident.full_clean()
    _check_times(incident)
    incident._history_user = actor
    incident.save()
    obligations_ensure(actor=actor, incident=incident)
    _timeline(actor=actor, incident=incident, text=_("Incidenten rapporterades."))
    notifications.incident_reported(
        incident=incident,
        recipients=[u for u in selectors.coordinators_of(unit=unit) if u.pk != actor.pk],
    )
    return incident


def _check_handler(incident: Incident) -> None:
    if incident.handler_id and not selectors.handler_choices(unit=incident.unit).filter(
            pk=incident.handler_id).exists():
        raise ValidationError({"handler": _(
            "Handläggaren måste ha en roll i %(unit)s som får registrera uppgifter."
        ) % {"unit": incident.unit.name}})


def _check_links(incident: Incident, assets, it_services) -> None:
    """New links only to the unit's own assets and to IT services it owns or uses."""
    from klassning import selectors as klassning

    errors = {}
    if assets is not None and any(a.unit_id != incident.unit_id for a in assets):
        errors["assets"] = _("Välj informationsmängder som %(unit)s äger.") % {
            "unit": incident.unit.name}
    if it_services is not None:
        allowed = set(klassning.services_of_units(units=[incident.unit_id]).values_list(
            "pk", flat=True))
        if any(s.pk not in allowed for s in it_services):
            errors["it_services"] = _("Välj it-tjänster som %(unit)s äger eller använder.") % {
                "unit": incident.unit.name}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def incident_update(*, actor, incident: Incident, expected_version: int | None, assets=None,
                    it_services=None, suppliers=None, **fields) -> Incident:
    """Complete or change an incident (not close it: ``incident_close``). A changed discovery
    time moves every deadline, and is kept in the history with who changed it."""
    access.require_unit_writable(actor, incident.unit)
    # From the row, not from ``incident``: a ModelForm has already set the posted values on it.
    before, status = Incident.objects.select_for_update().values_list(
        "discovered_at", "status").get(pk=incident.pk)
    if status == IncidentStatus.CLOSED:
        raise ValidationError(_("Incidenten är stängd. Öppna den igen för att ändra den."))
    if fields.get("status") == IncidentStatus.CLOSED:
        raise ValidationError({"status": _("Stäng incidenten med knappen Stäng incident.")})

    def check(fresh: Incident) -> None:
        _check_times(fresh)
        _check_handler(fresh)
        _check_links(fresh, assets, it_services)

    incident = versioned_update(
        instance=incident, actor=actor, expected_version=expected_version, fields=fields,
        allowed=INCIDENT_FIELDS, check=check,
    )
    for name, values in (("assets", assets), ("it_services", it_services),
                         ("suppliers", suppliers)):
        if values is not None and set(getattr(incident, name).all()) != set(values):
            incident._history_user = actor
            getattr(incident, name).set(values)
    if incident.discovered_at != before:
        obligations_recompute(actor=actor, incident=incident)
        _timeline(actor=actor, incident=incident, text=_(
            "Upptäcktstiden ändrades från %(old)s till %(new)s; fristerna räknades om."
        ) % {"old": timezone.localtime(before).strftime("%Y-%m-%d %H:%M"),
             "new": timezone.localtime(incident.discovered_at).strftime("%Y-%m-%d %H:%M")})
    return incident


def closing_problems(incident: Incident, *, obligations=None, actions=None) -> list[str]:
    """Why ``incident`` cannot be closed yet (empty: it can). ``obligations`` (with their
    reporting obligation) and ``actions``: the incident's, when the caller has read them."""
    problems = []
    if not incident.lessons_learned.strip():
        problems.append(_("Skriv in lärdomarna."))
    if obligations is None:
        obligations = incident.obligations.select_related("obligation")
    if actions is None:
        actions = incident.actions.all()
    for item in obligations:
        name = item.obligation.name
        if item.applies == Applicability.UNASSESSED:
            problems.append(_("Bedöm om %(name)s gäller.") % {"name": name})
        elif item.applies == Applicability.APPLIES and item.sent_at is None:
            problems.append(_("%(name)s är inte skickad.") % {"name": name})
        elif item.applies == Applicability.NOT_APPLICABLE and not item.motivation.strip():
            problems.append(_("Motivera varför %(name)s inte gäller.") % {"name": name})
    for action in actions:
        if action.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS):
            problems.append(_("Åtgärden ”%(action)s” är inte klar.") % {
                "action": action.description[:60]})
        elif action.status != ActionStatus.DONE and not action.motivation.strip():
            problems.append(_("Motivera åtgärden ”%(action)s”.") % {
                "action": action.description[:60]})
    return problems


@transaction.atomic
def incident_close(*, actor, incident: Incident, expected_version: int | None) -> Incident:
    access.require_unit_writable(actor, incident.unit)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    check_version(incident, expected_version)
    if incident.is_closed:
        return incident
    problems = closing_problems(incident)
    if problems:
        raise ValidationError([_("Incidenten kan inte stängas än:"), *problems])
    incident.status = IncidentStatus.CLOSED
    incident.closed_at = timezone.now()
    incident.version += 1
    incident._history_user = actor
    incident.save()
    _timeline(actor=actor, incident=incident, text=_("Incidenten stängdes."))
    return incident


@transaction.atomic
def incident_reopen(*, actor, incident: Incident, expected_version: int | None) -> Incident:
    access.require_unit_writable(actor, incident.unit)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    check_version(incident, expected_version)
    if not incident.is_closed:
        return incident
    incident.status = IncidentStatus.INVESTIGATING
    incident.closed_at = None
    incident.version += 1
    incident._history_user = actor
    incident.save()
    _timeline(actor=actor, incident=incident, text=_("Incidenten öppnades igen."))
    return incident


@transaction.atomic
def timeline_add(*, actor, incident: Incident, at, text: str) -> TimelineEntry:
    access.require_unit_writable(actor, incident.unit)
    if at and at > timezone.now() + CLOCK_SKEW:
        raise ValidationError({"at": _("Tidpunkten kan inte ligga i framtiden.")})
    if at and at < EARLIEST:
        raise ValidationError({"at": _("Ange en tidpunkt från år 1900 och senare.")})
    return _timeline(actor=actor, incident=incident, text=text, at=at)


@transaction.atomic
def incident_grant(*, actor, incident: Incident, username: str) -> None:
    """Let one more person see a confidential incident (django-guardian object permission).
    Grants have no history table of their own: each is written to the timeline."""
    if not selectors.may_grant(actor, incident):
        raise PermissionDenied
    user = get_user_model().objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise ValidationError({"username": _("Det finns ingen aktiv användare med det namnet.")})
    assign_perm(selectors.access.GRANT_PERM, user, incident)
    _timeline(actor=actor, incident=incident, text=_(
        "%(user)s fick behörighet att se incidenten.") % {"user": user.username})


@transaction.atomic
def incident_revoke(*, actor, incident: Incident, user) -> None:
    if not selectors.may_grant(actor, incident):
        raise PermissionDenied
    remove_perm(selectors.access.GRANT_PERM, user, incident)
    _timeline(actor=actor, incident=incident, text=_(
        "%(user)s har inte längre behörighet att se incidenten.") % {"user": user.username})
