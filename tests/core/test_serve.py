"""`manage.py serve`: the worker it starts and stops next to the development server."""

import io
import signal
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.core.management.commands import runserver

from portal.core.management.commands import serve
from portal.core.management.commands.serve import worker_command

CELERY = [sys.executable, "-m", "celery", "-A", "portal", "worker"]


def test_worker_command_runs_this_interpreters_celery_on_two_threads():
    assert worker_command() == [
        *CELERY, "--pool", "threads", "--concurrency", "2", "--loglevel", "INFO",
    ]  # fmt: skip


def test_worker_command_embeds_beat_with_its_schedule_file():
    command = worker_command(beat_schedule=Path("/srv/var/celerybeat-schedule"))

    assert command[-3:] == ["--beat", "--schedule", "/srv/var/celerybeat-schedule"]


def test_worker_command_names_its_queues_and_node():
    command = worker_command(concurrency=4, queues=["celery", "lookups"], nodename="w1@host")

    assert command[: len(CELERY)] == CELERY
    assert command[command.index("--concurrency") + 1] == "4"
    assert command[command.index("--queues") + 1] == "celery,lookups"
    assert command[command.index("--hostname") + 1] == "w1@host"
    assert "--beat" not in command


def test_serve_stops_its_worker_when_the_server_stops(settings):
    started = []
    popen = subprocess.Popen
    output = io.StringIO()

    def start_stand_in_worker(command, **kwargs):
        # A process that lives until it is told to stop, in place of Celery.
        process = popen([sys.executable, "-c", "import time; time.sleep(60)"], **kwargs)
        started.append((command, process))
        return process

    with (
        mock.patch.object(serve.subprocess, "Popen", side_effect=start_stand_in_worker),
        mock.patch.object(runserver.Command, "run", side_effect=KeyboardInterrupt) as run,
    ):
        call_command("serve", "--port", "8123", stdout=output)

    assert run.call_args.kwargs["addrport"] == "127.0.0.1:8123"
    assert run.call_args.kwargs["use_reloader"] is False
    [(command, worker)] = started
    assert command == worker_command(beat_schedule=Path(settings.VAR_DIR) / "celerybeat-schedule")
    assert worker.wait(timeout=5) == -signal.SIGTERM, "the worker outlived the server"
    assert "Stopping the worker" in output.getvalue()


def test_serve_without_worker_starts_no_process():
    with (
        mock.patch.object(serve.subprocess, "Popen") as popen,
        mock.patch.object(runserver.Command, "run", side_effect=KeyboardInterrupt),
    ):
        call_command("serve", "--no-worker", stdout=io.StringIO())

    popen.assert_not_called()
