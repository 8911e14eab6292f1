"""The applicant's notices about a dossier (submitted, waiting for its fee,
its fee paid, its result returned) are stored, and e-mailed, in both
languages, Vietnamese first ("Vietnamese. English."), as the supplement and
apology notices are."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.models import DossierStatus
from dossiers.results import result_return
from dossiers.services import dossier_fee_paid, dossier_submit
from payments.models import PaymentStatus
from portal.notifications.models import Notification
from tests.dossiers.factories import DossierFactory
from tests.dossiers.signing import approve_signed
from tests.payments.factories import PaymentFactory
from tests.procedures.factories import FormDefinitionFactory, ProcedureFactory, eform_fields

pytestmark = pytest.mark.django_db


def _submitted(citizen, unit, fee_vnd=0):
    procedure = ProcedureFactory(code="1.004222", agency_kinds=["commune_committee"],
                                 fee_vnd=fee_vnd)  # fmt: skip
    draft = DossierFactory(applicant=citizen, procedure=procedure, agency=unit,
                           form=FormDefinitionFactory(fields=eform_fields("request")),
                           preview_confirmed_at=timezone.now())  # fmt: skip
    return dossier_submit(dossier=draft, by=citizen, values={"request": "Đăng ký thường trú"})


def _latest(user) -> Notification:
    return Notification.objects.filter(user=user).order_by("-id").first()


def _vietnamese_then_english(text: str, vietnamese: str, english: str) -> None:
    assert vietnamese in text and english in text
    assert text.index(vietnamese) < text.index(english)


def test_the_submission_notice_is_vietnamese_then_english(citizen, hong_bang_ward):
    dossier = _submitted(citizen, hong_bang_ward)

    told = _latest(citizen)
    _vietnamese_then_english(told.title, f"Đã nộp hồ sơ {dossier.code}.",
                             f"Dossier {dossier.code} submitted.")  # fmt: skip
    due = dossier.due_date.strftime("%d/%m/%Y")
    _vietnamese_then_english(told.body, f"Ngày hẹn trả kết quả: {due}.",
                             f"Appointment date: {due}.")  # fmt: skip
    assert f"was submitted to {hong_bang_ward.name}" in told.body


def test_the_fee_notices_are_vietnamese_then_english(citizen, hong_bang_ward):
    dossier = _submitted(citizen, hong_bang_ward, fee_vnd=20_000)
    assert dossier.status == DossierStatus.FINANCIAL_OBLIGATION

    asked = _latest(citizen)
    _vietnamese_then_english(asked.title, f"Đã ghi nhận hồ sơ {dossier.code}: chờ nộp phí.",
                             f"Dossier {dossier.code} recorded: fee to pay.")  # fmt: skip
    _vietnamese_then_english(asked.body, "Vui lòng nộp phí, lệ phí 20.000 đồng",
                             "Please pay the fee of 20.000 đồng")  # fmt: skip

    PaymentFactory(dossier=dossier, status=PaymentStatus.PAID, paid_at=timezone.now())
    dossier_fee_paid(dossier=dossier)
    on_its_way = _latest(citizen)
    assert on_its_way.pk != asked.pk
    _vietnamese_then_english(on_its_way.title, "đã được chuyển đến cơ quan giải quyết",
                             "was sent on to the unit that handles it.")  # fmt: skip
    _vietnamese_then_english(on_its_way.body, "Ngày hẹn trả kết quả", "Appointment date")


def test_the_result_returned_notice_is_vietnamese_then_english(
    citizen, hong_bang_ward, commune_official
):
    procedure = ProcedureFactory(code="1.010039", result_type="Giấy xác nhận thông tin về cư trú")
    dossier = DossierFactory(
        procedure=procedure, agency=hong_bang_ward, applicant=citizen,
        status=DossierStatus.IN_PROCESSING, code="11311-261125-0001",
        submitted_at=timezone.now(), due_date=timezone.localdate() + datetime.timedelta(days=5),
    )  # fmt: skip
    approve_signed(dossier, official=commune_official)
    result_return(dossier=dossier, by=commune_official, how="online")

    told = _latest(citizen)
    _vietnamese_then_english(told.title, "Đã trả kết quả hồ sơ 11311-261125-0001.",
                             "Result of dossier 11311-261125-0001 returned.")  # fmt: skip
    _vietnamese_then_english(told.body, "lưu trong kho giấy tờ của bạn",
                             "kept in your document store")  # fmt: skip


def test_the_submission_notification_links_to_the_citizen_s_dossier_page(citizen, hong_bang_ward):
    dossier = _submitted(citizen, hong_bang_ward)

    assert _latest(citizen).url == reverse("dossiers:track", kwargs={"pk": dossier.pk})
