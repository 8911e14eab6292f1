"""The applicant learns what the dossier will cost before submitting it, next
to the button that submits it: the amount the submission then records, that
it is paid online afterwards, and the catalog's words on the fee (exemptions
included). The desk rate is named when submitting online costs less."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.models import Channel, Dossier, DossierStatus
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import FormDefinitionFactory, ProcedureFactory, eform_fields

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
TEMPORARY_RESIDENCE_NOTE = "15.000 đồng/lần khi nộp trực tiếp; 7.000 đồng/lần khi nộp trực tuyến"


def _draft(citizen, unit, **fees):
    procedure = ProcedureFactory(agency_kinds=["commune_committee"], **fees)
    return DossierFactory(applicant=citizen, procedure=procedure, agency=unit,
                          form=FormDefinitionFactory(fields=eform_fields("request")),
                          preview_confirmed_at=timezone.now())  # fmt: skip


def _page(client, name, dossier) -> str:
    response = client.get(reverse(name, args=[dossier.pk]))
    assert response.status_code == 200
    return unescape(response.content.decode())


def _fee_block(html: str) -> str:
    return html.split('data-testid="fee-ahead"', 1)[1].split("</div>", 1)[0]


@pytest.fixture
def applicant_client(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


def test_the_form_tells_the_fee_next_to_the_submit_button_and_the_submission_charges_it(
    applicant_client, citizen, hong_bang_ward
):
    draft = _draft(citizen, hong_bang_ward, fee_vnd=15_000, fee_online_vnd=7_000,
                   fee_note=TEMPORARY_RESIDENCE_NOTE)  # fmt: skip

    html = _page(applicant_client, "dossiers:form", draft)

    fee = _fee_block(html)
    assert 'data-fee="7000"' in fee
    assert "Phí, lệ phí: 7.000 ₫" in fee
    assert "bạn sẽ thanh toán trực tuyến sau khi nộp hồ sơ" in fee
    assert "15.000 ₫" in fee  # the desk's rate, which online undercuts
    assert TEMPORARY_RESIDENCE_NOTE in fee
    # Said before the button, which it describes.
    block_at = html.index('id="fee-ahead"')
    button = html.index('aria-describedby="fee-ahead"')
    assert block_at < button < html.index("Nộp hồ sơ", button)

    applicant_client.post(reverse("dossiers:submit", args=[draft.pk]), {"request": "Tạm trú"})

    submitted = Dossier.objects.get(pk=draft.pk)
    assert (submitted.status, submitted.fee_vnd) == (DossierStatus.FINANCIAL_OBLIGATION, 7_000)


def test_a_procedure_with_no_fee_says_so_with_its_exemption(
    applicant_client, citizen, hong_bang_ward
):
    draft = _draft(citizen, hong_bang_ward, fee_vnd=0,
                   fee_note="Miễn lệ phí đăng ký khai sinh đúng hạn")  # fmt: skip

    fee = _fee_block(_page(applicant_client, "dossiers:form", draft))

    assert 'data-fee="0"' in fee
    assert "Không phải nộp phí, lệ phí" in fee
    assert "Miễn lệ phí đăng ký khai sinh đúng hạn" in fee
    assert "thanh toán trực tuyến" not in fee


def test_the_same_fee_without_a_lower_online_rate_names_no_desk_rate(
    applicant_client, citizen, hong_bang_ward
):
    draft = _draft(citizen, hong_bang_ward, fee_vnd=8_000, fee_online_vnd=None)

    fee = _fee_block(_page(applicant_client, "dossiers:form", draft))

    assert "Phí, lệ phí: 8.000 ₫" in fee
    assert 'data-testid="fee-desk"' not in fee


def test_the_documents_step_tells_the_fee_too(applicant_client, citizen, hong_bang_ward):
    draft = _draft(citizen, hong_bang_ward, fee_vnd=20_000, fee_online_vnd=10_000)

    fee = _fee_block(_page(applicant_client, "dossiers:documents", draft))

    assert "Phí, lệ phí: 10.000 ₫" in fee


def test_a_submitted_dossier_has_its_fee_on_its_own_pages_not_this_notice(
    applicant_client, citizen, hong_bang_ward
):
    dossier = _draft(citizen, hong_bang_ward, fee_vnd=20_000)
    Dossier.objects.filter(pk=dossier.pk).update(
        status=DossierStatus.FINANCIAL_OBLIGATION, fee_vnd=20_000, code="11311-261125-0009",
        submitted_at=timezone.now(),
    )  # fmt: skip

    assert 'data-testid="fee-ahead"' not in _page(applicant_client, "dossiers:documents", dossier)


def test_at_the_desk_the_fee_is_the_counter_rate(citizen, hong_bang_ward):
    from dossiers.fees import fee_ahead

    draft = _draft(citizen, hong_bang_ward, fee_vnd=20_000, fee_online_vnd=10_000)
    draft.channel = Channel.COUNTER

    fee = fee_ahead(dossier=draft)

    assert (fee.amount_vnd, fee.online, fee.desk_vnd) == (20_000, False, None)


def test_the_submission_charges_the_fee_the_rule_tells_ahead(monkeypatch, citizen, hong_bang_ward):
    """One rule for the fee told and the fee charged: a change to it reaches both."""
    from dataclasses import replace

    from dossiers import fees
    from dossiers.services import dossier_submit

    told = fees.fee_ahead

    def fee_changed(*, dossier):
        return replace(told(dossier=dossier), amount_vnd=12_345)

    monkeypatch.setattr(fees, "fee_ahead", fee_changed)
    draft = _draft(citizen, hong_bang_ward, fee_vnd=20_000, fee_online_vnd=10_000)

    submitted = dossier_submit(dossier=draft, by=citizen, values={"request": "Tạm trú"})

    assert (submitted.status, submitted.fee_vnd) == (DossierStatus.FINANCIAL_OBLIGATION, 12_345)
