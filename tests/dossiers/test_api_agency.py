"""The agency integration API through HTTP: client credentials scoped to one
agency (another agency's dossier is a 404), the queue with its filters, the
processing moves recorded with the client as actor, the once-only rule
(a replaced component is refused with 409 and a compliance event), and the
history in the national ten-code vocabulary."""

from __future__ import annotations

import base64
import datetime
import io

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from dossiers.api_access.clients import agency_client_create, agency_client_revoke
from dossiers.api_access.models import AgencyApiClient
from dossiers.api_agency import API_ACTIONS
from dossiers.models import DossierEvent, DossierStatus, ResultDocument, SupplementRequest
from dossiers.results import dossier_approve_with_result
from dossiers.signing import dossier_not_resolve_signed
from dossiers.states import TRANSITIONS, allowed_actions
from portal.audit.models import ComplianceEvent, ComplianceEventKind
from tests.accounts.factories import CitizenFactory, OfficialFactory
from tests.dossiers.factories import (
    DossierFactory,
    PrefillSourceFactory,
    SupplementRequestFactory,
)
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    ProcedureFactory,
)

pytestmark = pytest.mark.django_db

S = DossierStatus


@pytest.fixture(autouse=True)
def _fast_hashing_and_private_media(settings, tmp_path):
    # The secret's hash is checked on every request: a fast hasher keeps tests quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def procedure(db):
    return ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                            result_type="Giấy xác nhận thông tin về cư trú")  # fmt: skip


@pytest.fixture
def residence(procedure):
    component = DossierComponentFactory(procedure=procedure, code="xac-nhan-cu-tru", position=1,
                                        name="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    ElectronicReplacementFactory(component=component, document_type="residence_confirmation",
                                 fields=["permanent_address"])  # fmt: skip
    return component


@pytest.fixture
def lease(procedure):
    return DossierComponentFactory(procedure=procedure, code="hop-dong-thue-nha", position=2,
                                   name="Hợp đồng thuê nhà")  # fmt: skip


@pytest.fixture
def credentials(hong_bang_ward):
    return agency_client_create(agency=hong_bang_ward, name="Hệ thống một cửa Hồng Bàng")


def _api(client_id: str, secret: str) -> APIClient:
    api = APIClient()
    token = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    api.credentials(HTTP_AUTHORIZATION=f"Basic {token}")
    return api


@pytest.fixture
def api(credentials):
    client, secret = credentials
    return _api(client.client_id, secret)


_codes = iter(range(1, 10_000))


def _dossier(agency, procedure, status=S.SUBMITTED, **options):
    options = {"code": f"{agency.code}-261125-{next(_codes):04d}",
               "submitted_at": timezone.now()} | options  # fmt: skip
    return DossierFactory(agency=agency, procedure=procedure, status=status,
                          applicant=CitizenFactory(), **options)  # fmt: skip


# Credentials.


def test_without_valid_credentials_the_answer_is_401(credentials, hong_bang_ward, procedure):
    client, secret = credentials
    _dossier(hong_bang_ward, procedure)

    nothing = APIClient().get("/api/agency/dossiers/")
    # Once the secret was verified (and that remembered), a wrong one is still refused,
    # and revoking takes effect at once.
    assert _api(client.client_id, secret).get("/api/agency/dossiers/").status_code == 200
    wrong = _api(client.client_id, "not-the-secret").get("/api/agency/dossiers/")
    garbled = APIClient(HTTP_AUTHORIZATION="Basic ***").get("/api/agency/dossiers/")
    agency_client_revoke(client=client)
    revoked = _api(client.client_id, secret).get("/api/agency/dossiers/")

    assert nothing.status_code == 401 and nothing["WWW-Authenticate"].startswith("Basic")
    assert wrong.status_code == garbled.status_code == revoked.status_code == 401
    assert "Wrong client ID or secret" in wrong.json()["detail"]


def test_a_citizen_session_does_not_open_the_agency_api(client, citizen):
    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")
    assert client.get("/api/agency/dossiers/").status_code == 401


def test_the_command_prints_the_secret_once_and_keeps_only_its_hash(hong_bang_ward):
    out = io.StringIO()

    call_command("agency_api_client_create", hong_bang_ward.code, "--name", "Một cửa", stdout=out)

    lines = dict(line.split(":", 1) for line in out.getvalue().splitlines() if ":" in line)
    client = AgencyApiClient.objects.get(client_id=lines["client_id"].strip())
    secret = lines["secret"].strip()
    assert client.agency == hong_bang_ward and secret not in client.secret_hash
    assert check_password(secret, client.secret_hash)
    assert not client.service_user.is_active and not client.service_user.has_usable_password()
    assert _api(client.client_id, secret).get("/api/agency/dossiers/").status_code == 200
    client.refresh_from_db()
    assert client.last_used_at is not None


def test_the_admin_never_shows_the_secret(client, credentials):
    from portal.accounts.models import Role, User

    User.objects.create_superuser("root", password="a-long-admin-password-1",
                                  role=Role.ADMINISTRATOR)  # fmt: skip
    admin_client = client
    assert admin_client.login(username="root", password="a-long-admin-password-1")
    client, secret = credentials

    page = admin_client.get(f"/admin/api_access/agencyapiclient/{client.pk}/change/")

    assert page.status_code == 200 and client.client_id in page.content.decode()
    assert client.secret_hash not in page.content.decode() and secret not in page.content.decode()


# Scope and the queue.


def test_the_queue_holds_the_agencys_submitted_dossiers_only(
    api, hong_bang_ward, le_chan_ward, procedure, django_assert_max_num_queries
):
    submitted = _dossier(hong_bang_ward, procedure)
    processing = _dossier(hong_bang_ward, procedure, S.IN_PROCESSING,
                          due_date=timezone.localdate() - datetime.timedelta(days=1))  # fmt: skip
    _dossier(hong_bang_ward, procedure, S.DRAFT, code=None, submitted_at=None)
    _dossier(le_chan_ward, procedure)

    with django_assert_max_num_queries(8):
        body = api.get("/api/agency/dossiers/").json()
    overdue = api.get("/api/agency/dossiers/", {"deadline": "overdue"}).json()
    by_status = api.get("/api/agency/dossiers/", {"status": "submitted"}).json()
    bad = api.get("/api/agency/dossiers/", {"status": "lost", "sort": "sideways"})

    assert {row["id"] for row in body["results"]} == {submitted.pk, processing.pk}
    assert [row["id"] for row in overdue["results"]] == [processing.pk]
    assert overdue["results"][0]["deadline"] == "overdue"
    assert [row["id"] for row in by_status["results"]] == [submitted.pk]
    assert by_status["results"][0]["national_status"] == 1
    assert bad.status_code == 400 and {"status", "sort"} <= set(bad.json()["errors"])


def test_a_dossier_closed_without_a_result_has_no_due_date_as_in_the_citizen_api(
    api, hong_bang_ward, procedure
):
    due = timezone.localdate() + datetime.timedelta(days=5)
    refused = _dossier(hong_bang_ward, procedure, due_date=due)
    processing = _dossier(hong_bang_ward, procedure, S.IN_PROCESSING, due_date=due)
    closed = {status: _dossier(hong_bang_ward, procedure, status, due_date=due)
              for status in (S.WITHDRAWN, S.PROCESSING_STOPPED, S.NOT_RESOLVED)}  # fmt: skip

    answer = api.post(f"/api/agency/dossiers/{refused.pk}/refuse/",
                      {"reasons": ["Sai thẩm quyền"]}, format="json")  # fmt: skip
    listed = api.get("/api/agency/dossiers/", {"status": "refused_at_reception"}).json()

    assert answer.status_code == 200 and answer.json()["status"] == "refused_at_reception"
    assert answer.json()["due_date"] is None
    assert api.get(f"/api/agency/dossiers/{refused.pk}/").json()["due_date"] is None
    assert [(row["id"], row["due_date"]) for row in listed["results"]] == [(refused.pk, None)]
    for dossier in closed.values():
        assert api.get(f"/api/agency/dossiers/{dossier.pk}/").json()["due_date"] is None
    # A result still awaited keeps its date; the citizen API says the same.
    assert api.get(f"/api/agency/dossiers/{processing.pk}/").json()["due_date"] == due.isoformat()
    refused.refresh_from_db()
    assert refused.due_date == due  # kept in the record, only not given as awaited


def test_the_schema_says_the_due_date_is_null_when_no_result_is_awaited(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    due_date = schema["components"]["schemas"]["AgencyDossier"]["properties"]["due_date"]
    assert due_date["nullable"] is True
    assert "null when no result is awaited" in due_date["description"]


def test_another_agencys_dossier_is_a_404_and_stays_untouched(api, le_chan_ward, procedure, lease):
    theirs = _dossier(le_chan_ward, procedure)
    base = f"/api/agency/dossiers/{theirs.pk}"

    answers = [
        api.get(f"{base}/"), api.get(f"{base}/history/"), api.post(f"{base}/receive/"),
        api.post(f"{base}/refuse/", {"reasons": ["Sai cơ quan"]}, format="json"),
        api.post(f"{base}/supplement-request/",
                 {"components": ["hop-dong-thue-nha"], "reason": "Thiếu"}, format="json"),
    ]  # fmt: skip

    assert {answer.status_code for answer in answers} == {404}
    assert answers[0].json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.status == S.SUBMITTED and not theirs.events.exists()


# Processing.


def test_the_client_processes_a_dossier_to_its_result_as_the_recorded_actor(
    api, credentials, hong_bang_ward, procedure, commune_official, other_commune_official,
    ward_leader,
):  # fmt: skip
    client, _secret = credentials
    dossier = _dossier(hong_bang_ward, procedure)
    base = f"/api/agency/dossiers/{dossier.pk}"

    received = api.post(f"{base}/receive/")
    assert received.status_code == 200 and received.json()["status"] == "received"
    assert "start_processing" in received.json()["allowed_actions"]
    twice = api.post(f"{base}/receive/")
    assert twice.status_code == 409 and twice.json()["code"] == "transition_refused"

    elsewhere = api.post(f"{base}/assign/", {"official": other_commune_official.username},
                         format="json")  # fmt: skip
    assert elsewhere.status_code == 400 and elsewhere.json()["code"] == "unknown_official"
    assigned = api.post(f"{base}/assign/", {"official": commune_official.username}, format="json")
    assert assigned.status_code == 200
    assert assigned.json()["assigned_to"] == commune_official.username

    assert api.post(f"{base}/start-processing/").status_code == 200
    proposed = api.post(f"{base}/propose-approval/", {"note": "Đủ điều kiện"}, format="json")
    assert proposed.status_code == 200 and proposed.json()["status"] == "awaiting_signature"
    assert proposed.json()["allowed_actions"] == []  # the unit's leader signs, in the portal
    # The client acts as an official: it neither signs nor sends back.
    for move, data in (("approve", {}), ("send-back", {"reason": "Xem lại"})):
        refused = api.post(f"{base}/{move}/", data, format="json")
        assert refused.status_code == 409 and refused.json()["code"] == "transition_refused"
    assert not ResultDocument.objects.filter(dossier=dossier).exists()
    result = dossier_approve_with_result(dossier=dossier, by=ward_leader)  # the ward's chairman
    returned = api.post(f"{base}/return-result/", {"how": "counter"}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == "result_returned"
    assert returned.json()["results"][0]["sha256"] == result.sha256

    events = DossierEvent.objects.filter(dossier=dossier).exclude(action="approve")
    assert {event.actor for event in events} == {client.service_user}
    assert client.name in str(client.service_user)
    history = api.get(f"{base}/history/").json()
    assert history["code"] == dossier.code
    assert [step["status"] for step in history["history"]] == [2, 4, 4, 9, 10]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_refused_input_is_named_in_both_languages_in_fields_and_errors(
    api, hong_bang_ward, procedure, language
):
    dossier = _dossier(hong_bang_ward, procedure)
    asked = {"HTTP_ACCEPT_LANGUAGE": language}

    refused = api.post(f"/api/agency/dossiers/{dossier.pk}/refuse/",
                       {"reasons": ["x" * 1001, ""]}, format="json", **asked)  # fmt: skip
    queue = api.get("/api/agency/dossiers/", {"status": "lost"}, **asked)

    too_long = ("Trường này không được quá 1000 ký tự. "
                "Ensure this field has no more than 1000 characters.")  # fmt: skip
    blank = "Trường này không được để trống. This field may not be blank."
    assert refused.status_code == 400 and refused.json()["code"] == "invalid"
    assert refused.json()["fields"] == {"reasons.0": [too_long], "reasons.1": [blank]}
    assert refused.json()["errors"] == {"reasons": {"0": [too_long], "1": [blank]}}
    choice = '“lost” không phải là một lựa chọn hợp lệ. "lost" is not a valid choice.'
    assert queue.status_code == 400
    assert queue.json()["fields"] == queue.json()["errors"] == {"status": [choice]}
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED and not dossier.events.exists()


def test_refusal_with_reasons_at_reception_and_after_processing(api, hong_bang_ward, procedure,
                                                                ward_leader):  # fmt: skip
    new = _dossier(hong_bang_ward, procedure)
    processed = _dossier(hong_bang_ward, procedure, S.IN_PROCESSING)

    empty = api.post(f"/api/agency/dossiers/{new.pk}/refuse/", {"reasons": []}, format="json")
    reasons = {"reasons": ["Sai thẩm quyền", "Thiếu chữ ký"]}
    at_reception = api.post(f"/api/agency/dossiers/{new.pk}/refuse/", reasons, format="json")
    not_resolved = api.post(f"/api/agency/dossiers/{processed.pk}/refuse/",
                            {"reasons": ["Không đủ điều kiện"]}, format="json")  # fmt: skip

    assert empty.status_code == 400 and "reasons" in empty.json()["errors"]
    assert at_reception.status_code == 200
    assert at_reception.json()["status"] == "refused_at_reception"
    assert at_reception.json()["national_status"] == 3
    assert new.events.get().reason == "Sai thẩm quyền\nThiếu chữ ký"
    # After processing, the refusal is the leader's to sign: proposed, still status 4.
    assert not_resolved.json()["status"] == "awaiting_signature"
    assert not_resolved.json()["national_status"] == 4
    assert not_resolved.json()["allowed_actions"] == []
    dossier_not_resolve_signed(dossier=processed, by=ward_leader)
    history = api.get(f"/api/agency/dossiers/{processed.pk}/history/").json()["history"]
    assert [(step["status"], step["note"]) for step in history] == [
        (4, ""), (8, "Không đủ điều kiện")
    ]  # fmt: skip


def test_a_dossier_asked_to_be_completed_before_reception_is_refused_at_reception(
    api, hong_bang_ward, procedure
):
    waiting = _dossier(hong_bang_ward, procedure)
    SupplementRequestFactory(dossier=waiting)

    refused = api.post(f"/api/agency/dossiers/{waiting.pk}/refuse/",
                       {"reasons": ["Không bổ sung sau 30 ngày"]}, format="json")  # fmt: skip

    assert refused.status_code == 200
    assert (refused.json()["status"], refused.json()["national_status"]) == (
        "refused_at_reception", 3
    )  # fmt: skip


# The moves offered.


def test_allowed_actions_lists_only_the_moves_the_api_makes(
    api, credentials, hong_bang_ward, procedure
):
    """The pages let the unit complete a supplement received at the desk and stop
    a received dossier; the API has no endpoint for either, so it never lists them."""
    client, _secret = credentials
    after = _dossier(hong_bang_ward, procedure, S.IN_PROCESSING)
    before = _dossier(hong_bang_ward, procedure, S.SUBMITTED)
    for dossier in (after, before):  # asked in processing, and before reception
        SupplementRequestFactory(dossier=dossier)
    received = _dossier(hong_bang_ward, procedure, S.RECEIVED)
    offered = {d.pk: allowed_actions(dossier=d, user=client.service_user)
               for d in (after, before, received)}  # fmt: skip
    # What the pages offer the same official: moves without an endpoint here.
    assert {"resubmit", "stop_processing"} <= set(offered[after.pk])
    assert "resubmit_for_reception" in offered[before.pk]
    assert "stop_processing" in offered[received.pk]

    listed = {d.pk: api.get(f"/api/agency/dossiers/{d.pk}/").json()["allowed_actions"]
              for d in (after, before, received)}  # fmt: skip

    assert listed[after.pk] == []
    assert listed[before.pk] == ["refuse_at_reception"]
    assert listed[received.pk] == ["start_processing", "request_supplement"]
    # Each listed move is one of the table's, with its endpoint.
    assert set(TRANSITIONS) >= API_ACTIONS


# The history.


def test_the_history_gives_each_national_status_with_its_words_in_both_languages(
    api, hong_bang_ward, procedure
):
    from dossiers.models import DossierEvent

    dossier = _dossier(hong_bang_ward, procedure)
    applicant = dossier.applicant
    # Submitted, asked to be completed before reception, completed: status 1 twice.
    for action, from_status, to_status, actor in (
        ("submit", S.DRAFT, S.SUBMITTED, applicant),
        ("request_supplement", S.SUBMITTED, S.SUPPLEMENT_REQUESTED, None),
        ("resubmit_for_reception", S.SUPPLEMENT_REQUESTED, S.SUBMITTED, applicant),
    ):
        DossierEvent.objects.create(dossier=dossier, action=action, from_status=from_status,
                                    to_status=to_status, actor=actor)  # fmt: skip
    base = f"/api/agency/dossiers/{dossier.pk}"
    refused = api.post(f"{base}/refuse/", {"reasons": ["Sai thẩm quyền"]}, format="json")
    assert refused.status_code == 200

    answers = [api.get(f"{base}/history/", HTTP_ACCEPT_LANGUAGE=language)
               for language in ("vi", "en")]  # fmt: skip

    assert all(answer.status_code == 200 for answer in answers)
    body = answers[0].json()
    assert answers[1].json() == body  # both languages, whatever the request's
    steps = body["history"]
    # The fields there were before, unchanged; the words beside them.
    assert all(
        set(step) == {"code", "status", "at", "note", "description_vi", "description_en"}
        for step in steps
    )
    assert [(step["code"], step["status"], step["note"]) for step in steps] == [
        (dossier.code, 1, ""), (dossier.code, 5, ""), (dossier.code, 1, ""),
        (dossier.code, 3, "Sai thẩm quyền"),
    ]  # fmt: skip
    assert [(step["description_vi"], step["description_en"]) for step in steps] == [
        ("Bạn đã nộp hồ sơ trực tuyến.", "You submitted the dossier online."),
        ("Cơ quan yêu cầu bổ sung hồ sơ.", "The unit asked for the dossier to be completed."),
        ("Hồ sơ đã được bổ sung: chờ tiếp nhận; thời hạn giải quyết được tính lại từ thời "
         "điểm bổ sung hồ sơ.",
         "The dossier was completed: it waits to be received; its processing time runs "
         "again from this completion."),
        ("Cơ quan từ chối tiếp nhận hồ sơ.", "The unit refused to receive the dossier."),
    ]  # fmt: skip


def test_the_schema_documents_the_historys_words_in_both_languages(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    step = schema["components"]["schemas"]["AgencyNationalStatus"]
    assert {"code", "status", "at", "note", "description_vi", "description_en"} <= set(
        step["required"]
    )
    assert "Vietnamese" in step["properties"]["description_vi"]["description"]
    assert "English" in step["properties"]["description_en"]["description"]


# The once-only rule.


def test_asking_again_for_a_replaced_component_is_refused_and_recorded(
    api, credentials, hong_bang_ward, procedure, residence, lease
):
    client, _secret = credentials
    dossier = _dossier(hong_bang_ward, procedure, S.IN_PROCESSING)
    PrefillSourceFactory(dossier=dossier)  # the source answered with the address
    url = f"/api/agency/dossiers/{dossier.pk}/supplement-request/"

    refused = api.post(url, {"components": ["xac-nhan-cu-tru", "hop-dong-thue-nha"],
                             "reason": "Thiếu giấy tờ"}, format="json")  # fmt: skip

    assert refused.status_code == 409 and refused.json()["code"] == "replaced_by_data"
    assert refused.json()["components"] == ["xac-nhan-cu-tru"]
    assert "Không được yêu cầu người nộp cung cấp lại" in refused.json()["detail"]
    event = ComplianceEvent.objects.get(kind=ComplianceEventKind.REPROVIDE_REFUSED)
    assert event.actor == client.service_user and event.agency_id == hong_bang_ward.pk
    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROCESSING and not SupplementRequest.objects.exists()

    unknown = api.post(url, {"components": ["khong-co"], "reason": "Thiếu"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["components"] == ["khong-co"]

    asked = api.post(url, {"components": ["hop-dong-thue-nha"],
                           "reason": "Thiếu hợp đồng thuê nhà"}, format="json")  # fmt: skip
    assert asked.status_code == 200 and asked.json()["status"] == "supplement_requested"
    assert asked.json()["national_status"] == 5
    assert SupplementRequest.objects.get(dossier=dossier).requested_by == client.service_user

    once_more = api.post(url, {"components": ["hop-dong-thue-nha"], "reason": "Lại"},
                         format="json")  # fmt: skip
    assert once_more.status_code == 409
    assert once_more.json()["code"] == "supplement_already_requested"


def test_the_service_account_is_never_offered_as_an_assignee(credentials, hong_bang_ward):
    from dossiers.workspace_selectors import unit_officials

    client, _secret = credentials
    official = OfficialFactory(agency=hong_bang_ward)
    dossier = _dossier(hong_bang_ward, ProcedureFactory())

    assert list(unit_officials(dossier=dossier)) == [official]
    assert client.service_user.agency == hong_bang_ward


def test_a_data_gap_recorded_with_evidence_lets_the_replaced_component_be_asked(
    api, credentials, hong_bang_ward, procedure, residence, data_owner
):
    client, _secret = credentials
    dossier = _dossier(hong_bang_ward, procedure, S.IN_PROCESSING)
    PrefillSourceFactory(dossier=dossier)
    base = f"/api/agency/dossiers/{dossier.pk}"

    no_evidence = api.post(f"{base}/data-gaps/", {"component": "xac-nhan-cu-tru"}, format="json")
    recorded = api.post(f"{base}/data-gaps/", {"component": "xac-nhan-cu-tru",
                        "evidence": "CSDL dân cư trả về địa chỉ cũ."}, format="json")  # fmt: skip
    asked = api.post(f"{base}/supplement-request/", {"components": ["xac-nhan-cu-tru"],
                     "reason": "Nguồn sai địa chỉ"}, format="json")  # fmt: skip

    assert no_evidence.status_code == 400 and "evidence" in no_evidence.json()["errors"]
    assert recorded.status_code == 200
    gap = ComplianceEvent.objects.get(kind=ComplianceEventKind.DATA_GAP_RECORDED)
    assert gap.actor == client.service_user and gap.agency_id == hong_bang_ward.pk
    assert asked.status_code == 200 and asked.json()["status"] == "supplement_requested"


# A move made on a stale view: a colleague took the dossier or moved it on meanwhile.


@pytest.fixture
def colleague(hong_bang_ward):
    return OfficialFactory(full_name="Trần Văn Minh", agency=hong_bang_ward)


def test_an_assignment_on_a_stale_view_is_refused_and_the_colleagues_stands(
    api, hong_bang_ward, procedure, commune_official, colleague
):
    dossier = _dossier(hong_bang_ward, procedure, status=S.RECEIVED, assigned_to=colleague)
    base = f"/api/agency/dossiers/{dossier.pk}"

    stale = api.post(f"{base}/assign/", {"official": commune_official.username,
                                         "seen_status": "received", "seen_assigned_to": None},
                     format="json")  # fmt: skip

    assert stale.status_code == 409 and stale.json()["code"] == "dossier_changed"
    assert "hồ sơ nay do" in stale.json()["detail"] and "it is now with" in stale.json()["detail"]
    dossier.refresh_from_db()
    assert dossier.assigned_to == colleague and not dossier.events.exists()

    fresh = api.post(f"{base}/assign/", {"official": commune_official.username,
                                         "seen_status": "received",
                                         "seen_assigned_to": colleague.username},
                     format="json")  # fmt: skip
    assert fresh.status_code == 200 and fresh.json()["assigned_to"] == commune_official.username


def test_a_move_on_a_stale_status_is_refused_and_a_fresh_one_is_done(
    api, hong_bang_ward, procedure
):
    dossier = _dossier(hong_bang_ward, procedure, status=S.RECEIVED)
    base = f"/api/agency/dossiers/{dossier.pk}"

    stale = api.post(f"{base}/start-processing/", {"seen_status": "submitted"}, format="json")
    refusal = {"reasons": ["Thiếu chữ ký"], "seen_status": "submitted"}
    stale_refusal = api.post(f"{base}/refuse/", refusal, format="json")

    for refused in (stale, stale_refusal):
        assert refused.status_code == 409 and refused.json()["code"] == "dossier_changed"
        assert "it is now “" in refused.json()["detail"]
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED and not dossier.events.exists()

    seen = {"seen_status": "received", "seen_assigned_to": ""}
    fresh = api.post(f"{base}/start-processing/", seen, format="json")
    assert fresh.status_code == 200 and fresh.json()["status"] == S.IN_PROCESSING


def test_a_move_without_a_seen_view_is_done_as_before(
    api, hong_bang_ward, procedure, commune_official, colleague
):
    dossier = _dossier(hong_bang_ward, procedure, status=S.RECEIVED, assigned_to=colleague)
    base = f"/api/agency/dossiers/{dossier.pk}"

    assigned = api.post(f"{base}/assign/", {"official": commune_official.username}, format="json")
    started = api.post(f"{base}/start-processing/")

    assert assigned.status_code == 200 and started.status_code == 200
    dossier.refresh_from_db()
    assert dossier.assigned_to == commune_official and dossier.status == S.IN_PROCESSING


def test_a_malformed_seen_status_is_a_400_and_nothing_is_done(api, hong_bang_ward, procedure):
    dossier = _dossier(hong_bang_ward, procedure)

    answer = api.post(f"/api/agency/dossiers/{dossier.pk}/receive/", {"seen_status": "nope"},
                      format="json")  # fmt: skip

    assert answer.status_code == 400 and "seen_status" in answer.json()["errors"]
    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED


def test_the_schema_documents_the_seen_view_of_a_move(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    body = schema["paths"]["/api/agency/dossiers/{id}/assign/"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    fields = schema["components"]["schemas"][ref]["properties"]
    assert "409 `dossier_changed`" in fields["seen_status"]["description"]
    assert "409 `dossier_changed`" in fields["seen_assigned_to"]["description"]
