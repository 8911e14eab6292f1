"""Every route of the portal, as each kind of user who can reach it, answers
hostile input with a 4xx, never a server error.

The routes come from Django's URL resolver, not from a list kept by hand: a
new route is in the net the day it is added (a new kind of path parameter
fails here until it is given the object it names; a new address without a
reader in READERS is sent as the public would). Each is sent ids that do not exist or
overflow a database integer, query strings with NUL bytes, very long values,
invalid UTF-8, repeated keys, impossible pages and dates, and bodies that are
empty, malformed, of the wrong JSON type or content type, or carry NUL bytes,
over-long strings and numbers where text is expected. The test client raises
an unhandled exception, so a view that breaks fails here by name. The
administration is Django's own and has its own tests (test_admin_pages.py)."""

from __future__ import annotations

import base64
import inspect
import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from rest_framework.test import APIClient

from dossiers.api_access.clients import agency_client_create
from dossiers.states import TRANSITIONS
from portal.accounts.models import Agency

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
HUGE = str(2**70)
LONG = "x" * 10_000
NUL = "a\x00b"


@dataclass(frozen=True)
class Route:
    pattern: str  # e.g. "dossiers/<int:pk>/form/"
    name: str | None
    view: object
    converters: dict

    @property
    def id(self) -> str:
        return self.pattern or "/"


def _walk(resolver: URLResolver, prefix: str = "", converters=None) -> Iterator[Route]:
    converters = converters or {}
    for entry in resolver.url_patterns:
        pattern = getattr(entry.pattern, "_route", None) or str(entry.pattern)
        found = {**converters, **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + pattern, found)
        elif isinstance(entry, URLPattern):
            yield Route(prefix + pattern, entry.name, entry.callback, found)


def _routes() -> list[Route]:
    seen, routes = set(), []
    for route in _walk(get_resolver()):
        if route.pattern.startswith("admin/") or route.pattern in seen:
            continue
        seen.add(route.pattern)
        routes.append(route)
    return routes


ROUTES = _routes()

# Who can reach what, by the start of its address (the longest start wins);
# the official also stands for the desk (reception at the counter).
# "anon" is everyone; a route not reachable anonymously is still sent a few
# requests without a login (below).
READERS = {
    "": ("anon",),
    "dossiers/": ("citizen",),
    "dossiers/<int:pk>/": ("citizen", "official"),
    "dossiers/lookup/": ("anon", "citizen"),
    "data/my-data-access/": ("citizen",),
    "data/corrections/": ("data_owner",),
    "complaints/": ("citizen", "anon"),
    "workspace/": ("official",),
    "workspace/complaints/": ("official", "center_staff"),
    "workspace/complaints/violations/": ("leader", "center_staff"),
    "workspace/complaints/rules/": ("center_staff",),
    "workspace/complaints/disclosure/": ("center_staff",),
    "dashboards/": ("leader",),
    "staff/catalog/": ("center_staff", "leader"),
    "accounts/": ("anon", "citizen"),
    "accounts/home/": ("citizen", "official", "leader", "center_staff", "data_owner"),
    "payments/": ("citizen", "official"),
    "api/accounts/": ("official", "center_staff"),
    "api/datasources/access-log/": ("citizen",),
    "api/datasources/corrections/": ("data_owner",),
    "api/datasources/sources/": ("official",),
    "api/procedures/staff/": ("center_staff", "leader"),
    "api/complaints/": ("anon", "citizen"),
    "api/complaints/handling/": ("official",),
    "api/dossiers/": ("citizen",),
    "api/agency/": ("agency",),
    "api/dashboards/figures/": ("leader",),
}


def _readers(route: Route) -> tuple[str, ...]:
    start = max((start for start in READERS if route.pattern.startswith(start)), key=len)
    return READERS[start]


# Which of the world's objects (tests/core/conftest.py) a path parameter
# names, by route then by parameter; the rest are fixed words.
DRAFT_PAGES = ("confirm/", "form/", "submit/", "discard/", "prefill/", "attachments/")
WORDS = {
    "figure": "dossiers_received", "name": "lookups", "fmt": "csv",
    "procedure_code": "1.001193", "code": "1.001193", "agency_code": "11311",
    "source": "population", "token": "abc", "transaction_id": "abc", "refetch_pk": "1",
}  # fmt: skip
OBJECT_OF = {
    "result_pk": "result", "supplement_pk": "supplement", "apology_pk": "apology",
    "attachment_pk": "attachment", "entry_pk": "entry", "agency_pk": "unit",
    "payment_id": "payment", "order_id": "order",
}  # fmt: skip


def _object_for(route: Route, parameter: str, objects: dict, personal_id: str) -> str:
    pattern = route.pattern
    if parameter == "code" and "complaints/" in pattern:
        return objects["complaint"]
    if parameter == "personal_id":
        return personal_id
    if parameter in OBJECT_OF:
        return str(objects[OBJECT_OF[parameter]])
    if parameter == "pk":
        for start, key in (
            ("data/corrections/", "correction"), ("api/datasources/corrections/", "correction"),
            ("dossiers/authorisations/", "authorisation"), ("complaints/", "evidence"),
            ("api/complaints/", "evidence"), ("workspace/complaints/rules/", "rule"),
            ("workspace/counter/<int:pk>/fee/", "fee_due"), ("workspace/counter/", "counter_draft"),
            ("payments/", "fee_due"), ("dashboards/reports/", "report"),
            ("staff/catalog/lists/", "list"), ("api/procedures/staff/lists/", "list"),
        ):  # fmt: skip
            if pattern.startswith(start):
                return str(objects[key])
        draft = pattern.split("<int:pk>/")[-1].startswith(DRAFT_PAGES)
        return str(objects["draft" if draft else "dossier"])
    return WORDS[parameter]


def _address(route: Route, values: dict[str, str]) -> str:
    address = route.pattern
    for parameter, converter in route.converters.items():
        kind = {"IntConverter": "int", "SlugConverter": "slug"}.get(type(converter).__name__, "str")
        address = address.replace(f"<{kind}:{parameter}>", values[parameter])
    assert "<" not in address, address
    return "/" + address


# The names a view reads from a query string or a form, each sent at once
# with the same hostile value.
NAMES = (
    "page", "q", "status", "sort", "order", "period", "from", "to", "date_from", "date_to",
    "unit", "province", "agency", "sector", "level", "kind", "key", "mine", "against", "t",
    "next", "action", "reason", "rating", "comment", "text", "note", "decision", "outcome",
    "response", "question", "component", "components", "dossiers", "official", "evidence",
    "field", "fields", "value", "values", "corrected_value", "proposed_value", "result",
    "category", "description", "procedure", "personal_id", "subject_personal_id", "full_name",
    "acting_basis", "child", "enterprise_code", "method", "seen_status", "seen_assigned_to",
    "violation", "replacement", "target_agency", "target_official", "source", "birth_date",
    "amount", "currency", "paid_at", "failure_code", "order_id", "redirect_uri", "client_id",
    "grant_type", "code", "state", "how", "id_token", "language", "email", "phone",
)  # fmt: skip
ACTIONS = sorted({*TRANSITIONS, "start", "assign", "ask_reporter", "conclude", "correction",
                  "reclassify", "reroute", "withhold", "publish", "reply", "rate", "add",
                  "remove", "update", "delete", "upload", "upload_data_gap", "bogus"})  # fmt: skip


def _all(value) -> dict:
    return dict.fromkeys(NAMES, value)


QUERIES = [
    "page=-1&sort=-bogus&order=__class__&period=bogus&status=bogus&kind=bogus",
    "page=999999&page=2&status=a&status=b", "page=abc", f"page={HUGE}", "q=%00",
    "status=a%00b&unit=%00", f"q={LONG}", "q=%ff%fe&status=%ff%fe&unit=%C0%AF&%ff%fe=1",
]  # fmt: skip
# Files and slips read no query: two are enough.
FILE_SUFFIXES = (".pdf", ".csv", ".json", "<int:attachment_pk>/", "<int:result_pk>/", "<slug:fmt>/")
# Where the portal calls an outside service (the payment platform, VNeID),
# which does not run here: its 503 says so, and is no server error.
OUTSIDE = {"payments/dossiers/<int:pk>/pay/", "accounts/vneid/login/"}
QUERY_VALUES = ["bogus", "2026-02-31", "99999-01-01", HUGE, "-1", LONG]
FORM_BODIES = [{}, _all(NUL), _all(LONG), _all(HUGE), _all("-1"), _all("²"), _all("2026-02-31")]
JSON_BODIES = [
    "", "{bad json", "[1, 2]", '"text"', "null", '{"a": "\\u0000"}',
    json.dumps(_all(12345)), json.dumps(_all(LONG)), json.dumps(_all(2**70)),
    json.dumps(_all(-1)), json.dumps(_all([1, {"a": None}])), json.dumps(_all({"x": [None]})),
    json.dumps(_all(None)), json.dumps(_all("2026-02-31")),
    json.dumps({"values": _all(LONG), "action": "bogus"}),
]  # fmt: skip
OTHER_BODIES = [
    ("a=1", "text/plain"), ("<a/>", "application/xml"), ("\x00", "application/json"),
    ("%ff%fe=%ff%fe&action=%00", "application/x-www-form-urlencoded"),
    ("--x\r\nbroken", "multipart/form-data; boundary=x"), ("a=1", "multipart/form-data"),
]  # fmt: skip


def _bad_paths(route: Route, good: dict[str, str]) -> Iterator[str]:
    for parameter, converter in route.converters.items():
        hostile = ["999999999", HUGE, "-1", "abc"] if isinstance(converter, IntConverter) else [
            HUGE, "0", "%00", "a%00b", "%ff%fe", "x" * 10_000, "..%2F..%2Fetc", "-1"
        ]  # fmt: skip
        for value in hostile:
            yield _address(route, {**good, parameter: value})


def _reads_action(route: Route) -> bool:
    view = getattr(route.view, "view_class", None) or getattr(route.view, "cls", None)
    try:
        source = inspect.getsource(view or inspect.unwrap(route.view))
    except (OSError, TypeError):
        return False
    return '"action"' in source


@pytest.fixture
def clients(world, settings):
    """A client logged in as each kind of user, and an agency's system."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The outside services answer nothing, at once: no waiting on a port.
    settings.GATEWAY_URL = "http://127.0.0.1:9/gateway"
    settings.PAYMENT_PLATFORM_URL = "http://127.0.0.1:9/payment-platform"
    settings.GATEWAY_RETRIES = 0
    people, objects = world
    clients = {"anon": Client()}
    for who in ("citizen", "official", "leader", "center_staff", "data_owner"):
        clients[who] = Client()
        clients[who].force_login(people[who], backend=LOGIN)
    api_client, secret = agency_client_create(
        agency=Agency.objects.get(pk=objects["unit"]), name="Hệ thống một cửa Hồng Bàng"
    )
    clients["agency"] = APIClient()
    token = base64.b64encode(f"{api_client.client_id}:{secret}".encode()).decode()
    clients["agency"].credentials(HTTP_AUTHORIZATION=f"Basic {token}")
    return clients


class Failures(list):
    """Every server error of a route, so that one run names them all."""

    def __init__(self, *, tolerated: int = 500) -> None:
        super().__init__()
        self.tolerated = tolerated

    def send(self, what: str, call, *args, **kwargs) -> None:
        try:
            response = call(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - the test client re-raises the view's
            self.append(f"{what}: {type(error).__name__}: {str(error)[:200]}")
            return
        if response.status_code >= 500 and response.status_code != self.tolerated:
            self.append(f"{what}: {response.status_code}")


def _methods(route: Route) -> list[str]:
    view = getattr(route.view, "cls", None) or getattr(route.view, "view_class", None)
    if view is not None:
        return [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)]
    return ["get", "post"]


@pytest.mark.parametrize("route", ROUTES, ids=[route.id for route in ROUTES])
def test_hostile_input_is_never_a_server_error(route, world, clients):
    people, objects = world
    good = {parameter: _object_for(route, parameter, objects, people["citizen"].personal_id)
            for parameter in route.converters}  # fmt: skip
    address = _address(route, good)
    methods = _methods(route)
    readers = _readers(route)
    anonymous_too = "anon" not in readers
    failures = Failures(tolerated=503 if route.pattern in OUTSIDE else 500)
    queries = QUERIES[:2] if route.pattern.endswith(FILE_SUFFIXES) else QUERIES

    for who in (*readers, *(["anon"] if anonymous_too else [])):
        client = clients[who]
        light = who == "anon" and anonymous_too
        for path in _bad_paths(route, good) if who == readers[0] else ():
            for method in methods:
                failures.send(f"{who} {method.upper()} {path[:80]}", getattr(client, method), path)
        if light:
            failures.send(f"{who} GET", client.get, f"{address}?q=%00&page=abc")
            failures.send(f"{who} POST", client.post, address, _all(NUL))
            continue
        if "get" in methods:
            for query in queries:
                failures.send(f"{who} GET ?{query[:60]}", client.get, f"{address}?{query}")
            for value in QUERY_VALUES if queries is QUERIES else ():
                failures.send(f"{who} GET all={value[:20]}", client.get, address, _all(value))
        for method in (m for m in methods if m != "get"):
            send = getattr(client, method)
            for body in FORM_BODIES:
                first = next(iter(body.values()), "")[:20]
                failures.send(f"{who} {method.upper()} form all={first!r}", send, address, body)
            for body in JSON_BODIES:
                failures.send(f"{who} {method.upper()} JSON {body[:40]!r}", send, address, body,
                              content_type="application/json")  # fmt: skip
            for body, content_type in OTHER_BODIES:
                failures.send(f"{who} {method.upper()} {content_type} {body[:20]!r}", send, address,
                              body, content_type=content_type)  # fmt: skip
            upload = SimpleUploadedFile("../../a\u202e.pdf", b"%PDF-1.4\x00" * 10, "text/html")
            failures.send(f"{who} {method.upper()} multipart upload", send, address,
                          {**_all("abc"), "file": upload, "files": upload})  # fmt: skip
            if method == "post" and _reads_action(route):
                for action in ACTIONS:
                    data = {**_all(HUGE), "action": action}
                    failures.send(f"{who} POST action={action}", send, address, data)
                    if route.pattern.startswith("api/"):
                        data = json.dumps({**_all(LONG), "action": action})
                        failures.send(f"{who} POST JSON action={action}", send, address, data,
                                      content_type="application/json")  # fmt: skip

    assert not failures, "\n".join(failures)
