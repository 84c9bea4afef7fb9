from .audits import (
    access_review_create,
    access_review_edit,
    access_review_list,
    action_create,
    action_edit,
    audit_create,
    audit_detail,
    audit_edit,
    audit_list,
    finding_create,
    finding_detail,
    finding_edit,
    finding_list,
    finding_plan_item,
)
from .documents import (
    document_create,
    document_detail,
    document_edit,
    document_list,
    document_new_version,
    version_file,
)
from .soa import soa, soa_edit
from .training import (
    completion_create,
    completion_delete,
    completion_list,
    import_confirm,
    import_detail,
    staff_counts,
    training_import,
)

__all__ = [
    "access_review_create", "access_review_edit", "access_review_list", "action_create",
    "action_edit", "audit_create", "audit_detail", "audit_edit", "audit_list",
    "completion_create", "completion_delete", "completion_list", "document_create",
    "document_detail", "document_edit", "document_list", "document_new_version",
    "finding_create", "finding_detail", "finding_edit", "finding_list", "finding_plan_item",
    "import_confirm",
    "import_detail", "soa", "soa_edit", "staff_counts", "training_import", "version_file",
]
