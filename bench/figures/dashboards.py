"""The leader's dashboard of a city on the full stack (bench/fullstack.py): its
p95 over 1,000,000 dossiers and 100,000 complaints, and how much it grows from
a tenth of that history, with a number of queries that must not grow."""

from __future__ import annotations

import json
import sys
from functools import cache

from bench import fullstack
from bench.harness import Noted, figure

FEW = 100_000
MANY = 1_000_000
SAMPLES = 150


@cache
def _dashboard_run() -> dict | Exception:
    """The load and both measurements, run once for both figures (a failure too)."""
    try:
        stack = fullstack.stack()
        env = {**stack.env, "BENCH_OPTIONS": json.dumps(
            {"few": FEW, "many": MANY, "samples": SAMPLES})}  # fmt: skip
        out = fullstack._checked_run([sys.executable, "-m", "bench.dashboard_load"], env)
        found = json.loads(out.strip().splitlines()[-1])
    except Exception as error:  # noqa: BLE001 - raised again by each figure
        return error
    few, many = found["queries_few"], found["queries_many"]
    grown = [path for path in many if many[path] != few[path]]
    if grown:
        return RuntimeError(f"the queries grow with the history on {', '.join(grown)}")
    if found["full_scans"]:
        return RuntimeError(f"the page reads {', '.join(found['full_scans'])} in full")
    return found


def _run() -> dict:
    found = _dashboard_run()
    if isinstance(found, Exception):
        raise found
    return found


def _noted(value: float, note: str) -> Noted:
    stack_note = fullstack.stack().note
    return Noted(value, f"{note}; {stack_note}" if stack_note else note)


@figure("dashboard_p95_ms", unit="ms", at_most=200, order=33)
def dashboard_p95_ms() -> Noted:
    """The province leader's /dashboards/ (a month, a week) through the test client."""
    found = _run()
    queries = sorted(set(found["queries_many"].values()))
    return _noted(found["p95_many_ms"], (
        f"{found['many']:,} dossiers, {found['complaints']:,} complaints over "
        f"{found['days']} days, {found['units']} units; {'/'.join(map(str, queries))} queries, "
        "no full scan; "
        f"figures rebuilt in {found['rebuild_many_s']:.0f} s, loaded in {found['load_s']:.0f} s"
    ))  # fmt: skip


@figure("dashboard_growth_ratio", unit="x", at_most=1.5, order=34)
def dashboard_growth_ratio() -> Noted:
    found = _run()
    return _noted(found["p95_many_ms"] / found["p95_few_ms"], (
        f"p95 {found['p95_few_ms']:.1f} ms at {found['few']:,} dossiers, "
        f"{found['p95_many_ms']:.1f} ms at {found['many']:,}: history grows at the same "
        "daily rate, the open work does not"
    ))  # fmt: skip
