"""The supplement request under the once-only rule: a component electronic
data replaces is never asked for (refused, and the attempt recorded), except
after a data gap recorded with its evidence, which opens a correction
request to the database owner; one request per dossier, every item at once;
the applicant answers by uploading and sending the dossier back, to
processing or, asked for before reception, to be received, and is told the
new appointment date."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from datasources.models import CorrectionRequest
from dossiers.attachments import attachment_add
from dossiers.data_gaps import data_gap_record
from dossiers.deadlines import apology_pending, is_overdue
from dossiers.exceptions import DossierError, ReplacedByData, TransitionRefused
from dossiers.models import DataGap, Dossier, DossierStatus, SupplementRequest
from dossiers.states import status_history_national, transition
from dossiers.supplement_answers import supplement_answer
from dossiers.supplement_requests import supplement_request
from dossiers.workspace import dossier_receive
from dossiers.workspace_selectors import QueueFilters, workspace_queue
from portal.audit.models import ComplianceEvent, ComplianceEventKind
from portal.core.working_days import due_date, received_on, working_days_add, working_days_between
from portal.notifications.models import Notification
from tests.accounts.factories import CitizenFactory
from tests.dossiers.factories import (
    DossierFactory,
    PrefillSourceFactory,
    SupplementRequestFactory,
)
from tests.pdf.reading import pdf_text
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    ProcedureFactory,
)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def procedure(db):
    return ProcedureFactory(code="1.004222", name="Đăng ký thường trú")


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
def dossier(citizen, hong_bang_ward, procedure, residence, lease, data_owner):
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward, procedure=procedure,
                             status=DossierStatus.IN_PROCESSING, code="H31.11311-261125-0001",
                             submitted_at=timezone.now())  # fmt: skip
    PrefillSourceFactory(dossier=dossier)  # the source answered with the address
    return dossier


def _gap(dossier, residence, official):
    return data_gap_record(
        dossier=dossier, component=residence, by=official,
        evidence="CSDL dân cư trả về địa chỉ thường trú cũ (trước khi chuyển đến).",
    )  # fmt: skip


def _upload(dossier, component, citizen):
    upload = SimpleUploadedFile("giay-to.pdf", PDF, content_type="application/pdf")
    return attachment_add(dossier=dossier, component=component, upload=upload, by=citizen)


# The once-only rule in the domain.


def test_official_cannot_request_a_component_replaced_by_data(
    dossier, residence, lease, commune_official
):
    with pytest.raises(ReplacedByData) as refused:
        supplement_request(dossier=dossier, by=commune_official, components=[residence, lease],
                           reason="Thiếu giấy tờ")  # fmt: skip

    assert refused.value.components == [residence]
    event = ComplianceEvent.objects.get(kind=ComplianceEventKind.REPROVIDE_REFUSED)
    assert event.actor == commune_official
    assert event.agency_id == dossier.agency_id
    assert event.reference == dossier.reference
    assert event.detail["components"] == [residence.pk]
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_PROCESSING
    assert not SupplementRequest.objects.exists()
    assert not dossier.events.exists()
    assert not Notification.objects.filter(user=dossier.applicant).exists()


@pytest.mark.django_db(transaction=True)
def test_the_refused_attempt_stays_recorded_outside_any_test_transaction(
    dossier, residence, commune_official
):
    with pytest.raises(ReplacedByData):
        supplement_request(dossier=dossier, by=commune_official, components=[residence],
                           reason="Thiếu giấy tờ")  # fmt: skip

    assert ComplianceEvent.objects.filter(kind=ComplianceEventKind.REPROVIDE_REFUSED).count() == 1
    assert not SupplementRequest.objects.exists()


def test_a_recorded_data_gap_opens_a_correction_and_allows_the_request(
    dossier, residence, lease, commune_official, data_owner
):
    gap = _gap(dossier, residence, commune_official)

    correction = CorrectionRequest.objects.get()
    assert gap.correction_request == correction
    assert correction.owner_agency == data_owner.agency
    assert correction.field == "permanent_address"
    assert correction.subject_personal_id == dossier.subject_personal_id
    assert (
        ComplianceEvent.objects.filter(
            kind=ComplianceEventKind.DATA_GAP_RECORDED, actor=commune_official
        ).count()
        == 1
    )

    supplement = supplement_request(dossier=dossier, by=commune_official,
                                    components=[residence, lease],
                                    reason="Nguồn sai địa chỉ; thiếu hợp đồng thuê")  # fmt: skip

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED
    assert set(supplement.components.all()) == {residence, lease}
    assert not ComplianceEvent.objects.filter(kind=ComplianceEventKind.REPROVIDE_REFUSED).exists()
    notice = Notification.objects.get(user=dossier.applicant)
    assert residence.name in notice.body and lease.name in notice.body


def test_recording_a_data_gap_twice_changes_nothing(dossier, residence, commune_official):
    first = _gap(dossier, residence, commune_official)
    second = _gap(dossier, residence, commune_official)

    assert first == second
    assert DataGap.objects.count() == 1
    assert ComplianceEvent.objects.filter(kind=ComplianceEventKind.DATA_GAP_RECORDED).count() == 1


def test_a_data_gap_needs_evidence_and_a_replaced_component(
    dossier, residence, lease, commune_official
):
    with pytest.raises(DossierError):
        data_gap_record(dossier=dossier, component=residence, by=commune_official, evidence=" ")
    with pytest.raises(DossierError):
        data_gap_record(dossier=dossier, component=lease, by=commune_official, evidence="Không có")
    assert not DataGap.objects.exists() and not CorrectionRequest.objects.exists()


def test_a_supplement_is_requested_once_per_dossier(dossier, lease, commune_official):
    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease],
                             reason="Thiếu hợp đồng thuê")  # fmt: skip

    with pytest.raises(DossierError):
        supplement_request(dossier=dossier, by=commune_official, components=[lease],
                           reason="Còn thiếu")  # fmt: skip
    assert SupplementRequest.objects.count() == 1


def test_only_components_of_the_procedure_with_a_reason(dossier, lease, commune_official):
    other = DossierComponentFactory(procedure=ProcedureFactory(code="1.000001"))
    with pytest.raises(DossierError):
        supplement_request(dossier=dossier, by=commune_official, components=[other],
                           reason="Thiếu")  # fmt: skip
    with pytest.raises(DossierError):
        supplement_request(dossier=dossier, by=commune_official, components=[lease], reason=" ")
    assert not SupplementRequest.objects.exists()


def test_an_official_of_another_unit_is_refused(dossier, residence, lease, other_commune_official):
    with pytest.raises(DossierError):
        supplement_request(dossier=dossier, by=other_commune_official, components=[lease],
                           reason="Thiếu")  # fmt: skip
    with pytest.raises(DossierError):
        _gap(dossier, residence, other_commune_official)
    assert not SupplementRequest.objects.exists() and not DataGap.objects.exists()


def test_a_draft_has_no_supplement_panel_for_the_units_official(
    client, citizen, hong_bang_ward, procedure, lease, commune_official
):
    """A draft is still the applicant's: its panel answers 404, nothing is asked."""
    draft = DossierFactory(applicant=citizen, agency=hong_bang_ward, procedure=procedure)
    client.force_login(commune_official, backend=LOGIN)

    assert client.get(f"/workspace/supplements/{draft.pk}/").status_code == 404
    response = client.post(f"/workspace/supplements/{draft.pk}/request/",
                           {"components": [lease.pk], "reason": "Thiếu"})  # fmt: skip
    assert response.status_code == 404
    assert not SupplementRequest.objects.exists()


# The applicant's answer.


def test_the_applicant_answers_by_uploading_and_sending_back(
    dossier, residence, lease, citizen, commune_official
):
    _gap(dossier, residence, commune_official)
    supplement = SupplementRequestFactory(
        dossier=dossier, requested_by=commune_official, components=[residence, lease]
    )
    _upload(dossier, lease, citizen)
    with pytest.raises(DossierError):
        supplement_answer(dossier=dossier, by=citizen)  # the residence paper is still missing

    _upload(dossier, residence, citizen)  # a recorded data gap: its upload is taken
    supplement_answer(dossier=dossier, by=citizen)

    dossier.refresh_from_db()
    supplement.refresh_from_db()
    assert dossier.status == DossierStatus.IN_PROCESSING
    assert supplement.answered_at is not None
    # Counted once, when the official recorded it, not again at the answer.
    assert ComplianceEvent.objects.filter(kind=ComplianceEventKind.DATA_GAP_RECORDED).count() == 1
    with pytest.raises((DossierError, TransitionRefused)):
        supplement_answer(dossier=dossier, by=citizen)


def test_a_replaced_component_without_a_data_gap_cannot_be_uploaded_in_a_supplement(
    dossier, residence, lease, citizen, commune_official
):
    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease])
    with pytest.raises(ReplacedByData):
        _upload(dossier, residence, citizen)


# Pages.


def test_the_panel_offers_only_lawful_choices(client, dossier, residence, lease, commune_official):
    client.force_login(commune_official, backend=LOGIN)

    page = client.get(f"/workspace/supplements/{dossier.pk}/").content.decode()

    assert f'name="components" value="{lease.pk}"' in page
    assert f'name="components" value="{residence.pk}"' not in page
    assert f'<option value="{residence.pk}">' in page  # offered for a data gap instead

    _gap(dossier, residence, commune_official)
    page = client.get(f"/workspace/supplements/{dossier.pk}/").content.decode()
    assert f'name="components" value="{residence.pk}"' in page


def test_a_crafted_request_for_replaced_data_gets_409_and_is_recorded(
    client, dossier, residence, commune_official
):
    client.force_login(commune_official, backend=LOGIN)

    response = client.post(f"/workspace/supplements/{dossier.pk}/request/",
                           {"components": [residence.pk], "reason": "Thiếu"})  # fmt: skip

    assert response.status_code == 409
    assert ComplianceEvent.objects.filter(kind=ComplianceEventKind.REPROVIDE_REFUSED).exists()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_PROCESSING


def test_an_official_of_another_unit_gets_404(client, dossier, lease, other_commune_official):
    client.force_login(other_commune_official, backend=LOGIN)

    assert client.get(f"/workspace/supplements/{dossier.pk}/").status_code == 404
    response = client.post(f"/workspace/supplements/{dossier.pk}/request/",
                           {"components": [lease.pk], "reason": "Thiếu"})  # fmt: skip
    assert response.status_code == 404
    assert not SupplementRequest.objects.exists()


def test_request_then_answer_through_the_pages(
    client, dossier, residence, lease, citizen, commune_official
):
    Dossier.objects.filter(pk=dossier.pk).update(due_date=working_days_add(timezone.localdate(), 3))
    client.force_login(commune_official, backend=LOGIN)
    response = client.post(f"/workspace/supplements/{dossier.pk}/data-gap/",
                           {"component": residence.pk, "evidence": "Không có dữ liệu"})  # fmt: skip
    assert response.status_code == 302 and DataGap.objects.filter(dossier=dossier).exists()
    response = client.post(f"/workspace/supplements/{dossier.pk}/request/",
                           {"components": [residence.pk, lease.pk], "reason": "Thiếu",
                            "confirmed": "1"})  # fmt: skip
    assert response.status_code == 302

    client.force_login(citizen, backend=LOGIN)
    page = client.get(f"/dossiers/{dossier.pk}/supplement/").content.decode()
    assert residence.name in page and lease.name in page
    _upload(dossier, residence, citizen)
    page = client.get(f"/dossiers/{dossier.pk}/supplement/").content.decode()
    assert f"{residence.name} — đã tải lên" in page and f"{lease.name} — chưa tải lên" in page
    _upload(dossier, lease, citizen)
    response = client.post(f"/dossiers/{dossier.pk}/supplement/answer/", follow=True)

    assert response.redirect_chain == [(f"/dossiers/{dossier.pk}/", 302)]
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_PROCESSING
    page = response.content.decode()
    assert f"Hồ sơ {dossier.reference} đã được bổ sung và được đơn vị tiếp tục xử lý." in page
    assert f"Ngày hẹn trả kết quả: {dossier.due_date:%d/%m/%Y}." in page
    assert [event.action for event in dossier.events.order_by("id")] == [
        "request_supplement", "resubmit"
    ]  # fmt: skip


def test_answering_over_http_says_where_the_dossier_is_and_its_new_date(
    client, dossier, lease, citizen, commune_official
):
    Dossier.objects.filter(pk=dossier.pk).update(
        status=DossierStatus.SUBMITTED, due_date=timezone.localdate()
    )
    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease])
    _upload(dossier, lease, citizen)
    client.force_login(citizen, backend=LOGIN)

    response = client.post(f"/dossiers/{dossier.pk}/supplement/answer/", follow=True)

    assert response.redirect_chain == [(f"/dossiers/{dossier.pk}/", 302)]
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    page = response.content.decode()
    assert f"Hồ sơ {dossier.reference} đã được bổ sung và đang chờ đơn vị tiếp nhận." in page
    assert f"Ngày hẹn trả kết quả: {dossier.due_date:%d/%m/%Y}." in page
    assert [event.action for event in dossier.events.order_by("id")] == [
        "request_supplement", "resubmit_for_reception"
    ]  # fmt: skip


def test_the_dossier_view_carries_the_panel(client, dossier, residence, lease, commune_official):
    client.force_login(commune_official, backend=LOGIN)

    page = client.get(f"/workspace/{dossier.pk}/").content.decode()

    assert 'data-testid="supplement-panel"' in page
    assert f'name="components" value="{lease.pk}"' in page
    assert f'name="components" value="{residence.pk}"' not in page


def test_a_second_request_over_http_is_a_409_and_changes_nothing(
    client, dossier, lease, commune_official
):
    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease])
    client.force_login(commune_official, backend=LOGIN)

    response = client.post(f"/workspace/supplements/{dossier.pk}/request/",
                           {"components": [lease.pk], "reason": "Thiếu nữa"})  # fmt: skip

    assert response.status_code == 409
    assert "đã được yêu cầu bổ sung một lần" in response.content.decode()
    assert SupplementRequest.objects.filter(dossier=dossier).count() == 1
    assert dossier.events.count() == 1


@pytest.mark.parametrize(
    "data", [{"reason": "Thiếu"}, {"components": ["x"], "reason": "Thiếu"}, {"components": []}]
)
def test_a_malformed_request_over_http_is_a_400_with_the_reason(
    client, dossier, lease, commune_official, data
):
    client.force_login(commune_official, backend=LOGIN)

    response = client.post(f"/workspace/supplements/{dossier.pk}/request/", data)

    assert response.status_code == 400
    assert 'data-testid="domain-error"' in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_PROCESSING
    assert not SupplementRequest.objects.exists()


def test_a_data_gap_refused_over_http_says_why(client, dossier, residence, commune_official):
    client.force_login(commune_official, backend=LOGIN)
    url = f"/workspace/supplements/{dossier.pk}/data-gap/"

    no_evidence = client.post(url, {"component": residence.pk, "evidence": "  "})
    assert no_evidence.status_code == 400
    assert "Cần nêu bằng chứng" in no_evidence.content.decode()
    assert client.post(url, {"component": "999999", "evidence": "x"}).status_code == 400

    dossier.status = DossierStatus.RESULT_RETURNED
    dossier.save(update_fields=["status"])
    closed = client.post(url, {"component": residence.pk, "evidence": "Không có dữ liệu"})
    assert closed.status_code == 409
    assert "không thể ghi nhận thiếu dữ liệu" in closed.content.decode()
    assert not DataGap.objects.exists() and not CorrectionRequest.objects.exists()


def test_the_data_gap_evidence_states_its_limit_and_a_longer_one_is_refused(
    client, dossier, residence, commune_official
):
    client.force_login(commune_official, backend=LOGIN)
    page = client.get(f"/workspace/supplements/{dossier.pk}/").content.decode()
    assert 'name="evidence" rows="3" maxlength="2000" required' in page
    assert "Tối đa 2000 ký tự." in page
    url = f"/workspace/supplements/{dossier.pk}/data-gap/"

    too_long = client.post(url, {"component": residence.pk, "evidence": "x" * 2001})

    assert too_long.status_code == 400
    body = too_long.content.decode()
    assert "Bằng chứng dài quá 2000 ký tự" in body and "longer than 2000 characters" in body
    assert not DataGap.objects.exists() and not CorrectionRequest.objects.exists()
    # Exactly the limit, its line breaks sent as the browser sends them, is taken.
    at_limit = "Không có dữ liệu\r\n" + "x" * (2000 - len("Không có dữ liệu\n"))
    assert client.post(url, {"component": residence.pk, "evidence": at_limit}).status_code == 302
    assert DataGap.objects.filter(dossier=dossier).exists()


# The clock stops while the applicant completes the dossier (Decree 61/2018).


def _moves(dossier) -> list[tuple[str, str, str]]:
    return list(dossier.events.order_by("id").values_list("action", "from_status", "to_status"))


def _notice_to(user) -> Notification:
    return Notification.objects.filter(user=user).order_by("-id").first()


def test_the_due_date_moves_by_the_working_days_the_applicant_took(
    dossier, residence, lease, citizen, commune_official
):
    due = working_days_add(timezone.localdate(), 2)
    Dossier.objects.filter(pk=dossier.pk).update(due_date=due)
    dossier.refresh_from_db()
    supplement = SupplementRequestFactory(
        dossier=dossier,
        requested_by=commune_official,
        components=[lease],
        reason="Thiếu hợp đồng",
        days_ago=12,
    )
    asked_on = received_on(supplement.created_at)
    _upload(dossier, lease, citizen)

    supplement_answer(dossier=dossier, by=citizen)

    dossier.refresh_from_db()
    waited = working_days_between(asked_on, received_on(timezone.now()))
    assert waited >= 8
    assert dossier.due_date == working_days_add(due, waited)
    assert not is_overdue(dossier)
    assert dossier.status == DossierStatus.IN_PROCESSING
    assert _moves(dossier) == [
        ("request_supplement", DossierStatus.IN_PROCESSING, DossierStatus.SUPPLEMENT_REQUESTED),
        ("resubmit", DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.IN_PROCESSING),
    ]
    # The applicant is told the new appointment date, Vietnamese first; the official too.
    notice = _notice_to(citizen)
    assert notice.title.startswith(f"Đã gửi lại hồ sơ {dossier.reference}.")
    assert notice.body.startswith(
        f"Hồ sơ {dossier.reference} đã được bổ sung và được đơn vị tiếp tục xử lý."
    )
    assert f"Ngày hẹn trả kết quả: {dossier.due_date:%d/%m/%Y}." in notice.body
    assert notice.url == f"/dossiers/{dossier.pk}/"
    assert "đã được bổ sung" in _notice_to(commune_official).title


def test_a_dossier_completed_before_reception_waits_to_be_received_and_is_due_from_then(
    dossier, lease, citizen, commune_official
):
    Dossier.objects.filter(pk=dossier.pk).update(
        status=DossierStatus.SUBMITTED, due_date=timezone.localdate()
    )
    dossier.refresh_from_db()
    SupplementRequestFactory(
        dossier=dossier,
        requested_by=commune_official,
        components=[lease],
        reason="Thiếu hợp đồng",
        days_ago=20,
    )
    # The old date ran out while the applicant completed the dossier.
    Dossier.objects.filter(pk=dossier.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=10)
    )
    _upload(dossier, lease, citizen)

    supplement_answer(dossier=dossier, by=citizen)

    dossier.refresh_from_db()
    due = due_date(timezone.now(), dossier.procedure.processing_days)
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.due_date == due
    assert _moves(dossier) == [
        ("request_supplement", DossierStatus.SUBMITTED, DossierStatus.SUPPLEMENT_REQUESTED),
        ("resubmit_for_reception", DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.SUBMITTED),
    ]
    notice = _notice_to(citizen)
    assert notice.body.startswith(
        f"Hồ sơ {dossier.reference} đã được bổ sung và đang chờ đơn vị tiếp nhận."
    )
    assert f"Ngày hẹn trả kết quả: {due:%d/%m/%Y}." in notice.body
    # The unit's queue has it to be received; reception needs no apology and keeps the date.
    to_receive = workspace_queue(user=commune_official,
                                 filters=QueueFilters(status=DossierStatus.SUBMITTED))  # fmt: skip
    assert dossier in to_receive
    assert not apology_pending(dossier)
    dossier_receive(dossier=dossier, by=commune_official)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.due_date) == (DossierStatus.RECEIVED, due)
    assert [action for action, *_ in _moves(dossier)][-1] == "receive"
    assert [e["status"] for e in status_history_national(dossier=dossier)] == [5, 1, 2]


def test_a_dossier_waiting_for_the_applicant_is_never_overdue(dossier, lease, commune_official):
    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease])
    Dossier.objects.filter(pk=dossier.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=5)
    )
    dossier.refresh_from_db()

    assert not is_overdue(dossier)
    assert not apology_pending(dossier)
    # The unit may still stop processing it without an apology first.
    transition(dossier=dossier, action="stop_processing", by=commune_official, reason="Quá hạn")


def test_answering_over_http_before_every_file_or_twice_is_refused_and_says_why(
    client, dossier, lease, citizen, commune_official
):
    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease])
    client.force_login(citizen, backend=LOGIN)
    answer = f"/dossiers/{dossier.pk}/supplement/answer/"

    early = client.post(answer)  # the lease asked for has no new file yet
    assert early.status_code == 400
    assert "Upload these before sending the dossier back" in early.content.decode()
    assert lease.name in early.content.decode()  # what was asked, shown again
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED

    _upload(dossier, lease, citizen)
    assert client.post(answer).status_code == 302
    again = client.post(answer)
    assert again.status_code == 409
    assert "No supplement request is waiting." in again.content.decode()
    assert [event.action for event in dossier.events.order_by("id")][-1] == "resubmit"


def test_the_documents_page_marks_what_the_supplement_asks_and_leads_back_to_send_it(
    client, dossier, lease, citizen, commune_official
):
    """A document asked for again is marked as needing a new file even though
    an earlier one was uploaded, until the new one is; the way back from the
    page leads to what was asked, where the dossier is sent back."""
    # The file given with the dossier, before it was submitted.
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.DRAFT)
    _upload(dossier, lease, citizen)
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.IN_PROCESSING)
    dossier.refresh_from_db()
    SupplementRequestFactory(
        dossier=dossier,
        requested_by=commune_official,
        components=[lease],
        reason="Hợp đồng thuê nhà bị mờ",
    )
    client.force_login(citizen, backend=LOGIN)
    documents = f"/dossiers/{dossier.pk}/documents/"

    page = client.get(documents).content.decode()
    card = page[page.index(f'data-component="{lease.code}"') :].split('<li class="card', 1)[0]
    assert "Cơ quan yêu cầu nộp lại giấy tờ này: hãy tải lên tệp mới." in card
    assert '<span class="badge text-bg-warning">Cần tải lên</span>' in card
    assert f'href="/dossiers/{dossier.pk}/supplement/" data-testid="back-to-asked"' in page

    _upload(dossier, lease, citizen)
    page = client.get(documents).content.decode()
    assert "Cơ quan yêu cầu nộp lại giấy tờ này: bạn đã tải lên tệp mới." in page
    assert "hãy tải lên tệp mới" not in page

    supplement_answer(dossier=dossier, by=citizen)
    page = client.get(documents).content.decode()
    assert 'data-testid="asked-again"' not in page and 'data-testid="back-to-asked"' not in page


def test_the_supplement_notifications_link_to_each_reader_s_page_of_the_dossier(
    dossier, lease, citizen, commune_official
):
    SupplementRequestFactory(
        dossier=dossier, requested_by=commune_official, components=[lease], reason="Thiếu hợp đồng"
    )
    asked = _notice_to(citizen)
    _upload(dossier, lease, citizen)
    supplement_answer(dossier=dossier, by=citizen)

    # Under the applicant's own dossier, not the officials' workspace.
    assert asked.url == f"/dossiers/{dossier.pk}/supplement/"
    assert _notice_to(citizen).url == reverse("dossiers:track", kwargs={"pk": dossier.pk})
    assert _notice_to(commune_official).url == reverse("workspace:dossier",
                                                       kwargs={"pk": dossier.pk})  # fmt: skip


# Across a weekend and a holiday: the new date, and every page and slip that gives it.

HANOI = datetime.timezone(datetime.timedelta(hours=7))
SUBMITTED = datetime.datetime(2026, 11, 18, 9, tzinfo=HANOI)  # due three working days later
FRIDAY = datetime.datetime(2026, 11, 20, 10, tzinfo=HANOI)  # the unit asks
# Then a weekend, Monday 23, and Tuesday 24 November (Vietnam Culture Day, a holiday).
WEDNESDAY = datetime.datetime(2026, 11, 25, 9, tzinfo=HANOI)  # the applicant answers


class _Clock:
    """The portal's clock, set by the test: every record made meanwhile is stamped with it."""

    def __init__(self, monkeypatch, at: datetime.datetime) -> None:
        self.at = at
        monkeypatch.setattr("django.utils.timezone.now", lambda: self.at)


def _asked_friday_answered_wednesday(dossier, lease, citizen, official, monkeypatch):
    clock = _Clock(monkeypatch, FRIDAY)
    supplement = SupplementRequestFactory(
        dossier=dossier, requested_by=official, components=[lease], reason="Thiếu hợp đồng thuê nhà"
    )
    clock.at = WEDNESDAY
    _upload(dossier, lease, citizen)
    supplement_answer(dossier=dossier, by=citizen)
    monkeypatch.undo()
    dossier.refresh_from_db()
    return supplement


def test_in_processing_the_date_moves_by_the_working_days_waited_across_weekend_and_holiday(
    client, dossier, lease, citizen, commune_official, monkeypatch
):
    Dossier.objects.filter(pk=dossier.pk).update(submitted_at=SUBMITTED,
                                                 due_date=datetime.date(2026, 11, 23))  # fmt: skip
    dossier.refresh_from_db()

    supplement = _asked_friday_answered_wednesday(dossier, lease, citizen, commune_official,
                                                  monkeypatch)  # fmt: skip

    # Waited Monday 23 and Wednesday 25 (not the weekend, not the holiday): due
    # Monday 23 moves two working days, over the holiday, to Thursday 26.
    assert dossier.status == DossierStatus.IN_PROCESSING
    assert dossier.due_date == datetime.date(2026, 11, 26)
    # The applicant's page gives the new date and says in plain words why it moved.
    client.force_login(citizen, backend=LOGIN)
    page = client.get(f"/dossiers/{dossier.pk}/").content.decode()
    assert 'data-testid="due-date">26/11/2026<' in page
    completion = page[page.index('data-action="resubmit"') :].split("</li>")[0]
    assert "ngày hẹn trả kết quả được lùi thêm số ngày làm việc chờ bổ sung hồ sơ" in completion
    # The appointment slip gives the new date and the days it moved by.
    text = " ".join(pdf_text(client.get(f"/dossiers/{dossier.pk}/receipt.pdf").content).split())
    assert "Thời gian trả kết quả giải quyết hồ sơ: ngày 26 tháng 11 năm 2026" in text
    assert (
        "Ngày hẹn trả kết quả đã được lùi 2 ngày làm việc: thời gian chờ bổ sung hồ sơ, từ "
        "20/11/2026 10:00 đến khi nhận đủ hồ sơ bổ sung lúc 25/11/2026 09:00, không tính vào "
        "thời hạn giải quyết."
    ) in text
    # The supplement slip said so from the start: the clock stops, it does not start again.
    slip = reverse("dossiers:slip-supplement", args=[dossier.pk, supplement.pk])
    text = " ".join(pdf_text(client.get(slip).content).split())
    assert "Thời gian chờ bổ sung hồ sơ không tính vào thời hạn giải quyết" in text
    assert "được tính lại" not in text
    # The official's workspace has the same date.
    client.force_login(commune_official, backend=LOGIN)
    page = client.get(reverse("workspace:dossier", kwargs={"pk": dossier.pk})).content.decode()
    assert "26/11/2026" in page


def test_before_reception_the_time_runs_again_from_the_completion_after_the_holiday(
    client, dossier, lease, citizen, commune_official, monkeypatch
):
    Dossier.objects.filter(pk=dossier.pk).update(
        status=DossierStatus.SUBMITTED, submitted_at=SUBMITTED,
        due_date=datetime.date(2026, 11, 23),
    )  # fmt: skip
    dossier.refresh_from_db()

    supplement = _asked_friday_answered_wednesday(dossier, lease, citizen, commune_official,
                                                  monkeypatch)  # fmt: skip

    # Received only once complete, on Wednesday 25: three working days from then.
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.due_date == datetime.date(2026, 11, 30)
    client.force_login(citizen, backend=LOGIN)
    page = client.get(f"/dossiers/{dossier.pk}/").content.decode()
    assert 'data-testid="due-date">30/11/2026<' in page
    text = " ".join(pdf_text(client.get(f"/dossiers/{dossier.pk}/receipt.pdf").content).split())
    assert "Thời gian trả kết quả giải quyết hồ sơ: ngày 30 tháng 11 năm 2026" in text
    assert "đã được lùi" not in text  # counted afresh, not moved
    slip = reverse("dossiers:slip-supplement", args=[dossier.pk, supplement.pk])
    text = " ".join(pdf_text(client.get(slip).content).split())
    assert "Thời hạn giải quyết được tính lại từ khi nhận đủ hồ sơ bổ sung." in text
    assert "không tính vào thời hạn giải quyết" not in text


# The applicant's addresses: under their dossier; the old ones, in notifications
# already sent, lead there.


def test_the_tracking_page_leads_to_what_was_asked_under_the_dossier(
    client, dossier, lease, citizen, commune_official
):
    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease])
    client.force_login(citizen, backend=LOGIN)

    page = client.get(f"/dossiers/{dossier.pk}/").content.decode()

    assert f'href="/dossiers/{dossier.pk}/supplement/">Bổ sung theo yêu cầu</a>' in page
    assert f'action="/dossiers/{dossier.pk}/supplement/answer/"' in page
    assert "/workspace/supplements/" not in page
    asked = client.get(f"/dossiers/{dossier.pk}/supplement/").content.decode()
    assert f'action="/dossiers/{dossier.pk}/supplement/answer/"' in asked


def test_an_old_link_to_what_was_asked_redirects_permanently_and_stays_the_applicants(
    client, dossier, lease, citizen, commune_official
):
    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease])
    old = f"/workspace/supplements/{dossier.pk}/asked/"

    anonymous = client.get(old)
    assert anonymous.status_code == 301
    assert anonymous["Location"] == f"/dossiers/{dossier.pk}/supplement/"
    client.force_login(citizen, backend=LOGIN)
    followed = client.get(old, follow=True)
    assert followed.redirect_chain == [(f"/dossiers/{dossier.pk}/supplement/", 301)]
    assert followed.status_code == 200 and lease.name in followed.content.decode()
    for stranger in (CitizenFactory(), commune_official):  # the unit does not answer for them
        client.force_login(stranger, backend=LOGIN)
        assert client.get(old, follow=True).status_code == 404


def test_an_answer_sent_to_the_old_address_is_sent_again_to_the_new_one(
    client, dossier, lease, citizen, commune_official
):
    SupplementRequestFactory(dossier=dossier, requested_by=commune_official, components=[lease])
    _upload(dossier, lease, citizen)
    old = f"/workspace/supplements/{dossier.pk}/answer/"

    client.force_login(CitizenFactory(), backend=LOGIN)
    stranger = client.post(old, follow=True)
    assert stranger.status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED

    client.force_login(citizen, backend=LOGIN)
    moved = client.post(old)
    assert moved.status_code == 308  # the browser sends the same POST again
    assert moved["Location"] == f"/dossiers/{dossier.pk}/supplement/answer/"
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUPPLEMENT_REQUESTED  # nothing done at the old one
    answered = client.post(old, follow=True)
    assert answered.redirect_chain == [
        (f"/dossiers/{dossier.pk}/supplement/answer/", 308), (f"/dossiers/{dossier.pk}/", 302)
    ]  # fmt: skip
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_PROCESSING


def test_the_officials_supplement_pages_stay_in_the_workspace():
    assert reverse("supplements:panel", args=[7]) == "/workspace/supplements/7/"
    assert reverse("supplements:request", args=[7]) == "/workspace/supplements/7/request/"
    assert reverse("supplements:received-at-desk", args=[7]) == (
        "/workspace/supplements/7/received-at-desk/"
    )
