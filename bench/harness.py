"""Register figures, run them on a throwaway database, print one line per figure.

Each line reads `name value unit target PASS|FAIL`, e.g.
`healthz_p95_ms 3.1 ms <=50 PASS`, and may end with a note or the error after
`#`; the exit status is 1 when any figure fails.
The run uses its own SQLite database and var directory in a temporary
directory, migrated from scratch, and the embedded default otherwise (no
Redis, no external services), so figures compare across machines. Figures
that need the full stack (gunicorn, PostgreSQL) bring it up themselves
through bench/fullstack.py, and note when they had to run on SQLite.
"""

from __future__ import annotations

import argparse
import importlib
import operator
import os
import pkgutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

COMPARATORS: dict[str, Callable[[float, float], bool]] = {"<=": operator.le, ">=": operator.ge}


@dataclass(frozen=True)
class Figure:
    name: str
    unit: str
    comparator: str
    target: float
    measure: Callable[[], float | Noted]
    # Figures with a higher order run later: process-wide figures (peak memory) last.
    order: int = 0

    def passes(self, value: float) -> bool:
        return COMPARATORS[self.comparator](value, self.target)


@dataclass(frozen=True)
class Noted:
    """A measured value with a note printed beside it (what it was measured on)."""

    value: float
    note: str = ""


@dataclass(frozen=True)
class Result:
    figure: Figure
    value: float | None  # None when the measurement raised
    error: str = ""
    note: str = ""

    @property
    def passed(self) -> bool:
        return self.value is not None and self.figure.passes(self.value)

    def line(self) -> str:
        figure = self.figure
        value = "error" if self.value is None else f"{self.value:.1f}"
        target = f"{figure.comparator}{figure.target:g}"
        line = f"{figure.name} {value} {figure.unit} {target} {'PASS' if self.passed else 'FAIL'}"
        suffix = "; ".join(part for part in (self.error, self.note) if part)
        return f"{line}  # {suffix}" if suffix else line


REGISTRY: dict[str, Figure] = {}


def figure(
    name: str,
    *,
    unit: str,
    at_most: float | None = None,
    at_least: float | None = None,
    order: int = 0,
) -> Callable[[Callable[[], float | Noted]], Callable[[], float | Noted]]:
    """Register a function returning one number (or a Noted number) as the
    figure `name`, passing when it is `at_most` (or `at_least`) the target."""
    if (at_most is None) == (at_least is None):
        raise ValueError(f"figure {name}: give exactly one of at_most, at_least")
    comparator, target = ("<=", at_most) if at_most is not None else (">=", at_least)

    def register(measure: Callable[[], float | Noted]) -> Callable[[], float | Noted]:
        if name in REGISTRY:
            raise ValueError(f"figure {name} is registered twice")
        REGISTRY[name] = Figure(name, unit, comparator, float(target), measure, order)
        return measure

    return register


def p95_ms(request: Callable[[], object], *, samples: int = 200, warmup: int = 10) -> float:
    """The 95th percentile duration of `request()`, in milliseconds."""
    for _ in range(warmup):
        request()
    durations = []
    for _ in range(samples):
        started = time.perf_counter()
        request()
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.quantiles(durations, n=100, method="inclusive")[94]


def prepare_environment(directory: str) -> None:
    """Point Django at a fresh SQLite database under `directory`, set it up,
    migrate it and collect the static files."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ["PORTAL_VAR_DIR"] = directory
    os.environ["DEBUG"] = "false"  # no query log, production-like template loading
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "PORTAL_ENV", "CELERY_TASK_ALWAYS_EAGER"):
        os.environ.pop(name, None)
    # One bench client sends what thousands of people would: its requests are
    # still counted (the cost is measured) but never refused.
    for name in ("API_RATE_AGENCY_CLIENT", "API_RATE_USER", "API_RATE_ANON"):
        os.environ[name] = "1000000/min"
    os.environ["VNEID_TOKEN_RATE"] = "1000000/min"

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    # With DEBUG off the pages name hashed static files, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)


def load_figures() -> None:
    import bench.figures

    for module in pkgutil.iter_modules(bench.figures.__path__):
        importlib.import_module(f"bench.figures.{module.name}")


def run(names: list[str] | None = None) -> list[Result]:
    chosen = sorted(REGISTRY.values(), key=lambda figure: figure.order)
    if names:
        unknown = set(names) - REGISTRY.keys()
        if unknown:
            raise SystemExit(f"unknown figures: {', '.join(sorted(unknown))}")
        chosen = [figure for figure in chosen if figure.name in names]
    results = []
    for figure in chosen:
        try:
            measured = figure.measure()
            if isinstance(measured, Noted):
                result = Result(figure, float(measured.value), note=measured.note)
            else:
                result = Result(figure, float(measured))
        except Exception as exc:  # noqa: BLE001 - one broken figure must not hide the others
            result = Result(figure, None, error=f"{type(exc).__name__}: {exc}")
        print(result.line(), flush=True)
        results.append(result)
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("figures", nargs="*", help="names of the figures to run (default: all)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as directory:
        prepare_environment(directory)
        load_figures()
        results = run(args.figures)
    return 0 if all(result.passed for result in results) else 1
