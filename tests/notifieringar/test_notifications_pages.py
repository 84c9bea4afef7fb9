"""Mina notiser: each person sees only their own notifications, can mark them read, and the
navigation shows the unread count."""

import pytest
from django.urls import reverse

from notifieringar import services
from notifieringar.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db

LIST = "notifieringar:notification_list"


def _notice(user, n=1, **kw):
    ids = []
    for i in range(n):
        ids += services.notify(
            recipients=[user], kind=NotificationKind.CLASSIFICATION_APPROVED,
            title=kw.get("title", f"Klassningen är fastställd: Register {i}"),
            body="Chef Farsta har fastställt klassningen.", link="/informationsmangder/",
            dedupe_key=f"{kw.get('key', 'k')}:{i}",
        )
    return Notification.objects.filter(pk__in=ids)


def test_the_list_shows_only_the_persons_own_notifications(client_for, official, outsider):
    _notice(official, title="Klassningen är fastställd: Elevregister")
    _notice(outsider, title="Klassningen är fastställd: Hemtjänstregister", key="o")
    body = client_for(official).get(reverse(LIST)).content.decode()
    assert "Elevregister" in body
    assert "Hemtjänstregister" not in body
    assert "<h1>Mina notiser</h1>" in body


def test_navigation_shows_the_unread_count(client_for, official):
    _notice(official, n=3)
    body = client_for(official).get(reverse("start")).content.decode()
    assert 'href="/notiser/">Mina notiser <span class="badge">3<span class="visually-hidden"> olästa' in body


def test_mark_one_as_read(client_for, official):
    notice = _notice(official, n=2).first()
    client = client_for(official)
    response = client.post(
        reverse("notifieringar:notification_mark_read", args=[notice.pk]), {"sida": "1"}
    )
    assert response.status_code == 302
    assert response.url == reverse(LIST) + "?sida=1"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert Notification.objects.filter(recipient=official, read_at__isnull=True).count() == 1
    body = client.get(reverse(LIST)).content.decode()
    assert "1 oläst notis" in body


def test_mark_all_as_read(client_for, official, outsider):
    _notice(official, n=3)
    _notice(outsider, n=1, key="o")
    client = client_for(official)
    client.post(reverse("notifieringar:notifications_mark_all_read"))
    assert not Notification.objects.filter(recipient=official, read_at__isnull=True).exists()
    # Another person's notifications are untouched.
    assert Notification.objects.get(recipient=outsider).read_at is None
    body = client.get(reverse("start")).content.decode()
    assert 'href="/notiser/">Mina notiser</a>' in body


def test_someone_elses_notification_is_404_and_stays_unread(client_for, official, outsider):
    notice = _notice(official).get()
    client = client_for(outsider)
    response = client.post(reverse("notifieringar:notification_mark_read", args=[notice.pk]))
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_marking_read_needs_post_and_huge_ids_are_404(client_for, official):
    notice = _notice(official).get()
    client = client_for(official)
    url = reverse("notifieringar:notification_mark_read", args=[notice.pk])
    assert client.get(url).status_code == 405
    assert client.post("/notiser/99999999999999999999/last/").status_code == 404
    assert client.post(url, {"sida": "javascript:1"}).url == reverse(LIST)


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse(LIST))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_list_is_paged_with_constant_queries(client_for, official, django_assert_max_num_queries):
    _notice(official, n=30)
    client = client_for(official)
    client.get(reverse("start"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse(LIST) + "?sida=2")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sida 2 av 2" in body
    assert body.count('class="link-button" aria-label="Markera som läst:') == 5
