"""Pages of two-factor login: a person's own page, enrolment, the second step at login, the
recovery codes shown once, and the security function's page for another person."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from nämnder import access

from . import selectors, services
from .forms import EnrolForm, VerifyForm
from .middleware import is_verified, login_state, two_factor_exempt
from .qr import qr_svg

NEW_CODES_KEY = "tvasteg_recovery_codes"
NEXT_KEY = "tvasteg_next"


def _asked_for(request) -> str:
    """The page first asked for (``next``), if it is one of ours; "" if none."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _next_url(request, default: str = "") -> str:
    """Where to go after the second step: the page first asked for, else ``default`` (the
    start page)."""
    return _asked_for(request) or default or reverse(settings.LOGIN_REDIRECT_URL)


def _with_query(url: str, request) -> str:
    return f"{url}?{request.GET.urlencode()}" if request.GET else url


def _locked_out(request):
    """Too many wrong codes: the session ends and the page says so, as for passwords."""
    logout(request)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)


@require_GET
def overview(request):
    """The person's own page (from the header): status, recovery codes, changing app."""
    return render(request, "tvasteg/overview.html", {
        "status": selectors.status_of(request.user),
        "events": selectors.events_of(request.user),
    })


def _confirm_first(request, *, then: str):
    """Send the person to the confirmation page (a code from the app or a recovery code), back to
    ``then`` afterwards: a change of their second factor needs a code entered just now."""
    return redirect(f"{reverse('tvasteg:confirm')}?{urlencode({'next': then})}")


@two_factor_exempt
def enrol(request):
    """Add an authenticator app: the QR code and the secret as text, then a code to confirm.
    Before the second step only for someone without an app (else they could bypass it); to
    replace an app, only with a code entered within ``TVASTEG_REAUTH_SECONDS``."""
    user = request.user
    state = login_state(request)
    if state.enrolled and not is_verified(user):
        return redirect(_with_query(reverse("tvasteg:verify"), request))
    if state.enrolled and not selectors.recently_verified(request):
        return _confirm_first(request, then=_with_query(reverse("tvasteg:enrol"), request))
    device = services.enrolment_device(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.enrolment_confirm(user=user, code=form.cleaned_data["code"])
        if result.error:
            form.add_error("code", result.error)
        else:
            services.mark_verified(request, result.device)
            next_url = _next_url(request, reverse("tvasteg:overview"))
            if result.recovery_codes:
                request.session[NEW_CODES_KEY] = result.recovery_codes
                request.session[NEXT_KEY] = next_url
                return redirect("tvasteg:recovery_codes")
            messages.success(request, _("Den nya appen är aktiverad."))
            return redirect(next_url)
    secret = services.secret_of(device)
    return render(request, "tvasteg/enrol.html", {
        "form": form, "replacing": state.enrolled, "required": state.required,
        "secret_groups": [secret[i:i + 4] for i in range(0, len(secret), 4)],
        "qr": qr_svg(device.config_url, title=_("QR-kod att skanna med autentiseringsappen")),
        "next": _asked_for(request),
        "pending": not is_verified(user) and (state.required or state.enrolled),
    })


def _code_step(request, *, next_url: str, template: str, recovery_message: str, **context):
    """A code from the app or a recovery code (the second step at login, or the confirmation
    before a change): wrong codes counted, lockout ends the session, a right one marks the
    session verified now and leads on to ``next_url``."""
    user = request.user
    if selectors.locked_until(user) is not None:
        return _locked_out(request)
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.verify(request=request, user=user, code=form.cleaned_data["code"])
        if result.locked:
            return _locked_out(request)
        if result.error:
            form.add_error("code", result.error)
        else:
            services.mark_verified(request, result.device)
            if isinstance(result.device, StaticDevice):
                messages.info(request, recovery_message % {
                    "n": selectors.recovery_codes_left(user)})
            return redirect(next_url)
    return render(request, template, {"form": form, "next": _asked_for(request), **context})


@two_factor_exempt
def verify(request):
    """The second step at login: a code from the app or a recovery code."""
    user = request.user
    state = login_state(request)
    if is_verified(user):
        return redirect(_next_url(request))
    if not state.enrolled:
        if state.required:
            return redirect(_with_query(reverse("tvasteg:enrol"), request))
        return redirect(_next_url(request))
    return _code_step(request, next_url=_next_url(request), template="tvasteg/verify.html",
                      recovery_message=_(
                          "Du loggade in med en reservkod. Den går inte att använda igen; du "
                          "har %(n)d kvar."), pending=True)


def confirm(request):
    """"Bekräfta att det är du": a code from the app or a recovery code before changing the
    second factor, when the session's last code is older than ``TVASTEG_REAUTH_SECONDS``.
    Wrong codes count as at login (throttling, lockout)."""
    user = request.user
    if selectors.totp_device(user) is None and selectors.recovery_device(user) is None:
        return redirect("tvasteg:overview")
    next_url = _next_url(request, reverse("tvasteg:overview"))
    if selectors.recently_verified(request):
        return redirect(next_url)
    return _code_step(request, next_url=next_url, template="tvasteg/confirm.html",
                      recovery_message=_(
                          "Du använde en reservkod. Den går inte att använda igen; du har "
                          "%(n)d kvar."))


@require_GET
def recovery_codes(request):
    """New recovery codes, shown once: they leave the session as the page is rendered."""
    codes = request.session.pop(NEW_CODES_KEY, None)
    next_url = request.session.pop(NEXT_KEY, None) or reverse("tvasteg:overview")
    if not codes:
        messages.info(request, _("Reservkoderna visas bara en gång. Skapa nya om du behöver."))
        return redirect("tvasteg:overview")
    return render(request, "tvasteg/recovery_codes.html", {"codes": codes, "next": next_url})


def _confirm_and_repeat(request):
    messages.info(request, _(
        "Bekräfta med en kod från appen eller en reservkod. Gör sedan om ändringen."
    ))
    return _confirm_first(request, then=reverse("tvasteg:overview"))


@require_POST
def recovery_codes_renew(request):
    if selectors.totp_device(request.user) is None:
        messages.error(request, _("Aktivera tvåstegsverifiering först."))
        return redirect("tvasteg:overview")
    if not selectors.recently_verified(request):
        return _confirm_and_repeat(request)
    request.session[NEW_CODES_KEY] = services.recovery_codes_renew(
        user=request.user, actor=request.user
    )
    request.session[NEXT_KEY] = reverse("tvasteg:overview")
    return redirect("tvasteg:recovery_codes")


@require_POST
def remove(request):
    """Turn it off, for someone who may (``two_factor_remove`` refuses the others: 403)."""
    if login_state(request).enrolled and not selectors.recently_verified(request):
        return _confirm_and_repeat(request)
    if services.two_factor_remove(user=request.user, actor=request.user):
        messages.success(request, _("Tvåstegsverifiering är avstängd."))
    else:
        messages.info(request, _("Tvåstegsverifiering var inte aktiverad."))
    return redirect("tvasteg:overview")


def _person_or_404(request, pk):
    """The security function's view of another person; nobody else learns whom it exists for."""
    if not access.is_city_security_function(request.user):
        raise Http404
    return get_object_or_404(get_user_model(), pk=pk)


@require_GET
def person(request, pk):
    person = _person_or_404(request, pk)
    return render(request, "tvasteg/person.html", {
        "person": person, "status": selectors.status_of(person),
        "events": selectors.events_of(person), "may_reset": services.may_reset(request.user, person),
    })


@require_POST
def person_reset(request, pk):
    """Resetting another person's second factor leaves them with the password alone: it needs
    the security function's own code entered within ``TVASTEG_REAUTH_SECONDS``."""
    person = _person_or_404(request, pk)
    if not selectors.recently_verified(request):
        messages.info(request, _(
            "Bekräfta med en kod från din app eller en reservkod. Gör sedan om återställningen."
        ))
        return _confirm_first(request, then=reverse("tvasteg:person", args=[person.pk]))
    services.two_factor_reset(actor=request.user, user=person)
    messages.success(request, _(
        "Tvåstegsverifieringen för %(name)s är återställd. Personen aktiverar en ny app vid "
        "nästa inloggning."
    ) % {"name": person.get_full_name() or person.get_username()})
    return redirect("tvasteg:person", pk=person.pk)
