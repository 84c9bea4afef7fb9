"""The first thing every user does, in a real browser."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chief_logs_in_and_opens_unit(login_page, chief, farsta):
    page = login_page(chief)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Välkommen")
    page.get_by_role("link", name="Farsta stadsdelsnämnd").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Farsta stadsdelsnämnd"
    assert page.get_by_text("Förvaltningschef, Farsta stadsdelsnämnd").is_visible()
