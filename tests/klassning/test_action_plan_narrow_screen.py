"""The action plan on a phone (375 px wide): every column readable without sideways scrolling."""

import pytest

from tests.klassning_helpers import approved, make_asset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 375


def test_action_plan_fits_a_375px_screen(
    reference_data, login_page, official, chief, farsta, live_server, tmp_path
):
    approved(make_asset(farsta, official), official, chief, {"K": 3, "R": 2, "T": 2, "S": 3})
    page = login_page(chief)
    page.set_viewport_size({"width": WIDTH, "height": 800})
    page.goto(f"/enheter/{farsta.pk}/atgardsplan/")
    page.screenshot(path=str(tmp_path / "plan-375.png"), full_page=True)

    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    region = page.get_by_role("region", name="Organisatoriska krav i åtgärdsplanen")
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth")
    rows = page.locator("table.requirements tbody tr")
    assert rows.count() > 5
    first = rows.first
    # Each cell says which column it belongs to, and the last column is on screen.
    last = first.locator("td").last
    assert last.evaluate("e => getComputedStyle(e, '::before').content") == '"Klart senast"'
    box = last.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
    status = first.get_by_role("link", name="Ändra status för")
    assert status.is_visible()
