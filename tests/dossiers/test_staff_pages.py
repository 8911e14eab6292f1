"""The official's pages say what they mean: sources by their names, every e-form
field typed as it is at the desk, refusals that name their cause, and no action
offered that the official would then be refused."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.models import Channel, DossierStatus, SupplementRequest
from payments.models import Payment
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    eform_field,
)

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
PURPOSE_FIELDS = [
    {"name": "purpose", "type": "choice", "label_vi": "Mục đích sử dụng", "label_en": "Purpose",
     "required": True, "validation": {"choices": ["Kết hôn", "Mục đích khác"]}, "binding": None},
    {"name": "purpose_detail", "type": "text", "label_vi": "Nêu rõ mục đích",
     "label_en": "Purpose in detail", "required": False, "validation": {}, "binding": None},
]  # fmt: skip


@pytest.fixture
def procedure(db):
    procedure = ProcedureFactory(code="1.004873", name="Cấp Giấy xác nhận tình trạng hôn nhân",
                                 agency_kinds=["commune_committee"], fee_vnd=0)  # fmt: skip
    form = FormDefinitionFactory(
        code="to-khai-hon-nhan", fields=[*PURPOSE_FIELDS, eform_field("phone")]
    )
    DossierComponentFactory(procedure=procedure, code="to-khai", position=1, name="Tờ khai",
                            form=form)  # fmt: skip
    return procedure


@pytest.fixture
def official(client, commune_official):
    client.force_login(commune_official, backend=LOGIN)
    return client


def _counter_draft(procedure, citizen, commune_official):
    dossier = DossierFactory(
        procedure=procedure, form=procedure.components.get(code="to-khai").form,
        agency=commune_official.agency, applicant=citizen, channel=Channel.COUNTER,
        counter_consent_at=timezone.now(), assigned_to=commune_official,
    )  # fmt: skip
    PrefillSourceFactory(dossier=dossier, source="population")
    return dossier


def test_the_counter_draft_names_its_sources_and_offers_each_choice(
    official, procedure, citizen, commune_official
):
    dossier = _counter_draft(procedure, citizen, commune_official)

    page = official.get(reverse("workspace:counter-dossier", args=[dossier.pk])).content.decode()

    assert "CSDL quốc gia về dân cư: " in page and "population:" not in page
    # A choice is picked from its options, a text is a text area, required fields are marked.
    assert '<select class="form-select" id="f-purpose" name="purpose"' in page
    assert '<option value="Kết hôn">Kết hôn</option>' in page
    assert '<textarea class="form-control" id="f-purpose_detail"' in page
    assert page.count('<span class="visually-hidden">(bắt buộc)</span>') == 2


def test_the_counter_draft_offers_no_data_gap_where_data_replaces_nothing(
    official, procedure, citizen, commune_official
):
    dossier = _counter_draft(procedure, citizen, commune_official)
    url = reverse("workspace:counter-dossier", args=[dossier.pk])

    assert 'data-testid="counter-data-gaps"' not in official.get(url).content.decode()

    proof = DossierComponentFactory(procedure=procedure, code="cu-tru", position=2,
                                    name="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    ElectronicReplacementFactory(component=proof, document_type="residence_confirmation",
                                 fields=["permanent_address"])  # fmt: skip
    page = official.get(url).content.decode()
    assert 'data-testid="counter-data-gaps"' in page and f'data-component="{proof.pk}"' in page


def test_the_dossier_view_names_the_source_to_read_again(
    official, procedure, citizen, commune_official
):
    dossier = DossierFactory(procedure=procedure, agency=commune_official.agency,
                             applicant=citizen, status=DossierStatus.SUBMITTED,
                             code="11311-261206-0001", submitted_at=timezone.now())  # fmt: skip
    PrefillSourceFactory(dossier=dossier, source="population")

    page = official.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()

    assert "Khai thác lại CSDL quốc gia về dân cư</button>" in page
    assert '<input type="hidden" name="source" value="population">' in page


def test_a_reason_over_the_limit_is_refused_as_such_and_nothing_moves(
    official, procedure, citizen, commune_official
):
    dossier = DossierFactory(procedure=procedure, agency=commune_official.agency,
                             applicant=citizen, status=DossierStatus.SUBMITTED,
                             code="11311-261206-0002", submitted_at=timezone.now())  # fmt: skip
    url = reverse("workspace:act", args=[dossier.pk])

    response = official.post(url, {"action": "refuse_at_reception", "reason": "x" * 1001})

    assert response.status_code == 400
    page = response.content.decode()
    assert "The reason is longer than 1000 characters." in page and "Unknown action" not in page
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert official.post(url, {"action": "bogus"}).status_code == 400


def test_a_supplement_reason_over_the_limit_is_refused_and_nothing_asked(
    official, procedure, citizen, commune_official
):
    dossier = DossierFactory(procedure=procedure, agency=commune_official.agency,
                             applicant=citizen, status=DossierStatus.IN_PROCESSING,
                             code="11311-261206-0003", submitted_at=timezone.now())  # fmt: skip
    component = procedure.components.get(code="to-khai")

    response = official.post(
        reverse("supplements:request", args=[dossier.pk]),
        {"components": [component.pk], "reason": "y" * 1001},
    )

    assert response.status_code == 400
    assert "The reason is longer than 1000 characters." in response.content.decode()
    assert not SupplementRequest.objects.exists()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_PROCESSING


def test_an_amount_at_the_desk_reads_as_written_on_the_receipt(
    official, procedure, citizen, commune_official
):
    dossier = DossierFactory(procedure=procedure, agency=commune_official.agency,
                             applicant=citizen, status=DossierStatus.FINANCIAL_OBLIGATION,
                             fee_vnd=5000, code="11311-261206-0004",
                             submitted_at=timezone.now())  # fmt: skip
    url = reverse("workspace:counter-fee", args=[dossier.pk])

    response = official.post(url, {"amount_vnd": "5,000", "receipt_number": "BL-1"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the amount in digits, for example 50.000." in page
    assert "Choose how the fee was paid." in page
    assert "Hình thức thanh toán" in page  # the choice's legend, not "paid"
    assert not Payment.objects.exists()

    # "5.000" is five thousand đồng, the fee, not 5.
    response = official.post(url, {"method": "cash", "amount_vnd": "5.000",
                                   "receipt_number": "BL-1"})  # fmt: skip
    assert response.status_code == 302
    assert Payment.objects.get().amount_vnd == 5000


def test_the_payments_page_leads_the_official_back_to_the_workspace(
    official, procedure, citizen, commune_official
):
    dossier = DossierFactory(procedure=procedure, agency=commune_official.agency,
                             applicant=citizen, status=DossierStatus.SUBMITTED, fee_vnd=5000,
                             code="11311-261206-0005", submitted_at=timezone.now())  # fmt: skip

    page = official.get(reverse("payments:dossier", args=[dossier.pk])).content.decode()

    assert f'href="{reverse("workspace:dossier", args=[dossier.pk])}"' in page
    assert f'href="{reverse("dossiers:track", args=[dossier.pk])}"' not in page


def test_staff_are_not_offered_the_online_submission_citizens_are(
    client, procedure, citizen, commune_official
):
    url = reverse("procedures:procedure", args=[procedure.code])
    start = reverse("dossiers:start", args=[procedure.code])

    client.force_login(commune_official, backend=LOGIN)
    assert start not in client.get(url).content.decode()
    refused = client.get(start)
    assert refused.status_code == 403
    assert "These pages are for citizen accounts" in refused.content.decode()

    client.force_login(citizen, backend=LOGIN)
    assert start in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("persona", "workspace"),
    [("commune_official", "workspace:queue"), ("leader", "workspace:queue"),
     ("center_staff", "complaint-workspace:queue"), ("data_owner", "datasources:corrections")],
)  # fmt: skip
def test_staff_on_a_citizen_page_are_told_it_is_for_citizens_and_led_to_their_workspace(
    client, procedure, persona, workspace, request
):
    client.force_login(request.getfixturevalue(persona), backend=LOGIN)

    for url in (reverse("dossiers:start", args=[procedure.code]),
                reverse("dossiers:authorisations"),
                reverse("dossiers:start-children", args=[procedure.code]),
                reverse("dossiers:list"), reverse("dossiers:results")):  # fmt: skip
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 403, url
        assert "Các trang này dành cho tài khoản công dân" in page
        assert "These pages are for citizen accounts" in page
        assert f'href="{reverse(workspace)}" data-testid="staff-workspace"' in page
    assert client.post(reverse("dossiers:authorisations"), {}).status_code == 403


def test_the_queue_is_a_table_on_a_desktop_and_one_card_per_dossier_on_a_phone(
    official, procedure, citizen, commune_official
):
    DossierFactory(procedure=procedure, agency=commune_official.agency, applicant=citizen,
                   status=DossierStatus.SUBMITTED, submitted_at=timezone.now())  # fmt: skip

    page = official.get(reverse("workspace:queue")).content.decode()

    table = re.search(r'<table ([^>]*data-testid="queue-table"[^>]*)>(.*?)</table>', page, re.S)
    assert table and "table-stack" in table.group(1)
    assert '<caption class="visually-hidden">' in table.group(2)
    headers = re.findall(r'<th scope="col">(.*?)</th>', table.group(2))
    columns = ["Hồ sơ", "Thủ tục", "Người nộp hồ sơ", "Trạng thái", "Ngày nộp", "Hẹn trả",
               "Cán bộ được phân công"]  # fmt: skip
    assert headers[1:] == columns
    # Below md each cell names its column, for sight only: screen readers read the headers.
    row = re.search(r'<tr data-testid="queue-row"[^>]*>(.*?)</tr>', table.group(2), re.S).group(1)
    labels = re.findall(
        r'<span class="d-block d-md-none[^"]*" aria-hidden="true">(.*?)</span>', row
    )
    assert labels == columns
    # The sort choice is as wide as the procedure's, so "Hạn trả, gần nhất trước" is read whole.
    sort = re.search(r'<div class="([^"]*)">\s*<label[^>]*for="id_sort"', page).group(1)
    assert "col-lg-3" in sort


def test_the_report_kinds_are_buttons_apart_the_current_one_marked(client, leader):
    client.force_login(leader, backend=LOGIN)

    page = client.get(reverse("dashboards:reports"), {"kind": "weekly"}).content.decode()

    nav = re.search(r'<nav aria-label="[^"]*" class="([^"]*)">(.*?)</nav>', page, re.S)
    assert "gap-2" in nav.group(1) and "flex-wrap" in nav.group(1)
    assert re.search(r'href="\?kind=weekly" aria-current="page"', nav.group(2))


def test_a_refused_desk_submission_shows_again_what_the_official_typed(
    official, procedure, citizen, commune_official
):
    dossier = _counter_draft(procedure, citizen, commune_official)

    response = official.post(
        reverse("workspace:counter-submit", args=[dossier.pk]),
        {"purpose": "Kết hôn", "purpose_detail": "Đăng ký kết hôn tại Hải Phòng", "phone": ""},
    )

    # Shown where it was posted, as nothing typed was stored and a redirect would lose it.
    assert response.status_code == 400
    page = response.content.decode()
    assert '<option value="Kết hôn" selected>' in page
    assert ">Đăng ký kết hôn tại Hải Phòng</textarea>" in page
    assert 'id="e-phone"' in page
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT and dossier.form_values.get("purpose") is None
