"""``make bench``: page times at city scale over HTTP, under production settings.

    python -m bench.run                   # the city (scale 1), database isms_bench
    BENCH_SCALE=0.1 python -m bench.run   # a tenth, quicker
    BENCH_DB=isms_bench_x BENCH_FRESH=1 python -m bench.run   # another database, re-seeded

1. Creates its own PostgreSQL database (``BENCH_DB``, default ``isms_bench``, on ``BENCH_PG``,
   default ``postgres://postgres@127.0.0.1:5432``; ICU Swedish collation), migrates it and runs
   ``seed_scale`` (a no-op when the city is already there; ``BENCH_FRESH=1`` drops it first),
   tops the audit trail up to a million events at scale 1 (``seed_audit_events --total``;
   ``BENCH_AUDIT_EVENTS`` for another number), then ``VACUUM ANALYZE`` (what autovacuum does
   on a live database), and times ``verify_audit_trail`` over the whole chain.
2. Collects the static files into a temporary folder and serves the portal under gunicorn, one
   sync worker, DEBUG off (WhiteNoise, manifest storage), through ``bench.wsgi`` which only adds
   a SQL query counter readable at ``/__bench__/last``.
3. Logs in over HTTP as the city-wide security function and as the chief of the unit with
   ~1,000 assets, each through the second step with the demo secret's code (``bench/otp.py``);
   times each page (``BENCH_WARMUP`` warm-up requests, then ``BENCH_N``, default 30) and reads
   its query count; the exports' peak worker memory is read from
   ``/proc/<worker>/status`` (VmHWM, reset through ``clear_refs`` before each export).
4. Renders the unit's and the city's yearly report PDF in a fresh process each (``bench.pdf``).
5. Prints the table and writes it to ``docs/benchmarks.md`` (``BENCH_OUT``).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import psycopg2

from bench import otp

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8765"))
HOST = "127.0.0.1"
N = int(os.environ.get("BENCH_N", "30"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "3"))
# Login page requests after each page (``Baseline``).
BASELINE_EVERY = int(os.environ.get("BENCH_BASELINE_EVERY", "5"))
EXPORT_N = int(os.environ.get("BENCH_EXPORT_N", "5"))
# BENCH_ONLY=<regex>: measure only the pages and exports whose name matches (no PDFs, and the
# result goes to stdout, not docs/benchmarks.md): for measuring one change quickly.
ONLY = re.compile(os.environ["BENCH_ONLY"], re.I) if os.environ.get("BENCH_ONLY") else None
# nämnder.demo.DEMO_PASSWORD: every scale user has it.
PASSWORD = "lis-demo-2026"  # noqa: S105
BIG_UNIT = "farsta"  # klassning.scale.BIG_UNIT
USERS = {  # nämnder.scale.security_username() / chief_username(BIG_UNIT)
    "stad": "skala.stad.01",
    "chef": f"skala.{BIG_UNIT}.01",
}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- Database -----------------------------------------------------------------------------------

def database_url(db: str) -> str:
    return os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/") + f"/{db}"


def ensure_database(db: str, fresh: bool) -> None:
    admin = psycopg2.connect(database_url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cur:
        if fresh:
            cur.execute(f'DROP DATABASE IF EXISTS "{db}"')
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
        if cur.fetchone() is None:
            log(f"Skapar databasen {db}")
            cur.execute(
                f"CREATE DATABASE \"{db}\" LOCALE_PROVIDER icu ICU_LOCALE 'sv-SE' "
                "LOCALE 'C.UTF-8' TEMPLATE template0"
            )
    admin.close()


def vacuum(db: str) -> None:
    """VACUUM ANALYZE after the bulk load, as autovacuum would have done on a live database:
    index-only scans need the visibility map, and the planner fresh statistics."""
    conn = psycopg2.connect(database_url(db))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    finally:
        conn.close()


def manage(*args: str, env: dict) -> str:
    done = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True,  # noqa: S603
                          capture_output=True, text=True)
    return done.stdout


def query(db: str, sql: str, params=()):
    conn = psycopg2.connect(database_url(db))
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
    finally:
        conn.close()


# --- HTTP ---------------------------------------------------------------------------------------

class Client:
    """A tiny browser: keeps cookies (also Secure ones: production sets them over HTTP here)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        conn = http.client.HTTPConnection(HOST, PORT, timeout=600)
        hdrs = {"Host": HOST, **(headers or {})}
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.perf_counter()
        conn.request(method, path, body=body, headers=hdrs)
        response = conn.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - start
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response.status, dict(response.getheaders()), data, elapsed

    def get(self, path: str):
        return self.request("GET", path)

    def login(self, username: str) -> None:
        status, _h, page, _t = self.get("/logga-in/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        status, headers, _d, _t = self.request("POST", "/logga-in/", body, {
            "Content-Type": "application/x-www-form-urlencoded",
        })
        if status != 302:
            raise SystemExit(f"Inloggningen som {username} misslyckades (HTTP {status}).")
        status, headers, _d, _t = self.get("/")
        if status == 302 and headers.get("Location", "").startswith(otp.VERIFY_PATH):
            self.second_step(username)

    def second_step(self, username: str) -> None:
        """The privileged scale users' second step: the demo secret's current code
        (``bench/otp.py``; a step already used by an earlier login is skipped)."""
        for code in otp.codes():
            _s, _h, page, _t = self.get(otp.VERIFY_PATH)
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            body = urllib.parse.urlencode(
                {"code": code, "csrfmiddlewaretoken": token.decode()}
            ).encode()
            status, _h, _d, _t = self.request("POST", otp.VERIFY_PATH, body, {
                "Content-Type": "application/x-www-form-urlencoded",
            })
            if status == 302:
                return
        raise SystemExit(f"Tvåstegsverifieringen som {username} misslyckades.")


def last_query_count() -> int | None:
    _s, _h, data, _t = Client().get("/__bench__/last")
    return json.loads(data)["queries"]


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def reset_peak(pid: int) -> bool:
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024


def measure(client: Client, path: str, n: int, warmup: int) -> dict:
    for _ in range(warmup):
        status, _h, _d, _t = client.get(path)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}")
    times = []
    for _ in range(n):
        status, _h, data, elapsed = client.get(path)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}")
        times.append(elapsed * 1000)
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "queries": last_query_count(), "bytes": len(data), "times": times,
    }


class Baseline:
    """The login page GET, the ruler of every ratio, sampled through the whole run: ``N``
    requests at the start, ``BASELINE_EVERY`` after each page, ``N`` at the end. On a shared
    machine its median drifted by a third between runs minutes apart (3.7 and 5.2 ms), and a
    ruler read only at the start moved every ratio with it; the ratios divide by the median
    of all the samples."""

    def __init__(self, client: Client):
        self.client, self.times, self.start, self.end = client, [], None, None

    def sample(self, n: int, warmup: int = 0) -> dict:
        r = measure(self.client, "/logga-in/", n, warmup)
        self.times += r["times"]
        return r

    def result(self) -> dict:
        times = sorted(self.times)
        return {"median": statistics.median(times),
                "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
                "queries": 0, "bytes": 0, "samples": len(times),
                "start": self.start, "end": self.end}


# --- The pages ----------------------------------------------------------------------------------

def targets(db: str) -> dict:
    """The ids the pages need, read from the bench database."""
    unit = query(db, "SELECT id FROM namnder_organisationunit WHERE short_name = %s",
                 [BIG_UNIT])[0][0]
    asset = query(db, """
        SELECT a.id FROM klassning_informationasset a
        JOIN klassning_classification c ON c.asset_id = a.id AND c.status = 'approved'
        WHERE a.unit_id = %s ORDER BY c.number DESC, a.id LIMIT 1""", [unit])[0][0]
    # The unit's asset held by the most IT-service link records: one linked early to the
    # services the whole city shares (each later record of theirs holds it too).
    linked = query(db, """
        SELECT h.informationasset_id FROM klassning_historicalitservice_assets h
        JOIN klassning_informationasset a ON a.id = h.informationasset_id
        WHERE a.unit_id = %s GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1""", [unit])
    draft = query(db, """
        SELECT c.id FROM klassning_classification c JOIN klassning_informationasset a
        ON a.id = c.asset_id WHERE a.unit_id = %s AND c.status = 'draft'
        ORDER BY c.id LIMIT 1""", [unit])
    service = query(db, """
        SELECT s.id FROM klassning_itservice s
        JOIN klassning_itservice_user_units u ON u.itservice_id = s.id AND u.organisationunit_id = %s
        JOIN klassning_itservice_assets l ON l.itservice_id = s.id
        GROUP BY s.id ORDER BY count(*) DESC, s.id LIMIT 1""", [unit])[0][0]
    supplier = query(db, """SELECT supplier_id FROM leverantorer_supplier_it_services
        GROUP BY supplier_id ORDER BY count(*) DESC, supplier_id LIMIT 1""")
    risk = query(db, "SELECT id FROM risk_risk WHERE unit_id = %s ORDER BY id LIMIT 1", [unit])
    incident = query(db, "SELECT id FROM incidenter_incident WHERE unit_id = %s "
                         "ORDER BY discovered_at DESC, id DESC LIMIT 1", [unit])
    finding = query(db, "SELECT id FROM ledningssystem_finding WHERE unit_id = %s ORDER BY id "
                        "LIMIT 1", [unit])
    chief = query(db, "SELECT id FROM auth_user WHERE username = %s", [USERS["chef"]])[0][0]
    # klassning.views.it_services.HISTORY_PAGE saves a page.
    saves = query(db, "SELECT COUNT(*) FROM klassning_historicalitservice WHERE id = %s",
                  [service])[0][0]
    return {"service_last_page": max(1, -(-saves // 25)), "unit": unit, "asset": asset,
            "linked_asset": linked[0][0] if linked else asset,
            "draft": draft[0][0] if draft else None, "chief": chief,
            "finding": finding[0][0] if finding else None,
            "service": service, "supplier": supplier[0][0] if supplier else None,
            "incident": incident[0][0] if incident else None,
            "risk": risk[0][0] if risk else None, **audit_targets(db, unit)}


def audit_targets(db: str, unit: int) -> dict:
    """The audit log's pages: 90 % of the chain back, the chief's own events in their unit
    (and their oldest page), and a month in the middle of the chain."""
    head = query(db, "SELECT seq FROM sparbarhet_chainhead WHERE id = 1")
    head = head[0][0] if head else 0
    if head < 100:
        return {}
    actor = query(db, "SELECT id FROM auth_user WHERE username = %s", [USERS["chef"]])[0][0]
    own = query(db, "SELECT seq FROM sparbarhet_auditevent WHERE unit_id = %s AND actor_id = %s "
                    "ORDER BY seq LIMIT 1 OFFSET 3", [unit, actor])
    middle = query(db, "SELECT occurred_at FROM sparbarhet_auditevent WHERE seq = %s",
                   [head // 2])[0][0]
    return {"audit_head": head, "audit_late": head - round(head * 0.9),
            "audit_own_late": own[0][0] if own else None,
            "audit_month": (middle.date(), middle.date() + dt.timedelta(days=30))}


def pages(t: dict) -> list[tuple[str, str]]:
    u = t["unit"]
    rows = [
        ("minimal authenticated page (Mina notiser)", "/notiser/"),
        ("start page", "/"),
        ("unit page", f"/enheter/{u}/"),
        ("unit dashboard (översikt)", f"/oversikt/enheter/{u}/"),
        ("asset list, first page", "/informationsmangder/"),
        ("asset list, last page", "/informationsmangder/?sida=999999"),
        ("asset list, filtered (översyn försenad)", "/informationsmangder/?review=overdue"),
        ("asset list, sorted by profile", "/informationsmangder/?sort=profil"),
        ("asset list, filtered (översyn försenad), last page",
         "/informationsmangder/?review=overdue&sida=999999"),
        ("asset list, sorted by profile, last page", "/informationsmangder/?sort=profil&sida=999999"),
        ("asset detail", f"/informationsmangder/{t['asset']}/"),
        ("asset history (full, first page)", f"/informationsmangder/{t['asset']}/historik/"),
        ("asset detail (longest link history)", f"/informationsmangder/{t['linked_asset']}/"),
    ]
    if t["draft"]:
        rows.append(("classification form (draft)", f"/klassningar/{t['draft']}/andra/"))
    rows += [
        ("IT service list", "/it-tjanster/"),
        ("IT service detail (most-linked shared)", f"/it-tjanster/{t['service']}/"),
        ("IT service history (full, first page)", f"/it-tjanster/{t['service']}/historik/"),
        ("IT service history (full, last page)",
         f"/it-tjanster/{t['service']}/historik/?sida={t['service_last_page']}"),
        ("action plan (unit)", f"/enheter/{u}/atgardsplan/"),
        ("history (unit)", f"/enheter/{u}/historik/"),
        ("report archive", "/rapporter/"),
        ("Mina it-tjänster", "/it-tjanster/mina/"),
        ("two-factor login (own page)", "/tvastegsverifiering/"),
        ("supplier list", "/leverantorer/"),
        ("incident list", "/incidenter/"),
        ("incident list, overdue obligations", "/incidenter/?overdue=on"),
        ("incident deadlines (city-wide)", "/incidenter/frister/"),
        ("steering documents", "/ledningssystem/styrdokument/"),
        ("training completions", "/ledningssystem/utbildning/"),
        ("training share per unit", "/ledningssystem/utbildning/medarbetare/"),
        ("audits", "/ledningssystem/granskningar/"),
        ("findings", "/ledningssystem/iakttagelser/"),
        ("access reviews", "/ledningssystem/behorighetsuppfoljning/"),
        ("Statement of Applicability (unit)", f"/ledningssystem/soa/{u}/"),
    ]
    if t.get("finding"):
        rows += [
            ("finding detail", f"/ledningssystem/iakttagelser/{t['finding']}/"),
            ("finding to the action plan (pick a requirement)",
             f"/ledningssystem/iakttagelser/{t['finding']}/atgardsplan/"),
        ]
    if t.get("supplier"):
        rows.append(("supplier detail (most IT services)", f"/leverantorer/{t['supplier']}/"))
    if t.get("incident"):
        rows.append(("incident detail", f"/incidenter/{t['incident']}/"))
    rows += [
        ("risk register (unit)", f"/risker/?unit={u}"),
        ("risk register, filtered (försenade)", f"/risker/?unit={u}&overdue=on"),
        ("risk heatmap (unit)", f"/risker/riskkarta/?unit={u}"),
    ]
    if t.get("risk"):
        rows.append(("risk detail", f"/risker/{t['risk']}/"))
    rows.append(("Mina personuppgifter", "/sparbarhet/mina-personuppgifter/"))
    if t.get("audit_head"):
        own = f"/sparbarhet/logg/?unit={u}&person={USERS['chef']}"
        start, end = t["audit_month"]
        rows += [
            ("audit log, first page", "/sparbarhet/logg/"),
            (f"audit log, {t['audit_head'] - t['audit_late']:,} events back".replace(",", " "),
             f"/sparbarhet/logg/?fore={t['audit_late']}"),
            ("audit log, one unit and one person", own),
            ("audit log, one unit and one person, oldest page", f"{own}&fore={t['audit_own_late']}"),
            ("audit log, reads in a month", f"/sparbarhet/logg/?kind=read&fran={start}&till={end}"),
        ]
    return rows


def city_pages(t: dict) -> list[tuple[str, str]]:
    """Pages only the city-wide roles open (the chief's column stays empty; a chief gets 403)."""
    return [
        ("city dashboard (stadens översikt)", "/oversikt/stad/"),
        ("city dashboard, sorted (klassad andel)", "/oversikt/stad/?sort=classified"),
        ("city dashboard export CSV", "/oversikt/stad/?format=csv"),
        ("audit trail verifications (kontroller)", "/sparbarhet/kontroller/"),
        ("people (Personuppgifter i portalen)", "/sparbarhet/personer/"),
        ("a person's personal data (the chief's)", f"/sparbarhet/personer/{t['chief']}/"),
    ]


def log_exports(t: dict) -> list[tuple[str, str]]:
    if not t.get("audit_head"):
        return []
    return [("audit log export CSV (one unit)", f"/sparbarhet/logg/?unit={t['unit']}&format=csv")]


EXPORTS = [
    ("asset export CSV", "/informationsmangder/?format=csv"),
    ("asset export XLSX", "/informationsmangder/?format=xlsx"),
]


# --- Running ------------------------------------------------------------------------------------

def machine(db: str) -> dict:
    mem = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,  # noqa: S607
                            capture_output=True, text=True).stdout.strip()
    counts = {
        name: query(db, f"SELECT count(*) FROM {table}")[0][0]  # noqa: S608 (constant names)
        for name, table in (
            ("units", "namnder_organisationunit"), ("members", "namnder_membership"),
            ("information assets", "klassning_informationasset"),
            ("IT services", "klassning_itservice"),
            ("classifications", "klassning_classification"),
            ("assessments", "klassning_classificationassessment"),
            ("unit plan items", "klassning_unitrequirement"),
            ("IT service plan items", "klassning_servicerequirement"),
            ("audit events", "sparbarhet_auditevent"),
            ("history records (assets, classifications, assessments, plans, services)",
             "(SELECT 1 FROM klassning_historicalinformationasset UNION ALL "
             "SELECT 1 FROM klassning_historicalclassification UNION ALL "
             "SELECT 1 FROM klassning_historicalclassificationassessment UNION ALL "
             "SELECT 1 FROM klassning_historicalunitrequirement UNION ALL "
             "SELECT 1 FROM klassning_historicalservicerequirement UNION ALL "
             "SELECT 1 FROM klassning_historicalitservice) h"),
        )
    }
    return {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "nproc": os.cpu_count(),
        "memory_gb": round(int(mem) / 1024 / 1024, 1), "commit": commit,
        "postgres": query(db, "SHOW server_version")[0][0],
        "python": sys.version.split()[0], "counts": counts,
    }


def serve(env: dict, tmp: Path) -> subprocess.Popen:
    pidfile = tmp / "gunicorn.pid"
    proc = subprocess.Popen(  # noqa: S603
        [PY, "-m", "gunicorn", "bench.wsgi:application", "--workers", "1",
         "--bind", f"{HOST}:{PORT}", "--pid", str(pidfile), "--timeout", "600",
         "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    for _ in range(100):
        time.sleep(0.2)
        try:
            if Client().get("/logga-in/")[0] == 200:
                return proc
        except OSError:
            pass
    proc.terminate()
    raise SystemExit("gunicorn svarade inte.")


def run() -> None:
    db = os.environ.get("BENCH_DB", "isms_bench")
    scale = os.environ.get("BENCH_SCALE", "1")
    ensure_database(db, fresh=os.environ.get("BENCH_FRESH") == "1")
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    tmp = Path(tempfile.mkdtemp(prefix="isms-bench-"))
    seed_env = {**base, "DATABASE_URL": database_url(db), "DEBUG": "true",
                "MEDIA_ROOT": str(tmp / "media")}
    log(f"Migrerar {db}")
    manage("migrate", "--noinput", env=seed_env)
    log(f"seed_scale --scale {scale} (återanvänds om staden redan finns)")
    t0 = time.perf_counter()
    seed_out = manage("seed_scale", "--scale", scale, env=seed_env)
    seed_s = time.perf_counter() - t0
    log(seed_out.strip().splitlines()[-1] if seed_out.strip() else "")
    # The audit log at a million events (scale 1): seed_scale adds them to a new city; a city
    # seeded before gets what is missing.
    audit_events = int(os.environ.get("BENCH_AUDIT_EVENTS", round(1_000_000 * float(scale))))
    log(f"seed_audit_events --total {audit_events}")
    log(manage("seed_audit_events", "--total", str(audit_events), env=seed_env).strip())
    vacuum(db)
    verify_s = 0.0
    if not ONLY:
        log("verify_audit_trail")
        t0 = time.perf_counter()
        manage("verify_audit_trail", env=seed_env)
        verify_s = time.perf_counter() - t0
    prod_env = {
        **base, "DATABASE_URL": database_url(db), "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + os.urandom(16).hex(), "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false", "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"), "LOG_LEVEL": "WARNING",
    }
    manage("collectstatic", "--noinput", env=prod_env)
    info = machine(db)
    t = targets(db)
    server = serve(prod_env, tmp)
    results: dict[str, dict] = {}
    exports: dict[str, dict] = {}
    try:
        worker = worker_pid(server.pid)
        baseline = Baseline(Client())
        log("login page (baseline)")
        baseline.start = baseline.sample(N, WARMUP)["median"]
        results["login page GET (baseline)"] = {}
        for who, username in USERS.items():
            client = Client()
            client.login(username)
            for name, path in pages(t) + (city_pages(t) if who == "stad" else []):
                if ONLY and not ONLY.search(name):
                    continue
                log(f"{who}: {name}")
                results.setdefault(name, {})[who] = measure(client, path, N, WARMUP)
                baseline.sample(BASELINE_EVERY)
            for name, path in [*EXPORTS, *log_exports(t)]:
                if ONLY and not ONLY.search(name):
                    continue
                log(f"{who}: {name}")
                client.get(path)  # warm-up
                times, peaks = [], []
                for _ in range(EXPORT_N):
                    reset = reset_peak(worker)
                    _s, _h, data, elapsed = client.get(path)
                    times.append(elapsed * 1000)
                    peaks.append(peak_mb(worker) if reset else None)
                exports.setdefault(name, {})[who] = {
                    "median": statistics.median(times), "max": max(times),
                    "queries": last_query_count(), "bytes": len(data),
                    "peak_mb": max(p for p in peaks if p is not None) if any(peaks) else None,
                    "rss_mb": peak_mb(worker),
                }
        baseline.end = baseline.sample(N)["median"]
        results["login page GET (baseline)"] = dict.fromkeys(("stad", "chef"), baseline.result())
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    pdfs = {}
    if ONLY:
        shutil.rmtree(tmp, ignore_errors=True)
        print(report(info, scale, seed_out, 0, results, exports, pdfs, verify_s))
        return
    # The unit's report as it is, the same unit grown to 3,000 assets (issue 9: a 3,000-asset
    # unit's PDF; bench.pdf moves other units' assets into it inside its rolled-back
    # transaction), and the city's.
    for label, args in ((BIG_UNIT, [BIG_UNIT]),
                        (f"{BIG_UNIT}, grown to 3 000 assets", [BIG_UNIT, "--assets", "3000"]),
                        ("city", ["stad"])):
        log(f"PDF {label}")
        out = subprocess.run([PY, "-m", "bench.pdf", *args], cwd=ROOT, env=prod_env,  # noqa: S603
                             capture_output=True, text=True, check=True).stdout
        pdfs[label] = json.loads(out.strip().splitlines()[-1])
    shutil.rmtree(tmp, ignore_errors=True)
    text = report(info, scale, seed_out, seed_s, results, exports, pdfs, verify_s)
    print(text)
    out = Path(os.environ.get("BENCH_OUT", ROOT / "docs" / "benchmarks.md"))
    out.write_text(keep_sections(text, out.read_text() if out.exists() else ""))
    log(f"Skrivet till {out}")


LOADTEST = ("<!-- loadtest:start -->", "<!-- loadtest:end -->")
HISTORY = "<!-- history -->"


def keep_sections(text: str, old: str) -> str:
    """The new report, followed by what the file already held that this run does not measure:
    the load test's block (``make loadtest`` writes it between its markers) and the history of
    earlier runs (everything after the ``<!-- history -->`` marker, kept by hand)."""
    start, end = LOADTEST
    if start in old and end in old.split(start, 1)[1]:
        block = start + old.split(start, 1)[1].split(end, 1)[0] + end
        text += "\n" + block + "\n"
    if HISTORY in old:
        text += "\n" + HISTORY + old.split(HISTORY, 1)[1]
    return text


def _ms(x: float) -> str:
    return f"{x:.0f}" if x >= 10 else f"{x:.1f}"


def _baseline_line(r: dict) -> str:
    if r.get("start") is None:
        return ""
    return (f"- Baseline (× login): the login page sampled through the run, {r['samples']} "
            f"requests ({N} at the start, {BASELINE_EVERY} after each page, {N} at the end): "
            f"median {_ms(r['median'])} ms; {_ms(r['start'])} ms at the start, "
            f"{_ms(r['end'])} ms at the end")


def report(info, scale, seed_out, seed_s, results, exports, pdfs, verify_s=None) -> str:
    base = results["login page GET (baseline)"]["stad"]["median"]
    counts = "; ".join(f"{v:,}".replace(",", " ") + f" {k}" for k, v in info["counts"].items())
    seeded_now = "redan" not in seed_out
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); re-run it to refresh this file. Compare within "
        "one run (the ratio to the login page), never absolute times across runs or machines.",
        "",
        f"- Date: {info['date']}; commit `{info['commit']}`",
        f"- Machine: {info['nproc']} CPUs (nproc), {info['memory_gb']} GB memory; PostgreSQL "
        f"{info['postgres']}; Python {info['python']}",
        "- Server: gunicorn, 1 sync worker, DEBUG=false, WhiteNoise (manifest), "
        "CONN_MAX_AGE as configured (default 60); client on the same machine over HTTP",
        f"- Data: `seed_scale --scale {scale}`: {counts}",
        f"- Seeding: {f'{seed_s:.0f} s' if seeded_now else 'reused (already seeded)'}",
        f"- Audit trail: `verify_audit_trail` over all {info['counts'].get('audit events', 0):,} "
        f"events: {verify_s:.0f} s".replace(",", " ") if verify_s is not None else "",
        f"- Pages: median and p95 of {N} requests after {WARMUP} warm-up; queries: the SQL "
        "statements of the last request (counted in the worker by `bench/wsgi.py`)",
        _baseline_line(results["login page GET (baseline)"]["stad"]),
        "- Users: *city* = the city-wide security function (sees every unit), *chief* = the "
        f"förvaltningschef of {BIG_UNIT} (~1,000 assets at scale 1)",
        "",
        "| page | city median ms | city p95 | city queries | city × login | chief median ms "
        "| chief p95 | chief queries | chief × login |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, by in results.items():
        cells = []
        for who in ("stad", "chef"):
            r = by.get(who)
            cells += ([_ms(r["median"]), _ms(r["p95"]), str(r["queries"]),
                       f"{r['median'] / base:.1f}"] if r else ["–"] * 4)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Exports (median and max of {EXPORT_N} after one warm-up; peak = the worker's VmHWM "
        "during the request, reset before each; RSS after = the worker's peak since it started):",
        "",
        "| export | user | median ms | max ms | queries | size kB | worker peak MB |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, by in exports.items():
        for who, r in by.items():
            peak = f"{r['peak_mb']:.0f}" if r["peak_mb"] else f"n/a (RSS {r['rss_mb']:.0f})"
            lines.append(f"| {name} | {who} | {_ms(r['median'])} | {_ms(r['max'])} | "
                         f"{r['queries']} | {r['bytes'] / 1024:.0f} | {peak} |")
    lines += [
        "",
        "Yearly report PDF (`bench/pdf.py`, one fresh process each: selectors + HTML + "
        "WeasyPrint, not archived):",
        "",
        "| report | HTML s | total s | pages | size kB | process peak MB (before) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, r in pdfs.items():
        lines.append(f"| {label} ({r['assets']} assets) | {r['html_s']:.1f} | "
                     f"{r['total_s']:.1f} | {r['pages']} | {r['bytes'] / 1024:.0f} | "
                     f"{r['rss_peak_mb']:.0f} ({r['rss_before_mb']:.0f}) |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    run()
