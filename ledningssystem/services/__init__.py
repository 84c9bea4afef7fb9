"""Every write of the management system (keyword-only, atomic, ``actor`` in the history)."""

from .audits import (
    ACCESS_REVIEW_FIELDS,
    ACTION_FIELDS,
    AUDIT_FIELDS,
    FINDING_FIELDS,
    access_review_create,
    access_review_update,
    action_create,
    action_update,
    audit_create,
    audit_update,
    finding_create,
    finding_update,
)
from .documents import (
    DOCUMENT_FIELDS,
    VERSION_FIELDS,
    document_create,
    document_new_version,
    document_update,
    latest_version,
)
from .plan_links import finding_to_plan
from .soa import statement_set
from .training import (
    completion_create,
    completion_delete,
    import_confirm,
    import_preview,
    staff_count_set,
    staff_counts_import,
)

__all__ = [
    "ACCESS_REVIEW_FIELDS", "ACTION_FIELDS", "AUDIT_FIELDS", "DOCUMENT_FIELDS", "FINDING_FIELDS",
    "VERSION_FIELDS", "access_review_create", "access_review_update", "action_create",
    "action_update", "audit_create", "audit_update", "completion_create", "completion_delete",
    "document_create", "document_new_version", "document_update", "finding_create",
    "finding_to_plan",
    "finding_update", "import_confirm", "import_preview", "latest_version", "staff_count_set", "staff_counts_import",
    "statement_set",
]
