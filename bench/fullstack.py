"""The full stack the dossier figures run on: a throwaway PostgreSQL database
(SQLite when PostgreSQL cannot be reached), migrated from scratch, and
gunicorn serving the portal on a free local port.

The bench's own process stays on its SQLite database: whatever must run
inside Django on the full-stack database (preparing drafts, generating a
million dossiers) runs in a child process, `python -m bench.dossier_load`,
with the same environment as the server.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
SQLITE_NOTE = "sqlite: PostgreSQL not reachable"
# As gunicorn recommends: two workers per core, and one more.
WORKERS = 2 * (os.cpu_count() or 1) + 1
# The gateway answers at once: preparing drafts must not wait on simulated latency.
INSTANT_GATEWAY = ",".join(
    f"{source}=0:0"
    for source in (
        "population", "civil_status", "vneid_documents", "business_registration", "insurance",
        "land",
    )
)  # fmt: skip


@dataclass
class Stack:
    database_url: str
    env: dict[str, str]
    vendor: str  # "postgresql" or "sqlite"
    note: str = ""  # said beside every figure measured on this stack
    log: Path = field(default_factory=Path)


def _postgres_database(admin_url: str) -> str | None:
    """Create `bench_<pid>` next to the admin database and return its URL, or
    None when PostgreSQL does not answer. The database is dropped at exit."""
    import psycopg

    try:
        connection = psycopg.connect(admin_url, connect_timeout=3, autocommit=True)
    except psycopg.Error:
        return None
    name = f"bench_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    atexit.register(_postgres_drop, admin_url, name)
    parts = urlsplit(admin_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _postgres_drop(admin_url: str, name: str) -> None:
    import psycopg

    server_stop()  # its connections would keep the database open
    try:
        connection = psycopg.connect(admin_url, connect_timeout=3, autocommit=True)
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.close()
    except psycopg.Error as error:
        print(f"# could not drop the database {name}: {error}", file=sys.stderr)


@cache
def stack() -> Stack:
    """The database, created and migrated once per bench run."""
    var_dir = Path(os.environ.get("PORTAL_VAR_DIR") or ROOT / "var") / "fullstack"
    var_dir.mkdir(parents=True, exist_ok=True)
    url = _postgres_database(os.environ.get("BENCH_DATABASE_URL") or DEFAULT_ADMIN_URL)
    vendor, note = "postgresql", ""
    if url is None:
        url, vendor, note = f"sqlite:///{var_dir}/fullstack.sqlite3", "sqlite", SQLITE_NOTE
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": url,
        "PORTAL_VAR_DIR": str(var_dir),
        "DEBUG": "false",
        "GATEWAY_BEHAVIOUR": INSTANT_GATEWAY,
        "PYTHONPATH": str(ROOT),
    }
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "PORTAL_ENV", "CELERY_TASK_ALWAYS_EAGER"):
        env.pop(name, None)
    found = Stack(url, env, vendor, note, log=var_dir / "server.log")
    _checked_run([sys.executable, "manage.py", "migrate", "--no-input", "-v0"], found.env)
    # With DEBUG off the pages name hashed static files, as in production.
    _checked_run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], found.env)
    return found


def _checked_run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise RuntimeError(f"{' '.join(command[1:3])} failed: {' | '.join(tail)}")
    return done.stdout


def django_run(command: str, **options: object) -> dict:
    """Run `python -m bench.dossier_load <command>` on the stack's database and
    return the JSON object it prints last."""
    found = stack()
    env = {**found.env, "BENCH_OPTIONS": json.dumps(options)}
    out = _checked_run([sys.executable, "-m", "bench.dossier_load", command], env)
    return json.loads(out.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_server: subprocess.Popen | None = None


def server_start() -> str:
    """Start gunicorn, as the production image runs it, and return its base
    URL once /healthz answers."""
    global _server
    found = stack()
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**found.env, "GATEWAY_URL": f"{base_url}/gateway", "PORTAL_BASE_URL": base_url}
    command = [
        sys.executable, "-m", "gunicorn", "portal.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--backlog", "256",
        "--log-level", "warning", "--timeout", "60",
    ]  # fmt: skip
    with found.log.open("ab") as log:
        _server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        _server_wait(base_url, found.log)
    except BaseException:
        server_stop()
        raise
    return base_url


def _server_wait(base_url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if _server is None or _server.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {_log_tail(log)}")
        try:
            if requests.get(f"{base_url}/healthz", timeout=10).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still importing
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within 60 s: {_log_tail(log)}")


def server_stop() -> None:
    global _server
    if _server is None:
        return
    if _server.poll() is None:
        _server.send_signal(signal.SIGTERM)
        try:
            _server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            _server.kill()
            _server.wait()
    _server = None


@dataclass(frozen=True)
class CpuTimes:
    """CPU seconds used so far: by the portal (gunicorn's master and workers),
    by PostgreSQL's processes (all of them: the machine's other databases too)
    and by this process (the bench's clients)."""

    portal: float
    database: float
    clients: float

    def per_request_ms(self, since: CpuTimes, requests: int) -> CpuTimes:
        return CpuTimes(*(
            (now - then) * 1000 / requests
            for now, then in zip(
                (self.portal, self.database, self.clients),
                (since.portal, since.database, since.clients), strict=True,
            )
        ))  # fmt: skip


def _proc_cpu_seconds(pid: str) -> tuple[float, int, str]:
    """(CPU seconds, parent pid, command line) of a process, from /proc."""
    with open(f"/proc/{pid}/stat") as stat_file:
        fields = stat_file.read().rsplit(")", 1)[1].split()
    with open(f"/proc/{pid}/cmdline", "rb") as cmdline_file:
        command = cmdline_file.read().replace(b"\0", b" ").decode(errors="replace")
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks, int(fields[1]), command


def cpu_times() -> CpuTimes | None:
    """Where the CPU went, or None where /proc cannot tell (not Linux)."""
    if _server is None or not Path("/proc/self/stat").exists():
        return None
    portal = database = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            seconds, parent, command = _proc_cpu_seconds(pid)
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if int(pid) == _server.pid or parent == _server.pid:
            portal += seconds
        elif command.startswith("postgres"):
            database += seconds
    return CpuTimes(portal, database, sum(os.times()[:2]))


def server_log_tail() -> str:
    return _log_tail(stack().log)


def _log_tail(log: Path, count: int = 3) -> str:
    lines = log.read_text(errors="replace").strip().splitlines() if log.exists() else []
    return " | ".join(lines[-count:])
