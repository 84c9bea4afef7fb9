"""Evidence files of the action plans: which files are accepted, and under what name.

An uploaded file is accepted when its extension is in ``EVIDENCE_FILE_TYPES`` (setting), its
content looks like that type (a renamed program is refused) and it is no larger than
``EVIDENCE_MAX_UPLOAD_MB``. It is stored under MEDIA_ROOT with a random name
(``models.plans.evidence_upload_to``) and served only by ``views.evidence.evidence_download``,
which asks the same selectors as the requirement's page: never as a public /media/ URL.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_FILE_TYPES = ("pdf", "png", "jpg", "jpeg", "docx", "xlsx", "pptx", "odt", "ods", "txt", "csv")
DEFAULT_MAX_UPLOAD_MB = 10

# What the first bytes of each type look like (Office Open XML and OpenDocument are zip files).
_ZIP = (b"PK\x03\x04",)
MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": _ZIP, "xlsx": _ZIP, "pptx": _ZIP, "odt": _ZIP, "ods": _ZIP,
}
TEXT_TYPES = {"txt", "csv"}

CONTENT_TYPES = {
    "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "txt": "text/plain; charset=utf-8", "csv": "text/csv; charset=utf-8",
}


def allowed_types() -> tuple[str, ...]:
    return tuple(t.lower().lstrip(".") for t in getattr(settings, "EVIDENCE_FILE_TYPES", DEFAULT_FILE_TYPES))


def max_upload_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB)) * 1024 * 1024


def extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def help_text() -> str:
    return _("Tillåtna filtyper: %(types)s. Högst %(size)s.") % {
        "types": ", ".join(allowed_types()), "size": filesizeformat(max_upload_bytes()),
    }


def _looks_like(upload, ext: str) -> bool:
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if ext in TEXT_TYPES:
        if b"\x00" in head:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at 4096 bytes is fine; anything else is not UTF-8 ...
            if exc.start < len(head) - 3:
                try:
                    head.decode("cp1252")  # ... or the Windows encoding Excel still writes
                except UnicodeDecodeError:
                    return False
        return True
    prefixes = MAGIC.get(ext)
    return prefixes is None or head.startswith(prefixes)


def validate_evidence_file(upload) -> None:
    """Refuse a file of a type not allowed, whose content is not of its type, or too large,
    with a Swedish message on the ``evidence_file`` field."""
    ext = extension(upload.name)
    types = allowed_types()
    if ext not in types:
        raise ValidationError({"evidence_file": _(
            "Filtypen %(ext)s är inte tillåten. Tillåtna filtyper: %(types)s."
        ) % {"ext": f".{ext}" if ext else _("(ingen filändelse)"), "types": ", ".join(types)}},
            code="file_type")
    if upload.size > max_upload_bytes():
        raise ValidationError({"evidence_file": _(
            "Filen är för stor (%(size)s). Den får vara högst %(max)s."
        ) % {"size": filesizeformat(upload.size), "max": filesizeformat(max_upload_bytes())}},
            code="file_size")
    if upload.size == 0:
        raise ValidationError({"evidence_file": _("Filen är tom.")}, code="file_empty")
    if not _looks_like(upload, ext):
        raise ValidationError({"evidence_file": _(
            "Filens innehåll stämmer inte med filtypen %(ext)s. Spara om den i rätt format."
        ) % {"ext": f".{ext}"}}, code="file_content")


def clean_file_name(name: str) -> str:
    """The user's file name, kept for the download: no folders, no control characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = re.sub(r"\s+", " ", base).strip() or "underlag"
    stem, dot, ext = base.rpartition(".")
    if dot and len(base) > 150:
        base = f"{stem[:140]}.{ext[:9]}"
    return base[:150]


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(extension(name), "application/octet-stream")
