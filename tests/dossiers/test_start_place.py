"""Starting a dossier, the citizen finds the province, and the unit if it
carries out this procedure, of their last submitted dossier already chosen,
read from their own dossiers only (no source is read, nothing logged); they may
choose another; nothing is chosen for a first dossier, nor from anyone else's."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from dossiers.models import DossierStatus
from portal.accounts.models import AgencyKind
from portal.audit.models import AccessLog
from tests.accounts.factories import AgencyFactory, CitizenFactory, ProvinceFactory, WardFactory
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import ElectronicReplacementFactory, ProcedureFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
SELECTED = re.compile(r'<option value="([^"]*)" selected>')


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


@pytest.fixture
def procedure(db):
    return ProcedureFactory(code="1.004222", agency_kinds=["commune_committee"])


@pytest.fixture
def ha_noi(db):
    return ProvinceFactory(code="01", name="UBND thành phố Hà Nội", province_code=1)


@pytest.fixture
def ba_dinh(ha_noi):
    return WardFactory(code="00004", name="UBND phường Ba Đình", parent=ha_noi, ward_code=4)


def _filed(applicant, unit, days_ago: int, **fields):
    """A dossier the applicant submitted at `unit` that many days ago."""
    return DossierFactory(applicant=applicant, agency=unit, status=DossierStatus.SUBMITTED,
                          submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
                          **fields)  # fmt: skip


def _start_page(client, procedure, **query) -> str:
    response = client.get(f"/dossiers/start/{procedure.code}/", query)
    assert response.status_code == 200
    return response.content.decode()


def _chosen(page: str, select_marker: str) -> str | None:
    """The value chosen in the select named by `select_marker`, if the page has it."""
    if select_marker not in page:
        return None
    select = page.split(select_marker, 1)[1].split("</select>", 1)[0]
    found = SELECTED.search(select)
    return found.group(1) if found else None


def _chosen_province(page: str) -> str | None:
    return _chosen(page, 'id="province"')


def _chosen_unit(page: str) -> str | None:
    return _chosen(page, 'name="agency"')


def test_the_province_and_unit_of_the_last_dossier_are_chosen(
    signed_in, citizen, procedure, hong_bang_ward, le_chan_ward, ba_dinh
):
    _filed(citizen, ba_dinh, days_ago=30)
    _filed(citizen, le_chan_ward, days_ago=9)
    _filed(citizen, hong_bang_ward, days_ago=2)  # the last one
    DossierFactory(applicant=citizen, agency=ba_dinh)  # a draft, never submitted
    reads = AccessLog.objects.count()

    page = _start_page(signed_in, procedure)

    assert _chosen_province(page) == "31"
    assert _chosen_unit(page) == str(hong_bang_ward.pk)
    assert '<input type="hidden" name="province" value="31">' in page  # Start sends it
    assert 'data-testid="from-last-dossier"' in page
    assert 'aria-describedby="province-help"' in page
    assert "Đã chọn sẵn theo hồ sơ gần nhất của bạn" in page
    assert AccessLog.objects.count() == reads  # no source read for it


def test_the_citizen_chooses_another_province_or_none(
    signed_in, citizen, procedure, hong_bang_ward, ba_dinh
):
    _filed(citizen, hong_bang_ward, days_ago=2)

    page = _start_page(signed_in, procedure, province="1")
    assert _chosen_province(page) == "1"
    assert _chosen_unit(page) is None  # Ba Đình offered, none chosen
    assert f'<option value="{ba_dinh.pk}" >' in page
    assert 'data-testid="from-last-dossier"' not in page

    page = _start_page(signed_in, procedure, province="")  # "Choose…" chosen
    assert _chosen_province(page) is None
    assert 'name="agency"' not in page


def test_a_dossier_started_from_the_chosen_place_goes_to_that_unit(
    signed_in, citizen, procedure, hong_bang_ward, gateway_live
):
    _filed(citizen, hong_bang_ward, days_ago=2)
    page = _start_page(signed_in, procedure)
    assert _chosen_unit(page) == str(hong_bang_ward.pk)

    started = signed_in.post(f"/dossiers/start/{procedure.code}/",
                             {"province": "31", "agency": str(hong_bang_ward.pk),
                              "acting_basis": "self"})  # fmt: skip

    assert started.status_code == 302
    assert citizen.dossiers.get(status=DossierStatus.DRAFT, procedure=procedure).agency == (
        hong_bang_ward
    )


def test_nothing_is_chosen_for_a_first_dossier(signed_in, procedure, hong_bang_ward):
    page = _start_page(signed_in, procedure)

    assert _chosen_province(page) is None
    assert 'name="agency"' not in page  # the units show once a province is chosen
    assert 'data-testid="from-last-dossier"' not in page


def test_a_unit_that_does_not_carry_out_this_procedure_is_not_chosen(
    signed_in, citizen, procedure, hai_phong, hong_bang_ward
):
    justice = AgencyFactory(code="31.STP", name="Sở Tư pháp Hải Phòng", parent=hai_phong,
                            kind=AgencyKind.PROVINCIAL_DEPARTMENT, province_code=31)  # fmt: skip
    other = ProcedureFactory(code="2.000908", agency_kinds=["provincial_department"])
    _filed(citizen, justice, days_ago=1, procedure=other)

    page = _start_page(signed_in, procedure)

    assert _chosen_province(page) == "31"  # the province still
    assert _chosen_unit(page) is None
    assert f'value="{justice.pk}"' not in page and f'value="{hong_bang_ward.pk}"' in page


def test_another_citizens_dossiers_never_choose_anything(
    signed_in, citizen, procedure, hong_bang_ward, ba_dinh
):
    neighbour = CitizenFactory(personal_id="031190007777")
    _filed(neighbour, hong_bang_ward, days_ago=1, subject_personal_id=citizen.personal_id)

    page = _start_page(signed_in, procedure)
    assert _chosen_province(page) is None and 'name="agency"' not in page

    _filed(citizen, ba_dinh, days_ago=40)
    _filed(neighbour, hong_bang_ward, days_ago=0)

    page = _start_page(signed_in, procedure)
    assert _chosen_province(page) == "1"
    assert _chosen_unit(page) == str(ba_dinh.pk)


def test_a_business_procedure_chooses_nothing_so_the_register_is_read_only_when_asked(
    signed_in, citizen, hong_bang_ward
):
    business = ProcedureFactory(code="1.001570", agency_kinds=["commune_committee"])
    ElectronicReplacementFactory(component__procedure=business,
                                 document_type="business_registration_certificate")  # fmt: skip
    _filed(citizen, hong_bang_ward, days_ago=2)

    page = _start_page(signed_in, business)

    assert _chosen_province(page) is None and 'name="agency"' not in page
    assert not AccessLog.objects.filter(source="business_registration").exists()
