"""The login lockout counts the right address (issue 8, item 8): a spoofed X-Forwarded-For
changes nothing when gunicorn is reached directly, and behind a trusted proxy every client
is counted on its own address rather than all on the proxy's."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOCKED = "Inloggningen är tillfälligt spärrad"


def _fail(client, **meta):
    return client.post(
        reverse("login"), {"username": "handlaggare.farsta", "password": "fel"}, **meta
    )


def test_without_trusted_proxies_a_spoofed_forwarded_address_is_ignored(
    client, official, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    for i in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"203.0.113.{i + 1}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.9"}
    # A new made-up address does not get the attacker round the lockout.
    response = client.post(
        reverse("login"), {"username": "handlaggare.farsta", "password": "test-password-123"},
        REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.200",
    )
    assert response.status_code == 429 and LOCKED in response.content.decode()


def test_behind_one_trusted_proxy_the_forwarded_client_address_counts(
    client, official, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    # The attacker sends their own X-Forwarded-For; the proxy appends the real address.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.66")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.66"}
    password = {"username": "handlaggare.farsta", "password": "test-password-123"}
    attacker = client.post(
        reverse("login"), password, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.66"
    )
    assert attacker.status_code == 429
    # The real person, through the same proxy from another address, is not locked out.
    person = client.post(
        reverse("login"), password, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.20"
    )
    assert person.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_request_that_bypassed_the_proxy_is_counted_on_its_own_address(
    client, official, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    _fail(client, REMOTE_ADDR="198.51.100.9")
    _fail(client, REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="not-an-address")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.9"}
