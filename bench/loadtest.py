"""``make loadtest``: many users at once against the city-scale portal (not part of ``make test``).

    python -m bench.loadtest                          # 100 users, 2 minutes, database isms_bench
    LOADTEST_USERS_N=20 LOADTEST_TIME=30s python -m bench.loadtest   # a quick look

1. The database as ``make bench`` makes it (``BENCH_DB``, default ``isms_bench``; created,
   migrated and seeded with ``seed_scale --scale BENCH_SCALE`` when missing; reused otherwise).
2. The portal under gunicorn with production settings (DEBUG off, WhiteNoise) and
   ``LOADTEST_WORKERS`` (default 4) sync workers on ``127.0.0.1:LOADTEST_PORT`` (8766), and a
   real Celery worker (prefork, one process) on Redis ``LOADTEST_REDIS``
   (``redis://127.0.0.1:6379/5``: its own database number, emptied of this queue first).
3. locust, headless, ``bench/locustfile.py``: ``LOADTEST_USERS_N`` (100) users spawned at
   ``LOADTEST_SPAWN`` (2) a second, each logging in once, then ``LOADTEST_TIME`` (``2m``) with
   all of them walking the journeys, think time ``LOADTEST_WAIT`` ("2,8" seconds). The figures
   per page are those of that steady part: from the last user's login for ``LOADTEST_TIME``
   (every request is logged by the locustfile); the logins (Argon2, one per user, during the
   ramp-up) are reported on their own. Users are the seeded city's members (see ``users()``).
   locust stops itself at the end of its time (ramp-up + ``LOADTEST_TIME`` + 60 s for slow
   logins); the runner kills what is left after a grace period, so the run is bounded.
   ``LOADTEST_QUIET=1.5`` first waits (at most ``LOADTEST_QUIET_WAIT``, 600 s) until the
   machine's 1-minute load average is below 1.5, for a machine shared with other work.
4. While it runs, the CPU time of each part is sampled every second from ``/proc``
   (gunicorn workers, the PostgreSQL backends of this database, the Celery worker, locust
   itself, the whole machine) and the steady part's share is reported.
5. Afterwards it waits (at most ``LOADTEST_REPORT_WAIT``, 240 s) for the ordered reports, then
   writes throughput, median/p95 per page, errors and the CPU split between the markers
   ``<!-- loadtest:start -->`` and ``<!-- loadtest:end -->`` of ``docs/benchmarks.md``
   (``BENCH_OUT``), leaving the rest of the file (``make bench``'s) as it is.

Only 127.0.0.1 is ever targeted.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from bench.run import (
    HOST,
    ROOT,
    database_url,
    ensure_database,
    log,
    manage,
    query,
)

PY = sys.executable
PORT = int(os.environ.get("LOADTEST_PORT", "8766"))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "4"))
USERS_N = int(os.environ.get("LOADTEST_USERS_N", "100"))
SPAWN = float(os.environ.get("LOADTEST_SPAWN", "2"))
RUN_TIME = os.environ.get("LOADTEST_TIME", "2m")
WAIT = os.environ.get("LOADTEST_WAIT", "2,8")
REDIS = os.environ.get("LOADTEST_REDIS", "redis://127.0.0.1:6379/5")
REPORTS = int(os.environ.get("LOADTEST_REPORTS", "8"))
REPORT_WAIT = int(os.environ.get("LOADTEST_REPORT_WAIT", "240"))
START, END = "<!-- loadtest:start -->", "<!-- loadtest:end -->"
CITY_USERS = ("stad.01", "stad.02")  # the security function and the city-wide auditor


def seconds(text: str) -> int:
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?", text.strip())
    if not match or not any(match.groups()):
        raise SystemExit(f"LOADTEST_TIME: {text!r} (t.ex. 2m, 90s)")
    h, m, s = (int(g or 0) for g in match.groups())
    return h * 3600 + m * 60 + s


def users(db: str, n: int) -> list[dict]:
    """Who the simulated users are: the city's two see-all members, then the units' members who
    may edit (chief, coordinator, officials; not the auditors) taken across the units in turn
    (every unit's first member, then every unit's second, ...), each person once."""
    rows = query(db, """
        SELECT u.username, m.unit_id, m.role, o.kind
        FROM namnder_membership m
        JOIN auth_user u ON u.id = m.user_id
        JOIN namnder_organisationunit o ON o.id = m.unit_id
        WHERE u.username LIKE 'skala.%%' AND u.is_active AND o.is_active
        ORDER BY split_part(u.username, '.', 3), o.short_name""")
    city = [{"username": u, "unit": None, "city": True}
            for u, _unit, _role, kind in rows
            if kind == "city" and u.removeprefix("skala.") in CITY_USERS]
    units = [{"username": u, "unit": unit, "city": False}
             for u, unit, role, kind in rows
             if kind != "city" and role in ("chief", "coordinator", "official")]
    people = (city + units)[:n]
    if len(people) < n:
        raise SystemExit(f"Bara {len(people)} användare i databasen, {n} behövs.")
    return people


# --- Processes ----------------------------------------------------------------------------------

def start_gunicorn(env: dict, tmp: Path) -> subprocess.Popen:
    proc = subprocess.Popen(  # noqa: S603
        [PY, "-m", "gunicorn", "isms.wsgi:application", "--workers", str(WORKERS),
         "--bind", f"{HOST}:{PORT}", "--pid", str(tmp / "gunicorn.pid"), "--timeout", "120",
         "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    for _ in range(150):
        time.sleep(0.2)
        try:
            if _get("/logga-in/") == 200:
                return proc
        except OSError:
            pass
    proc.terminate()
    raise SystemExit("gunicorn svarade inte.")


def _get(path: str) -> int:
    conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": HOST})
        return conn.getresponse().status
    finally:
        conn.close()


def start_celery(env: dict, tmp: Path) -> subprocess.Popen:
    subprocess.run([PY, "-m", "celery", "-A", "isms", "purge", "-f"], cwd=ROOT, env=env,  # noqa: S603
                   check=False, capture_output=True)
    return subprocess.Popen(  # noqa: S603
        [PY, "-m", "celery", "-A", "isms", "worker", "--pool", "prefork", "--concurrency", "1",
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle",
         "-n", f"loadtest-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=open(tmp / "celery.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )


def stop(proc: subprocess.Popen | None, timeout: float = 30) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


class CpuSampler(threading.Thread):
    """Cumulative CPU seconds of each group of processes, sampled every second with the time
    (processes that come and go, such as PostgreSQL backends, count from when first seen)."""

    def __init__(self, groups):
        super().__init__(daemon=True)
        self.groups = groups  # name -> callable returning pids
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.owner: dict[int, str] = {}
        self.ticks: list[tuple[float, dict[str, float]]] = []
        self.done = threading.Event()

    def sample(self):
        for name, pids in self.groups.items():
            for pid in pids():
                try:
                    t = psutil.Process(pid).cpu_times()
                except psutil.Error:
                    continue
                self.first.setdefault(pid, t.user + t.system)
                self.last[pid] = t.user + t.system
                self.owner[pid] = name
        totals = dict.fromkeys(self.groups, 0.0)
        for pid, name in self.owner.items():
            totals[name] += self.last[pid] - self.first[pid]
        m = psutil.cpu_times()
        totals["_machine"] = m.user + m.nice + m.system + m.irq + m.softirq + m.steal
        totals["_load"] = os.getloadavg()[0]
        self.ticks.append((time.time(), totals))

    def run(self):
        self.sample()
        while not self.done.wait(1.0):
            self.sample()

    def stop(self):
        self.done.set()
        self.join(timeout=10)
        self.sample()

    def between(self, start: float, end: float) -> dict:
        """CPU seconds per group from the tick nearest ``start`` to the one nearest ``end``."""
        a = min(self.ticks, key=lambda t: abs(t[0] - start))
        b = min(self.ticks, key=lambda t: abs(t[0] - end))
        out = {name: b[1][name] - a[1].get(name, 0.0) for name in b[1]}
        out["_capacity"] = (b[0] - a[0]) * (psutil.cpu_count() or 1)
        out["_load"] = b[1]["_load"]
        return out


def children(pid: int) -> list[int]:
    try:
        return [c.pid for c in psutil.Process(pid).children(recursive=True)]
    except psutil.Error:
        return []


# --- Run ----------------------------------------------------------------------------------------

def run() -> None:
    db = os.environ.get("BENCH_DB", "isms_bench")
    scale = os.environ.get("BENCH_SCALE", "1")
    run_s = seconds(RUN_TIME)
    ramp_s = math.ceil(USERS_N / SPAWN)
    ensure_database(db, fresh=False)
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    tmp = Path(tempfile.mkdtemp(prefix="isms-loadtest-"))
    seed_env = {**base, "DATABASE_URL": database_url(db), "DEBUG": "true",
                "MEDIA_ROOT": str(tmp / "media")}
    log(f"Migrerar {db}")
    manage("migrate", "--noinput", env=seed_env)
    log(f"seed_scale --scale {scale} (återanvänds om staden redan finns)")
    manage("seed_scale", "--scale", scale, env=seed_env)
    prod_env = {
        **base, "DATABASE_URL": database_url(db), "DEBUG": "false",
        "SECRET_KEY": "loadtest-only-" + os.urandom(16).hex(), "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false", "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"), "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": REDIS, "EMAIL_URL": "dummymail://",
    }
    manage("collectstatic", "--noinput", env=prod_env)
    people = users(db, USERS_N)
    (tmp / "users.json").write_text(json.dumps(people))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,  # noqa: S607
                            capture_output=True, text=True).stdout.strip()
    wait_until_quiet()
    started = dt.datetime.now(dt.UTC)
    load_before = os.getloadavg()
    gunicorn = celery = locust = None
    try:
        gunicorn = start_gunicorn(prod_env, tmp)
        celery = start_celery(prod_env, tmp)
        backends = lambda: [r[0] for r in query(  # noqa: E731
            db, "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [db])]
        locust_env = {**base, "LOADTEST_USERS": str(tmp / "users.json"), "LOADTEST_WAIT": WAIT,
                      "LOADTEST_LOG": str(tmp / "requests.json"),
                      "LOADTEST_REPORTS": str(REPORTS),
                      "LOADTEST_REPORT_YEAR": str(dt.date.today().year - 1)}
        log(f"locust: {USERS_N} användare i {RUN_TIME} mot http://{HOST}:{PORT}")
        locust = subprocess.Popen(  # noqa: S603
            [PY, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
             "-u", str(USERS_N), "-r", str(SPAWN), "-t", f"{ramp_s + run_s + 60}s",
             "--stop-timeout", "15",
             "--host", f"http://{HOST}:{PORT}", "--only-summary",
             "--loglevel", "WARNING"],
            cwd=ROOT, env=locust_env, stdout=open(tmp / "locust.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        sampler = CpuSampler({
            "gunicorn workers": lambda: children(gunicorn.pid),
            "PostgreSQL backends (this database)": backends,
            "Celery worker": lambda: [celery.pid, *children(celery.pid)],
            "locust (the client)": lambda: [locust.pid],
        })
        sampler.start()
        try:
            locust.wait(timeout=ramp_s + run_s + 60 + 120)
        except subprocess.TimeoutExpired:
            log("locust stannade inte själv: avbryts")
            stop(locust, timeout=10)
        sampler.stop()
        reports = wait_for_reports(db, started)
    finally:
        stop(locust, timeout=10)
        stop(gunicorn)
        stop(celery, timeout=60)
    log_file = tmp / "requests.json"
    if not log_file.exists():
        raise SystemExit(f"locust skrev ingen logg: se {tmp / 'locust.log'} (LOADTEST_KEEP=1)")
    requests = json.loads(log_file.read_text())
    logins = [r for r in requests if r[1] == "login (POST)"]
    # The steady part: from the last login (every user walking) for LOADTEST_TIME.
    start = max(r[0] for r in logins) if len(logins) >= USERS_N else requests[0][0] + ramp_s
    steady = [r for r in requests if start < r[0] <= start + run_s and not r[1].startswith("login")]
    text = report(
        commit=commit, db=db, scale=scale, people=people, steady=steady, logins=logins,
        cpu=sampler.between(start, start + run_s), reports=reports,
        load_before=load_before[0], ramp_s=ramp_s, run_s=run_s,
    )
    print(text)
    out = Path(os.environ.get("BENCH_OUT", ROOT / "docs" / "benchmarks.md"))
    write_block(out, text)
    log(f"Skrivet till {out} (mellan {START} och {END})")
    if os.environ.get("LOADTEST_KEEP") != "1":
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        log(f"Loggar kvar i {tmp}")


def wait_until_quiet() -> None:
    limit = float(os.environ.get("LOADTEST_QUIET", "0") or 0)
    if not limit:
        return
    deadline = time.monotonic() + int(os.environ.get("LOADTEST_QUIET_WAIT", "600"))
    while os.getloadavg()[0] >= limit and time.monotonic() < deadline:
        log(f"Väntar på en lugnare maskin (load {os.getloadavg()[0]:.1f} >= {limit})")
        time.sleep(15)


def wait_for_reports(db: str, since: dt.datetime) -> list[tuple]:
    deadline = time.monotonic() + REPORT_WAIT
    sql = """SELECT status, extract(epoch FROM started_at - created_at),
                    extract(epoch FROM finished_at - started_at)
             FROM rapporter_report WHERE created_at >= %s ORDER BY id"""
    while True:
        rows = query(db, sql, [since])
        if all(r[0] in ("done", "failed") for r in rows) or time.monotonic() > deadline:
            return rows
        time.sleep(2)


def _num(x) -> str:
    x = float(x)
    return f"{x:.0f}" if x >= 10 else f"{x:.1f}"


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))] if values else 0.0


def report(*, commit, db, scale, people, steady, logins, cpu, reports, load_before, ramp_s,
           run_s) -> str:
    by_name: dict[str, list] = {}
    for r in steady:
        by_name.setdefault(r[1], []).append(r)
    pages = sorted(by_name.items(), key=lambda item: -len(item[1]))
    errors = [r for r in steady if r[4]]
    times = [r[3] for r in steady]
    mem = round(psutil.virtual_memory().total / 1024**3, 1)
    pg = query(db, "SHOW server_version")[0][0]
    city = sum(1 for p in people if p["city"])
    capacity = cpu.pop("_capacity")
    load_end = cpu.pop("_load")
    machine = cpu.pop("_machine")
    lines = [
        START,
        "## Load test (`make loadtest`)",
        "",
        "Written by `make loadtest` (`bench/loadtest.py`, journeys in `bench/locustfile.py`); "
        "re-run it to refresh this part. `make bench` keeps it.",
        "",
        f"- Date: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}; commit `{commit}`",
        f"- Machine: {os.cpu_count()} CPUs (nproc), {mem} GB memory; PostgreSQL {pg}; "
        f"Python {sys.version.split()[0]}; load average (1 min) before the run "
        f"{load_before:.1f}, at the end of the steady part {load_end:.1f}",
        f"- Server: gunicorn, {WORKERS} sync workers, DEBUG=false, WhiteNoise; one Celery worker "
        "(prefork, concurrency 1) on Redis; client (locust) on the same machine over HTTP",
        f"- Data: `seed_scale --scale {scale}` (database `{db}`)",
        f"- Load: {USERS_N} users ({city} city-wide, {USERS_N - city} unit members who may "
        f"edit), spawned {SPAWN:g}/s (ramp-up ~{ramp_s} s, one login each), then {RUN_TIME} "
        f"with all of them, think time {WAIT.replace(',', '–')} s between pages; journeys: "
        "asset list (first, later, filtered/sorted), asset detail, classify and save a draft, "
        "action plan and a requirement's status saved, list export (CSV/XLSX), order the "
        f"unit's yearly report (at most {REPORTS} in the run)",
        "",
        f"**Steady part ({run_s} s from the last login, {USERS_N} users): throughput "
        f"{len(steady) / run_s:.1f} requests/s; {len(steady)} requests, {len(errors)} errors; "
        f"median {_num(_pct(times, 0.5))} ms, p95 {_num(_pct(times, 0.95))} ms, "
        f"max {_num(max(times, default=0))} ms.**",
        "",
        "| page | requests | errors | median ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, rows in pages:
        t = [r[3] for r in rows]
        lines.append(f"| {name} | {len(rows)} | {sum(1 for r in rows if r[4])} | "
                     f"{_num(_pct(t, 0.5))} | {_num(_pct(t, 0.95))} | {_num(_pct(t, 0.99))} | "
                     f"{_num(max(t))} |")
    login_times = [r[3] for r in logins]
    lines += ["", f"Logins during the ramp-up (Argon2 check, one per user): {len(logins)}, "
              f"{sum(1 for r in logins if r[4])} errors, median "
              f"{_num(_pct(login_times, 0.5))} ms, p95 {_num(_pct(login_times, 0.95))} ms."]
    if errors:
        counts: dict[tuple, int] = {}
        for r in errors:
            counts[(r[2], r[1], r[4])] = counts.get((r[2], r[1], r[4]), 0) + 1
        lines += ["", "Errors:", ""]
        lines += [f"- {m} {n}: {e} ({c}×)" for (m, n, e), c in counts.items()]
    done = [r for r in reports if r[0] == "done"]
    lines += ["", f"Yearly reports ordered in the run: {len(reports)}; done {len(done)}, "
              f"failed {sum(1 for r in reports if r[0] == 'failed')}, unfinished "
              f"{sum(1 for r in reports if r[0] not in ('done', 'failed'))}"
              + (f"; generation median {_pct([r[2] for r in done], 0.5):.1f} s, "
                 f"longest wait in the queue {max(r[1] for r in done):.0f} s" if done else "")
              + " (Celery worker, one process)."]
    ours = sum(cpu.values())
    lines += [
        "",
        f"CPU seconds during the steady part (capacity {capacity:.0f} CPU-seconds: "
        f"{os.cpu_count()} CPUs × its wall time):",
        "",
        "| process | CPU s | share of capacity | per request ms |",
        "|---|---:|---:|---:|",
    ]
    for name, used in cpu.items():
        lines.append(f"| {name} | {used:.0f} | {100 * used / capacity:.0f} % | "
                     f"{1000 * used / max(len(steady), 1):.0f} |")
    other = max(machine - ours, 0.0)
    idle = max(capacity - machine, 0.0)
    lines += [
        f"| other work on the machine (not this test) | {other:.0f} | "
        f"{100 * other / capacity:.0f} % | |",
        f"| idle | {idle:.0f} | {100 * idle / capacity:.0f} % | |",
        "",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_block(path: Path, block: str) -> None:
    text = path.read_text() if path.exists() else ""
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + block.rstrip("\n") + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text)


if __name__ == "__main__":
    run()
