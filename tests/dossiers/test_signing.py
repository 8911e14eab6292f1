"""The signature step: the unit's official proposes a dossier's approval (trình
ký), its own leader signs the result (ký duyệt) or sends it back with the
reason; nobody else signs, the leader is told what awaits them and the
official why it came back; the result names the leader who signed it."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dossiers.exceptions import TransitionRefused
from dossiers.models import DossierEvent, DossierStatus, ResultDocument
from dossiers.results import dossier_approve_with_result, signing_title
from dossiers.signing import dossier_propose_approval, dossier_send_back
from dossiers.states import NATIONAL_STATUS_CODES, allowed_actions
from portal.notifications.models import Notification
from tests.accounts.factories import LeaderFactory
from tests.dossiers.factories import DossierFactory
from tests.pdf.reading import pdf_text
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus
REASON = "Cần xác minh thêm nơi ở hiện tại"


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
    dossier, commune_official, leader, le_chan_ward
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
    dossier, commune_official
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


def test_a_leader_of_another_ward_does_not_even_see_it(dossier, commune_official, le_chan_ward):
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
