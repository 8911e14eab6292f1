"""The citizen's dossier API through HTTP: only their own dossiers (another
person's is the same 404 as none), the journey from draft to submission with
an idempotent start and submit, bilingual refusals with the right status,
the history's moves in the tracking page's words in either language, and both
dossier APIs in the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from dossiers.models import (
    Dossier,
    DossierEvent,
    DossierStatus,
    RightCheckOutcome,
    RightToActCheck,
    SupplementRequest,
)
from portal.core.working_days import due_date, received_on, working_days_add, working_days_between
from tests.accounts.factories import CitizenFactory
from tests.dossiers.factories import (
    DossierFactory,
    PrefillSourceFactory,
    SupplementRequestFactory,
)
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    residence_form_fields,
)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def procedure(db):
    procedure = ProcedureFactory(
        code="1.004222", name="Đăng ký thường trú", agency_kinds=["commune_committee"],
        processing_days=3, fee_vnd=0,
    )  # fmt: skip
    form = FormDefinitionFactory(code="to-khai-cu-tru", fields=residence_form_fields())
    DossierComponentFactory(procedure=procedure, code="to-khai", position=1,
                            name="Tờ khai thay đổi thông tin cư trú", form=form)  # fmt: skip
    return procedure


@pytest.fixture
def residence(procedure):
    component = DossierComponentFactory(procedure=procedure, code="xac-nhan-cu-tru", position=2,
                                        name="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    ElectronicReplacementFactory(component=component, document_type="residence_confirmation",
                                 fields=["permanent_address"])  # fmt: skip
    return component


@pytest.fixture
def lease(procedure):
    return DossierComponentFactory(procedure=procedure, code="hop-dong-thue-nha", position=3,
                                   name="Hợp đồng thuê nhà")  # fmt: skip


@pytest.fixture
def api(citizen):
    client = APIClient()
    client.force_login(citizen, backend=LOGIN)
    return client


def _submitted(citizen, agency, procedure, **options) -> Dossier:
    options = {"status": DossierStatus.SUBMITTED, "code": "11311-261125-0001",
               "submitted_at": timezone.now()} | options  # fmt: skip
    return DossierFactory(applicant=citizen, agency=agency, procedure=procedure, **options)


# The journey.


@pytest.mark.django_db(transaction=True)
def test_the_citizen_starts_completes_confirms_and_submits_once(
    gateway_live, api, citizen, procedure, residence, hong_bang_ward
):
    start = {"procedure": procedure.code, "agency": hong_bang_ward.code}

    first = api.post("/api/dossiers/", start, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = api.post("/api/dossiers/", start, format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"] and Dossier.objects.count() == 1
    assert first.json()["status"] == "draft"
    assert first.json()["next_step"]["code"] == "check_data"
    pk = first.json()["id"]

    form = api.get(f"/api/dossiers/{pk}/form/").json()
    assert form["prefill_finished"] is True
    fields = {field["name"]: field for field in form["fields"]}
    assert fields["full_name"]["locked"] and fields["full_name"]["value"] == "Nguyễn Văn An"
    assert fields["full_name"]["provenance"]["source_code"] == "population"
    assert not fields["phone"]["locked"]
    components = {component["code"]: component for component in form["components"]}
    assert (
        components["xac-nhan-cu-tru"]["replaced"] and not components["xac-nhan-cu-tru"]["missing"]
    )

    # Saved to go on later, then checked in full.
    assert api.patch(f"/api/dossiers/{pk}/form/", {"values": {"phone": "12ab"}},
                     format="json").status_code == 200  # fmt: skip
    refused = api.put(f"/api/dossiers/{pk}/form/", {"values": {"phone": "12ab"}}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "form_invalid"
    assert "Nhập số điện thoại hợp lệ" in refused.json()["errors"]["phone"]

    not_confirmed = api.post(f"/api/dossiers/{pk}/submit/", {}, format="json")
    assert not_confirmed.status_code == 400
    assert "xác nhận dữ liệu" in not_confirmed.json()["detail"]

    assert api.post(f"/api/dossiers/{pk}/confirm/").status_code == 200
    values = {"values": {"phone": "0912345678"}}
    submitted = api.post(f"/api/dossiers/{pk}/submit/", values, format="json")
    repeated = api.post(f"/api/dossiers/{pk}/submit/", values, format="json")

    assert submitted.status_code == repeated.status_code == 200
    body = submitted.json()
    assert body["status"] == "submitted" and body["national_status"] == 1
    assert body["code"].startswith("11311-") and repeated.json()["code"] == body["code"]
    assert body["due_date"] and body["next_step"]["code"] == "none"
    assert [step["status"] for step in body["history"]] == ["submitted"]
    assert DossierEvent.objects.filter(dossier_id=pk, action="submit").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_changed_locked_value_is_refused_with_409(
    gateway_live, api, citizen, procedure, hong_bang_ward
):
    pk = api.post("/api/dossiers/", {"procedure": procedure.code, "agency": hong_bang_ward.code},
                  format="json").json()["id"]  # fmt: skip
    api.post(f"/api/dossiers/{pk}/confirm/")

    response = api.post(f"/api/dossiers/{pk}/submit/",
                        {"values": {"phone": "0912345678", "full_name": "Nguyễn Văn Ân"}},
                        format="json")  # fmt: skip

    assert response.status_code == 409 and response.json()["code"] == "locked_value_changed"
    assert Dossier.objects.get(pk=pk).status == DossierStatus.DRAFT


def test_the_session_api_checks_csrf(citizen, procedure, hong_bang_ward):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(citizen, backend=LOGIN)

    start = {"procedure": procedure.code, "agency": hong_bang_ward.code}
    response = client.post("/api/dossiers/", start, format="json")

    assert response.status_code == 403 and not Dossier.objects.exists()


# Bad input.


def test_bad_input_is_a_bilingual_400_and_nothing_is_created(api, procedure, hong_bang_ward):
    missing = api.post("/api/dossiers/", {}, format="json")
    unknown = api.post("/api/dossiers/", {"procedure": "0.000000", "agency": hong_bang_ward.code},
                       format="json")  # fmt: skip
    bad_basis = api.post("/api/dossiers/", {"procedure": procedure.code,
                                            "agency": hong_bang_ward.code,
                                            "acting_basis": "friend"}, format="json")  # fmt: skip

    assert missing.status_code == 400 and missing.json()["code"] == "invalid"
    assert {"procedure", "agency"} <= set(missing.json()["errors"])
    assert "Yêu cầu không hợp lệ" in missing.json()["detail"]
    assert "The request is invalid" in missing.json()["detail"]
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_procedure"
    assert unknown.json()["detail"] == "Không có thủ tục này. Unknown procedure."
    assert bad_basis.status_code == 400 and "acting_basis" in bad_basis.json()["errors"]
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_eforms_refusals_name_each_field_in_both_languages(
    api, citizen, hong_bang_ward, language
):
    form = FormDefinitionFactory(fields=[
        {"name": "born_on", "type": "date", "label_vi": "Ngày sinh", "label_en": "Date of birth",
         "required": False, "validation": {}, "binding": None},
        {"name": "place", "type": "string", "label_vi": "Nơi sinh", "label_en": "Place of birth",
         "required": False, "validation": {}, "binding": None},
    ])  # fmt: skip
    draft = DossierFactory(applicant=citizen, agency=hong_bang_ward, form=form,
                           preview_confirmed_at=timezone.now())  # fmt: skip
    typed = {"values": {"born_on": "31/02/2020", "place": "x" * 300}}

    saved = api.put(f"/api/dossiers/{draft.pk}/form/", typed, format="json",
                    HTTP_ACCEPT_LANGUAGE=language)  # fmt: skip
    submitted = api.post(f"/api/dossiers/{draft.pk}/submit/", typed, format="json",
                         HTTP_ACCEPT_LANGUAGE=language)  # fmt: skip

    for refused in (saved, submitted):
        assert refused.status_code == 400 and refused.json()["code"] == "form_invalid"
        assert refused.json()["fields"] == {
            "born_on": ["Nhập ngày hợp lệ. Enter a valid date."],
            "place": ["Tối đa 255 ký tự. At most 255 characters."],
        }
    draft.refresh_from_db()
    assert draft.form_values == {}


def test_keeping_the_eform_to_go_on_later_names_the_values_it_did_not_keep(
    api, citizen, hong_bang_ward
):
    form = FormDefinitionFactory(fields=[
        {"name": "born_on", "type": "date", "label_vi": "Ngày sinh", "label_en": "Date of birth",
         "required": True, "validation": {}, "binding": None},
        {"name": "place", "type": "string", "label_vi": "Nơi sinh", "label_en": "Place of birth",
         "required": True, "validation": {}, "binding": None},
    ])  # fmt: skip
    draft = DossierFactory(applicant=citizen, agency=hong_bang_ward, form=form)
    typed = {"values": {"born_on": "31/02/2020", "place": "Hải Phòng"}}

    kept = api.patch(f"/api/dossiers/{draft.pk}/form/", typed, format="json")

    assert kept.status_code == 200
    assert kept.json()["refused"] == {"born_on": "Nhập ngày hợp lệ. Enter a valid date."}
    draft.refresh_from_db()
    assert draft.form_values == {"place": "Hải Phòng"}
    everything_kept = api.patch(f"/api/dossiers/{draft.pk}/form/",
                                {"values": {"born_on": ""}}, format="json")  # fmt: skip
    assert everything_kept.status_code == 200 and everything_kept.json()["refused"] == {}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_refusal_of_the_eform_and_its_input_is_in_both_languages(
    api, citizen, hong_bang_ward, language
):
    """The messages in `refused`, `fields` and `errors` (kept for older clients)
    alike, in Vietnamese then English, whatever language the request asks for."""
    form = FormDefinitionFactory(fields=[
        {"name": "born_on", "type": "date", "label_vi": "Ngày sinh", "label_en": "Date of birth",
         "required": True, "validation": {}, "binding": None},
        {"name": "children", "type": "integer", "label_vi": "Số con", "label_en": "Children",
         "required": True, "validation": {}, "binding": None},
        {"name": "place", "type": "string", "label_vi": "Nơi sinh", "label_en": "Place of birth",
         "required": True, "validation": {}, "binding": None},
    ])  # fmt: skip
    draft = DossierFactory(applicant=citizen, agency=hong_bang_ward, form=form,
                           preview_confirmed_at=timezone.now())  # fmt: skip
    asked = {"HTTP_ACCEPT_LANGUAGE": language}

    kept = api.patch(f"/api/dossiers/{draft.pk}/form/", {"values": {
        "born_on": "31/02/2026", "children": "hai", "place": "x" * 300,
    }}, format="json", **asked)  # fmt: skip
    submitted = api.post(f"/api/dossiers/{draft.pk}/submit/", {"values": {}}, format="json",
                         **asked)  # fmt: skip
    not_an_object = api.put(f"/api/dossiers/{draft.pk}/form/", {"values": ["31/02/2026"]},
                            format="json", **asked)  # fmt: skip
    # A draft cannot be withdrawn at all (409 before its reason is read): a submitted dossier.
    submitted_dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward,
                                       status=DossierStatus.SUBMITTED)  # fmt: skip
    withdrawn = api.post(f"/api/dossiers/{submitted_dossier.pk}/withdraw/",
                         {"reason": "x" * 1001}, format="json", **asked)  # fmt: skip

    assert kept.status_code == 200 and kept.json()["refused"] == {
        "born_on": "Nhập ngày hợp lệ. Enter a valid date.",
        "children": "Nhập một số nguyên. Enter a whole number.",
        "place": "Tối đa 255 ký tự. At most 255 characters.",
    }
    required = "Trường này là bắt buộc. This field is required."
    assert submitted.status_code == 400 and submitted.json()["code"] == "form_invalid"
    assert submitted.json()["fields"] == {name: [required] for name in
                                          ("born_on", "children", "place")}  # fmt: skip
    assert submitted.json()["errors"] == {name: required for name in
                                          ("born_on", "children", "place")}  # fmt: skip
    object_expected = ("Cần một đối tượng (từ điển), nhận được kiểu “list”. "
                       'Expected a dictionary of items but got type "list".')  # fmt: skip
    assert not_an_object.status_code == 400
    assert not_an_object.json()["fields"] == {"values": [object_expected]}
    assert not_an_object.json()["errors"] == {"values": [object_expected]}
    too_long = ("Trường này không được quá 1000 ký tự. "
                "Ensure this field has no more than 1000 characters.")  # fmt: skip
    assert withdrawn.status_code == 400
    assert withdrawn.json()["fields"] == withdrawn.json()["errors"] == {"reason": [too_long]}
    draft.refresh_from_db()
    assert draft.form_values == {} and draft.status == DossierStatus.DRAFT


def test_acting_for_someone_without_an_authorisation_is_refused(api, procedure, hong_bang_ward):
    response = api.post(
        "/api/dossiers/",
        {"procedure": procedure.code, "agency": hong_bang_ward.code,
         "subject_personal_id": "031090009999", "acting_basis": "authorisation"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 403 and response.json()["code"] == "no_right_to_act"
    assert "chưa ủy quyền" in response.json()["detail"]
    assert not Dossier.objects.exists()


def test_an_idempotency_key_reused_for_another_request_is_refused(
    api, citizen, procedure, hong_bang_ward
):
    existing = DossierFactory(applicant=citizen, agency=hong_bang_ward, procedure=procedure)
    from dossiers.api_access.models import IdempotencyKey

    IdempotencyKey.objects.create(user=citizen, key="k-2", request_hash="0" * 64, dossier=existing)

    response = api.post("/api/dossiers/", {"procedure": procedure.code,
                                           "agency": hong_bang_ward.code},
                        format="json", HTTP_IDEMPOTENCY_KEY="k-2")  # fmt: skip

    assert response.status_code == 422 and response.json()["code"] == "idempotency_key_reused"
    assert Dossier.objects.count() == 1


# Scoping.


def test_another_persons_dossier_is_the_same_404_as_none(api, procedure, hong_bang_ward):
    someone_else = _submitted(CitizenFactory(), hong_bang_ward, procedure)
    missing = someone_else.pk + 1000

    for method, suffix, data in [
        ("get", "", None), ("get", "form/", None), ("patch", "form/", {"values": {}}),
        ("post", "confirm/", {}), ("post", "submit/", {}),
        ("post", "withdraw/", {"reason": "Không cần nữa"}), ("post", "supplement/answer/", {}),
    ]:  # fmt: skip
        theirs = getattr(api, method)(f"/api/dossiers/{someone_else.pk}/{suffix}", data,
                                      format="json")  # fmt: skip
        nothing = getattr(api, method)(f"/api/dossiers/{missing}/{suffix}", data, format="json")
        assert theirs.status_code == nothing.status_code == 404, (method, suffix)
        assert theirs.json() == nothing.json()
    assert api.get("/api/dossiers/").json()["count"] == 0
    someone_else.refresh_from_db()
    assert someone_else.status == DossierStatus.SUBMITTED


def test_the_list_holds_the_callers_own_dossiers_only(api, citizen, procedure, hong_bang_ward):
    mine = _submitted(citizen, hong_bang_ward, procedure)
    _submitted(CitizenFactory(), hong_bang_ward, procedure, code="11311-261125-0002")

    body = api.get("/api/dossiers/").json()

    assert body["count"] == 1 and body["results"][0]["id"] == mine.pk
    assert body["results"][0]["status_text"] == "Mới nộp"


def test_staff_and_anonymous_callers_are_refused(client, commune_official):
    assert APIClient().get("/api/dossiers/").status_code == 403
    staff = APIClient()
    staff.force_login(commune_official, backend=LOGIN)
    assert staff.get("/api/dossiers/").status_code == 403


# Withdrawal and supplements.


def test_withdraw_then_an_illegal_move_is_409(api, citizen, procedure, hong_bang_ward):
    dossier = _submitted(citizen, hong_bang_ward, procedure)

    no_reason = api.post(f"/api/dossiers/{dossier.pk}/withdraw/", {}, format="json")
    withdrawn = api.post(f"/api/dossiers/{dossier.pk}/withdraw/",
                         {"reason": "Nộp nhầm thủ tục"}, format="json")  # fmt: skip
    again = api.post(f"/api/dossiers/{dossier.pk}/withdraw/",
                     {"reason": "Nộp nhầm thủ tục"}, format="json")  # fmt: skip

    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["history"][-1]["reason"] == "Nộp nhầm thủ tục"
    assert again.status_code == 409 and again.json()["code"] == "transition_refused"
    assert "không thể thực hiện thao tác này" in again.json()["detail"]


def _upload(api, url, component, name, content):
    upload = SimpleUploadedFile(name, content)
    return api.post(f"{url}/attachments/", {"component": component, "file": upload},
                    format="multipart")  # fmt: skip


def test_the_applicant_answers_a_supplement_request_by_uploading(
    api, citizen, procedure, residence, lease, hong_bang_ward, commune_official
):
    dossier = _submitted(citizen, hong_bang_ward, procedure, status=DossierStatus.IN_PROCESSING)
    PrefillSourceFactory(dossier=dossier)
    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease],
                             reason="Thiếu hợp đồng thuê nhà")  # fmt: skip
    url = f"/api/dossiers/{dossier.pk}"

    detail = api.get(f"{url}/").json()
    assert detail["next_step"]["code"] == "provide_supplement"
    assert detail["supplement"]["reason"] == "Thiếu hợp đồng thuê nhà"
    assert [item["component"] for item in detail["supplement"]["items"]] == ["hop-dong-thue-nha"]
    too_early = api.post(f"{url}/supplement/answer/")
    assert too_early.status_code == 400 and "Hợp đồng thuê nhà" in too_early.json()["detail"]

    replaced = _upload(api, url, "xac-nhan-cu-tru", "cu-tru.pdf", PDF)
    assert replaced.status_code == 409 and replaced.json()["code"] == "replaced_by_data"
    unknown = _upload(api, url, "khong-co", "x.pdf", PDF)
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_component"
    not_a_pdf = _upload(api, url, "hop-dong-thue-nha", "hop-dong.pdf", b"MZ\x90\x00 not a pdf")
    assert not_a_pdf.status_code == 400 and not_a_pdf.json()["code"] == "upload_refused"
    uploaded = _upload(api, url, "hop-dong-thue-nha", "hop-dong.pdf", PDF)
    assert uploaded.status_code == 201 and uploaded.json()["name"] == "hop-dong.pdf"

    answered = api.post(f"{url}/supplement/answer/")

    assert answered.status_code == 200 and answered.json()["status"] == "in_processing"
    assert answered.json()["supplement"] is None


def _supplement_answered_over_the_api(api, dossier, lease, official):
    """The unit asks for the lease; the applicant uploads it and answers, through the API."""
    PrefillSourceFactory(dossier=dossier)
    SupplementRequestFactory(dossier=dossier, requested_by=official, components=[lease],
                             reason="Thiếu hợp đồng thuê nhà")  # fmt: skip
    url = f"/api/dossiers/{dossier.pk}"
    uploaded = _upload(api, url, "hop-dong-thue-nha", "hop-dong.pdf", PDF)
    assert uploaded.status_code == 201
    return api.post(f"{url}/supplement/answer/")


def _last_event(dossier) -> DossierEvent:
    return DossierEvent.objects.filter(dossier=dossier).order_by("-id").first()


def test_a_supplement_asked_before_reception_sends_the_dossier_back_to_be_received(
    api, citizen, procedure, residence, lease, hong_bang_ward, commune_official
):
    dossier = _submitted(citizen, hong_bang_ward, procedure, due_date=timezone.localdate())

    answered = _supplement_answered_over_the_api(api, dossier, lease, commune_official)

    assert answered.status_code == 200
    body = answered.json()
    supplement = SupplementRequest.objects.get(dossier=dossier)
    assert (body["status"], body["national_status"]) == ("submitted", 1)
    assert body["supplement"] is None
    # Due as if submitted when completed, not from the first submission.
    assert body["due_date"] == due_date(supplement.answered_at, 3).isoformat()
    assert [(step["status"], step["reason"]) for step in body["history"]][-2:] == [
        ("supplement_requested", "Thiếu hợp đồng thuê nhà"), ("submitted", ""),
    ]  # fmt: skip
    event = _last_event(dossier)
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "resubmit_for_reception", DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.SUBMITTED,
        citizen,
    )  # fmt: skip
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


def test_a_supplement_asked_in_processing_sends_the_dossier_back_to_processing(
    api, citizen, procedure, residence, lease, hong_bang_ward, commune_official
):
    due = working_days_add(timezone.localdate(), 2)
    dossier = _submitted(citizen, hong_bang_ward, procedure, status=DossierStatus.IN_PROCESSING,
                         due_date=due)  # fmt: skip

    answered = _supplement_answered_over_the_api(api, dossier, lease, commune_official)

    assert answered.status_code == 200
    body = answered.json()
    supplement = SupplementRequest.objects.get(dossier=dossier)
    waited = working_days_between(
        received_on(supplement.created_at), received_on(supplement.answered_at)
    )
    assert (body["status"], body["national_status"]) == ("in_processing", 4)
    assert body["supplement"] is None
    assert body["due_date"] == working_days_add(due, waited).isoformat()
    assert [(step["status"], step["reason"]) for step in body["history"]][-2:] == [
        ("supplement_requested", "Thiếu hợp đồng thuê nhà"), ("in_processing", ""),
    ]  # fmt: skip
    event = _last_event(dossier)
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "resubmit", DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.IN_PROCESSING, citizen,
    )  # fmt: skip
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_PROCESSING


def test_a_supplement_answered_twice_is_refused_and_changes_nothing(
    api, citizen, procedure, residence, lease, hong_bang_ward, commune_official
):
    dossier = _submitted(citizen, hong_bang_ward, procedure)
    _supplement_answered_over_the_api(api, dossier, lease, commune_official)
    events = DossierEvent.objects.filter(dossier=dossier).count()

    again = api.post(f"/api/dossiers/{dossier.pk}/supplement/answer/")

    assert again.status_code == 409 and again.json()["code"] == "transition_refused"
    assert "No supplement request is waiting." in again.json()["detail"]
    assert DossierEvent.objects.filter(dossier=dossier).count() == events
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


# The history in plain words.

STEPS_VI = [
    ("submit", "Bạn đã nộp hồ sơ trực tuyến.", "submitted", "Mới nộp"),
    ("request_supplement", "Cơ quan yêu cầu bổ sung hồ sơ.", "supplement_requested",
     "Yêu cầu bổ sung, hoàn thiện hồ sơ"),
    ("resubmit_for_reception", "Hồ sơ đã được bổ sung: chờ tiếp nhận; thời hạn giải quyết được "
     "tính lại từ thời điểm bổ sung hồ sơ.", "submitted", "Mới nộp"),
]  # fmt: skip
STEPS_EN = [
    ("submit", "You submitted the dossier online.", "submitted", "Newly submitted"),
    ("request_supplement", "The unit asked for the dossier to be completed.",
     "supplement_requested", "Supplement requested"),
    ("resubmit_for_reception", "The dossier was completed: it waits to be received; its "
     "processing time runs again from this completion.", "submitted", "Newly submitted"),
]  # fmt: skip


def _steps(body) -> list[tuple]:
    return [(s["action"], s["description"], s["status"], s["text"]) for s in body["history"]]


def test_the_history_says_each_move_in_the_words_of_the_tracking_page(
    api, citizen, procedure, residence, lease, hong_bang_ward, commune_official
):
    dossier = _submitted(citizen, hong_bang_ward, procedure, due_date=timezone.localdate())
    DossierEvent.objects.create(dossier=dossier, action="submit", actor=citizen,
                                from_status=DossierStatus.DRAFT,
                                to_status=DossierStatus.SUBMITTED)  # fmt: skip
    assert (
        _supplement_answered_over_the_api(api, dossier, lease, commune_official).status_code == 200
    )

    vietnamese = api.get(f"/api/dossiers/{dossier.pk}/").json()
    english = api.get(f"/api/dossiers/{dossier.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()

    # The completion before reception reaches "submitted" again, but says what it was.
    assert _steps(vietnamese) == STEPS_VI
    assert _steps(english) == STEPS_EN
    assert vietnamese["history"][1]["reason"] == "Thiếu hợp đồng thuê nhà"
    for language, steps in (("vi", STEPS_VI), ("en", STEPS_EN)):
        page = api.get(reverse("dossiers:track", args=[dossier.pk]),
                       HTTP_ACCEPT_LANGUAGE=language).content.decode()  # fmt: skip
        for action, words, _status, _text in steps:
            assert f'data-action="{action}"' in page and words in page, (language, action)


# The schema.


def test_the_detail_gives_the_look_up_key_once_submitted_and_the_right_the_unit_verifies(
    api, citizen, commune_official, procedure, hong_bang_ward
):
    draft = DossierFactory(applicant=citizen, procedure=procedure, agency=hong_bang_ward)
    dossier = DossierFactory(applicant=citizen, procedure=procedure, agency=hong_bang_ward,
                             status=DossierStatus.SUBMITTED, code="11311-261207-0001",
                             submitted_at=timezone.now(), lookup_key="K7QM4TZR")  # fmt: skip
    RightToActCheck.objects.create(dossier=dossier, source="population", verified_by=citizen,
                                   outcome=RightCheckOutcome.NOT_READ)  # fmt: skip

    body = api.get(f"/api/dossiers/{dossier.pk}/").json()

    assert body["lookup_key"] == "K7QM-4TZR"
    mark = body["right_to_act_unverified"]
    assert (mark["source"], mark["source_name"]) == ("population", "CSDL quốc gia về dân cư")
    assert mark["noted_at"]
    assert "đơn vị giải quyết sẽ xác minh quyền làm thủ tục thay của bạn" in mark["text"]
    drafted = api.get(f"/api/dossiers/{draft.pk}/").json()
    assert (drafted["lookup_key"], drafted["right_to_act_unverified"]) == (None, None)
    # Verified by the unit since: nothing left for it to verify.
    RightToActCheck.objects.create(dossier=dossier, source="population",
                                   verified_by=commune_official,
                                   outcome=RightCheckOutcome.CONFIRMED)  # fmt: skip
    assert api.get(f"/api/dossiers/{dossier.pk}/").json()["right_to_act_unverified"] is None
    # The list does not carry the key.
    listed = api.get("/api/dossiers/").json()["results"]
    assert all("lookup_key" not in item for item in listed)


def test_the_schema_documents_the_look_up_key_and_the_right_to_verify_as_read_only(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    detail = schema["components"]["schemas"]["CitizenDossierDetail"]["properties"]
    assert detail["lookup_key"]["readOnly"] and detail["lookup_key"]["nullable"]
    assert "without logging in" in detail["lookup_key"]["description"]
    mark = detail["right_to_act_unverified"]
    assert mark["readOnly"] and "will verify it" in mark["description"]


def test_both_dossier_apis_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    paths = schema["paths"]
    for path in ("/api/dossiers/", "/api/dossiers/{id}/", "/api/dossiers/{id}/form/",
                 "/api/dossiers/{id}/confirm/", "/api/dossiers/{id}/submit/",
                 "/api/dossiers/{id}/attachments/",
                 "/api/dossiers/{id}/attachments/{attachment_pk}/",
                 "/api/dossiers/{id}/supplement/answer/",
                 "/api/dossiers/{id}/withdraw/", "/api/agency/dossiers/",
                 "/api/agency/dossiers/{id}/", "/api/agency/dossiers/{id}/receive/",
                 "/api/agency/dossiers/{id}/assign/",
                 "/api/agency/dossiers/{id}/supplement-request/",
                 "/api/agency/dossiers/{id}/propose-approval/",
                 "/api/agency/dossiers/{id}/approve/", "/api/agency/dossiers/{id}/send-back/",
                 "/api/agency/dossiers/{id}/refuse/",
                 "/api/agency/dossiers/{id}/return-result/",
                 "/api/agency/dossiers/{id}/history/"):  # fmt: skip
        assert path in paths, path
    assert schema["components"]["securitySchemes"]["agencyClient"]["scheme"] == "basic"
    assert paths["/api/agency/dossiers/"]["get"]["security"] == [{"agencyClient": []}]
    assert "409" in paths["/api/agency/dossiers/{id}/supplement-request/"]["post"]["responses"]
    header = paths["/api/dossiers/"]["post"]["parameters"][0]
    assert (header["name"], header["in"]) == ("Idempotency-Key", "header")


def test_the_schema_documents_each_history_step_with_its_move_and_words(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    step = schema["components"]["schemas"]["CitizenHistory"]
    assert {"at", "action", "description", "status", "text", "reason"} <= set(step["required"])
    assert "Accept-Language" in step["properties"]["description"]["description"]
    assert "resubmit_for_reception" in step["properties"]["action"]["description"]
    action = step["properties"]["action"]["allOf"][0]["$ref"].rsplit("/", 1)[-1]
    assert {"resubmit", "resubmit_for_reception", "request_supplement"} <= set(
        schema["components"]["schemas"][action]["enum"]
    )
