"""The operations page: queue health and workers, for the city-wide security function."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from isms import health
from nämnder import access

from . import selectors


@require_GET
def overview(request):
    if not access.is_city_security_function(request.user):
        raise PermissionDenied
    return render(request, "drift/overview.html", {
        "checks": health.run_checks(),
        "queues": selectors.queue_health(),
        "workers": selectors.workers(),
        "worker_last_seen": selectors.worker_last_seen(),
    })
