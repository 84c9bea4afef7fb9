"""Steering-document files: the same rules as the action plans' evidence files
(``klassning.services.evidence``: types and size from the settings ``EVIDENCE_FILE_TYPES`` and
``EVIDENCE_MAX_UPLOAD_MB``, content checked against the type), reported on the ``file`` field.
Stored under MEDIA_ROOT with a random name and served only by ``views.documents.version_file``."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from klassning.services import evidence

clean_file_name = evidence.clean_file_name
content_type = evidence.content_type
help_text = evidence.help_text


def validate_file(upload, field: str = "file") -> None:
    try:
        evidence.validate_evidence_file(upload)
    except ValidationError as exc:
        raise ValidationError({field: exc.message_dict["evidence_file"]}) from None
