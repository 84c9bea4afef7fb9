"""Reviews and audits, findings and actions; access reviews of IT services."""

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from isms.links import kept_url
from isms.locking import add_errors
from isms.views import export_if_requested, list_context, paginate, versioned_edit
from klassning import selectors as klassning
from nämnder import access

from .. import exports, selectors, services
from ..forms import (
    AccessReviewFilterForm,
    AccessReviewForm,
    ActionForm,
    AuditFilterForm,
    AuditForm,
    FindingFilterForm,
    FindingForm,
    FindingPlanItemForm,
    PlanItemPickForm,
    may_create_records,
)


def _create(request, form, *, save, message, success, template, context):
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(**form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(success(obj))
    return render(request, template, {"form": form, **context})


def audit_list(request):
    filters = AuditFilterForm(request.GET or None, user=request.user)
    audits = selectors.audit_list(user=request.user, **filters.filters())
    if response := export_if_requested(
        request, rows=audits.iterator(chunk_size=500), columns=exports.audit_columns,
        title=_("Granskningar och revisioner"),
    ):
        return response
    page = paginate(request, audits)
    return render(request, "ledningssystem/audit_list.html", list_context(
        request, filters, page, can_create=may_create_records(request.user),
    ))


def audit_create(request):
    form = AuditForm(request.POST or None, user=request.user)
    if not form.may_create:
        raise PermissionDenied
    return _create(
        request, form,
        save=lambda **data: services.audit_create(actor=request.user, **data),
        message=_("Granskningen är registrerad."),
        success=lambda a: reverse("ledningssystem:audit_detail", args=[a.pk]),
        template="ledningssystem/simple_form.html",
        context={"title": _("Registrera granskning"), "back": "ledningssystem:audit_list"},
    )


def audit_detail(request, pk):
    audit = selectors.audit_get(user=request.user, pk=pk)
    findings = selectors.audit_findings(user=request.user, audit=audit)
    return render(request, "ledningssystem/audit_detail.html", {
        "audit": audit, "units": selectors.audit_units(audit=audit), "findings": findings,
        "can_edit": selectors.may_write_audit(request.user, audit),
        "can_add_finding": any(access.can(request.user, access.EDIT_RECORDS, u)
                               for u in selectors.audit_units(audit=audit)),
    })


def audit_edit(request, pk):
    audit = selectors.audit_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    form = AuditForm(request.POST or None, instance=audit, user=request.user)
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.audit_update(actor=request.user, audit=audit, **data),
        message=_("Granskningen är sparad."),
        success_url=reverse("ledningssystem:audit_detail", args=[audit.pk]),
    ):
        return response
    return render(request, "ledningssystem/simple_form.html", {
        "form": form, "title": _("Ändra granskning"), "back_url":
        reverse("ledningssystem:audit_detail", args=[audit.pk]),
    })


def finding_create(request, pk):
    audit = selectors.audit_get(user=request.user, pk=pk)
    form = FindingForm(request.POST or None, audit=audit, user=request.user)
    if not form.fields["unit"].queryset.exists():
        raise PermissionDenied
    return _create(
        request, form,
        save=lambda **data: services.finding_create(actor=request.user, audit=audit, **data),
        message=_("Iakttagelsen är registrerad."),
        success=lambda f: reverse("ledningssystem:finding_detail", args=[f.pk]),
        template="ledningssystem/simple_form.html",
        context={"title": _("Registrera iakttagelse"),
                 "back_url": reverse("ledningssystem:audit_detail", args=[audit.pk])},
    )


def finding_list(request):
    filters = FindingFilterForm(request.GET or None, user=request.user)
    findings = selectors.finding_list(user=request.user, **filters.filters())
    if response := export_if_requested(
        request, rows=findings.iterator(chunk_size=500), columns=exports.finding_columns,
        title=_("Iakttagelser"),
    ):
        return response
    page = paginate(request, findings)
    return render(request, "ledningssystem/finding_list.html", list_context(request, filters, page))


def _risk_link(finding) -> str | None:
    """"Skapa risk" when the risk app is installed and has a page to create one."""
    if not apps.is_installed("risk"):
        return None
    try:
        return f"{kept_url('risk:risk_create')}?unit={finding.unit_id}"
    except NoReverseMatch:
        return None


def finding_detail(request, pk):
    finding = selectors.finding_get(user=request.user, pk=pk)
    can_edit = access.can(request.user, access.EDIT_RECORDS, finding.unit)
    plan_links = selectors.finding_plan_links(finding=finding)
    return render(request, "ledningssystem/finding_detail.html", {
        "finding": finding, "actions": selectors.finding_actions(finding=finding),
        "plan_links": plan_links,
        "history": selectors.finding_history(finding=finding, limit=20, plan_links=plan_links),
        "can_edit": can_edit, "risk_link": _risk_link(finding) if can_edit else None,
    })


def finding_plan_item(request, pk):
    """Hand the finding to a requirement on its unit's action plan: step 1 (GET) picks the
    requirement (``?krav=``), step 2 (POST to the same address) sets its open status, who is
    responsible and the due date (``services.finding_to_plan``)."""
    finding = selectors.finding_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    back = reverse("ledningssystem:finding_detail", args=[finding.pk])
    suggested, other = selectors.plan_item_choices(finding=finding)
    chosen = request.GET.get("krav")
    item = selectors.plan_item_for_finding(finding=finding, pk=chosen) if chosen else None
    refused = item is None and (request.method == "POST" or chosen is not None)
    preselected = item or (suggested[0] if suggested else None)
    pick = PlanItemPickForm(
        {"krav": chosen or ""} if refused else None,
        initial={"krav": preselected.pk if preselected else None},
        suggested=suggested, other=other, reference=finding.reference,
    )
    pick.is_valid()  # a refused choice shows its error; an unbound form has none
    form = None
    if item is not None:
        form = FindingPlanItemForm(
            request.POST or None, item=item,
            responsible_choices=selectors.responsible_choices(item=item),
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.finding_to_plan(actor=request.user, finding=finding, plan_item=item,
                                         expected_version=data.pop("version"), **data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Iakttagelsen är lagd i åtgärdsplanen under krav "
                                            "%(code)s.") % {"code": item.requirement.code})
                return redirect(back)
    return render(request, "ledningssystem/finding_plan_item.html", {
        "finding": finding, "pick": pick, "item": item, "form": form, "back_url": back,
        "has_items": bool(suggested or other),
    })


def finding_edit(request, pk):
    finding = selectors.finding_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    form = FindingForm(request.POST or None, instance=finding, audit=finding.audit,
                       user=request.user)
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.finding_update(actor=request.user, finding=finding, **data),
        message=_("Iakttagelsen är sparad."),
        success_url=reverse("ledningssystem:finding_detail", args=[finding.pk]),
    ):
        return response
    return render(request, "ledningssystem/simple_form.html", {
        "form": form, "title": _("Ändra iakttagelse"),
        "back_url": reverse("ledningssystem:finding_detail", args=[finding.pk]),
    })


def action_create(request, pk):
    finding = selectors.finding_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    return _create(
        request, ActionForm(request.POST or None),
        save=lambda **data: services.action_create(actor=request.user, finding=finding, **data),
        message=_("Åtgärden är registrerad."),
        success=lambda a: reverse("ledningssystem:finding_detail", args=[finding.pk]),
        template="ledningssystem/simple_form.html",
        context={"title": _("Ny åtgärd"),
                 "back_url": reverse("ledningssystem:finding_detail", args=[finding.pk])},
    )


def action_edit(request, pk):
    action = selectors.action_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    form = ActionForm(request.POST or None, instance=action)
    back = reverse("ledningssystem:finding_detail", args=[action.finding_id])
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.action_update(actor=request.user, action=action, **data),
        message=_("Åtgärden är sparad."), success_url=back,
    ):
        return response
    return render(request, "ledningssystem/simple_form.html", {
        "form": form, "title": _("Följ upp åtgärd"), "back_url": back,
    })


# --- Access reviews -----------------------------------------------------------------------------

def access_review_list(request):
    filters = AccessReviewFilterForm(request.GET or None, user=request.user)
    reviews = selectors.access_review_list(user=request.user, **filters.filters())
    if response := export_if_requested(
        request, rows=reviews.iterator(chunk_size=500), columns=exports.access_review_columns,
        title=_("Behörighetsuppföljning"),
    ):
        return response
    page = paginate(request, reviews)
    return render(request, "ledningssystem/access_review_list.html",
                  list_context(request, filters, page))


def access_review_create(request, pk):
    """A review of IT service ``pk``, by the editors of the unit that owns it."""
    service = klassning.it_service_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    back = reverse("klassning:service_detail", args=[service.pk])
    return _create(
        request, AccessReviewForm(request.POST or None),
        save=lambda **data: services.access_review_create(
            actor=request.user, it_service=service, **data),
        message=_("Behörighetsuppföljningen är registrerad."),
        success=lambda r: back,
        template="ledningssystem/simple_form.html",
        context={"title": _("Registrera behörighetsuppföljning: %(name)s") % {"name": service.name},
                 "back_url": back},
    )


def access_review_edit(request, pk):
    review = selectors.access_review_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    form = AccessReviewForm(request.POST or None, instance=review)
    back = reverse("ledningssystem:access_review_list")
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.access_review_update(actor=request.user, review=review, **data),
        message=_("Behörighetsuppföljningen är sparad."), success_url=back,
    ):
        return response
    return render(request, "ledningssystem/simple_form.html", {
        "form": form, "title": _("Ändra behörighetsuppföljning: %(name)s")
        % {"name": review.it_service.name}, "back_url": back,
    })
