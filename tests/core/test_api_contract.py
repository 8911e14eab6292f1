"""The APIs against their own OpenAPI schema (/api/schema/): every operation,
called in-process through the WSGI application with requests generated from
the schema (valid ones and broken ones), answers without a server error, with
a status code the schema documents, a content type it documents and a body
matching it. One test per operation, so a failure names it.

Each operation is called as the caller it is for (a citizen's session, an
agency's client credentials, a handler's, the service centre's, a leader's,
the database owner's or an administrator's session), on a small demo-like
unit; the path's identifiers are those of that caller's own objects (unless
generated broken), so that the calls reach past the 404. Generation is
derandomized (a fixed seed) and bounded: it runs in a couple of minutes.

Left out: none of the operations in the schema; the payment platform's
webhook (signed by the platform) is not in it."""

from __future__ import annotations

import base64
import contextlib
import datetime
import json
import secrets

import pytest
import schemathesis
from django.core import signals
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dossiers.api_access.clients import agency_client_create
from dossiers.models import DossierStatus
from portal.accounts.models import Role, User
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    ReplacementListEntryFactory,
    ReplacementListFactory,
    published_list_with_entries,
    residence_form_fields,
)

S = DossierStatus
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 15
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _raw_schema() -> dict:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(
    _raw_schema(),
    config=SchemathesisConfig.from_dict(
        {"seed": 66, "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True}}
    ),
)
schema.app = get_wsgi_application()


# A small unit as the demo has them: a procedure with an e-form and a replaced
# component, dossiers of a citizen at each step, a complaint with evidence, a
# correction request and a replacement list being drafted.


@pytest.fixture
def world(settings, tmp_path, hong_bang_ward, citizen, commune_official, center_staff, leader,
          data_owner):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.COMPLAINT_FILINGS_PER_HOUR = 10_000
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú", fee_vnd=0,
                                 result_type="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    form = FormDefinitionFactory(code="to-khai-cu-tru", fields=residence_form_fields())
    DossierComponentFactory(procedure=procedure, code="to-khai", position=1,
                            name="Tờ khai thay đổi thông tin cư trú", form=form)  # fmt: skip
    residence = DossierComponentFactory(procedure=procedure, code="xac-nhan-cu-tru", position=2,
                                        name="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    ElectronicReplacementFactory(component=residence, document_type="residence_confirmation",
                                 fields=["permanent_address"])  # fmt: skip
    DossierComponentFactory(procedure=procedure, code="hop-dong-thue-nha", position=3,
                            name="Hợp đồng thuê nhà")  # fmt: skip
    # The procedure of the schema's example of a new dossier.
    birth = ProcedureFactory(code="1.001193", name="Đăng ký khai sinh", fee_vnd=0)
    DossierComponentFactory(procedure=birth, code="to-khai-khai-sinh", position=1,
                            name="Tờ khai đăng ký khai sinh",
                            form=FormDefinitionFactory(code="to-khai-khai-sinh"))  # fmt: skip

    codes = iter(range(1, 100))

    def dossier(status, applicant=citizen):
        made = DossierFactory(
            agency=hong_bang_ward, procedure=procedure, status=status, applicant=applicant,
            code="" if status == S.DRAFT else f"11311-261125-{next(codes):04d}",
            submitted_at=None if status == S.DRAFT else timezone.now(),
        )  # fmt: skip
        PrefillSourceFactory(dossier=made)
        return made

    dossiers = {status: dossier(status) for status in
                (S.DRAFT, S.SUBMITTED, S.RECEIVED, S.IN_PROCESSING, S.AWAITING_SIGNATURE,
                 S.SUPPLEMENT_REQUESTED, S.RESULT_READY)}  # fmt: skip

    client, secret = agency_client_create(agency=hong_bang_ward, name="Một cửa Hồng Bàng")
    token = base64.b64encode(f"{client.client_id}:{secret}".encode()).decode()

    filer = APIClient()
    filer.force_authenticate(citizen)
    filed = filer.post(
        "/api/complaints/",
        {"category": "reprovide_data", "description": "Bị yêu cầu nộp bản sao căn cước.",
         "unit": hong_bang_ward.code,
         "evidence": [SimpleUploadedFile("ảnh.png", PNG, content_type="image/png")]},
        format="multipart",
    )  # fmt: skip
    assert filed.status_code == 201, filed.content
    complaint = filed.json()

    draft_list = ReplacementListFactory(agency=hong_bang_ward, created_by=center_staff)
    entry = ReplacementListEntryFactory(replacement_list=draft_list)
    published_list_with_entries(agency=hong_bang_ward, entries=2,
                                effective_date=datetime.date(2026, 1, 1))  # fmt: skip

    owner_checked = APIClient()
    owner_checked.force_authenticate(citizen)
    flagged = owner_checked.post(
        "/api/datasources/corrections/",
        {"dossier": dossiers[S.SUBMITTED].pk, "source": "population",
         "field": "permanent_address", "subject": citizen.personal_id,
         "note": "Đã chuyển nhà năm 2025",
         "proposed_value": "Số 5 phố Minh Khai, phường Hồng Bàng, Hải Phòng"},
        format="json",
    )  # fmt: skip
    assert flagged.status_code == 201, flagged.content

    administrator = User.objects.create_superuser(
        "root", password="a-long-admin-password-1", role=Role.ADMINISTRATOR
    )
    return {
        "users": {"citizen": citizen, "official": commune_official, "staff": center_staff,
                  "leader": leader, "owner": data_owner, "administrator": administrator},
        "agency_token": token,
        "dossiers": dossiers,
        "procedure": procedure,
        "complaint": complaint,
        "list": draft_list,
        "entry": entry,
        "correction": flagged.json()["id"],
        "notification": citizen.notifications.latest("id").pk,  # the complaint received
        "ward": hong_bang_ward,
    }  # fmt: skip


def _caller(path: str) -> str | None:
    """Who each operation is for: the name of a user of `world`, "agency" or None."""
    if path.startswith("/api/agency/"):
        return "agency"
    if path.startswith("/api/accounts/notifications/"):
        return "citizen"
    if path.startswith("/api/accounts/"):
        return "administrator"
    if path.startswith("/api/procedures/staff/"):
        return "staff"
    if path.startswith("/api/complaints/handling/"):
        return "official"
    if path.startswith("/api/dashboards/figures/"):
        return "leader"
    if path.startswith("/api/datasources/corrections/") and path.endswith("/decision/"):
        return "owner"
    if path.startswith(
        ("/api/procedures/", "/api/dashboards/public/", "/api/datasources/sources/")
    ):
        return None
    return "citizen"


# The dossier each of the agency's and the citizen's moves starts from.
AGENCY_MOVES = {"receive": S.SUBMITTED, "refuse": S.SUBMITTED, "assign": S.SUBMITTED,
                "start-processing": S.RECEIVED, "propose-approval": S.IN_PROCESSING,
                "approve": S.AWAITING_SIGNATURE, "send-back": S.AWAITING_SIGNATURE,
                "sign": S.AWAITING_SIGNATURE, "propose-not-resolve": S.IN_PROCESSING,
                "supplement-request": S.IN_PROCESSING, "data-gaps": S.IN_PROCESSING,
                "return-result": S.RESULT_READY}  # fmt: skip
CITIZEN_MOVES = {"answer": S.SUPPLEMENT_REQUESTED, "withdraw": S.SUBMITTED}


def _real_path_parameters(world: dict, path: str) -> dict:
    """The identifiers in `path` of objects the caller has."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if path.startswith("/api/agency/dossiers/"):
        return {"id": world["dossiers"][AGENCY_MOVES.get(last, S.IN_PROCESSING)].pk}
    if path.startswith("/api/dossiers/"):
        return {"id": world["dossiers"][CITIZEN_MOVES.get(last, S.DRAFT)].pk}
    if path.startswith("/api/complaints/"):
        return {"code": world["complaint"]["code"], "id": world["complaint"]["evidence"][0]["id"]}
    if path.startswith("/api/datasources/corrections/"):
        return {"id": world["correction"]}
    if path.startswith("/api/accounts/notifications/"):
        return {"id": world["notification"]}
    if path.startswith("/api/procedures/staff/lists/"):
        return {"id": world["list"].pk, "entry_pk": world["entry"].pk}
    if path.startswith("/api/procedures/replacement-lists/"):
        return {"agency_code": world["ward"].code}
    if path.startswith("/api/procedures/"):
        return {"code": world["procedure"].code}
    return {}


@contextlib.contextmanager
def _connection_kept():
    """As Django's test client does: the request's end must not close the
    connection that holds the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _credentials(world: dict, caller: str | None) -> tuple[dict, dict]:
    """The headers and cookies of `caller`'s requests."""
    if caller is None:
        return {}, {}
    if caller == "agency":
        return {"Authorization": f"Basic {world['agency_token']}"}, {}
    user = world["users"][caller]
    backend = "AdministratorPassword" if user.role == Role.ADMINISTRATOR else "VNeIDSession"
    browser = Client()
    browser.force_login(user, backend=f"portal.accounts.backends.{backend}Backend")
    # The session's CSRF token, sent back as a page of the portal sends it.
    token = secrets.token_hex(16)
    return {"X-CSRFToken": token}, {"sessionid": browser.cookies["sessionid"].value,
                                    "csrftoken": token}  # fmt: skip


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_schema_says(case, world):
    path = case.operation.path
    headers, cookies = _credentials(world, _caller(path))
    # A broken identifier is kept as generated: it must be refused as the schema says.
    if case.path_parameters and not case.meta.is_negative_at(ParameterLocation.PATH):
        real = _real_path_parameters(world, path)
        case.path_parameters = {
            name: real.get(name, value) for name, value in case.path_parameters.items()
        }
    with _connection_kept():
        response = case.call(headers=headers, cookies=cookies)
    case.validate_response(response, checks=CHECKS)


def _case(path: str, method: str):
    if method == "GET":
        return schema[path][method].Case()
    return schema[path][method].Case(body={}, media_type="application/json")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "caller", "expected"),
    [
        ("GET", "/api/dossiers/", "citizen", 200),
        ("GET", "/api/accounts/notifications/", "citizen", 200),
        ("GET", "/api/agency/dossiers/", "agency", 200),
        ("GET", "/api/complaints/handling/", "official", 200),
        ("GET", "/api/procedures/staff/lists/", "staff", 200),
        ("GET", "/api/dashboards/figures/", "leader", 200),
        ("GET", "/api/datasources/corrections/", "owner", 200),
        ("POST", "/api/accounts/staff-assignments/", "administrator", 400),
    ],
)
def test_each_caller_is_let_in(world, method, path, caller, expected):
    """Else the test above would see only the refusal of a caller without credentials."""
    headers, cookies = _credentials(world, caller)
    with _connection_kept():
        response = _case(path, method).call(headers=headers, cookies=cookies)
    assert response.status_code == expected, response.text
