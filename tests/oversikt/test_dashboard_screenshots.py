"""The dashboards as a person sees them: a screenshot of the chief's dashboard (the start page
and the unit's dashboard) and of the city dashboard, on a desktop and on a phone, shows the
page drawn (not blank), everything within the screen's width (no sideways scrolling of the
page; a wide table scrolls in its own region), and what the chief acts on at the top: the to-do
list and the key figures, with each chart drawn at a readable size.

``DASHBOARD_SCREENSHOT_DIR`` keeps the screenshots for a person to look at."""

from __future__ import annotations

import io
import os

import pytest
from django.urls import reverse
from PIL import Image

from tests.oversikt.test_oversikt_browser import all_reference_data  # noqa: F401 - the fixture
from tests.oversikt.world import build_farsta

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("all_reference_data")]

SIZES = {"desktop": (1280, 900), "phone": (375, 800)}


def _shot(page, name: str) -> Image.Image:
    png = page.screenshot(full_page=True)
    if folder := os.environ.get("DASHBOARD_SCREENSHOT_DIR"):
        with open(os.path.join(folder, f"{name}.png"), "wb") as out:
            out.write(png)
    return Image.open(io.BytesIO(png)).convert("RGB")


def _check_drawn(image: Image.Image, width: int) -> None:
    assert image.width == width  # nothing wider than the screen
    # A drawn page: text, tables and charts give many colours; a blank or unstyled error
    # page a handful.
    colours = image.resize((image.width // 4, image.height // 4)).getcolors(maxcolors=100_000)
    assert colours is None or len(colours) > 50


def _check_fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for region in page.locator("[role=region]").all():  # a wide table scrolls in its region
        box = region.bounding_box()
        if box is not None:
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1


@pytest.mark.parametrize("size", list(SIZES))
def test_the_chiefs_dashboard_is_drawn_within_the_screen(
        size, login_page, official, coordinator, chief, farsta):
    build_farsta(farsta=farsta, official=official, coordinator=coordinator, chief=chief)
    width, height = SIZES[size]
    page = login_page(chief)
    page.set_viewport_size({"width": width, "height": height})
    for name, url in (("start", reverse("start")),
                      ("unit", reverse("oversikt:unit", args=[farsta.pk]))):
        assert page.goto(url).ok
        _check_fits(page, width)
        _check_drawn(_shot(page, f"chief-{name}-{size}"), width)
        todo = page.get_by_role("heading", name="Att göra")
        assert todo.is_visible()
        assert todo.bounding_box()["y"] < 3 * height  # what waits, near the top
        items = page.locator("a", has_text="Klassningar att fastställa: 1")
        assert items.first.is_visible()
        figures = page.get_by_role("table").filter(has_text="Klassad andel").first
        assert figures.is_visible()
    charts = page.locator("svg")
    assert charts.count() > 0
    for chart in charts.all():
        box = chart.bounding_box()
        if box is not None and chart.is_visible():
            assert box["width"] >= 150 and box["height"] >= 60
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1


@pytest.mark.parametrize("size", list(SIZES))
def test_the_city_dashboard_is_drawn_within_the_screen(
        size, login_page, official, coordinator, chief, security_function,
        farsta, bromma):
    build_farsta(farsta=farsta, official=official, coordinator=coordinator, chief=chief)
    width, height = SIZES[size]
    page = login_page(security_function)
    page.set_viewport_size({"width": width, "height": height})
    assert page.goto(reverse("oversikt:city")).ok
    _check_fits(page, width)
    _check_drawn(_shot(page, f"city-{size}"), width)
    table = page.get_by_role("table").filter(has_text=farsta.name).first
    assert table.is_visible()
    assert page.get_by_role("link", name=farsta.name).first.is_visible()  # the drill-down
