"""`make run`, the demo, serves as the product does: DEBUG off, so a wrong address
gets the portal's own Vietnamese 404 page (not Django's page listing every URL
pattern), and the collected static files are served by whitenoise. `DEBUG=1 make
run` still gives a developer Django's debug pages.

`make run` is run with its interpreter replaced by a recorder: the commands it
would run and the environment they would get are read, and the portal is then
asked for pages in a fresh interpreter with exactly that environment."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.core.test_settings import PORTAL_VARIABLES

pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")

# What a shell, or a `make test` around this test, could bring in.
OUTSIDE = {"PORTAL_BASE_URL", "GATEWAY_URL", "VNEID_ISSUER", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}

RECORDER = """#!/bin/sh
exec {python} -c 'import json, os, sys; print(json.dumps([sys.argv[1:], dict(os.environ)]))' \
  "$@" >> {log}
"""

ASK = """
import json
import re
from urllib.parse import urlsplit

import django

django.setup()
from django.conf import settings
from django.test import Client

client = Client(HTTP_HOST=urlsplit(settings.PORTAL_BASE_URL).netloc)
missing = client.get("/khong-co-trang-nay/")
page = missing.content.decode()
link = re.search(r'href="(/static/portal/portal[^"]*)"', page)
stylesheet = link[1] if link else ""
css = client.get(stylesheet or "/static/portal/portal.css")
print(json.dumps({
    "debug": settings.DEBUG,
    "status": missing.status_code,
    "page": page,
    "stylesheet": stylesheet,
    "css_status": css.status_code,
    "css_cache": css.headers.get("Cache-Control", ""),
}))
"""


def make_run(tmp_path: Path, **env: str) -> list[tuple[list[str], dict[str, str]]]:
    """The commands `make run` runs, each with the environment it gets."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "commands.jsonl"
    recorder = bin_dir / "python"
    recorder.write_text(RECORDER.format(python=sys.executable, log=log))
    recorder.chmod(0o755)
    installed = tmp_path / "installed"  # newer than pyproject.toml: nothing to install
    installed.touch()
    clean = {k: v for k, v in os.environ.items() if k not in PORTAL_VARIABLES | OUTSIDE}
    clean.update(PORTAL_VAR_DIR=str(tmp_path / "var"), **env)
    subprocess.run(
        ["make", "--no-print-directory", "-s", "run", f"BIN={bin_dir}",
         f"INSTALLED={installed}", "PORT=8799"],
        cwd=settings.BASE_DIR, env=clean, check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return [tuple(json.loads(line)) for line in log.read_text().splitlines()]


def served_with(commands) -> dict[str, str]:
    names = [command[1] for command, _ in commands]
    assert names[-1] == "serve", names
    env = commands[-1][1]
    return {**env, "DJANGO_SETTINGS_MODULE": "portal.settings"}


def test_the_demo_answers_a_wrong_address_with_the_portals_own_page(tmp_path):
    commands = make_run(tmp_path)
    names = [command[1] for command, _ in commands]
    assert names.index("collectstatic") < names.index("serve")
    env = {**served_with(commands), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    python = [sys.executable, "manage.py"]
    run = {"cwd": settings.BASE_DIR, "env": env, "capture_output": True, "text": True}
    collected = subprocess.run(
        [*python, "collectstatic", "--noinput", "--verbosity", "0"], timeout=300, **run
    )
    assert collected.returncode == 0, collected.stderr

    asked = subprocess.run([sys.executable, "-c", ASK], timeout=120, **run)
    assert asked.returncode == 0, asked.stderr
    found = json.loads(asked.stdout.strip().splitlines()[-1])

    assert found["debug"] is False
    assert found["status"] == 404
    assert "Không tìm thấy trang" in found["page"]
    assert '<html lang="vi">' in found["page"]
    assert "URLconf" not in found["page"] and "DEBUG = True" not in found["page"]
    # The design system's files, collected under hashed names, from whitenoise.
    assert found["stylesheet"].startswith("/static/portal/portal.")
    assert found["stylesheet"] != "/static/portal/portal.css"
    assert found["css_status"] == 200
    assert "immutable" in found["css_cache"]


def test_a_developer_gets_debug_pages_with_debug_set(tmp_path):
    env = served_with(make_run(tmp_path, DEBUG="1"))
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    read = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"

    found = subprocess.run(
        [sys.executable, "-c", read], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "True"


ASK_AS = """
import django

django.setup()
from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.test import Client

for host in {hosts!r}:
    if validate_host(split_domain_port(host)[0], settings.ALLOWED_HOSTS):
        print(host, Client(HTTP_HOST=host).get("/livez").status_code)
    else:
        print(host, "refused")
"""


def test_the_demo_answers_on_the_address_it_is_served_on(tmp_path):
    # `make run HOST=127.0.0.2`: the portal answers there, as on the defaults,
    # and still refuses a name it does not know.
    commands = make_run(tmp_path, HOST="127.0.0.2")
    assert commands[-1][0][-4:] == ["--host", "127.0.0.2", "--port", "8799"]
    env = {**served_with(commands), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    hosts = ["127.0.0.2:8799", "localhost:8799", "portal.example.vn"]

    asked = subprocess.run(
        [sys.executable, "-c", ASK_AS.format(hosts=hosts)], cwd=settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.strip().splitlines()[-3:] == [
        "127.0.0.2:8799 200",
        "localhost:8799 200",
        "portal.example.vn refused",
    ]
