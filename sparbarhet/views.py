"""The audit trail's verification page: for the city-wide security function and city-wide
auditors; a break's review (``break_review``) by the security function only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nämnder import access

from . import selectors, services
from .forms_people import BreakReviewForm
from .models import Verification


@require_GET
def verification_list(request):
    if not access.sees_all_units(request.user):
        raise PermissionDenied
    reviews = selectors.break_reviews()
    by_fingerprint = {review.fingerprint: review for review in reviews}
    verifications = selectors.verifications()
    for verification in verifications:
        verification.review = by_fingerprint.get(verification.fingerprint)
    return render(request, "sparbarhet/verification_list.html", {
        "head": selectors.chain_head(), "verifications": verifications, "reviews": reviews,
        "may_review": access.is_city_security_function(request.user),
    })


@require_http_methods(["GET", "POST"])
def break_review(request, pk):
    """Record the investigation of the break a verification found (a run that found none, or
    no such run: 404)."""
    verification = get_object_or_404(Verification, pk=pk, ok=False)
    if not access.is_city_security_function(request.user):
        raise PermissionDenied
    existing = selectors.break_review_of(verification=verification)
    form = BreakReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            services.break_review_record(
                actor=request.user, verification=verification,
                conclusion=form.cleaned_data["conclusion"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _(
                "Utredningen är sparad. Nästa kontroll passerar brottet vid händelse nr %(seq)s "
                "och kontrollerar resten av kedjan."
            ) % {"seq": verification.first_broken_seq})
            return redirect("sparbarhet:verification_list")
    return render(request, "sparbarhet/break_review.html", {
        "verification": verification, "existing": existing, "form": form,
    })
