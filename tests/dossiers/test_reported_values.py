"""A locked value the applicant reported as wrong, on the draft's form: when
they reported it and where the request stands (pending, corrected, rejected);
not offered for reporting again while pending, nor once corrected (the draft
keeps the value it read: a new dossier reads the corrected one)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from django.utils import timezone

from datasources.models import CorrectionFlag, CorrectionRequest, CorrectionStatus
from tests.dossiers.factories import DossierFactory, PrefilledResidenceDraftFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
ADDRESS = "Số 12 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng"
REPORTED = timezone.make_aware(datetime(2026, 11, 20, 9, 30))
DECIDED = timezone.make_aware(datetime(2026, 11, 24, 15, 0))


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


@pytest.fixture
def draft(citizen, hong_bang_ward):
    return PrefilledResidenceDraftFactory(
        applicant=citizen, agency=hong_bang_ward, permanent_address=ADDRESS
    )


def _report(dossier, by, owner, *, purpose_id=None, status=CorrectionStatus.OPEN, note=""):
    request = CorrectionRequest.objects.create(
        subject_personal_id=dossier.subject_personal_id, source="population",
        field="permanent_address", owner_agency=owner.agency, recorded_value=ADDRESS,
    )  # fmt: skip
    flag = CorrectionFlag.objects.create(
        request=request, flagged_by=by, purpose_type="dossier",
        purpose_id=purpose_id or str(dossier.pk),
    )  # fmt: skip
    CorrectionFlag.objects.filter(pk=flag.pk).update(created_at=REPORTED)
    if status != CorrectionStatus.OPEN:
        CorrectionRequest.objects.filter(pk=request.pk).update(
            status=status, resolved_by=owner, resolved_at=DECIDED, resolution_note=note
        )
    return request


def _block(client, dossier, name="permanent_address") -> str:
    response = client.get(f"/dossiers/{dossier.pk}/form/")
    assert response.status_code == 200
    page = response.content.decode()
    start = rf'<div class="mb-3" data-field="{name}"'
    match = re.search(start + r'.*?(?=<div class="mb-3" data-field=|</section>)', page, re.S)
    assert match, name
    return match.group(0)


def _said(block: str, testid: str) -> str:
    return re.sub(r"\s+", " ", block.split(f'data-testid="{testid}">')[1].split("</p>")[0])


def test_a_pending_report_says_when_it_was_made_and_is_not_offered_again(
    signed_in, draft, citizen, data_owner
):
    _report(draft, citizen, data_owner)

    block = _block(signed_in, draft)

    said = _said(block, "correction-open")
    assert "20/11/2026" in said and "Đang chờ xử lý" in said
    assert "/form/wrong/" not in block and "<details" not in block
    assert 'aria-describedby="p-permanent_address c-permanent_address"' in block


def test_a_corrected_value_says_so_and_that_a_new_dossier_reads_it(
    signed_in, draft, citizen, data_owner
):
    _report(draft, citizen, data_owner, status=CorrectionStatus.ACCEPTED)

    block = _block(signed_in, draft)

    said = _said(block, "correction-corrected")
    assert "20/11/2026" in said and "Đã điều chỉnh" in said and "24/11/2026" in said
    assert "hồ sơ mới" in said
    assert ADDRESS in block  # the draft keeps what it read
    assert "/form/wrong/" not in block  # the value shown is known to be the old one


def test_a_rejected_report_gives_the_reason_and_may_be_made_again(
    signed_in, draft, citizen, data_owner
):
    _report(draft, citizen, data_owner, status=CorrectionStatus.REJECTED,
            note="Địa chỉ trong CSDL khớp với hồ sơ đăng ký cư trú")  # fmt: skip

    block = _block(signed_in, draft)

    said = _said(block, "correction-rejected")
    assert "20/11/2026" in said and "Bị từ chối" in said and "24/11/2026" in said
    assert "Địa chỉ trong CSDL khớp với hồ sơ đăng ký cư trú" in said
    assert "/form/wrong/" in block


def test_a_decision_on_a_report_made_for_another_dossier_is_not_shown(
    signed_in, draft, citizen, data_owner
):
    other = DossierFactory(applicant=citizen)
    _report(draft, citizen, data_owner, purpose_id=str(other.pk),
            status=CorrectionStatus.ACCEPTED)  # fmt: skip

    block = _block(signed_in, draft)

    assert "correction-corrected" not in block and "/form/wrong/" in block


def test_a_report_pending_from_another_dossier_is_still_not_offered_again(
    signed_in, draft, citizen, data_owner
):
    other = DossierFactory(applicant=citizen)
    _report(draft, citizen, data_owner, purpose_id=str(other.pk))

    block = _block(signed_in, draft)

    assert "correction-open" in block and "/form/wrong/" not in block


@pytest.mark.django_db(transaction=True)
def test_this_is_wrong_then_the_form_says_reported_today_and_pending(
    gateway_live, signed_in, citizen, draft, data_owner
):
    posted = {"full_name": "Nguyễn Văn An", "permanent_address": ADDRESS, "phone": "0912345678",
              "field": "permanent_address", "note-permanent_address": "Đã chuyển nhà"}  # fmt: skip

    response = signed_in.post(f"/dossiers/{draft.pk}/form/wrong/", posted, follow=True)

    page = response.content.decode()
    block = page.split('data-field="permanent_address"')[1].split('data-field="')[0]
    said = _said(block, "correction-open")
    assert timezone.localdate().strftime("%d/%m/%Y") in said and "Đang chờ xử lý" in said
    assert "/form/wrong/" not in block
