"""A dossier linked to a complaint: the place follows from it (its unit, in
its province, decides the routing, whatever else was chosen or posted), and
a citizen may link the dossiers they filed and those filed for them by
someone else (they are its subject), no other."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.exceptions import ComplaintInvalid
from complaints.models import Complaint, ComplaintCategory
from complaints.services import Report, complaint_file
from dossiers.models import DossierStatus
from portal.accounts.models import AgencyKind
from tests.accounts.factories import AgencyFactory, CitizenFactory, WardFactory
from tests.complaints.factories import RoutingRuleFactory
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db

NEW = reverse("complaints:new")


def _login(client, user):
    client.force_login(user, backend="portal.accounts.backends.VNeIDSessionBackend")


def _submitted(applicant, unit, *, code="11311-261125-0001", subject=None):
    return DossierFactory(
        applicant=applicant, agency=unit, code=code, status=DossierStatus.SUBMITTED,
        submitted_at=timezone.now(),
        subject_personal_id=subject.personal_id if subject else applicant.personal_id,
    )  # fmt: skip


def _filed_for(citizen, unit, code="11311-261125-0007"):
    """A dossier a representative filed for the citizen: its subject."""
    return _submitted(CitizenFactory(full_name="Đỗ Minh Khoa"), unit, code=code, subject=citizen)


def _selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select [^>]*name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="(\d*)"\s+selected>', select)


@pytest.fixture
def ha_noi_ward(db):
    ha_noi = AgencyFactory(code="01", name="UBND thành phố Hà Nội",
                           kind=AgencyKind.PROVINCE_COMMITTEE, province_code=1)  # fmt: skip
    return WardFactory(code="00004", name="UBND phường Ba Đình", parent=ha_noi)


# The place follows from the dossier.


def test_the_form_opened_from_a_dossier_shows_its_province_and_unit(
    client, citizen, hong_bang_ward, le_chan_ward
):
    dossier = _submitted(citizen, hong_bang_ward)
    _login(client, citizen)

    page = client.get(NEW, {"dossier": dossier.pk}).content.decode()

    assert _selected(page, "province") == ["31"]
    assert _selected(page, "unit") == [str(hong_bang_ward.pk)]
    assert '<input type="hidden" name="province" value="31">' in page
    status = re.search(r'<p [^>]*id="place-status"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "UBND phường Hồng Bàng" in status


def test_the_dossier_s_province_wins_over_another_asked_for(
    client, citizen, hong_bang_ward, ha_noi_ward
):
    dossier = _submitted(citizen, hong_bang_ward)
    _login(client, citizen)

    page = client.get(NEW, {"dossier": dossier.pk, "province": 1}).content.decode()

    assert _selected(page, "province") == ["31"]
    assert _selected(page, "unit") == [str(hong_bang_ward.pk)]
    assert "UBND phường Ba Đình" not in page


def test_without_a_dossier_the_province_chosen_gives_the_units(client, citizen, ha_noi_ward):
    _login(client, citizen)

    page = client.get(NEW, {"dossier": "", "province": 1}).content.decode()

    assert _selected(page, "province") == ["1"]
    assert _selected(page, "unit") == []
    assert "UBND phường Ba Đình" in page
    assert re.search(r'<p [^>]*id="place-status"[^>]*></p>', page)


def test_choosing_a_dossier_fetches_its_place_into_the_page(client, citizen, hong_bang_ward):
    """The dossier's list asks the form again for the place (htmx): the unit's
    field, the province's form and the status line come back for it."""
    _submitted(citizen, hong_bang_ward)
    _login(client, citizen)

    page = client.get(NEW).content.decode()

    select = re.search(r'<select [^>]*name="dossier"[^>]*>', page).group(0)
    assert f'hx-get="{NEW}"' in select and 'hx-include="#province"' in select
    assert 'hx-target="#unit-field"' in select and 'hx-select="#unit-field"' in select
    assert 'hx-select-oob="#province-form,#place-status:innerHTML"' in select
    for part in ('id="unit-field"', 'id="province-form"', 'id="place-status"'):
        assert part in page


@pytest.mark.parametrize("posted_province", ["31", "1", ""])
def test_a_posted_unit_or_province_other_than_the_dossier_s_does_not_misroute_it(
    client, citizen, hong_bang_ward, le_chan_ward, ha_noi_ward, posted_province,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    RoutingRuleFactory(position=1, unit=le_chan_ward, target_agency=le_chan_ward)
    RoutingRuleFactory(position=2, unit=hong_bang_ward, target_agency=hong_bang_ward)
    dossier = _submitted(citizen, hong_bang_ward)
    _login(client, citizen)
    unit = {"31": le_chan_ward, "1": ha_noi_ward, "": le_chan_ward}[posted_province]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, {
            "category": "reprovide_data", "dossier": dossier.pk, "province": posted_province,
            "unit": unit.pk, "description": "Cán bộ yêu cầu tôi nộp bản sao giấy khai sinh.",
        })  # fmt: skip

    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.dossier == dossier and complaint.unit == hong_bang_ward
    assert complaint.responsible_agency == hong_bang_ward


def test_the_service_takes_the_dossier_s_unit_over_the_one_reported(
    citizen, hong_bang_ward, le_chan_ward
):
    dossier = _submitted(citizen, hong_bang_ward)
    report = Report(category=ComplaintCategory.REPROVIDE_DATA, unit=le_chan_ward,
                    description="Bị yêu cầu nộp bản sao.", dossier=dossier)  # fmt: skip

    complaint = complaint_file(report=report, reporter=citizen)

    assert complaint.unit == hong_bang_ward


def test_the_api_takes_the_dossier_s_unit_over_the_one_named(citizen, hong_bang_ward, le_chan_ward):
    dossier = _submitted(citizen, hong_bang_ward)
    api = APIClient()
    api.force_authenticate(citizen)

    created = api.post("/api/complaints/", {
        "category": "reprovide_data", "description": "Bị yêu cầu nộp bản sao căn cước.",
        "unit": le_chan_ward.code, "dossier": dossier.code,
    }, format="json")  # fmt: skip

    assert created.status_code == 201 and created.json()["unit"] == hong_bang_ward.code


# The subject of a dossier filed for them may link it.


def test_the_subject_of_a_dossier_filed_for_them_links_it(citizen, hong_bang_ward):
    dossier = _filed_for(citizen, hong_bang_ward)
    report = Report(category=ComplaintCategory.REPROVIDE_DATA,
                    description="Bị yêu cầu nộp bản sao.", dossier=dossier)  # fmt: skip

    complaint = complaint_file(report=report, reporter=citizen)

    assert complaint.dossier == dossier and complaint.unit == hong_bang_ward


def test_the_form_offers_and_preselects_a_dossier_filed_for_the_citizen(
    client, citizen, hong_bang_ward
):
    dossier = _filed_for(citizen, hong_bang_ward)
    _login(client, citizen)

    page = client.get(NEW, {"dossier": dossier.pk}).content.decode()

    assert _selected(page, "dossier") == [str(dossier.pk)]
    assert _selected(page, "unit") == [str(hong_bang_ward.pk)]
    response = client.post(NEW, {"category": "reprovide_data", "dossier": dossier.pk,
                                 "description": "Bị yêu cầu nộp bản sao."})  # fmt: skip
    assert response.status_code == 302
    assert Complaint.objects.get().dossier == dossier


def test_the_api_lets_the_subject_link_it_by_its_code(citizen, hong_bang_ward):
    dossier = _filed_for(citizen, hong_bang_ward)
    api = APIClient()
    api.force_authenticate(citizen)

    created = api.post("/api/complaints/", {
        "category": "reprovide_data", "description": "Bị yêu cầu nộp bản sao căn cước.",
        "dossier": dossier.code,
    }, format="json")  # fmt: skip

    assert created.status_code == 201
    assert Complaint.objects.get().dossier == dossier


def test_a_dossier_neither_filed_by_nor_for_the_citizen_is_refused_and_nothing_filed(
    client, citizen, hong_bang_ward
):
    stranger = CitizenFactory()
    theirs = _submitted(CitizenFactory(), hong_bang_ward, subject=stranger)
    with pytest.raises(ComplaintInvalid) as refused:
        complaint_file(
            report=Report(category=ComplaintCategory.REPROVIDE_DATA, unit=hong_bang_ward,
                          description="Bị yêu cầu nộp bản sao.", dossier=theirs),
            reporter=citizen,
        )  # fmt: skip
    assert refused.value.field == "dossier"
    assert "Không tìm thấy hồ sơ của bạn. Your dossier was not found." in refused.value.message
    _login(client, citizen)
    page = client.get(NEW, {"dossier": theirs.pk}).content.decode()
    assert theirs.code not in page and _selected(page, "dossier") == []
    response = client.post(NEW, {"category": "reprovide_data", "dossier": theirs.pk,
                                 "unit": hong_bang_ward.pk, "province": "31",
                                 "description": "Bị yêu cầu nộp bản sao."})  # fmt: skip
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_a_draft_filed_for_the_citizen_is_not_offered(client, citizen, hong_bang_ward):
    draft = DossierFactory(applicant=CitizenFactory(), agency=hong_bang_ward,
                           subject_personal_id=citizen.personal_id)  # fmt: skip
    _login(client, citizen)

    page = client.get(NEW, {"dossier": draft.pk}).content.decode()

    assert _selected(page, "dossier") == [] and f'value="{draft.pk}"' not in page


def test_the_subject_complains_from_the_dossier_s_page_as_its_applicant_does(
    client, citizen, hong_bang_ward
):
    """The subject's read-only page of a dossier filed for them links to a
    complaint about it, and the form then offers that dossier."""
    dossier = _filed_for(citizen, hong_bang_ward)
    _login(client, citizen)

    page = client.get(reverse("dossiers:track", kwargs={"pk": dossier.pk})).content.decode()
    assert 'data-testid="filed-for-you"' in page and f"{NEW}?dossier={dossier.pk}" in page
    form = client.get(NEW, {"dossier": dossier.pk}).content.decode()
    assert _selected(form, "dossier") == [str(dossier.pk)]
    _login(client, dossier.applicant)
    page = client.get(reverse("dossiers:track", kwargs={"pk": dossier.pk})).content.decode()
    assert f"{NEW}?dossier={dossier.pk}" in page
