"""Figures of dossiers on the full stack (bench/fullstack.py): submissions over
HTTP to gunicorn on PostgreSQL by 32 concurrent citizens, against a trivial
JSON view on the same server; and a commune official's queue over a million
dossiers, with a query count that does not grow with the data."""

from __future__ import annotations

import re
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html import unescape

import requests

from bench import fullstack
from bench.harness import Noted, figure

CLIENTS = 32
WARMUP_SUBMITS = 2  # per client: connections, worker imports, caches, counters
MEASURED_SUBMITS = 16  # per client: 512 timed submissions
BASELINE_REQUESTS = 60  # per client, before and after the submissions
# The trivial JSON view the submissions are measured against: /livez reads
# neither database nor broker (/healthz reads both, and would flatter the ratio).
BASELINE_PATH = "/livez"
QUEUE_ROWS = 1_000_000
QUEUE_SAMPLES = 220
MESSAGES_COOKIE = "messages"  # Django's MESSAGE_COOKIE_NAME, which the portal keeps
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Phase:
    wall_s: float
    durations_ms: list[float]

    @property
    def per_second(self) -> float:
        return len(self.durations_ms) / self.wall_s


def _concurrently(work: list[Callable[[int], None]], per_client: int) -> Phase:
    """Each client runs its work `per_client` times, all clients at once,
    released together; the wall time runs from release to the last answer."""
    start = threading.Barrier(len(work) + 1)
    durations: list[list[float]] = [[] for _ in work]
    failures: list[BaseException] = []

    def client(index: int) -> None:
        start.wait()
        try:
            for k in range(per_client):
                began = time.perf_counter()
                work[index](k)
                durations[index].append((time.perf_counter() - began) * 1000)
        except BaseException as error:  # noqa: BLE001 - reported once all have stopped
            failures.append(error)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(len(work))]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if failures:
        raise failures[0]
    return Phase(wall, [d for per_client_durations in durations for d in per_client_durations])


class Citizen:
    """One browser: its own session cookie and CSRF token, its own drafts."""

    def __init__(self, base_url: str, cookie_name: str, prepared: dict) -> None:
        self.base_url = base_url
        self.drafts = prepared["drafts"]
        self.http = requests.Session()
        self.http.cookies.set(cookie_name, prepared["session"], domain="127.0.0.1", path="/")
        # The form page the browser submits from sets the CSRF cookie and carries the token.
        page = self.http.get(f"{base_url}/dossiers/{self.drafts[0]['pk']}/form/", timeout=30)
        found = _TOKEN.search(page.text)
        if page.status_code != 200 or found is None:
            raise RuntimeError(
                f"the form page answered {page.status_code} without a CSRF token: "
                f"{fullstack.server_log_tail()}"
            )
        self.token = unescape(found.group(1))

    def submit(self, index: int) -> None:
        draft = self.drafts[index]
        response = self.http.post(
            f"{self.base_url}/dossiers/{draft['pk']}/submit/",
            data={**draft["values"], "csrfmiddlewaretoken": self.token},
            allow_redirects=False, timeout=60,
        )  # fmt: skip
        if response.status_code != 302 or not response.headers["Location"].endswith(
            f"/dossiers/{draft['pk']}/"
        ):
            raise RuntimeError(
                f"a submission answered {response.status_code}: {fullstack.server_log_tail()}"
            )
        # The page the browser is sent to shows the confirmation, and so takes
        # it out of the messages cookie: without this, the confirmations of
        # every submission would pile up in the cookie, as no browser's do.
        self.http.cookies.pop(MESSAGES_COOKIE, None)

    def baseline(self, _index: int) -> None:
        response = self.http.get(f"{self.base_url}{BASELINE_PATH}", timeout=30)
        if response.status_code != 200:
            raise RuntimeError(f"GET {BASELINE_PATH} answered {response.status_code}")


@dataclass(frozen=True)
class SubmitRun:
    submits: Phase
    baseline_per_second: float
    note: str


@cache
def _submit_run() -> SubmitRun | Exception:
    """The submissions, run once for both figures (a failure too)."""
    try:
        return _submit_load()
    except Exception as error:  # noqa: BLE001 - raised again by each figure
        return error


def _submit_load() -> SubmitRun:
    """Prepare the drafts, then over HTTP: the trivial view, the submissions,
    the trivial view again (its mean rate is the baseline: the machine's load
    may drift meanwhile)."""
    stack = fullstack.stack()
    base_url = fullstack.server_start()
    try:
        prepared = fullstack.django_run(
            "prepare", clients=CLIENTS, per_client=WARMUP_SUBMITS + MEASURED_SUBMITS,
            gateway_url=f"{base_url}/gateway",
        )  # fmt: skip
        citizens = [Citizen(base_url, prepared["cookie_name"], p) for p in prepared["clients"]]
        baseline = [citizen.baseline for citizen in citizens]
        _concurrently(baseline, WARMUP_SUBMITS)
        cpu_start = fullstack.cpu_times()
        before = _concurrently(baseline, BASELINE_REQUESTS)
        cpu_baseline = fullstack.cpu_times()
        _concurrently([c.submit for c in citizens], WARMUP_SUBMITS)
        cpu_submits = fullstack.cpu_times()
        measured = _concurrently(
            [lambda k, c=c: c.submit(WARMUP_SUBMITS + k) for c in citizens], MEASURED_SUBMITS
        )
        cpu_end = fullstack.cpu_times()
        after = _concurrently(baseline, BASELINE_REQUESTS)
    finally:
        fullstack.server_stop()
    rate = statistics.mean([before.per_second, after.per_second])
    note = (
        f"{measured.per_second:.0f} submissions/s against {rate:.0f} req/s of {BASELINE_PATH} "
        f"(a trivial JSON view: no database, no broker), {CLIENTS} clients, "
        f"gunicorn {fullstack.WORKERS} workers"
    )
    if cpu_start and cpu_baseline and cpu_submits and cpu_end:
        trivial = cpu_baseline.per_request_ms(cpu_start, len(before.durations_ms))
        submit = cpu_end.per_request_ms(cpu_submits, len(measured.durations_ms))
        note += (
            f"; CPU per request (portal + database + clients): {BASELINE_PATH} "
            f"{trivial.portal:.1f} + {trivial.database:.1f} + {trivial.clients:.1f} ms, "
            f"a submission {submit.portal:.1f} + {submit.database:.1f} + {submit.clients:.1f} ms"
        )
    return SubmitRun(measured, rate, f"{note}; {stack.note}" if stack.note else note)


@figure("submit_throughput_ratio", unit="x", at_least=0.5, order=30)
def submit_throughput_ratio() -> Noted:
    run = _submit_run()
    if isinstance(run, Exception):
        raise run
    return Noted(run.submits.per_second / run.baseline_per_second, run.note)


@figure("submit_p95_ms", unit="ms", at_most=200, order=31)
def submit_p95_ms() -> Noted:
    run = _submit_run()
    if isinstance(run, Exception):
        raise run
    p95 = statistics.quantiles(run.submits.durations_ms, n=100, method="inclusive")[94]
    return Noted(p95, fullstack.stack().note)


@figure("official_queue_p95_ms", unit="ms", at_most=100, order=32)
def official_queue_p95_ms() -> Noted:
    """The queue page through the test client, cycling pages, filters and sorts.
    Raises when a page needs more queries over all the dossiers than over a
    twentieth of them, or when pages differ in their number of queries."""
    found = fullstack.django_run("queue", rows=QUEUE_ROWS, samples=QUEUE_SAMPLES)
    few, many = found["queries_few"], found["queries_many"]
    grown = [path for path in many if many[path] != few[path]]
    if grown:
        raise RuntimeError(f"the queries grow with the dossiers on {', '.join(grown)}")
    if len(set(many.values())) != 1:
        raise RuntimeError(f"pages differ in their number of queries: {many}")
    note = (
        f"{next(iter(many.values()))} queries on every page and filter, "
        f"{found['rows']:,} dossiers, {found['home_unit_rows']:,} of the official's unit"
    )
    stack_note = fullstack.stack().note
    return Noted(found["p95_ms"], f"{note}; {stack_note}" if stack_note else note)
