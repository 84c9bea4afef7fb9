from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from isms import audit
from isms.locking import add_errors
from isms.views import export_if_requested, list_context, paginate, versioned_edit
from nämnder import access

from .. import exports, selectors, services
from ..forms import AssetFilterForm, AssetForm
from ..models import ClassificationStatus

DETAIL_HISTORY = 10  # history entries on the asset page
HISTORY_PAGE = 50  # on the full history page

def _labeller():
    """Sets ``latest_status_label`` on an asset; the labels are translated once."""
    labels = exports.status_labels()

    def label(asset):
        key = None if asset.security_protection else asset.latest_status
        asset.latest_status_label = labels.get(key, labels[""])
        return asset

    return label


def asset_list(request):
    filters = AssetFilterForm(request.GET or None, user=request.user)
    assets = selectors.asset_list(user=request.user, **filters.filters())
    _label = _labeller()
    if response := export_if_requested(
        request, rows=exports.asset_export_rows(assets), columns=exports.asset_columns,
        title=_("Informationsmängder"), read_log=assets,
    ):
        return response
    page = paginate(request, assets, keys_first=True)
    for asset in page:
        _label(asset)
    return render(request, "klassning/asset_list.html", list_context(
        request, filters, page,
        can_create=selectors.units_for_new_records(user=request.user).exists(),
        it_service=filters.filters().get("it_service"),
    ))


def asset_create(request):
    form = AssetForm(request.POST or None, user=request.user)
    if not form.fields["unit"].queryset.exists():
        raise access.PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            asset = services.asset_create(actor=request.user, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Informationsmängden är registrerad."))
            return redirect("klassning:asset_detail", pk=asset.pk)
    return render(request, "klassning/asset_form.html", {"form": form})


def asset_edit(request, pk):
    asset = selectors.asset_get(user=request.user, pk=pk, perm=access.EDIT_RECORDS)
    form = AssetForm(request.POST or None, instance=asset, user=request.user)
    if response := versioned_edit(
        request, form,
        save=lambda **data: services.asset_update(actor=request.user, asset=asset, **data),
        message=_("Informationsmängden är sparad."),
        success_url=reverse("klassning:asset_detail", args=[asset.pk]),
    ):
        return response
    audit.object_read(request, asset)
    return render(request, "klassning/asset_form.html", {"form": form, "asset": asset})


def asset_detail(request, pk):
    asset = selectors.asset_get(user=request.user, pk=pk)
    classifications = selectors.asset_classifications(asset=asset)
    current = next((c for c in classifications if c.status == ClassificationStatus.APPROVED), None)
    ref = selectors.reference_data()
    audit.object_read(request, asset)
    # The latest changes (one save's assessments grouped as one); the rest on the history
    # page. The asset, its classifications and the reference data are not read again. Read
    # before the linked services: which services the person may see is then asked once for
    # those ever linked (``selectors.visible_service_ids``).
    history = selectors.asset_history(
        asset=asset, user=request.user, limit=DETAIL_HISTORY,
        classifications=classifications, known=[*ref["aspects"], *ref["categories"]],
    )
    return render(request, "klassning/asset_detail.html", {
        "asset": asset,
        "classifications": classifications,
        "current": current,
        "open": next((c for c in classifications if c.is_open), None),
        "matrix": selectors.classification_matrix(classification=current, ref=ref)
        if current else None,
        "it_services": selectors.asset_it_services(asset=asset, user=request.user),
        "history": history,
        "details_removed": selectors.asset_details_removed(asset=asset),
        "can_edit": access.can(request.user, access.EDIT_RECORDS, asset.unit),
    })


def asset_history(request, pk):
    """The asset's full history, its classifications' and IT-service links' included."""
    asset = selectors.asset_get(user=request.user, pk=pk)
    # The assessments' aspects and categories named from reads built once per process.
    entries = selectors.asset_history(
        asset=asset, user=request.user, limit=None, known=selectors.assessment_names(),
    )
    audit.object_read(request, asset)
    return render(request, "klassning/asset_history.html", {
        "asset": asset, "page": paginate(request, entries, per_page=HISTORY_PAGE),
    })


def asset_compare(request, pk):
    asset = selectors.asset_get(user=request.user, pk=pk)
    versions = {c.number: c for c in selectors.asset_classifications(asset=asset)}
    numbers = sorted(versions)
    try:
        new = int(request.GET.get("till") or (numbers[-1] if numbers else 0))
        old = int(request.GET.get("fran") or (numbers[-2] if len(numbers) > 1 else new))
    except ValueError:
        old = new = 0
    if old not in versions or new not in versions:
        messages.error(request, _("Välj två versioner som finns."))
        return redirect("klassning:asset_detail", pk=asset.pk)
    audit.object_read(request, asset)
    return render(request, "klassning/asset_compare.html", {
        "asset": asset, "old": versions[old], "new": versions[new], "numbers": numbers,
        "changes": selectors.classification_diff(old=versions[old], new=versions[new]),
    })
