"""Two-factor login in a real browser: enrol an app on first login (the code computed from the
secret the page shows, as an authenticator app would), log out, log in again with a code."""

import base64
import time

import pytest
from django.urls import reverse
from django_otp.oath import hotp

from tests.isms.test_accessibility import violations
from tests.isms.test_content_security_policy import RECORD_VIOLATIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STEP = 30


def _app(secret: str, *, after_step: int = -1) -> tuple[str, int]:
    """What an authenticator app holding ``secret`` shows, for the first time step after
    ``after_step`` that django-otp still accepts (it takes each step once, and one step either
    side of its clock): (code, step). Waits only if even the step ahead is used."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    while True:
        now = int(time.time()) // STEP
        step = max(now, after_step + 1)
        if step <= now + 1:
            return f"{hotp(key, step):06d}", step
        time.sleep(0.5)


def _log_in(page, live_server, user):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill("test-password-123")
    page.get_by_role("button", name="Logga in").click()


def test_enrol_log_out_and_log_in_with_a_code(browser, live_server, chief, farsta):
    context = browser.new_context(locale="sv-SE")
    context.add_init_script(RECORD_VIOLATIONS)  # the pages run under the CSP as they are
    page = context.new_page()
    problems = {}

    def csp(name):
        if found := page.evaluate("window.__csp"):
            problems[f"{name}: CSP"] = found

    # First login: after the password, the enrolment page (the unit page asked for waits).
    page.goto(live_server.url + reverse("unit_detail", args=[farsta.pk]))
    page.get_by_label("Användarnamn").fill(chief.username)
    page.get_by_label("Lösenord").fill("test-password-123")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/tvastegsverifiering/aktivera/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Aktivera tvåstegsverifiering"
    assert page.get_by_role("img", name="QR-kod att skanna med autentiseringsappen").is_visible()
    assert page.locator("nav.main-nav").count() == 0  # nothing else to reach yet
    problems["enrol"] = violations(page)
    csp("enrol")
    secret = page.locator("#secret").inner_text().replace(" ", "").strip()
    assert len(secret) == 32

    # A wrong code first: a Swedish error on the form.
    page.get_by_label("Engångskod från appen").fill("000000")
    page.get_by_role("button", name="Bekräfta och aktivera").click()
    assert "Koden stämmer inte" in page.locator(".field-error").inner_text()
    problems["enrol with error"] = violations(page)
    time.sleep(1.1)  # django-otp: one second after a wrong code

    code, used = _app(secret)
    page.get_by_label("Engångskod från appen").fill(code)
    page.get_by_role("button", name="Bekräfta och aktivera").click()
    page.wait_for_url("**/tvastegsverifiering/reservkoder/")
    codes = page.locator("ol.recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    problems["recovery codes"] = violations(page)
    csp("recovery codes")
    page.get_by_role("link", name="Jag har sparat koderna, fortsätt").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Farsta stadsdelsnämnd"

    # Log out; log in again: now the verification page asks for a code.
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/logga-in/")
    _log_in(page, live_server, chief)
    page.wait_for_url("**/tvastegsverifiering/verifiera/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Tvåstegsverifiering"
    problems["verify"] = violations(page)
    csp("verify")
    # The code used at enrolment is refused (one use per time step) ...
    page.get_by_label("Kod").fill(code)
    page.get_by_role("button", name="Verifiera").click()
    assert "Koden stämmer inte" in page.locator(".field-error").inner_text()
    time.sleep(1.1)
    # ... the app's next code passes.
    code, used = _app(secret, after_step=used)
    page.get_by_label("Kod").fill(code)
    page.get_by_role("button", name="Verifiera").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Välkommen")

    # Once more with a recovery code, as printed.
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/logga-in/")
    _log_in(page, live_server, chief)
    page.wait_for_url("**/tvastegsverifiering/verifiera/**")
    page.get_by_label("Kod").fill(codes[0])
    page.get_by_role("button", name="Verifiera").click()
    page.wait_for_url(live_server.url + "/")
    assert "Du loggade in med en reservkod" in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Tvåstegsverifiering").click()
    assert page.get_by_text("9", exact=True).is_visible()  # recovery codes left
    problems["overview"] = violations(page)
    context.close()
    assert not {k: v for k, v in problems.items() if v}
