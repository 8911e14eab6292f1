"""The signature step: the unit's official proposes a dossier's approval (trình
ký), or its refusal with the reason (trình ký từ chối); its own leader signs
what was proposed (ký duyệt) or sends it back with the reason; nobody else
signs, the leader is told what awaits them and the official why it came
back; the result, or the refusal notice, names the leader who signed it."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dossiers.exceptions import NoSigningLeader, TransitionRefused
from dossiers.models import DossierEvent, DossierStatus, ResultDocument
from dossiers.results import dossier_approve_with_result, signing_title
from dossiers.signing import (
    dossier_not_resolve_signed,
    dossier_propose_approval,
    dossier_propose_not_resolve,
    dossier_send_back,
)
from dossiers.slips import refusal_slip_pdf
from dossiers.states import NATIONAL_STATUS_CODES, allowed_actions, status_history_national
from portal.notifications.models import Notification
from tests.accounts.factories import LeaderFactory
from tests.dossiers.factories import DossierFactory
from tests.dossiers.signing import not_resolve_signed
from tests.pdf.reading import pdf_text
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus
REASON = "Cần xác minh thêm nơi ở hiện tại"
REFUSAL = "Chỗ ở hợp pháp không thuộc địa bàn phường"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def dossier(citizen, hong_bang_ward):
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 result_type="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    return DossierFactory(
        procedure=procedure, agency=hong_bang_ward, applicant=citizen, status=S.IN_PROCESSING,
        code="11311-261207-0001", submitted_at=timezone.now(),
        due_date=timezone.localdate() + datetime.timedelta(days=5),
    )  # fmt: skip


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=LOGIN)
    return client


def _act(user, dossier, action, **data):
    return _client(user).post(
        reverse("workspace:act", args=[dossier.pk]), {"action": action, "confirmed": "1", **data}
    )


def _unchanged(dossier, status, events: int = 0) -> None:
    dossier.refresh_from_db()
    assert dossier.status == status
    assert DossierEvent.objects.filter(dossier=dossier).count() == events
    assert not ResultDocument.objects.filter(dossier=dossier).exists()


# The services.


def test_the_proposal_awaits_the_units_leader_who_is_told(
    dossier, commune_official, ward_leader, leader
):
    event = dossier_propose_approval(dossier=dossier, by=commune_official, note="Đủ điều kiện")

    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_SIGNATURE
    assert (event.action, event.actor, event.reason) == (
        "propose_approval", commune_official, "Đủ điều kiện"
    )  # fmt: skip
    assert not ResultDocument.objects.exists()  # issued only once signed
    [told] = Notification.objects.filter(user=ward_leader)
    assert "11311-261207-0001 chờ lãnh đạo ký duyệt" in told.title
    assert "Lê Thị Hoa" in told.body
    assert told.url == reverse("workspace:dossier", args=[dossier.pk])
    # The leader above reads the ward's dossiers but signs none: not asked.
    assert not Notification.objects.filter(user__in=[leader, commune_official]).exists()


def test_the_units_leader_signs_and_the_result_is_issued_in_their_name(
    dossier, commune_official, ward_leader
):
    dossier_propose_approval(dossier=dossier, by=commune_official)

    result = dossier_approve_with_result(dossier=dossier, by=ward_leader)

    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_READY and result.issued_by == ward_leader
    assert dossier.events.last().actor == ward_leader
    text = pdf_text(result.file.read())
    assert "TM. UBND PHƯỜNG HỒNG BÀNG CHỦ TỊCH" in text and "Đặng Quốc Hùng" in text
    assert "Lê Thị Hoa" not in text
    # The leader's request to sign is done (and read).
    [asked] = Notification.objects.filter(user=ward_leader)
    assert asked.done_at is not None and asked.read_at is not None
    # The official who proposed it is told: the result is theirs to return.
    [told] = Notification.objects.filter(user=commune_official)
    assert "đã được ký duyệt" in told.title and told.url.endswith(f"/{dossier.pk}/")


def test_sent_back_with_the_reason_it_returns_to_processing_and_the_official_is_told(
    dossier, commune_official, ward_leader
):
    dossier_propose_approval(dossier=dossier, by=commune_official)

    dossier_send_back(dossier=dossier, by=ward_leader, reason=REASON)

    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROCESSING
    event = dossier.events.last()
    assert (event.action, event.actor, event.reason) == ("send_back_for_review", ward_leader,
                                                         REASON)  # fmt: skip
    [told] = Notification.objects.filter(user=commune_official)
    assert "được lãnh đạo trả lại" in told.title and REASON in told.body
    assert not ResultDocument.objects.exists()
    [asked] = Notification.objects.filter(user=ward_leader)
    assert asked.done_at is not None  # sent back: nothing left to sign
    # Examined again, it is proposed again, and the leader asked again.
    dossier_propose_approval(dossier=dossier, by=commune_official)
    assert dossier.status == S.AWAITING_SIGNATURE
    assert Notification.objects.filter(user=ward_leader, done_at__isnull=True).count() == 1


def test_withdrawn_while_awaiting_signature_the_leaders_find_nothing_left_to_sign(
    dossier, citizen, commune_official, ward_leader, hong_bang_ward
):
    deputy = LeaderFactory(agency=hong_bang_ward, position="Phó Chủ tịch")
    other = DossierFactory(procedure=dossier.procedure, agency=hong_bang_ward,
                           status=S.IN_PROCESSING, code="11311-261207-0002",
                           submitted_at=timezone.now())  # fmt: skip
    dossier_propose_approval(dossier=dossier, by=commune_official)
    dossier_propose_approval(dossier=other, by=commune_official)

    response = _client(citizen).post(reverse("dossiers:withdraw", args=[dossier.pk]),
                                      {"reason": "Không còn nhu cầu"})  # fmt: skip

    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.WITHDRAWN
    for asked_leader in (ward_leader, deputy):
        [asked] = Notification.objects.filter(user=asked_leader, title__contains=dossier.code)
        assert asked.done_at is not None and asked.read_at is not None
        # The other dossier still awaits their signature.
        [still] = Notification.objects.filter(user=asked_leader, title__contains=other.code)
        assert still.done_at is None


def test_sending_back_needs_a_reason(dossier, commune_official, ward_leader):
    dossier_propose_approval(dossier=dossier, by=commune_official)
    with pytest.raises(TransitionRefused, match="Cần nêu lý do"):
        dossier_send_back(dossier=dossier, by=ward_leader, reason="  ")
    _unchanged(dossier, S.AWAITING_SIGNATURE, events=1)


def test_an_official_who_is_not_a_leader_may_not_sign_nor_send_back(
    dossier, commune_official, ward_leader
):
    dossier_propose_approval(dossier=dossier, by=commune_official)
    dossier.refresh_from_db()
    assert allowed_actions(dossier=dossier, user=commune_official) == []
    assert set(allowed_actions(dossier=dossier, user=ward_leader)) == {
        "approve", "send_back_for_review"
    }  # fmt: skip
    with pytest.raises(TransitionRefused, match="Chỉ lãnh đạo đơn vị được ký duyệt"):
        dossier_approve_with_result(dossier=dossier, by=commune_official)
    with pytest.raises(TransitionRefused, match="Only the unit's leader"):
        dossier_send_back(dossier=dossier, by=commune_official, reason=REASON)
    _unchanged(dossier, S.AWAITING_SIGNATURE, events=1)


def test_a_leader_above_the_unit_or_of_another_unit_may_not_sign(
    dossier, commune_official, leader, le_chan_ward, ward_leader
):
    dossier_propose_approval(dossier=dossier, by=commune_official)
    other_ward = LeaderFactory(agency=le_chan_ward, position="Chủ tịch")
    for someone in (leader, other_ward):
        with pytest.raises(TransitionRefused, match="không được thực hiện thao tác này"):
            dossier_approve_with_result(dossier=dossier, by=someone)
        with pytest.raises(TransitionRefused, match="không được thực hiện thao tác này"):
            dossier_send_back(dossier=dossier, by=someone, reason=REASON)
    _unchanged(dossier, S.AWAITING_SIGNATURE, events=1)


def test_a_leader_signs_only_what_was_proposed(dossier, ward_leader):
    with pytest.raises(TransitionRefused, match="không thể thực hiện thao tác này"):
        dossier_approve_with_result(dossier=dossier, by=ward_leader)
    _unchanged(dossier, S.IN_PROCESSING)


def test_awaiting_signature_is_still_in_processing_for_the_national_portal_and_its_clock(
    dossier, commune_official, ward_leader
):
    from dossiers.deadlines import is_overdue
    from dossiers.states import status_history_national

    dossier_propose_approval(dossier=dossier, by=commune_official)

    assert NATIONAL_STATUS_CODES[S.AWAITING_SIGNATURE] == 4
    assert [step["status"] for step in status_history_national(dossier=dossier)] == [4]
    assert is_overdue(dossier, dossier.due_date + datetime.timedelta(days=1))


@pytest.mark.parametrize(
    ("position", "lines"),
    [("Chủ tịch", ("Chủ tịch",)), ("Phó Chủ tịch", ("KT. Chủ tịch", "Phó Chủ tịch")),
     ("  Giám đốc ", ("Giám đốc",)), ("", ("Lãnh đạo",))],
)  # fmt: skip
def test_the_signature_names_the_leaders_position(position, lines):
    assert signing_title(LeaderFactory.build(position=position)) == lines


def test_a_deputy_signs_on_the_chairmans_behalf(dossier, commune_official, hong_bang_ward):
    deputy = LeaderFactory(agency=hong_bang_ward, full_name="Ngô Văn Sơn", position="Phó Chủ tịch")
    dossier_propose_approval(dossier=dossier, by=commune_official)

    text = pdf_text(dossier_approve_with_result(dossier=dossier, by=deputy).file.read())

    assert "TM. UBND PHƯỜNG HỒNG BÀNG KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text and "Ngô Văn Sơn" in text


# The pages.


def test_the_leader_signs_from_the_dossier_page_after_a_confirmation(
    dossier, commune_official, ward_leader
):
    assert _act(commune_official, dossier, "propose_approval").status_code == 302
    page = _client(ward_leader).get(reverse("workspace:dossier", args=[dossier.pk]))
    text = page.content.decode()
    for action in ("approve", "send_back_for_review"):
        form = text.split(f'<input type="hidden" name="action" value="{action}">')[0]
        assert "data-confirm=" in form.rsplit("<form", 1)[1]
    assert "Ký duyệt</button>" in text and "Trả lại</summary>" in text
    # The official's page says who signs now, and offers no signature.
    mine = _client(commune_official).get(reverse("workspace:dossier", args=[dossier.pk]))
    assert 'data-testid="awaiting-signature"' in mine.content.decode()
    assert 'value="approve"' not in mine.content.decode()

    assert _act(ward_leader, dossier, "approve").status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_READY


def test_an_official_signing_over_http_is_a_409_and_changes_nothing(
    dossier, commune_official, ward_leader, leader
):
    dossier_propose_approval(dossier=dossier, by=commune_official)
    for someone in (commune_official, leader):  # the leader above sees the dossier, signs nothing
        response = _act(someone, dossier, "approve")
        assert response.status_code == 409
    assert "Chỉ lãnh đạo đơn vị được ký duyệt" in _act(commune_official, dossier,
                                                       "approve").content.decode()  # fmt: skip
    _unchanged(dossier, S.AWAITING_SIGNATURE, events=1)


def test_a_leader_of_another_ward_does_not_even_see_it(
    dossier, commune_official, le_chan_ward, ward_leader
):
    dossier_propose_approval(dossier=dossier, by=commune_official)
    other_ward = LeaderFactory(agency=le_chan_ward)
    assert _act(other_ward, dossier, "approve").status_code == 404
    _unchanged(dossier, S.AWAITING_SIGNATURE, events=1)


def test_sent_back_over_http_the_official_reads_why(dossier, commune_official, ward_leader):
    dossier_propose_approval(dossier=dossier, by=commune_official)
    assert _act(ward_leader, dossier, "send_back_for_review").status_code == 400  # no reason
    _unchanged(dossier, S.AWAITING_SIGNATURE, events=1)

    assert _act(ward_leader, dossier, "send_back_for_review", reason=REASON).status_code == 302

    page = _client(commune_official).get(reverse("workspace:dossier", args=[dossier.pk]))
    alert = page.content.decode().split('data-testid="sent-back"')[1].split("</div>")[0]
    assert "Đặng Quốc Hùng" in alert and REASON in alert
    assert 'value="propose_approval"' in page.content.decode()


def test_the_leaders_queue_counts_what_awaits_their_signature(
    dossier, commune_official, ward_leader, leader
):
    dossier_propose_approval(dossier=dossier, by=commune_official)
    DossierFactory(agency=dossier.agency, status=S.IN_PROCESSING, code="11311-261207-0002")

    page = _client(ward_leader).get(reverse("workspace:queue")).content.decode()
    callout = page.split('data-testid="to-sign"')[1].split("</p>")[0]
    assert "Chờ ký duyệt: 1 hồ sơ" in callout and "?status=awaiting_signature" in callout
    filtered = _client(ward_leader).get(
        reverse("workspace:queue"), {"status": S.AWAITING_SIGNATURE}
    )
    assert "11311-261207-0001" in filtered.content.decode()
    assert "11311-261207-0002" not in filtered.content.decode()
    # The officials, and the leader above who signs none of it, get no such count.
    for someone in (commune_official, leader):
        page = _client(someone).get(reverse("workspace:queue")).content.decode()
        assert 'data-testid="to-sign"' not in page


def test_the_citizen_reads_the_status_in_plain_words_without_the_units_notes(
    dossier, citizen, commune_official, ward_leader
):
    dossier_propose_approval(dossier=dossier, by=commune_official, note="Ghi chú nội bộ")
    track = reverse("dossiers:track", args=[dossier.pk])

    page = _client(citizen).get(track).content.decode()

    status = page.split('data-testid="status">')[1].split("<")[0]
    assert status == "Đang chờ lãnh đạo ký duyệt kết quả"
    assert "Ghi chú nội bộ" not in page
    dossier_send_back(dossier=dossier, by=ward_leader, reason=REASON)
    page = _client(citizen).get(track).content.decode()
    assert REASON not in page and "xem xét lại hồ sơ trước khi ký duyệt" in page
    history = _client(citizen).get(f"/api/dossiers/{dossier.pk}/").json()["history"]
    assert [step["reason"] for step in history if step["action"] in (
        "propose_approval", "send_back_for_review")] == ["", ""]  # fmt: skip


# The agency API.


def test_the_agency_client_proposes_and_the_leader_is_told(dossier, ward_leader, hong_bang_ward):
    from rest_framework.test import APIClient

    from dossiers.api_access.clients import agency_client_create

    client, secret = agency_client_create(name="Hệ thống một cửa phường", agency=hong_bang_ward)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=_basic(client.client_id, secret))

    answer = api.post(f"/api/agency/dossiers/{dossier.pk}/propose-approval/", {}, format="json")

    assert answer.status_code == 200 and answer.json()["status"] == "awaiting_signature"
    assert Notification.objects.filter(user=ward_leader, title__contains=dossier.code).exists()
    again = api.post(f"/api/agency/dossiers/{dossier.pk}/propose-approval/", {}, format="json")
    assert again.status_code == 409


def _basic(client_id: str, secret: str) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


# A refusal (trình ký từ chối): proposed with its reason, signed by the unit's leader.


def test_the_official_proposes_a_refusal_with_its_reason_and_the_leader_is_told(
    dossier, commune_official, ward_leader, leader
):
    event = dossier_propose_not_resolve(dossier=dossier, by=commune_official, reason=REFUSAL)

    dossier.refresh_from_db()
    assert (dossier.status, dossier.proposed_outcome) == (S.AWAITING_SIGNATURE, "not_resolve")
    assert (event.action, event.actor, event.reason) == (
        "propose_not_resolve", commune_official, REFUSAL
    )  # fmt: skip
    [told] = Notification.objects.filter(user=ward_leader)
    assert "11311-261207-0001 chờ lãnh đạo ký từ chối giải quyết" in told.title
    assert REFUSAL in told.body and "Lê Thị Hoa" in told.body
    assert not Notification.objects.filter(user__in=[leader, commune_official]).exists()
    # The leader signs the refusal or sends it back; the approval is not theirs to sign.
    assert set(allowed_actions(dossier=dossier, user=ward_leader)) == {
        "not_resolve", "send_back_for_review"
    }  # fmt: skip
    assert allowed_actions(dossier=dossier, user=commune_official) == []


def test_the_leader_signs_the_refusal_and_the_notice_is_issued_in_their_name(
    dossier, citizen, commune_official, ward_leader
):
    dossier_propose_not_resolve(dossier=dossier, by=commune_official, reason=REFUSAL)

    event = dossier_not_resolve_signed(dossier=dossier, by=ward_leader)

    dossier.refresh_from_db()
    assert dossier.status == S.NOT_RESOLVED
    assert (event.action, event.actor, event.reason) == ("not_resolve", ward_leader, REFUSAL)
    assert not ResultDocument.objects.filter(dossier=dossier).exists()
    text = pdf_text(refusal_slip_pdf(dossier=dossier))
    assert "PHIẾU TỪ CHỐI GIẢI QUYẾT HỒ SƠ" in text.upper() and REFUSAL in text
    assert "TM. UBND PHƯỜNG HỒNG BÀNG CHỦ TỊCH" in text and "Đặng Quốc Hùng" in text
    assert "Cán bộ thực hiện".upper() not in text.upper() and "Lê Thị Hoa" not in text
    # The leader's request is done; the official and the applicant are told.
    [asked] = Notification.objects.filter(user=ward_leader)
    assert asked.done_at is not None and asked.read_at is not None
    [told] = Notification.objects.filter(user=commune_official)
    assert "ký từ chối giải quyết" in told.title and "signed the refusal" in told.title
    [applicant] = Notification.objects.filter(user=citizen)
    assert "không được giải quyết" in applicant.title and "was not resolved" in applicant.title
    assert REFUSAL in applicant.body
    assert applicant.url == reverse("dossiers:track", args=[dossier.pk])


def test_a_deputy_signs_the_refusal_on_the_chairmans_behalf(
    dossier, commune_official, hong_bang_ward
):
    deputy = LeaderFactory(agency=hong_bang_ward, full_name="Ngô Văn Sơn", position="Phó Chủ tịch")
    not_resolve_signed(dossier, official=commune_official, reason=REFUSAL, leader=deputy)

    text = pdf_text(refusal_slip_pdf(dossier=dossier))

    assert "TM. UBND PHƯỜNG HỒNG BÀNG KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text and "Ngô Văn Sơn" in text


def test_a_refusal_needs_its_reason(dossier, commune_official):
    for blank in ("", "  \n "):
        with pytest.raises(TransitionRefused, match="Cần nêu lý do. A reason is required"):
            dossier_propose_not_resolve(dossier=dossier, by=commune_official, reason=blank)
    _unchanged(dossier, S.IN_PROCESSING)
    assert not Notification.objects.exists()


@pytest.mark.parametrize("first", ["approval", "refusal"])
def test_nothing_is_proposed_while_a_proposal_awaits_signature(
    dossier, commune_official, ward_leader, first
):
    if first == "approval":
        dossier_propose_approval(dossier=dossier, by=commune_official)
    else:
        dossier_propose_not_resolve(dossier=dossier, by=commune_official, reason=REFUSAL)
    for propose in (
        lambda: dossier_propose_approval(dossier=dossier, by=commune_official),
        lambda: dossier_propose_not_resolve(dossier=dossier, by=commune_official, reason=REASON),
    ):
        with pytest.raises(TransitionRefused, match="Chờ lãnh đạo ký duyệt.*not possible now"):
            propose()
    dossier.refresh_from_db()
    assert dossier.proposed_outcome == ("approve" if first == "approval" else "not_resolve")
    _unchanged(dossier, S.AWAITING_SIGNATURE, events=1)
    assert Notification.objects.filter(user=ward_leader).count() == 1


def test_the_leader_signs_only_the_outcome_proposed(dossier, commune_official, ward_leader):
    dossier_propose_not_resolve(dossier=dossier, by=commune_official, reason=REFUSAL)
    with pytest.raises(TransitionRefused, match="proposed for refusal, not for approval"):
        dossier_approve_with_result(dossier=dossier, by=ward_leader)
    _unchanged(dossier, S.AWAITING_SIGNATURE, events=1)

    dossier_send_back(dossier=dossier, by=ward_leader, reason=REASON)
    dossier_propose_approval(dossier=dossier, by=commune_official)
    with pytest.raises(TransitionRefused, match="proposed for approval, not for refusal"):
        dossier_not_resolve_signed(dossier=dossier, by=ward_leader)
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_SIGNATURE


def test_only_the_units_leader_signs_a_refusal(
    dossier, commune_official, ward_leader, leader, le_chan_ward
):
    dossier_propose_not_resolve(dossier=dossier, by=commune_official, reason=REFUSAL)
    with pytest.raises(TransitionRefused, match="Chỉ lãnh đạo đơn vị được ký duyệt"):
        dossier_not_resolve_signed(dossier=dossier, by=commune_official)
    for someone in (leader, LeaderFactory(agency=le_chan_ward)):
        with pytest.raises(TransitionRefused, match="không được thực hiện thao tác này"):
            dossier_not_resolve_signed(dossier=dossier, by=someone)
    _unchanged(dossier, S.AWAITING_SIGNATURE, events=1)


def test_a_refusal_sent_back_returns_to_processing_and_the_official_reads_why(
    dossier, commune_official, ward_leader
):
    dossier_propose_not_resolve(dossier=dossier, by=commune_official, reason=REFUSAL)

    dossier_send_back(dossier=dossier, by=ward_leader, reason=REASON)

    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROCESSING
    [told] = Notification.objects.filter(user=commune_official)
    assert "được lãnh đạo trả lại" in told.title and REASON in told.body
    [asked] = Notification.objects.filter(user=ward_leader)
    assert asked.done_at is not None
    # Examined again, it may be approved after all.
    dossier_propose_approval(dossier=dossier, by=commune_official)
    assert dossier_approve_with_result(dossier=dossier, by=ward_leader).issued_by == ward_leader


def test_a_unit_without_a_leader_refuses_the_refusal_proposed_as_an_approval(
    citizen, other_commune_official, le_chan_ward
):
    dossier = DossierFactory(
        procedure=ProcedureFactory(code="1.004223"), agency=le_chan_ward, applicant=citizen,
        status=S.IN_PROCESSING, code="11383-261207-0001", submitted_at=timezone.now(),
        due_date=timezone.localdate() + datetime.timedelta(days=5),
    )  # fmt: skip
    with pytest.raises(NoSigningLeader, match="Trung tâm Phục vụ hành chính công"):
        dossier_propose_not_resolve(dossier=dossier, by=other_commune_official, reason=REFUSAL)

    _unchanged(dossier, S.IN_PROCESSING)  # not parked awaiting a signature nobody can give
    assert not Notification.objects.exists()


def test_the_national_portal_reads_processing_then_not_resolved_with_the_reason(
    dossier, commune_official, ward_leader
):
    dossier_propose_not_resolve(dossier=dossier, by=commune_official, reason=REFUSAL)
    # Proposed, the refusal is not yet decided: still processing, its reason not told.
    assert [(step["status"], step["note"]) for step in status_history_national(dossier=dossier)
            ] == [(4, "")]  # fmt: skip

    dossier_not_resolve_signed(dossier=dossier, by=ward_leader)

    steps = status_history_national(dossier=dossier)
    assert [(step["status"], step["note"]) for step in steps] == [(4, ""), (8, REFUSAL)]


def test_the_citizen_reads_the_refusal_only_once_signed(
    dossier, citizen, commune_official, ward_leader
):
    dossier_propose_not_resolve(dossier=dossier, by=commune_official, reason=REFUSAL)
    track = reverse("dossiers:track", args=[dossier.pk])

    page = _client(citizen).get(track).content.decode()

    assert page.split('data-testid="status">')[1].split("<")[0] == (
        "Đang chờ lãnh đạo ký duyệt kết quả"
    )  # fmt: skip
    assert REFUSAL not in page
    assert "quyết định giải quyết đang chờ lãnh đạo đơn vị ký duyệt" in page
    history = _client(citizen).get(f"/api/dossiers/{dossier.pk}/").json()["history"]
    assert [step["reason"] for step in history] == [""]

    dossier_not_resolve_signed(dossier=dossier, by=ward_leader)

    page = _client(citizen).get(track).content.decode()
    assert f"Hồ sơ không đủ điều kiện giải quyết. — {REFUSAL}" in page
    history = _client(citizen).get(f"/api/dossiers/{dossier.pk}/").json()["history"]
    assert [step["reason"] for step in history] == ["", REFUSAL]


# A refusal over HTTP.


def test_the_official_proposes_a_refusal_from_the_page_and_the_leader_signs_it(
    dossier, commune_official, ward_leader
):
    assert _act(commune_official, dossier, "propose_not_resolve", reason="  ").status_code == 400
    _unchanged(dossier, S.IN_PROCESSING)
    mine = _client(commune_official).get(reverse("workspace:dossier", args=[dossier.pk]))
    assert "Trình ký từ chối</summary>" in mine.content.decode()

    assert _act(commune_official, dossier, "propose_not_resolve",
                reason=REFUSAL).status_code == 302  # fmt: skip

    page = _client(ward_leader).get(reverse("workspace:dossier", args=[dossier.pk]))
    text = page.content.decode()
    proposal = text.split('data-testid="proposal"')[1].split("</div>")[0]
    assert 'data-outcome="not_resolve"' in proposal
    assert "Lê Thị Hoa" in proposal and "từ chối" in proposal and REFUSAL in proposal
    form = text.split('<input type="hidden" name="action" value="not_resolve">')
    assert "data-confirm=" in form[0].rsplit("<form", 1)[1]
    assert "Ký từ chối</button>" in form[1] and 'value="approve"' not in text
    # The official's page says what awaits signature, and offers no signature.
    mine = _client(commune_official).get(reverse("workspace:dossier", args=[dossier.pk]))
    assert REFUSAL in mine.content.decode().split('data-testid="proposal"')[1].split("</div>")[0]
    assert 'value="not_resolve"' not in mine.content.decode()

    assert _act(ward_leader, dossier, "not_resolve").status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.NOT_RESOLVED
    assert dossier.events.last().reason == REFUSAL


def test_a_refusal_signed_by_anyone_else_over_http_is_refused_and_changes_nothing(
    dossier, commune_official, ward_leader, leader, le_chan_ward
):
    dossier_propose_not_resolve(dossier=dossier, by=commune_official, reason=REFUSAL)
    refused = _act(commune_official, dossier, "not_resolve")
    assert refused.status_code == 409
    assert "Chỉ lãnh đạo đơn vị được ký duyệt" in refused.content.decode()
    assert _act(leader, dossier, "not_resolve").status_code == 409
    assert _act(LeaderFactory(agency=le_chan_ward), dossier, "not_resolve").status_code == 404
    approving = _act(ward_leader, dossier, "approve")  # what was proposed is a refusal
    assert approving.status_code == 409
    assert "proposed for refusal, not for approval" in approving.content.decode()
    _unchanged(dossier, S.AWAITING_SIGNATURE, events=1)


# A refusal through the agency API.


def _agency_api(hong_bang_ward, *, as_leader: bool = False):
    from rest_framework.test import APIClient

    from dossiers.api_access.clients import agency_client_create
    from portal.accounts.models import Role

    client, secret = agency_client_create(name="Hệ thống một cửa phường", agency=hong_bang_ward)
    if as_leader:  # a leader's own system: its account signs as the unit's leader
        client.service_user.role = Role.LEADER
        client.service_user.position = "Chủ tịch"
        client.service_user.save(update_fields=["role", "position"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=_basic(client.client_id, secret))
    return api


def test_the_agency_client_proposes_a_refusal_and_the_leader_signs_it(
    dossier, ward_leader, hong_bang_ward
):
    api = _agency_api(hong_bang_ward)
    url = f"/api/agency/dossiers/{dossier.pk}"

    blank = api.post(f"{url}/propose-not-resolve/", {"reason": "  "}, format="json")
    assert blank.status_code == 400 and blank.json()["code"] == "invalid"
    assert "This field may not be blank" in blank.json()["errors"]["reason"][0]
    _unchanged(dossier, S.IN_PROCESSING)

    answer = api.post(f"{url}/propose-not-resolve/", {"reason": REFUSAL}, format="json")
    assert answer.status_code == 200 and answer.json()["status"] == "awaiting_signature"
    assert answer.json()["national_status"] == 4
    assert Notification.objects.filter(user=ward_leader, body__contains=REFUSAL).exists()
    again = api.post(f"{url}/propose-not-resolve/", {"reason": REFUSAL}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "transition_refused"
    # The client's account is an official: it signs nothing.
    for endpoint in ("sign", "approve"):
        refused = api.post(f"{url}/{endpoint}/", {}, format="json")
        assert refused.status_code == 409 and "Only the unit's leader" in refused.json()["detail"]
    _unchanged(dossier, S.AWAITING_SIGNATURE, events=1)

    leaders = _agency_api(hong_bang_ward, as_leader=True)
    wrong = leaders.post(f"{url}/approve/", {}, format="json")
    assert wrong.status_code == 409 and "proposed for refusal" in wrong.json()["detail"]
    signed = leaders.post(f"{url}/sign/", {"seen_status": "awaiting_signature"}, format="json")
    assert signed.status_code == 200
    assert (signed.json()["status"], signed.json()["national_status"]) == ("not_resolved", 8)
    assert signed.json()["result"] is None
    dossier.refresh_from_db()
    assert dossier.status == S.NOT_RESOLVED and dossier.events.last().reason == REFUSAL


def test_sign_signs_an_approval_as_approve_does(
    dossier, commune_official, hong_bang_ward, ward_leader
):
    dossier_propose_approval(dossier=dossier, by=commune_official)

    signed = _agency_api(hong_bang_ward, as_leader=True).post(
        f"/api/agency/dossiers/{dossier.pk}/sign/", {}, format="json"
    )

    assert signed.status_code == 200 and signed.json()["status"] == "result_ready"
    assert signed.json()["result"]["id"] == ResultDocument.objects.get(dossier=dossier).pk


def test_the_schema_documents_the_refusals_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    propose = paths["/api/agency/dossiers/{id}/propose-not-resolve/"]["post"]
    assert {"200", "400", "404", "409"} <= set(propose["responses"])
    assert "/api/agency/dossiers/{id}/sign/" in paths
