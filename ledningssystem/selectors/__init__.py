"""Reads of the management system, narrowed through ``nämnder.access``; other apps read this
app only through here."""

from .audits import (
    access_review_get,
    access_review_list,
    action_get,
    audit_findings,
    audit_get,
    audit_list,
    audit_units,
    finding_actions,
    finding_get,
    finding_history,
    finding_list,
    latest_access_review,
    may_write_audit,
)
from .documents import (
    document_get,
    document_history,
    document_kinds,
    document_list,
    document_versions,
    may_write,
    missing_required,
    required_kinds,
    version_get,
)
from .figures import unit_counts, unit_figures
from .plan_links import (
    finding_plan_links,
    plan_item_choices,
    plan_item_findings,
    plan_item_for_finding,
    responsible_choices,
)
from .soa import statement_figures, statement_figures_by_unit, statement_rows
from .training import (
    completion_get,
    completion_list,
    import_get,
    import_preview_rows,
    mandatory_courses,
    shares,
    staff_counts,
)

__all__ = [
    "access_review_get", "access_review_list", "action_get", "audit_findings", "audit_get",
    "audit_list", "audit_units", "completion_get", "completion_list", "document_get",
    "document_history", "document_kinds", "document_list", "document_versions",
    "finding_actions", "finding_get", "finding_history", "finding_list", "finding_plan_links",
    "import_get", "import_preview_rows", "plan_item_choices", "plan_item_findings",
    "plan_item_for_finding", "responsible_choices",
    "latest_access_review", "mandatory_courses", "may_write", "may_write_audit",
    "missing_required", "required_kinds", "shares", "staff_counts", "statement_figures",
    "statement_figures_by_unit", "statement_rows", "unit_counts", "unit_figures", "version_get",
]
