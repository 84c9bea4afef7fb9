from django.core.exceptions import ValidationError
from django.http import Http404

from isms.exports import FORMATS

PAGE_SIZE = 25


def export_format(request) -> str | None:
    fmt = request.GET.get("format")
    if fmt is None:
        return None
    if fmt not in FORMATS:
        raise Http404
    return fmt


def query_without_page(request) -> str:
    """The filter part of the query string, for pagination and export links."""
    params = request.GET.copy()
    params.pop("sida", None)
    params.pop("format", None)
    return params.urlencode()


def add_errors(form, exc: ValidationError) -> None:
    """Service errors onto the form: on the field when the form has it, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def posted_version(request) -> int:
    """The version a button's form was rendered at; junk counts as stale."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def status_summary(counts: dict[str, int]) -> list[tuple[str, int]]:
    from ..models import PlanStatus

    return [(PlanStatus(status).label, n) for status, n in counts.items()]
