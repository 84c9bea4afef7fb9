from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from isms import audit
from isms.locking import add_errors, posted_version
from nämnder import access

from .. import selectors, services
from ..classification_forms import (
    PREVIEW,
    ApproveForm,
    ClassificationForm,
    ReturnForm,
    describe_errors,
)
from ..models import ClassificationStatus
from ..preview import requirements_preview


@require_POST
def classification_start(request, pk):
    asset = selectors.asset_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    try:
        classification = services.classification_start(actor=request.user, asset=asset)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("klassning:asset_detail", pk=asset.pk)
    return redirect("klassning:classification_edit", pk=classification.pk)


def _detail(request, classification, *, approve_form=None, return_form=None, status=200):
    """The classification page: the assessments first, then (for an approver) "Fastställ" and
    "Skicka tillbaka med kommentar" as two separate forms."""
    unit = classification.asset.unit
    is_submitted = classification.status == ClassificationStatus.SUBMITTED
    can_approve = is_submitted and access.can(request.user, access.APPROVE, unit)
    if can_approve:
        approve_form = approve_form or ApproveForm(classification=classification)
        return_form = return_form or ReturnForm(classification=classification)
        describe_errors(approve_form)
        describe_errors(return_form)
    audit.object_read(request, classification.asset)
    return render(request, "klassning/classification_detail.html", {
        "classification": classification,
        "asset": classification.asset,
        "matrix": selectors.classification_matrix(classification=classification),
        "can_edit": classification.status == ClassificationStatus.DRAFT
        and access.can(request.user, access.EDIT_RECORDS, unit),
        "can_approve": can_approve,
        "own_submission": is_submitted and classification.submitted_by_id == request.user.pk,
        "approve_form": approve_form,
        "return_form": return_form,
    }, status=status)


def classification_detail(request, pk):
    return _detail(request, selectors.classification_get(user=request.user, pk=pk))


def _not_draft(request, classification):
    messages.error(
        request,
        _("Klassningen är %(status)s och kan inte längre ändras. Starta en ny klassning "
          "från informationsmängden om bedömningen behöver ses över.")
        % {"status": classification.get_status_display().lower()},
    )
    return redirect("klassning:classification_detail", pk=classification.pk)


def classification_edit(request, pk):
    classification = selectors.classification_get(
        user=request.user, pk=pk, perm=access.EDIT_RECORDS
    )
    if classification.status != ClassificationStatus.DRAFT:
        return _not_draft(request, classification)
    form = ClassificationForm(request.POST or None, classification=classification)
    if request.method == "POST" and form.is_valid():
        try:
            classification = services.classification_save(
                actor=request.user, classification=classification,
                expected_version=form.cleaned_data["version"], assessments=form.cells(),
                below_minimum_motivation=form.below_minimum_motivation(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if form.action == PREVIEW:
                return redirect("klassning:classification_preview", pk=classification.pk)
            messages.success(request, _("Utkastet är sparat."))
            return redirect("klassning:classification_edit", pk=classification.pk)
    audit.object_read(request, classification.asset)
    return render(request, "klassning/classification_form.html", {
        "classification": classification, "asset": classification.asset, "form": form,
        "layout": form.layout(),
    })


def classification_preview(request, pk):
    """"Förhandsgranska krav": the profile and the requirements it creates, from the saved
    draft, with the button that sends it for approval."""
    classification = selectors.classification_get(
        user=request.user, pk=pk, perm=access.EDIT_RECORDS
    )
    if classification.status != ClassificationStatus.DRAFT:
        return _not_draft(request, classification)
    audit.object_read(request, classification.asset)
    return render(request, "klassning/classification_preview.html", {
        "classification": classification, "asset": classification.asset,
        "preview": requirements_preview(classification=classification),
        "problems": services.submit_problems(classification),
    })


@require_POST
def classification_submit(request, pk):
    classification = selectors.classification_get(
        user=request.user, pk=pk, perm=access.EDIT_RECORDS
    )
    try:
        services.classification_submit(
            actor=request.user, classification=classification,
            expected_version=posted_version(request),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        if classification.status != ClassificationStatus.DRAFT:
            return redirect("klassning:classification_detail", pk=classification.pk)
        return redirect("klassning:classification_preview", pk=classification.pk)
    messages.success(request, _("Klassningen är inskickad för fastställande."))
    return redirect("klassning:classification_detail", pk=classification.pk)


@require_POST
def classification_approve(request, pk):
    classification = selectors.classification_get(user=request.user, pk=pk, perm=access.APPROVE)
    form = ApproveForm(request.POST, classification=classification)
    if form.is_valid():
        try:
            services.classification_approve(
                actor=request.user, classification=classification,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Klassningen är fastställd. Åtgärdsplanerna är uppdaterade.")
            )
        return redirect("klassning:classification_detail", pk=classification.pk)
    return _detail(request, classification, approve_form=form)


@require_POST
def classification_return(request, pk):
    classification = selectors.classification_get(user=request.user, pk=pk, perm=access.APPROVE)
    form = ReturnForm(request.POST, classification=classification)
    if form.is_valid():
        try:
            services.classification_return(
                actor=request.user, classification=classification,
                expected_version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Klassningen är tillbaka som utkast."))
        return redirect("klassning:classification_detail", pk=classification.pk)
    return _detail(request, classification, return_form=form)
