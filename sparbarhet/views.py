"""The audit trail's verification page: for the city-wide security function and city-wide
auditors."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nämnder import access

from . import selectors


@require_GET
def verification_list(request):
    if not access.sees_all_units(request.user):
        raise PermissionDenied
    return render(request, "sparbarhet/verification_list.html", {
        "head": selectors.chain_head(),
        "verifications": selectors.verifications(),
    })
