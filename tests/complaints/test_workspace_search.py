"""The handlers' queue: a caller's complaint found by its code, their phone
number, name or personal ID, concluded ones too when asked, within the
agencies the handler sees."""

from __future__ import annotations

import pytest
from django.urls import reverse

from complaints.models import ComplaintStatus
from tests.accounts.factories import CitizenFactory, OfficialFactory
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

C = ComplaintStatus


@pytest.fixture
def handler(client, hong_bang_ward):
    official = OfficialFactory(agency=hong_bang_ward, full_name="Trần Thị Hoa")
    client.force_login(official, backend="portal.accounts.backends.VNeIDSessionBackend")
    return official


def _complaint(unit, code: str, status=C.ROUTED, **fields):
    return ComplaintFactory(code=code, unit=unit, responsible_agency=unit, status=status,
                            routing_due=False, **fields)  # fmt: skip


@pytest.fixture
def calls(hong_bang_ward, le_chan_ward):
    hung = CitizenFactory(full_name="Phạm Văn Hùng", personal_id="031199007777")
    return {
        "caller": _complaint(hong_bang_ward, "PAKN-260924-5001", reporter=None,
                             reporter_name="Nguyễn Thị Mai", reporter_phone="0912 345 678"),
        "account": _complaint(hong_bang_ward, "PAKN-260924-5002", reporter=hung),
        "concluded": _complaint(hong_bang_ward, "PAKN-260801-0001", status=C.CONCLUDED,
                                reporter=None, reporter_name="Nguyễn Thị Mai",
                                reporter_phone="+84 912.345.678"),
        "elsewhere": _complaint(le_chan_ward, "PAKN-260924-5003", reporter=None,
                                reporter_name="Nguyễn Thị Mai", reporter_phone="0912345678"),
    }  # fmt: skip


def _found(client, **params) -> set[str]:
    response = client.get(reverse("complaint-workspace:queue"), params)
    assert response.status_code == 200, response.content[:300]
    return {complaint.code for complaint in response.context["page"]}


def test_a_code_is_found_whole_or_by_its_beginning_however_typed(client, handler, calls):
    assert _found(client, q="PAKN-260924-5001") == {"PAKN-260924-5001"}
    assert _found(client, q=" pakn 260924 5001") == {"PAKN-260924-5001"}
    assert _found(client, q="PAKN-260924") == {"PAKN-260924-5001", "PAKN-260924-5002"}


def test_a_reporter_is_found_by_phone_name_or_personal_id(client, handler, calls):
    assert _found(client, q="0912345678", status="all") == {"PAKN-260924-5001", "PAKN-260801-0001"}
    assert _found(client, q="+84 912 345 678") == {"PAKN-260924-5001"}
    assert _found(client, q="nguyen thi mai") == {"PAKN-260924-5001"}
    assert _found(client, q="Phạm Văn Hùng") == {"PAKN-260924-5002"}  # their account's name
    assert _found(client, q="031199007777") == {"PAKN-260924-5002"}


def test_concluded_complaints_are_listed_when_asked(client, handler, calls):
    assert "PAKN-260801-0001" not in _found(client)
    assert _found(client, status=C.CONCLUDED) == {"PAKN-260801-0001"}
    assert _found(client, status="all") == {
        "PAKN-260924-5001",
        "PAKN-260924-5002",
        "PAKN-260801-0001",
    }
    page = client.get(reverse("complaint-workspace:queue")).content.decode()
    assert "Tất cả trạng thái, cả phản ánh đã kết thúc" in page
    assert "Tìm theo mã phản ánh, tên hoặc số điện thoại người phản ánh" in page


def test_the_search_combines_with_the_status(client, handler, calls):
    assert _found(client, q="Nguyễn Thị Mai", status=C.CONCLUDED) == {"PAKN-260801-0001"}
    assert _found(client, q="PAKN-260801", status=C.ROUTED) == set()


def test_another_agencys_complaint_is_never_found(client, handler, calls):
    assert _found(client, q="PAKN-260924-5003", status="all") == set()
    assert "PAKN-260924-5003" not in _found(client, q="0912345678", status="all")
    assert "PAKN-260924-5003" not in _found(client, q="nguyen thi mai", status="all")


@pytest.mark.parametrize("params", [{"q": "x" * 101}, {"status": "closed-ish"}])
def test_bad_filters_are_a_400_said_in_both_languages(client, handler, calls, params):
    response = client.get(reverse("complaint-workspace:queue"), params)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bộ lọc không hợp lệ" in page and "The filters are not valid" in page
    assert not list(response.context["page"])
    if "q" in params:
        assert 'aria-invalid="true" aria-describedby="complaint-q-error"' in page
