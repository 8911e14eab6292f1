"""Bad input is refused with a 4xx and changes nothing; it never makes a 500.

A table of malformed requests (ids that are not numbers or overflow a database
integer, impossible dates, very long strings, NUL bytes, unknown choices,
malformed JSON) sent to forms and APIs as each kind of user, then the specific
cases that used to fail."""

from __future__ import annotations

import base64

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.exceptions import ComplaintInvalid
from complaints.handling import complaint_ask_reporter, complaint_start
from complaints.models import Complaint, ComplaintStatus, RoutingRule
from datasources.models import CorrectionFlag
from dossiers.api_access.clients import agency_client_create
from dossiers.models import DossierStatus, SatisfactionRating, SupplementRequest
from portal.core.keys import key_or_none, keys
from tests.accounts.factories import DataOwnerFactory
from tests.complaints.factories import ComplaintFactory
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    ProcedureFactory,
    ReplacementListFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
HUGE = "99999999999999999999"  # past a 64-bit integer
LONG = "x" * 100_000
NUL = "a\x00b"


@pytest.fixture
def world(hong_bang_ward, citizen, commune_official, center_staff, leader, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 agency_kinds=["commune_committee"], processing_days=3)  # fmt: skip
    replaced = DossierComponentFactory(procedure=procedure, code="xn", position=1, name="XN")
    ElectronicReplacementFactory(component=replaced)
    DossierComponentFactory(procedure=procedure, code="hop-dong", position=2, name="HĐ")
    draft = DossierFactory(procedure=procedure, agency=hong_bang_ward, applicant=citizen)
    submitted = DossierFactory(procedure=procedure, agency=hong_bang_ward, applicant=citizen,
                               status=DossierStatus.IN_PROCESSING, code="11311-261125-0001",
                               submitted_at=timezone.now())  # fmt: skip
    complaint = ComplaintFactory(unit=hong_bang_ward, responsible_agency=hong_bang_ward,
                                 reporter=citizen, status=ComplaintStatus.ROUTED,
                                 routing_due=False)  # fmt: skip
    draft_list = ReplacementListFactory(agency=hong_bang_ward, created_by=center_staff)
    api_client, secret = agency_client_create(agency=hong_bang_ward, name="Hệ thống Hồng Bàng")
    return {"draft": draft, "submitted": submitted, "complaint": complaint, "list": draft_list,
            "api": (api_client.client_id, secret), "citizen": citizen,
            "official": commune_official, "staff": center_staff, "leader": leader,
            "owner": DataOwnerFactory(), "anon": None}  # fmt: skip


def _client(world, who: str):
    if who == "agency":
        client = APIClient(raise_request_exception=False)
        token = base64.b64encode(":".join(world["api"]).encode()).decode()
        client.credentials(HTTP_AUTHORIZATION=f"Basic {token}")
        return client
    client = Client(raise_request_exception=False)
    if world[who] is not None:
        client.force_login(world[who], backend=LOGIN)
    return client


# (who, method, address with {draft} {submitted} {complaint} {list}, data, content type)
JSON = "application/json"
SWEEP = [
    ("anon", "get", "/procedures/", {"page": "abc"}, None),
    ("anon", "get", "/procedures/", {"page": "999999"}, None),
    ("anon", "get", "/procedures/", {"q": LONG}, None),
    ("anon", "get", "/procedures/", {"q": NUL}, None),
    ("anon", "get", "/complaints/public/", {"unit": HUGE}, None),
    ("anon", "get", "/complaints/public/", {"province": "²"}, None),
    ("anon", "get", "/complaints/public.csv", {"unit": HUGE}, None),
    ("anon", "get", "/complaints/public.json", {"unit": HUGE, "page": "-1"}, None),
    ("anon", "get", "/transparency/", {"period": "custom", "from": "2026-02-30"}, None),
    ("anon", "get", "/transparency/", {"period": "custom", "from": "30/02/2026"}, None),
    ("anon", "get", "/api/procedures/", {"sector": NUL, "level": "bogus"}, None),
    ("anon", "post", "/api/complaints/", "{bad json", JSON),
    ("anon", "post", "/api/complaints/", "[1, 2]", JSON),
    ("anon", "post", "/api/complaints/", {"category": "bogus", "description": LONG}, JSON),
    ("anon", "post", "/api/complaints/", "category=x", "text/plain"),
    ("anon", "get", "/gateway/v1/sources/population/subjects/{huge}", {}, None),
    ("citizen", "get", "/dossiers/", {"page": "abc", "status": "bogus"}, None),
    ("citizen", "get", "/dossiers/{draft}/", {}, None),
    ("citizen", "get", "/dossiers/{huge}/", {}, None),
    ("citizen", "post", "/dossiers/{draft}/form/save/", {"birth_date": "2026-02-30"}, None),
    ("citizen", "post", "/dossiers/{draft}/form/wrong/", {"field": NUL}, None),
    ("citizen", "post", "/dossiers/{draft}/documents/", {"component": "²"}, None),
    ("citizen", "post", "/dossiers/{submitted}/withdraw/", {"reason": LONG}, None),
    ("citizen", "post", "/dossiers/{submitted}/rate/", {"rating": HUGE}, None),
    ("citizen", "post", "/dossiers/{submitted}/rate/", {"rating": "²"}, None),
    ("citizen", "get", "/dossiers/{submitted}/withdraw/", {}, None),
    ("citizen", "post", "/complaints/new/", {"category": "bogus", "province": HUGE}, None),
    ("citizen", "post", "/complaints/{complaint}/act/", {"action": "rate", "rating": "²"}, None),
    ("citizen", "post", "/api/dossiers/{draft}/form/", "{bad json", JSON),
    ("citizen", "patch", "/api/dossiers/{draft}/form/", '{"values": [1]}', JSON),
    ("citizen", "get", "/api/dossiers/", {"status": NUL}, None),
    ("official", "get", "/workspace/", {"status": "bogus", "page": "abc", "sort": "x"}, None),
    ("official", "post", "/workspace/bulk/", {"action": "receive", "dossiers": HUGE}, None),
    ("official", "post", "/workspace/bulk/", {"action": "receive", "dossiers": "²"}, None),
    ("official", "post", "/workspace/{submitted}/act/", {"action": "bogus"}, None),
    ("official", "post", "/workspace/{submitted}/assign/", {"to": HUGE}, None),
    ("official", "post", "/workspace/supplements/{submitted}/request/",
     {"components": [HUGE, "abc"], "reason": "x"}, None),
    ("official", "post", "/workspace/supplements/{submitted}/data-gap/",
     {"component": HUGE, "evidence": LONG}, None),
    ("official", "post", "/workspace/supplements/{submitted}/received-at-desk/",
     {"paper_seen": [HUGE, "²"], "seen_status": NUL}, None),
    ("official", "post", "/workspace/complaints/{complaint}/act/",
     {"action": "assign", "official": "abc"}, None),
    ("official", "post", "/workspace/complaints/{complaint}/act/",
     {"action": "conclude", "official_responsible": NUL}, None),
    ("staff", "post", "/workspace/complaints/{complaint}/act/",
     {"action": "reroute", "agency": HUGE}, None),
    ("staff", "post", "/workspace/complaints/{complaint}/act/",
     {"action": "reclassify", "unit": "2026-02-30"}, None),
    ("staff", "post", "/workspace/complaints/rules/new/", {}, None),
    ("staff", "post", "/staff/catalog/lists/{list}/entries/", {"replacement": "abc"}, None),
    ("staff", "get", "/api/procedures/staff/lists/{list}/diff/", {"against": HUGE}, None),
    ("staff", "post", "/api/procedures/staff/lists/{list}/entries/", '{"replacement": "x"}', JSON),
    ("leader", "get", "/dashboards/", {"period": "custom", "from": "9999-12-31"}, None),
    ("leader", "get", "/dashboards/", {"unit": NUL}, None),
    ("leader", "post", "/workspace/complaints/violations/", {"violation": "abc"}, None),
    ("leader", "get", "/api/dashboards/figures/", {"unit": HUGE, "period": "bogus"}, None),
    ("owner", "post", "/data/corrections/{huge}/decide/", {"decision": "bogus"}, None),
    ("owner", "post", "/api/datasources/corrections/1/decision/", "{bad json", JSON),
    ("agency", "get", "/api/agency/dossiers/", {"status": "bogus", "page": "abc"}, None),
    ("agency", "post", "/api/agency/dossiers/{submitted}/supplement-request/",
     '{"components": ["x", 99999999999999999999]}', JSON),
    ("agency", "post", "/api/agency/dossiers/{submitted}/assign/", '{"official": "abc"}', JSON),
]  # fmt: skip


@pytest.mark.parametrize(("who", "method", "address", "data", "content_type"), SWEEP)
def test_bad_input_is_never_a_server_error(world, who, method, address, data, content_type):
    path = address.format(draft=world["draft"].pk, submitted=world["submitted"].pk,
                          complaint=world["complaint"].code, list=world["list"].pk,
                          huge=HUGE)  # fmt: skip
    send = getattr(_client(world, who), method)
    options = {"content_type": content_type} if content_type else {}
    response = send(path, data, **options)

    assert response.status_code < 500, (response.status_code, path)
    if path.startswith("/api/") and response.status_code >= 400:
        body = response.json()  # the APIs' one error shape
        assert isinstance(body["code"], str) and isinstance(body["detail"], str), (path, body)
        assert set(body) <= {"code", "detail", "fields", "errors", "components"}, (path, body)


# The cases that used to fail, each at its source.


def test_a_key_is_read_only_from_plain_digits_that_fit_the_database():
    assert key_or_none("42") == 42
    assert key_or_none(" 7 ") == 7
    for raw in (None, "", "0", "-1", "abc", "1e9", "²", "٣", HUGE, NUL, "2026-02-30"):
        assert key_or_none(raw) is None, raw
    assert keys(["3", HUGE, "x", "5"]) == [3, 5]


def _as(client, user):
    client.force_login(user, backend=LOGIN)
    return client


def test_disclosure_filtered_by_a_unit_past_any_key_shows_the_page(client, world):
    for address in ("/complaints/public/", "/complaints/public.csv", "/complaints/public.json"):
        assert client.get(address, {"unit": HUGE, "province": "²"}).status_code == 200


def test_bulk_receive_of_an_id_past_any_key_is_a_400_that_changes_nothing(client, world):
    response = _as(client, world["official"]).post(
        "/workspace/bulk/", {"action": "receive", "dossiers": [HUGE]}
    )
    assert response.status_code == 400
    assert (
        'Hãy chọn hồ sơ và thao tác. <span lang="en">Select dossiers and an action.</span>'
        in response.text
    )
    world["submitted"].refresh_from_db()
    assert not world["submitted"].events.exists()


@pytest.mark.parametrize("view", ["request", "data-gap"])
def test_a_supplement_naming_a_component_past_any_key_is_refused(client, world, view):
    submitted = world["submitted"]
    response = _as(client, world["official"]).post(
        f"/workspace/supplements/{submitted.pk}/{view}/",
        {"components": [HUGE], "component": HUGE, "reason": "Thiếu", "evidence": "Không có"},
    )
    assert response.status_code == 400
    assert not SupplementRequest.objects.exists()
    submitted.refresh_from_db()
    assert submitted.status == DossierStatus.IN_PROCESSING


@pytest.mark.parametrize(
    ("who", "data"),
    [
        ("official", {"action": "assign", "official": "abc"}),
        ("official", {"action": "conclude", "outcome": "substantiated", "response": "x",
                      "official_responsible": "2026-02-30"}),
        ("staff", {"action": "reroute", "agency": HUGE, "reason": "x"}),
        ("staff", {"action": "reclassify", "unit": "abc"}),
    ],
)  # fmt: skip
def test_a_complaint_step_naming_an_unknown_person_or_unit_is_a_400(client, world, who, data):
    complaint = world["complaint"]
    response = _as(client, world[who]).post(f"/workspace/complaints/{complaint.code}/act/", data)
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ROUTED and complaint.assigned_to_id is None


def test_a_violation_named_by_something_not_a_number_is_a_400(client, world):
    response = _as(client, world["leader"]).post(
        "/workspace/complaints/violations/", {"violation": "abc", "action": "Kiểm điểm"}
    )
    assert response.status_code == 400


def test_a_routing_rule_posted_empty_is_a_400_and_stores_nothing(client, world):
    response = _as(client, world["staff"]).post("/workspace/complaints/rules/new/", {})
    assert response.status_code == 400
    assert not RoutingRule.objects.exists()


def test_a_rating_in_superscript_digits_is_refused_not_a_500(client, world):
    complaint = world["complaint"]
    Complaint.objects.filter(pk=complaint.pk).update(status=ComplaintStatus.CONCLUDED)
    response = _as(client, world["citizen"]).post(
        f"/complaints/{complaint.code}/act/", {"action": "rate", "rating": "²"}
    )
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.rating is None


def test_a_dossier_rated_in_superscript_digits_is_refused_and_stores_nothing(client, world):
    returned = world["submitted"]
    DossierFactory._meta.model.objects.filter(pk=returned.pk).update(
        status=DossierStatus.RESULT_RETURNED
    )
    response = _as(client, world["citizen"]).post(f"/dossiers/{returned.pk}/rate/", {"rating": "²"})
    assert response.status_code == 400
    assert not SatisfactionRating.objects.exists()


# Over HTTP the request is refused before the view (portal/core/middleware.py);
# the complaint services refuse the same text from any other caller.
NUL_REFUSED = "Yêu cầu có ký tự không hợp lệ (NUL)"
NUL_REFUSED_BY_SERVICE = (
    "Nội dung có ký tự không hợp lệ (NUL). The text contains a character that is not allowed (NUL)."
)


@pytest.mark.parametrize(
    ("who", "data"),
    [
        ("official", {"action": "ask_reporter", "question": NUL}),
        ("official", {"action": "conclude", "outcome": "substantiated", "response": NUL}),
        ("official", {"action": "correction", "source_field": "population:full_name",
                      "note": NUL}),
        ("staff", {"action": "reroute", "agency": "{agency}", "reason": NUL}),
    ],
)  # fmt: skip
def test_a_complaint_step_with_a_nul_character_is_a_400_that_stores_nothing(
    client, world, who, data
):
    complaint = world["complaint"]
    data = {key: value.format(agency=complaint.unit_id) for key, value in data.items()}
    _as(client, world["official"]).post(
        f"/workspace/complaints/{complaint.code}/act/", {"action": "start"}
    )
    complaint.refresh_from_db()
    events, status = complaint.events.count(), complaint.status

    response = _as(client, world[who]).post(f"/workspace/complaints/{complaint.code}/act/", data)

    assert response.status_code == 400
    assert NUL_REFUSED in response.text
    complaint.refresh_from_db()
    assert (complaint.events.count(), complaint.status) == (events, status)
    assert not CorrectionFlag.objects.exists()


def test_the_complaint_services_refuse_a_nul_from_any_caller(world):
    complaint = world["complaint"]
    complaint_start(complaint=complaint, by=world["official"])
    complaint.refresh_from_db()
    events = complaint.events.count()

    with pytest.raises(ComplaintInvalid) as refused:
        complaint_ask_reporter(complaint=complaint, by=world["official"], question=NUL)

    assert refused.value.message == NUL_REFUSED_BY_SERVICE
    assert complaint.events.count() == events
