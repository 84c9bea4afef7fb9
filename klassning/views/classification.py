from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from isms.locking import add_errors, posted_version
from nämnder import access

from .. import selectors, services
from ..forms import ClassificationForm
from ..models import ClassificationStatus


@require_POST
def classification_start(request, pk):
    asset = selectors.asset_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    try:
        classification = services.classification_start(actor=request.user, asset=asset)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("klassning:asset_detail", pk=asset.pk)
    return redirect("klassning:classification_edit", pk=classification.pk)


def classification_detail(request, pk):
    classification = selectors.classification_get(user=request.user, pk=pk)
    unit = classification.asset.unit
    is_submitted = classification.status == ClassificationStatus.SUBMITTED
    may_approve = access.can(request.user, access.APPROVE, unit)
    return render(request, "klassning/classification_detail.html", {
        "classification": classification,
        "asset": classification.asset,
        "matrix": selectors.classification_matrix(classification=classification),
        "can_edit": classification.status == ClassificationStatus.DRAFT
        and access.can(request.user, access.EDIT_RECORDS, unit),
        "can_approve": is_submitted and may_approve,
        "own_submission": is_submitted and classification.submitted_by_id == request.user.pk,
    })


def classification_edit(request, pk):
    classification = selectors.classification_get(
        user=request.user, pk=pk, perm=access.EDIT_RECORDS
    )
    if classification.status != ClassificationStatus.DRAFT:
        messages.error(
            request,
            _("Klassningen är %(status)s och kan inte längre ändras. Starta en ny klassning "
              "från informationsmängden om bedömningen behöver ses över.")
            % {"status": classification.get_status_display().lower()},
        )
        return redirect("klassning:classification_detail", pk=classification.pk)
    form = ClassificationForm(request.POST or None, classification=classification)
    if request.method == "POST" and form.is_valid():
        try:
            classification = services.classification_save(
                actor=request.user, classification=classification,
                expected_version=form.cleaned_data["version"], assessments=form.cells(),
                submit=form.submitting,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if form.submitting:
                messages.success(request, _("Klassningen är inskickad för fastställande."))
                return redirect("klassning:classification_detail", pk=classification.pk)
            messages.success(request, _("Utkastet är sparat."))
            return redirect("klassning:classification_edit", pk=classification.pk)
    return render(request, "klassning/classification_form.html", {
        "classification": classification, "asset": classification.asset, "form": form,
    })


@require_POST
def classification_approve(request, pk):
    classification = selectors.classification_get(user=request.user, pk=pk, perm=access.APPROVE)
    try:
        services.classification_approve(
            actor=request.user, classification=classification,
            expected_version=posted_version(request),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Klassningen är fastställd. Åtgärdsplanerna är uppdaterade."))
    return redirect("klassning:classification_detail", pk=classification.pk)


@require_POST
def classification_return(request, pk):
    classification = selectors.classification_get(user=request.user, pk=pk, perm=access.APPROVE)
    try:
        services.classification_return(
            actor=request.user, classification=classification,
            expected_version=posted_version(request),
            comment=request.POST.get("comment", "")[:4000],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Klassningen är tillbaka som utkast."))
    return redirect("klassning:classification_detail", pk=classification.pk)
