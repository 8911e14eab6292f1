"""`manage.py serve`: the development server together with a local Celery worker.

The embedded default has no separate worker service: this command starts one
as a child process (consuming the file-system broker, or Redis when
REDIS_URL is set), runs Django's development server in the foreground, and
stops the worker when the server stops.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

WORKER_STOP_TIMEOUT_SECONDS = 15


def worker_command(
    *,
    concurrency: int = 2,
    loglevel: str = "INFO",
    beat_schedule: Path | None = None,
    queues: list[str] | None = None,
    nodename: str | None = None,
) -> list[str]:
    """The command line of a local Celery worker for this project; with
    `beat_schedule`, the worker also runs the periodic-task scheduler."""
    command = [
        sys.executable, "-m", "celery", "-A", "portal", "worker",
        "--pool", "threads",
        "--concurrency", str(concurrency),
        "--loglevel", loglevel,
    ]  # fmt: skip
    if queues:
        command += ["--queues", ",".join(queues)]
    if nodename:
        command += ["--hostname", nodename]
    if beat_schedule is not None:
        command += ["--beat", "--schedule", str(beat_schedule)]
    return command


def stop_process(
    process: subprocess.Popen, *, timeout: float = WORKER_STOP_TIMEOUT_SECONDS
) -> None:
    """Ask for a warm shutdown (SIGTERM: finish running tasks), kill after `timeout`."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Command(BaseCommand):
    help = "Serve the portal on a local address with a local Celery worker (embedded default)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the local Celery worker."
        )
        parser.add_argument(
            "--no-beat",
            action="store_true",
            help="Do not run the periodic-task scheduler inside the local worker.",
        )
        parser.add_argument("--concurrency", type=int, default=2)

    def handle(
        self,
        *args,
        host: str,
        port: int,
        no_worker: bool,
        no_beat: bool,
        concurrency: int,
        **options,
    ) -> None:
        worker = None
        self._stopping = threading.Event()
        if no_worker:
            self.stdout.write(
                "Not starting a worker (--no-worker): background tasks wait in the queue."
            )
        elif settings.CELERY_TASK_ALWAYS_EAGER:
            self.stdout.write("CELERY_TASK_ALWAYS_EAGER is on: tasks run inline, no worker needed.")
        else:
            worker = self._start_worker(concurrency=concurrency, beat=not no_beat)

        # Make SIGTERM (a process manager stopping us) run the same clean-up as Ctrl-C.
        previous_sigterm = signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
        try:
            # No autoreloader: it would re-run this command in a child process
            # and start a second worker.
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous_sigterm)
            if worker is not None:
                self._stopping.set()
                self.stdout.write("Stopping the worker…")
                stop_process(worker)

    def _start_worker(self, *, concurrency: int, beat: bool) -> subprocess.Popen:
        schedule = Path(settings.VAR_DIR) / "celerybeat-schedule" if beat else None
        if schedule is not None:
            schedule.parent.mkdir(parents=True, exist_ok=True)
        command = worker_command(concurrency=concurrency, beat_schedule=schedule)
        self.stdout.write(f"Starting a Celery worker: {' '.join(command[1:])}")
        worker = subprocess.Popen(command, cwd=settings.BASE_DIR)
        threading.Thread(target=self._watch_worker, args=(worker,), daemon=True).start()
        return worker

    def _watch_worker(self, worker: subprocess.Popen) -> None:
        code = worker.wait()
        if not self._stopping.is_set():
            self.stderr.write(
                f"The Celery worker exited with status {code}: background tasks are not running."
            )


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt
