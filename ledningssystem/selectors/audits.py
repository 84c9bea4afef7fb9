"""Reads of reviews and audits, findings, actions and access reviews.

An audit is visible to whoever sees its responsible unit or one of the units it covers (the
city-wide roles see all); a finding only to whoever sees its own unit, so a city-wide audit's
findings in another unit stay hidden. An access review is read with its IT service's owning
unit (the unit that runs the review)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404

from isms.compiled import CompiledQuery
from isms.dates import local_today
from isms.history import CompiledHistory, entries_for, historical_records
from nämnder import access

from ..models import (
    OPEN_ACTION_STATUSES,
    AccessReview,
    Audit,
    Finding,
    FindingAction,
    FindingPlanItem,
    FindingStatus,
)


def _visible_audits(user) -> QuerySet[Audit]:
    qs = Audit.objects.all()
    if access.sees_all_units(user):
        return qs
    units = access.visible_units(user).values("pk")
    covered = Audit.objects.filter(units__in=units).values("pk")
    return qs.filter(Q(unit__in=units) | Q(pk__in=covered))


def _visible_findings(user) -> QuerySet[Finding]:
    return access.restrict(user, Finding.objects.all())


def action_overdue_q(today: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}due_date__lt": today, f"{prefix}status__in": OPEN_ACTION_STATUSES})


def audit_list(*, user, kind: str = "", unit=None, q: str = "") -> QuerySet[Audit]:
    visible = _visible_findings(user).values("pk")
    qs = _visible_audits(user).select_related("unit").annotate(
        finding_count=Count("findings", filter=Q(findings__pk__in=visible), distinct=True),
        open_count=Count("findings", filter=Q(findings__pk__in=visible,
                                              findings__status=FindingStatus.OPEN), distinct=True),
    )
    if kind:
        qs = qs.filter(kind=kind)
    if unit is not None:
        qs = qs.filter(Q(unit=unit) | Q(pk__in=Audit.objects.filter(units=unit).values("pk")))
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(auditor__icontains=q))
    return qs.order_by("-period_end", "title", "pk")


def may_write_audit(user, audit: Audit) -> bool:
    if audit.unit is None:
        return access.is_city_security_function(user)
    return access.can(user, access.EDIT_RECORDS, audit.unit)


def audit_get(*, user, pk, perm: str = access.VIEW) -> Audit:
    audit = access.get_for_user_or_404(user, Audit.objects.select_related("unit"),
                                       visible=_visible_audits(user), pk=pk)
    if perm != access.VIEW and not may_write_audit(user, audit):
        raise PermissionDenied
    return audit


def audit_units(*, audit) -> list:
    return list(audit.units.order_by("name"))


def with_action_counts(qs: QuerySet[Finding], today: dt.date) -> QuerySet[Finding]:
    return qs.annotate(
        action_count=Count("actions", distinct=True),
        overdue_actions=Count("actions", filter=action_overdue_q(today, "actions__"), distinct=True),
        plan_items=Count("plan_links", distinct=True),
    )


def audit_findings(*, user, audit) -> QuerySet[Finding]:
    return with_action_counts(
        _visible_findings(user).filter(audit=audit).select_related("unit"), local_today()
    ).order_by("unit__name", "title", "pk")


def finding_list(*, user, unit=None, severity: str = "", status: str = "",
                 overdue: bool = False) -> QuerySet[Finding]:
    today = local_today()
    qs = with_action_counts(_visible_findings(user).select_related("unit", "audit"), today)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if severity:
        qs = qs.filter(severity=severity)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(overdue_actions__gt=0)
    return qs.order_by("-audit__period_end", "unit__name", "title", "pk")


_FINDING_ID = -2_000_000_075  # a sentinel no finding has (isms.compiled)
_MAX_ID = 2**63 - 1
# A finding's page and forms read these on every view: SQL built once per process and, on
# PostgreSQL, planned once per database session (a prepared statement). Building the querysets
# cost several times what PostgreSQL took to run them (a finding has a few actions and
# records). Who may see the finding is decided from its row (``access.found_or_404``:
# ``restrict``'s rule on the unit it names).
_FINDING = CompiledQuery(
    lambda finding_id: Finding.objects.select_related("unit", "audit__unit").filter(
        pk=finding_id),
    finding_id=_FINDING_ID, prepare=True,
)
_ACTIONS = CompiledQuery(
    lambda finding_id: FindingAction.objects.filter(finding_id=finding_id).order_by(
        "due_date", "pk"),
    finding_id=_FINDING_ID, prepare=True,
)


def finding_get(*, user, pk, perm: str = access.VIEW) -> Finding:
    """The finding with its unit and its audit (and the audit's unit): 404 if ``user`` may not
    view its unit, 403 on a write without ``perm`` there."""
    try:
        pk = int(pk)
    except (ValueError, TypeError, OverflowError):
        raise Http404 from None
    found = _FINDING.objects(finding_id=pk) if -_MAX_ID <= pk <= _MAX_ID else []
    return access.found_or_404(user, found, perm=perm)


def finding_actions(*, finding) -> list[FindingAction]:
    """The finding's actions by due date, each with ``is_overdue`` (``action_overdue_q``: due
    before today and still open)."""
    today = local_today()
    actions = _ACTIONS.objects(finding_id=finding.pk)
    for action in actions:
        action.finding = finding
        action.is_overdue = action.due_date < today and action.status in OPEN_ACTION_STATUSES
    return actions


def action_get(*, user, pk, perm: str = access.VIEW) -> FindingAction:
    return access.get_for_user_or_404(
        user, FindingAction.objects.select_related("finding__unit", "finding__audit"),
        perm=perm, unit_field="finding__unit", pk=pk,
    )


# The finding's history block reads these three on every view: SQL built once per process and
# planned once per database session (``isms.history.CompiledHistory``).
_HISTORIES = [
    CompiledHistory(build, finding_id=_FINDING_ID, prepare=True) for build in (
        lambda finding_id: historical_records(Finding).filter(id=finding_id),
        lambda finding_id: historical_records(FindingAction).filter(finding_id=finding_id),
        lambda finding_id: historical_records(FindingPlanItem).filter(finding_id=finding_id),
    )
]


def finding_history(*, finding, limit: int | None = 100, plan_links=()):
    """The finding's changes, its actions' and its hand-overs to the action plan (``plan_links``:
    the finding's ``finding_plan_links``, already loaded, name the requirements)."""
    items = [link.plan_item for link in plan_links]
    codes = {item.pk: f"{item.requirement.code} {item.requirement.title}" for item in items}

    def label(record, names):
        if hasattr(record, "plan_item_id"):
            return codes.get(record.plan_item_id, names.get("plan_item", {}).get(
                record.plan_item_id, ""))
        return getattr(record, "title", None) or record.description

    return entries_for(
        [history.bind(finding_id=finding.pk) for history in _HISTORIES],
        # The finding's audit and unit are loaded with it (``finding_get``): the history names
        # them from there, without a query each.
        label=label, limit=limit,
        known=[finding, *items, *(o for o in (finding.audit, finding.unit) if o is not None)],
    )


# --- Access reviews -----------------------------------------------------------------------------

def latest_q() -> Exists:
    """No later review of the same IT service."""
    later = AccessReview.objects.filter(it_service=OuterRef("it_service")).filter(
        Q(performed_on__gt=OuterRef("performed_on"))
        | Q(performed_on=OuterRef("performed_on"), pk__gt=OuterRef("pk"))
    )
    return ~Exists(later)


def with_review_state(qs: QuerySet[AccessReview], today: dt.date) -> QuerySet[AccessReview]:
    return qs.annotate(is_latest=latest_q()).annotate(
        is_overdue=Case(When(is_latest=True, next_due__lt=today, then=Value(True)),
                        default=Value(False), output_field=BooleanField()),
    )


def access_review_list(*, user, unit=None, overdue: bool = False, latest: bool = False,
                       it_service=None) -> QuerySet[AccessReview]:
    qs = with_review_state(
        access.restrict(user, AccessReview.objects.select_related("it_service__unit"),
                        unit_field="it_service__unit"),
        local_today(),
    )
    if unit is not None:
        qs = qs.filter(it_service__unit=unit)
    if it_service is not None:
        qs = qs.filter(it_service=it_service)
    if latest:
        qs = qs.filter(is_latest=True)
    if overdue:
        qs = qs.filter(is_overdue=True)
    return qs.order_by("it_service__name", "-performed_on", "-pk")


def access_review_get(*, user, pk, perm: str = access.VIEW) -> AccessReview:
    return access.get_for_user_or_404(
        user, AccessReview.objects.select_related("it_service__unit"), perm=perm,
        unit_field="it_service__unit", pk=pk,
    )


# The latest review of one IT service (its page's panel, on every view): SQL built once per
# process and, on PostgreSQL, prepared once per database session.
_LATEST_ACCESS_REVIEW = CompiledQuery(
    lambda service_id: AccessReview.objects.filter(it_service_id=service_id)
    .order_by("-performed_on", "-pk")[:1],
    service_id=-2_000_000_065, prepare=True,  # a sentinel no IT service has
)


def latest_access_review(*, service) -> AccessReview | None:
    """The service's latest review with ``with_review_state``'s marks: the first in this order
    has no later review (``latest_q``) by construction, so it is marked here instead of by a
    subquery per review (the IT service page's panel, on every view)."""
    found = _LATEST_ACCESS_REVIEW.objects(service_id=service.pk)
    review = found[0] if found else None
    if review is not None:
        review.is_latest = True
        review.is_overdue = review.next_due < local_today()
    return review
