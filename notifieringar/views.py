"""Mina notiser: thin views over the selectors and services."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from isms.converters import is_id

from . import selectors, services

PAGE_SIZE = 25


def _back(request):
    """Back to the page of the list the person was on (a page number, nothing else)."""
    url = reverse("notifieringar:notification_list")
    page = request.POST.get("sida", "")
    return f"{url}?sida={int(page)}" if is_id(page) and len(page) < 7 else url


@require_GET
def notification_list(request):
    page = Paginator(selectors.notifications_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    return render(
        request, "notifieringar/notification_list.html",
        {"page": page, "unread": selectors.unread_count(user=request.user)},
    )


@require_POST
def notification_mark_read(request, pk):
    notification = selectors.notification_for_user_or_404(user=request.user, pk=pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    return redirect(_back(request))


@require_POST
def notifications_mark_all_read(request):
    services.notifications_mark_all_read(actor=request.user)
    return redirect(_back(request))
