"""The journeys of ``make loadtest`` (``bench/loadtest.py`` starts locust with this file).

Every simulated user logs in once as one of the seeded city's members (``seed_scale``; the
list comes from the runner in ``LOADTEST_USERS``, a JSON file; chefs and the city-wide users
then pass the second step with the demo secret's code, ``bench/otp.py``) and then walks the main
journeys with think time (``LOADTEST_WAIT``, "min,max" seconds) between pages:

- the asset list (first page, a later page, a filter) and an asset's page;
- classify: start a classification of an approved asset (or continue a draft) and save the
  draft with one judgement changed;
- the unit's action plan and one requirement's status saved;
- an export of the list (CSV or XLSX);
- order the unit's yearly report (at most ``LOADTEST_REPORTS`` in the whole run, so the Celery
  worker's PDFs do not swamp the machine), then its page and status.

City-wide users (the security function, the city auditor) only read: the whole city's list,
pages, filters and its CSV export.

A page counts as failed when its status is not the expected one (a saved form answers 302; a
200 there means the form came back with an error). Production settings set Secure cookies;
over the local plain-HTTP connection the client keeps them itself (as ``bench/run.py`` does).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import time
from html.parser import HTMLParser

from locust import HttpUser, between, events, task

from bench import otp

PASSWORD = "lis-demo-2026"  # noqa: S105  nämnder.demo.DEMO_PASSWORD (every scale user)
_wait = [float(x) for x in os.environ.get("LOADTEST_WAIT", "2,8").split(",")]
REPORT_LIMIT = int(os.environ.get("LOADTEST_REPORTS", "8"))
REPORT_YEAR = int(os.environ.get("LOADTEST_REPORT_YEAR", "2025"))

with open(os.environ.get("LOADTEST_USERS", "users.json")) as fh:  # noqa: PTH123
    _PEOPLE = json.load(fh)
_next_person = itertools.count()
_lock = threading.Lock()
_reports = itertools.count()

ERROR_TEXT = re.compile(r'class="[^"]*(?:errorlist|error-summary)[^"]*"[^>]*>(.*?)</(?:ul|div)>',
                        re.S)
# Every request (when it ended, name, method, ms, error or ""), written to LOADTEST_LOG when
# locust quits: the runner takes the steady part (every user logged in) from it.
_log: list[tuple[float, str, str, float, str]] = []


@events.request.add_listener
def _record(request_type, name, response_time, exception, **_kwargs):
    _log.append((time.time(), name, request_type, response_time,
                 "" if exception is None else str(exception)))


@events.quitting.add_listener
def _write_log(**_kwargs):
    if path := os.environ.get("LOADTEST_LOG"):
        with open(path, "w") as fh:  # noqa: PTH123
            json.dump(_log, fh)


ASSET_LINK = re.compile(r'href="/informationsmangder/(\d+)/"')
CLASSIFICATION_LINK = re.compile(r'href="/klassningar/(\d+)/')
PLAN_ITEM_LINK = re.compile(r'href="/atgardsplan/krav/(\d+)/"')
LAST_PAGE = re.compile(r"[?&]sida=(\d+)")


class _Forms(HTMLParser):
    """The page's forms: action, method and the values a browser would send (without buttons),
    plus each submit button's name/value and each select's options."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get"),
                               "fields": {}, "buttons": [], "options": {}})
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "image"):
                form["buttons"].append((name, a.get("value", "")))
            elif kind == "file":
                pass
            elif kind in ("checkbox", "radio"):
                form["options"].setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form["fields"][name] = a.get("value", "on")
            else:
                form["fields"][name] = a.get("value", "")
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            form["buttons"].append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = name
            form["options"][name] = []
        elif tag == "option" and self._select:
            value = a.get("value", "")
            form["options"][self._select].append(value)
            if "selected" in a or self._select not in form["fields"]:
                form["fields"][self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            form["fields"][name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            fields = self.forms[-1]["fields"]
            # A browser drops the newline right after <textarea>.
            text = fields[self._textarea] + data
            fields[self._textarea] = text[1:] if text.startswith("\n") else text


def forms_of(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def post_form(html: str, field: str) -> dict | None:
    """The page's POST form that has ``field`` (the page also has others, e.g. logging out)."""
    for form in forms_of(html):
        if form["method"].lower() == "post" and field in form["fields"]:
            return form
    return None


class PortalUser(HttpUser):
    wait_time = between(*_wait)

    def on_start(self):
        with _lock:
            self.person = _PEOPLE[next(_next_person) % len(_PEOPLE)]
        self.jar: dict[str, str] = {}
        self.unit = self.person["unit"]
        self.city = self.person["city"]
        page = self.get("/logga-in/", name="login page")
        token = self._csrf(page)
        self.post("/logga-in/", name="login (POST)", data={
            "username": self.person["username"], "password": PASSWORD,
            "csrfmiddlewaretoken": token,
        })
        self._second_step()

    def _second_step(self):
        """Chefs, revisorer and the security function type the demo secret's code
        (``bench/otp.py``; a step already used by this person is skipped)."""
        start = self._request("GET", "/", name="login: start", expect=(200, 302))
        if start.status_code != 302 or not start.headers.get("Location", "").startswith(
            otp.VERIFY_PATH
        ):
            return
        for attempt, code in enumerate(otp.codes()):
            page = self.get(otp.VERIFY_PATH, name="login: second step page")
            last = attempt == otp.ATTEMPTS - 1
            r = self._request("POST", otp.VERIFY_PATH, name="login: second step (POST)",
                              expect=(302,) if last else (200, 302),
                              data={"code": code, "csrfmiddlewaretoken": self._csrf(page)})
            if r.status_code == 302:
                return

    # --- HTTP with our own cookie jar ------------------------------------------------------

    def _request(self, method, path, *, name, expect=(200,), **kwargs):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items())}
        with self.client.request(method, path, name=name, headers=headers,
                                 allow_redirects=False, catch_response=True, **kwargs) as r:
            for cookie in r.cookies:
                self.jar[cookie.name] = cookie.value
            if r.status_code not in expect:
                why = ""
                if r.status_code == 200 and (found := ERROR_TEXT.search(r.text)):
                    why = ": " + re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip()[:160]
                r.failure(f"HTTP {r.status_code} (väntat {expect}){why}")
            else:
                r.success()
            return r

    def get(self, path, *, name, expect=(200,)):
        r = self._request("GET", path, name=name, expect=expect)
        return r.text if r.status_code == 200 else ""

    def post(self, path, *, name, data, expect=(302,)):
        data = {**data, "csrfmiddlewaretoken": self.jar.get("csrftoken", "")}
        return self._request("POST", path, name=name, data=data, expect=expect)

    def _csrf(self, html):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return match.group(1) if match else self.jar.get("csrftoken", "")

    def _list(self, query="", name="asset list"):
        base = "/informationsmangder/"
        if not self.city:
            query = f"unit={self.unit}" + (f"&{query}" if query else "")
        return self.get(f"{base}?{query}" if query else base, name=name)

    # --- Journeys ---------------------------------------------------------------------------

    @task(6)
    def browse_list(self):
        html = self._list(name="asset list, first page")
        pages = [int(n) for n in LAST_PAGE.findall(html)]
        if pages:
            self.wait()
            self._list(f"sida={random.randint(2, max(pages))}", name="asset list, later page")
        self.wait()
        self._list(random.choice(["review=overdue", "status=draft", "sort=profil", "q=register"]),
                   name="asset list, filtered/sorted")

    @task(6)
    def asset_detail(self):
        html = self._list(f"sida={random.randint(1, 20)}", name="asset list, later page")
        ids = ASSET_LINK.findall(html)
        if ids:
            self.wait()
            self.get(f"/informationsmangder/{random.choice(ids)}/", name="asset detail")

    @task(3)
    def classify(self):
        if self.city:
            return self.asset_detail()
        draft = random.random() < 0.5  # continue a draft, or start from an approved one
        html = self._list("status=draft" if draft else "status=approved",
                          name="asset list, filtered/sorted")
        ids = ASSET_LINK.findall(html)
        if not ids:
            return
        asset = random.choice(ids)
        self.wait()
        detail = self.get(f"/informationsmangder/{asset}/", name="asset detail")
        if draft:  # the asset's newest classification is the draft
            numbers = [int(n) for n in CLASSIFICATION_LINK.findall(detail)]
            if not numbers:
                return
            url = f"/klassningar/{max(numbers)}/andra/"
        else:  # a reclassification: a new draft from the approved one
            self.wait()
            r = self.post(f"/informationsmangder/{asset}/klassa/",
                          name="classification start (POST)", data={})
            match = re.search(r"/klassningar/(\d+)/andra/", r.headers.get("Location", ""))
            if match is None:  # someone else started one meanwhile: back on the asset page
                return
            url = match.group(0)
        # (302: submitted by someone else meanwhile, no longer a draft)
        form = post_form(self.get(url, name="classification form", expect=(200, 302)),
                         "version")
        if form is None:
            return
        self.wait()
        fields = dict(form["fields"])
        # Change one judgement to another of its levels (a select of the matrix), not one
        # marked "ej relevant" (that one must stay at 0).
        choices = [
            n for n, opts in form["options"].items()
            if n.endswith("-level") and len([o for o in opts if o]) > 1
            and n.removesuffix("-level") + "-not_relevant" not in fields
        ]
        if choices:
            name = random.choice(choices)
            fields[name] = random.choice([o for o in form["options"][name] if o])
        for button, value in form["buttons"]:
            if value == "save":
                fields[button] = value
        self.post(url, name="classification save draft (POST)", data=fields)

    @task(3)
    def plan_update(self):
        if self.city:
            return self.browse_list()
        html = self.get(f"/enheter/{self.unit}/atgardsplan/", name="action plan (unit)")
        ids = PLAN_ITEM_LINK.findall(html)
        if not ids:
            return
        url = f"/atgardsplan/krav/{random.choice(ids)}/"
        self.wait()
        form = post_form(self.get(url, name="plan item form"), "status")
        if form is None:
            return
        self.wait()
        fields = dict(form["fields"])
        fields["status"] = random.choice(["not_started", "in_progress"])
        fields["responsible"] = f"Lasttest {self.person['username']}"
        self.post(url, name="plan item save (POST)", data=fields)

    @task(1)
    def export(self):
        fmt = random.choice(["csv", "xlsx"]) if not self.city else "csv"
        self._list(f"format={fmt}", name=f"asset export {fmt.upper()}"
                   + (" (city, 20,000 rows)" if self.city else " (unit)"))

    @task(1)
    def order_report(self):
        if self.city or next(_reports) >= REPORT_LIMIT:
            return self.browse_list()
        html = self.get(f"/rapporter/?enhet={self.unit}", name="report archive")
        if not html:
            return
        self.wait()
        r = self.post("/rapporter/?enhet=" + str(self.unit), name="report order (POST)", data={
            "kind": "unit_yearly", "unit": self.unit, "year": REPORT_YEAR,
        })
        location = r.headers.get("Location", "")
        match = re.search(r"/rapporter/(\d+)/", location)
        if match:
            self.get(location, name="report page")
            self.wait()
            self.get(f"/rapporter/{match.group(1)}/status/", name="report status (JSON)")
