"""The Content-Security-Policy: enforced on every page, with a fresh nonce per
response; the templates write no code and no style in the page itself."""

import json
import re
from pathlib import Path

import pytest
import requests
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders

from tests.core.test_settings import run_python

pytestmark = pytest.mark.django_db

NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=]+)'")


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize(
    "url", ["/", "/procedures/", "/accounts/login/", "/complaints/public/", "/khong-co-trang-nay/"]
)
def test_every_page_enforces_the_policy(client, url):
    response = client.get(url)

    assert "Content-Security-Policy-Report-Only" not in response
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'" and NONCE.fullmatch(policy["script-src"][1])
    assert len(policy["script-src"]) == 2  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"][0] == "'self'"


def test_each_response_has_its_own_nonce_and_the_pages_scripts_carry_it(client):
    nonces = []
    for _ in range(2):
        response = client.get("/")
        nonce = NONCE.search(response["Content-Security-Policy"]).group(1)
        scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
        assert scripts and all(f'nonce="{nonce}"' in script for script in scripts)
        nonces.append(nonce)

    assert nonces[0] != nonces[1]
    assert len(nonces[0]) >= 22  # 16 random bytes


def test_the_mock_vneid_and_payment_pages_are_under_the_policy_too(client):
    response = client.get("/vneid/authorize", {"client_id": "nobody"})

    assert directives(response)["script-src"][0] == "'self'"


def test_forms_may_post_to_the_portal_vneid_and_the_payment_platform_named_in_settings(tmp_path):
    read = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']))"
    )
    result = run_python(
        tmp_path,
        "-c",
        read,
        PORTAL_BASE_URL="https://motcuaso.example.vn",
        VNEID_ISSUER="https://vneid.example.vn/oidc",
        VNEID_REDIRECT_URIS="https://motcuaso.example.vn/accounts/vneid/login/callback/",
        PAYMENT_PLATFORM_URL="http://payment-platform:8002/payment-platform",
        PAYMENT_PLATFORM_PUBLIC_URL="https://paygov.example.vn/checkout",
    )
    assert result.returncode == 0, result.stderr

    form_action = json.loads(result.stdout.strip().splitlines()[-1])
    assert form_action == [
        "'self'",
        "https://motcuaso.example.vn",
        "https://paygov.example.vn",
        "https://vneid.example.vn",
    ]  # not the platform's address inside the network, which browsers never reach


# What the policy refuses in a page: inline code, inline handlers and styles.
# The e-mails are not pages (mail clients want inline styles).
FORBIDDEN = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")"),
    "a style element": re.compile(r"<style\b"),
    "a style attribute": re.compile(r"\sstyle="),
    "an event handler attribute": re.compile(r"\son[a-z]+=", re.IGNORECASE),
    "an hx-on attribute": re.compile(r"\s(data-)?hx-on"),
    "a javascript: address": re.compile(r"javascript:", re.IGNORECASE),
}


def page_templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    found = []
    for path in base.rglob("*.html"):
        parts = path.relative_to(base).parts
        if parts[0] in {".venv", "var", "node_modules", "tests"} or "emails" in parts:
            continue
        found.append(path)
    return found


def test_no_page_template_writes_code_or_style_in_the_page():
    templates = page_templates()
    assert len(templates) > 50

    faults = [
        f"{path.relative_to(settings.BASE_DIR)}: {what}"
        for path in templates
        for what, pattern in FORBIDDEN.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]

    assert not faults, "\n".join(faults)


def test_the_api_documentation_loads_swagger_ui_from_the_portal_and_runs_no_inline_code(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    nonce = NONCE.search(response["Content-Security-Policy"]).group(1)
    assert not re.search(r"https?://", html)  # no CDN: everything from the portal itself
    addresses = re.findall(r'\s(?:src|href)="([^"]*)"', html)
    assert addresses and all(address.startswith("/") for address in addresses), addresses
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in addresses
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert len(scripts) == 3
    assert all(" src=" in script and f'nonce="{nonce}"' in script for script in scripts)
    assert not re.search(r"<style\b|\sstyle=", html)

    static = [address for address in addresses if address.startswith(settings.STATIC_URL)]
    assert all(finders.find(address.removeprefix(settings.STATIC_URL)) for address in static)

    start_up = client.get("/api/docs/", {"script": ""})
    assert start_up["Content-Type"] == "application/javascript"
    assert "SwaggerUIBundle" in start_up.content.decode()


def test_the_api_is_documented_with_swagger_ui_only_and_redoc_is_not_collected(client):
    # Redoc, shipped beside Swagger UI by the sidecar package, styles itself with
    # inline <style> elements, which the policy refuses: not offered, not served.
    ignored = apps.get_app_config("staticfiles").ignore_patterns
    collected = [
        f"{storage.prefix}/{path}" if getattr(storage, "prefix", None) else path
        for finder in finders.get_finders()
        for path, storage in finder.list(ignored)
    ]  # as collectstatic names them

    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in collected
    assert not [path for path in collected if "redoc" in path.lower()]
    assert client.get("/api/redoc/").status_code == 404


@pytest.mark.django_db
def test_the_live_server_serves_the_portal_s_static_files_and_swagger_ui(live_server):
    # The browser tests see the pages styled and scripted only if the test
    # server serves static files: it does for "django.contrib.staticfiles" by name.
    for path in ("portal/page.js", "bootstrap/css/bootstrap.min.css",
                 "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"):  # fmt: skip
        response = requests.get(f"{live_server.url}{settings.STATIC_URL}{path}", timeout=30)
        assert response.status_code == 200, path


def test_a_browser_opening_an_api_address_gets_json_not_a_browsable_page(client):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

    response = client.get("/api/procedures/", HTTP_ACCEPT=browser)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "results" in response.json()
    assert client.get("/api/procedures/", {"format": "api"}).status_code == 404
