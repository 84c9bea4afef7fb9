"""Mina notiser in a browser: no WCAG 2.1 AA violations (axe-core), and the buttons work by
their accessible names."""

import pytest
from django.urls import reverse

from notifieringar import services
from notifieringar.models import Notification, NotificationKind
from tests.isms.test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_my_notifications_page_is_accessible_and_marks_read(
    browser, live_server, login_page, chief, farsta
):
    for i, name in enumerate(["Elevregister", "Förskoleregister"]):
        services.notify(
            recipients=[chief], kind=NotificationKind.CLASSIFICATION_SUBMITTED, unit=farsta,
            title=f"Klassning att fastställa: {name}",
            body=f"Åsa Öberg har skickat in klassning 1 av informationsmängden {name}.",
            link=reverse("start"), dedupe_key=f"a11y:{i}",
        )
    page = login_page(chief)
    page.get_by_role("link", name="Mina notiser 2 olästa").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mina notiser"
    assert violations(page) == []

    page.get_by_role("button", name="Markera som läst: Klassning att fastställa: Elevregister").click()
    page.get_by_role("heading", name="1 oläst notis").wait_for()
    assert Notification.objects.filter(read_at__isnull=True).count() == 1

    page.get_by_role("button", name="Markera alla som lästa").click()
    page.get_by_role("heading", name="0 olästa notiser").wait_for()
    assert page.get_by_role("link", name="Mina notiser", exact=True).is_visible()
    assert violations(page) == []
