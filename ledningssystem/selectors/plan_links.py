"""Reads of findings handed to the action plan (``FindingPlanItem``): the requirements a finding
was handed to, the findings behind a requirement, and the requirements a finding may be handed
to. The plan is read through ``klassning.selectors``; a finding is seen only by whoever views
its own unit (the plan item's unit: the same people)."""

from __future__ import annotations

from isms.compiled import CompiledQuery
from isms.converters import is_id
from isms.dates import local_today
from klassning import selectors as klassning
from klassning.handover import responsible_user_choices
from nämnder import access

from ..models import Finding, FindingPlanItem
from .soa import control_ids

# The finding's page reads its links on every view: SQL built once per process and, on
# PostgreSQL, planned once per database session (a prepared statement: its three joins cost
# more to plan than to run).
_FINDING_LINKS = CompiledQuery(
    lambda finding_id: FindingPlanItem.objects.filter(finding_id=finding_id)
    .select_related("plan_item__requirement", "plan_item__responsible_user", "plan_item__unit")
    .order_by("plan_item__requirement__code", "pk"),
    finding_id=-2_000_000_076, prepare=True,  # a sentinel no finding has
)


def finding_plan_links(*, finding) -> list[FindingPlanItem]:
    """The requirements ``finding`` was handed to, each with ``is_overdue`` (one query)."""
    today = local_today()
    links = _FINDING_LINKS.objects(finding_id=finding.pk)
    for link in links:
        link.finding = finding
        link.is_overdue = link.plan_item.is_overdue_on(today)
    return links


def plan_item_findings(*, user, item) -> list[FindingPlanItem]:
    """The findings handed to the plan item ``item`` that ``user`` may see (one query)."""
    visible = access.restrict(user, Finding.objects.all()).values("pk")
    return list(
        FindingPlanItem.objects.filter(plan_item=item, finding__in=visible)
        .select_related("finding__audit").order_by("-created_at", "-pk")
    )


def plan_item_choices(*, finding) -> tuple[list, list]:
    """The current requirements on the action plan of the finding's unit, as (suggested, other):
    suggested are those whose ISO/IEC 27002 ids include a control the finding's reference names
    (e.g. "A.5.18" → the requirements mapped to 5.18)."""
    wanted = set(control_ids(finding.reference))
    suggested, other = [], []
    for item in klassning.unit_plan(unit=finding.unit):
        matches = wanted and wanted & set(control_ids(item.requirement.iso_controls))
        (suggested if matches else other).append(item)
    return suggested, other


def plan_item_for_finding(*, finding, pk):
    """A current requirement on the plan of the finding's unit, or None (a bad or foreign id)."""
    if not is_id(pk):
        return None
    return klassning.unit_plan(unit=finding.unit).filter(pk=int(pk)).first()


def responsible_choices(*, item):
    """Who may be named responsible for the plan item: the plan's own rule (members of the
    unit), from ``klassning``."""
    return responsible_user_choices(item=item).order_by("first_name", "last_name", "username")
