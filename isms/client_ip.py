"""The client's address for the login lockout (django-axes' ``AXES_CLIENT_IP_CALLABLE``).

``X-Forwarded-For`` is only as trustworthy as the proxy that wrote it: anyone reaching gunicorn
directly can send any value. So the header is read only when ``TRUSTED_PROXY_COUNT`` says how
many proxies of ours stand in front of the portal. Each proxy appends the address it received
the request from, so with N trusted proxies the client is the N-th entry from the right; what
the client itself put in the header (further left) is ignored. With 0 (the default, and the
compose file's set-up where gunicorn's port is published directly) only ``REMOTE_ADDR`` counts.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count or not _valid(forwarded[-count]):
        # Not (only) through our proxies, or a garbled header: the direct peer is all we know.
        return remote
    return forwarded[-count]
