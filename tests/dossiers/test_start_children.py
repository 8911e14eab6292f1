"""A parent starting a dossier for a child does not have to know the child's
ID number: the portal offers the children of the parent's household, as the
National Population Database records them, read (and logged) only when the
parent asks for a child's procedure without typing a number."""

from __future__ import annotations

import pytest

from dossiers.models import ActingBasis, Dossier
from portal.audit.models import AccessLog
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
AN = "031090001234"
KHANG = "031218000321"
THU = "031192004321"  # An's wife: in the household, not his child


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


@pytest.fixture
def procedure(db):
    return ProcedureFactory(code="1.004222", agency_kinds=["commune_committee"])


def _start(client, procedure, unit, **data):
    return client.post(f"/dossiers/start/{procedure.code}/",
                       {"province": "31", "agency": unit.pk, **data})  # fmt: skip


def _household_reads() -> int:
    return AccessLog.objects.filter(subject_personal_id=AN, source="population").count()


def test_a_parent_who_types_no_number_is_offered_their_children(
    gateway_live, signed_in, procedure, hong_bang_ward
):
    response = _start(signed_in, procedure, hong_bang_ward, acting_basis=ActingBasis.PARENT)

    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="my-children"' in page
    assert f'name="child" id="child-{KHANG}" value="{KHANG}"' in page
    assert "Nguyễn Minh Khang" in page and THU not in page  # children only
    assert "Chọn con của bạn trong danh sách hộ gia đình" in page
    assert "Trẻ mới sinh chưa đăng ký khai sinh" in page  # the birth itself: as oneself
    assert not Dossier.objects.exists()
    log = AccessLog.objects.get(subject_personal_id=AN, source="population")
    assert log.purpose_label == "Xác minh quyền làm thủ tục thay cho con"
    assert log.fields == ["household_members"]


def test_choosing_the_child_starts_the_dossier_for_them(
    gateway_live, signed_in, procedure, hong_bang_ward
):
    response = _start(signed_in, procedure, hong_bang_ward, acting_basis=ActingBasis.PARENT,
                      child=KHANG)  # fmt: skip

    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.subject_personal_id, dossier.acting_basis) == (KHANG, ActingBasis.PARENT)


def test_someone_else_posted_as_the_child_is_still_refused(
    gateway_live, signed_in, procedure, hong_bang_ward
):
    response = _start(signed_in, procedure, hong_bang_ward, acting_basis=ActingBasis.PARENT,
                      child=THU)  # fmt: skip

    assert response.status_code == 400
    assert "không phải là con trong hộ của bạn" in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_household_is_read_only_when_the_parent_asks(
    gateway_live, signed_in, procedure, hong_bang_ward
):
    page = signed_in.get(f"/dossiers/start/{procedure.code}/?province=31").content.decode()
    _start(signed_in, procedure, hong_bang_ward, acting_basis=ActingBasis.SELF)

    assert 'data-testid="my-children"' not in page
    assert _household_reads() == 0


def test_an_unreadable_population_database_says_to_type_the_number(
    signed_in, procedure, hong_bang_ward, settings
):
    settings.GATEWAY_URL = "http://127.0.0.1:9/gateway"  # nobody listens there
    settings.GATEWAY_RETRIES = 0

    response = _start(signed_in, procedure, hong_bang_ward, acting_basis=ActingBasis.PARENT)

    assert response.status_code == 400
    assert "không đọc được CSDL quốc gia về dân cư" in response.content.decode()
