"""What the official's pages show: the queue naming each dossier's unit to a
leader, the slips a refused dossier offers, the assignee preselected, the
supplement panel only where it has something to say, and the desk's pages
(the way back, the fee to tell the citizen, the procedures by sector)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dossiers.counter import counter_intake_start
from dossiers.models import DossierStatus
from dossiers.workspace_selectors import unit_officials
from tests.accounts.factories import OfficialFactory
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus


def _dossier(unit, status=S.SUBMITTED, **fields):
    return DossierFactory(agency=unit, status=status, submitted_at=timezone.now(), **fields)


def _signed_in(client, user):
    client.force_login(user, backend=LOGIN)
    return client


# The queue names the unit when it spans several


def test_a_leaders_queue_names_each_dossiers_unit(client, leader, hong_bang_ward, le_chan_ward):
    _dossier(hong_bang_ward)
    _dossier(le_chan_ward)

    page = _signed_in(client, leader).get(reverse("workspace:queue")).content.decode()

    assert '<th scope="col">Cơ quan tiếp nhận</th>' in page
    units = re.findall(r'data-testid="queue-unit">.*?</span>([^<]+)</td>', page)
    assert sorted(units) == ["UBND phường Hồng Bàng", "UBND phường Lê Chân"]


def test_an_officials_queue_of_one_unit_has_no_unit_column(
    client, commune_official, hong_bang_ward
):
    _dossier(hong_bang_ward)

    page = _signed_in(client, commune_official).get(reverse("workspace:queue")).content.decode()

    assert 'data-testid="queue-row"' in page
    assert 'data-testid="queue-unit"' not in page and "Cơ quan tiếp nhận" not in page


def test_a_leaders_queue_costs_the_same_queries_for_more_dossiers_and_units(
    client, leader, hong_bang_ward, le_chan_ward
):
    _signed_in(client, leader)
    for _ in range(3):
        _dossier(hong_bang_ward)
    client.get(reverse("workspace:queue"))  # once-per-session reads are not the page's
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("workspace:queue"))
    for _ in range(20):
        _dossier(le_chan_ward)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("workspace:queue"))

    assert len(response.context["rows"]) == 23
    assert len(many) == len(few)


# A dossier refused at reception offers its refusal slip, not a receipt


def test_a_dossier_refused_at_reception_offers_no_receipt_but_its_refusal_slip(
    client, citizen, commune_official, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward, applicant=citizen, code="11311-261125-0001")
    receipt = reverse("dossiers:receipt", args=[dossier.pk])
    refusal = reverse("dossiers:slip-refusal", args=[dossier.pk])
    _signed_in(client, commune_official)
    workspace_page = reverse("workspace:dossier", args=[dossier.pk])
    assert receipt in client.get(workspace_page).content.decode()  # before: a receipt

    refuse = {"action": "refuse_at_reception", "reason": "Sai thẩm quyền"}
    response = client.post(reverse("workspace:act", args=[dossier.pk]), refuse)
    assert response.status_code == 302

    page = client.get(workspace_page).content.decode()
    assert receipt not in page and refusal in page
    _signed_in(client, citizen)
    page = client.get(reverse("dossiers:track", args=[dossier.pk])).content.decode()
    assert receipt not in page and refusal in page
    assert "Giấy tiếp nhận" not in page


# Assignment


def test_the_assign_dropdown_preselects_the_official_assigned(
    client, commune_official, hong_bang_ward
):
    colleague = OfficialFactory(full_name="Đỗ Thị Bình", agency=hong_bang_ward)
    dossier = _dossier(hong_bang_ward, assigned_to=colleague)

    page = (
        _signed_in(client, commune_official)
        .get(reverse("workspace:dossier", args=[dossier.pk]))
        .content.decode()
    )

    selected = re.findall(r'<option value="(\d+)"[^>]*selected', page)
    assert selected == [str(colleague.pk)]


def test_the_officials_to_assign_to_read_by_given_name_in_vietnamese_order(client, hong_bang_ward):
    for name in ["Đỗ Thị Bình", "Dương Văn Cường", "Ân Văn Hải", "An Thị Mai", "Lê Văn Ánh",
                 "Trần Văn An", "Phạm Thị Ân"]:  # fmt: skip
        OfficialFactory(full_name=name, agency=hong_bang_ward)
    dossier = _dossier(hong_bang_ward)
    in_order = ["Trần Văn An", "Lê Văn Ánh", "Phạm Thị Ân", "Đỗ Thị Bình", "Dương Văn Cường",
                "Ân Văn Hải", "An Thị Mai"]  # fmt: skip

    names = list(unit_officials(dossier=dossier).values_list("full_name", flat=True))

    assert names == in_order
    official = unit_officials(dossier=dossier).first()
    page = (
        _signed_in(client, official)
        .get(reverse("workspace:dossier", args=[dossier.pk]))
        .content.decode()
    )
    select = re.search(r'<select[^>]*name="to".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select) == in_order


# The supplement panel


def test_no_supplement_panel_where_none_can_be_asked_and_none_was(
    client, commune_official, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward, status=S.RESULT_RETURNED, code="11311-261125-0002")

    page = (
        _signed_in(client, commune_official)
        .get(reverse("workspace:dossier", args=[dossier.pk]))
        .content.decode()
    )

    assert 'data-testid="supplement-panel"' not in page
    assert "Không thể yêu cầu bổ sung hồ sơ ở bước này" not in page


def test_the_panels_own_page_still_says_why_nothing_can_be_asked(
    client, commune_official, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward, status=S.RESULT_RETURNED, code="11311-261125-0003")

    page = (
        _signed_in(client, commune_official)
        .get(reverse("supplements:panel", args=[dossier.pk]))
        .content.decode()
    )

    assert "Không thể yêu cầu bổ sung hồ sơ ở bước này" in page


# The desk


@pytest.fixture
def desk_draft(commune_official, citizen):
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                                 agency_kinds=["commune_committee"], fee_vnd=20_000,
                                 fee_online_vnd=10_000)  # fmt: skip
    return counter_intake_start(official=commune_official, personal_id=citizen.personal_id,
                                procedure=procedure, consent=True)  # fmt: skip


def test_the_desk_draft_leads_back_to_the_desk_and_says_the_counter_fee(
    client, commune_official, desk_draft
):
    page = (
        _signed_in(client, commune_official)
        .get(reverse("workspace:counter-dossier", args=[desk_draft.pk]))
        .content.decode()
    )

    back = page.split('data-testid="back-to-desk"')[0].rsplit("<a", 1)[1]
    assert f'href="{reverse("workspace:counter")}"' in back
    fee = page.split('data-testid="counter-fee">')[1].split("</p>")[0]
    assert "20.000 ₫" in fee and "10.000" not in fee


def test_the_desk_draft_of_a_procedure_without_fee_says_so(client, commune_official, citizen):
    procedure = ProcedureFactory(code="1.001193", name="Đăng ký khai sinh", fee_vnd=0)
    draft = counter_intake_start(official=commune_official, personal_id=citizen.personal_id,
                                 procedure=procedure, consent=True)  # fmt: skip

    page = (
        _signed_in(client, commune_official)
        .get(reverse("workspace:counter-dossier", args=[draft.pk]))
        .content.decode()
    )

    assert "Thủ tục này không thu phí, lệ phí." in page
