"""The queue's search box: a caller's dossier found by its code or the code's
beginning, a personal ID (the subject's or the applicant's) or the applicant's
name, with the other filters, within the official's unit only."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dossiers.models import ActingBasis, Dossier, DossierStatus
from dossiers.queue_search import Search, SearchKind, search_parse
from dossiers.workspace_selectors import QueueFilters, workspace_queue
from portal.accounts.models import User
from tests.accounts.factories import CitizenFactory
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus


def _dossier(unit, code: str, status=S.SUBMITTED, **fields) -> Dossier:
    return DossierFactory(agency=unit, code=code, status=status, submitted_at=timezone.now(),
                          due_date=timezone.localdate() + datetime.timedelta(days=5),
                          **fields)  # fmt: skip


@pytest.fixture
def official_client(client, commune_official):
    client.force_login(commune_official, backend=LOGIN)
    return client


@pytest.fixture
def calls(hong_bang_ward, le_chan_ward):
    """Dossiers of Hồng Bàng, one of a father for his child, and one of Lê Chân."""
    an = CitizenFactory(full_name="Nguyễn Văn An", personal_id="031203004567")
    lan = CitizenFactory(full_name="Đỗ Thị Lan", personal_id="031190001111")
    return {
        "an": _dossier(hong_bang_ward, "11311-261203-5004", applicant=an),
        "an_returned": _dossier(
            hong_bang_ward, "11311-261203-5005", applicant=an, status=S.RESULT_RETURNED
        ),  # fmt: skip
        "for_child": _dossier(
            hong_bang_ward,
            "11311-261204-0001",
            applicant=lan,
            subject_personal_id="031224009999",
            acting_basis=ActingBasis.PARENT,
        ),  # fmt: skip
        "other_unit": _dossier(le_chan_ward, "11383-261203-5004", applicant=an),
    }


def _found(client, **params) -> set[int]:
    response = client.get(reverse("workspace:queue"), params)
    assert response.status_code == 200, response.content[:300]
    return {dossier.pk for dossier, _ in response.context["rows"]}


def test_a_code_read_out_is_found_however_it_is_typed(official_client, calls):
    an = calls["an"].pk
    assert _found(official_client, q="11311-261203-5004") == {an}
    assert _found(official_client, q="  11311 261203 5004 ") == {an}
    assert _found(official_client, q="11311 - 261203 - 5004") == {an}


def test_the_beginning_of_a_code_finds_the_dossiers_it_begins(official_client, calls):
    assert _found(official_client, q="11311-261203", status="all") == {
        calls["an"].pk,
        calls["an_returned"].pk,
    }
    assert _found(official_client, q="11311-2612", status="all") == {
        calls["an"].pk,
        calls["an_returned"].pk,
        calls["for_child"].pk,
    }


def test_a_personal_id_finds_the_applicants_and_the_subjects_dossiers(official_client, calls):
    assert _found(official_client, q="031203004567") == {calls["an"].pk}
    assert _found(official_client, q="031 203 004 567") == {calls["an"].pk}
    # The child's ID finds the dossier its parent submitted; the parent's too.
    assert _found(official_client, q="031224009999") == {calls["for_child"].pk}
    assert _found(official_client, q="031190001111") == {calls["for_child"].pk}


def test_a_name_is_found_with_or_without_its_diacritics_from_the_start_of_a_word(
    official_client, calls
):
    an = calls["an"].pk
    assert _found(official_client, q="Nguyễn Văn An") == {an}
    assert _found(official_client, q="nguyen van an") == {an}
    assert _found(official_client, q="VĂN AN") == {an}
    assert _found(official_client, q="đỗ thị") == {calls["for_child"].pk}
    assert _found(official_client, q="do thi lan") == {calls["for_child"].pk}
    # "an" begins An, not the end of Lan.
    assert _found(official_client, q="an") == {an}


def test_the_search_combines_with_the_status_filter(official_client, calls):
    an, returned = calls["an"].pk, calls["an_returned"].pk
    assert _found(official_client, q="Nguyễn Văn An") == {an}  # still to handle
    assert _found(official_client, q="Nguyễn Văn An", status="all") == {an, returned}
    assert _found(official_client, q="Nguyễn Văn An", status=S.RESULT_RETURNED) == {returned}
    assert _found(official_client, q="11311-261203-5005", status=S.SUBMITTED) == set()


def test_a_search_finding_nothing_still_to_handle_offers_every_status(official_client, calls):
    response = official_client.get(reverse("workspace:queue"), {"q": "11311-261203-5005"})
    assert not response.context["rows"]
    assert 'q=11311-261203-5005&amp;status=all"' in response.content.decode()


def test_another_units_dossier_is_never_found(official_client, calls):
    other = calls["other_unit"]
    assert _found(official_client, q=other.code, status="all") == set()
    assert _found(official_client, q="11383", status="all") == set()
    # An applicant of both units: only this unit's dossiers.
    assert calls["other_unit"].pk not in _found(official_client, q="031203004567", status="all")
    assert calls["other_unit"].pk not in _found(official_client, q="nguyen van an", status="all")


def test_the_search_box_is_in_vietnamese_and_keeps_what_was_typed(official_client, calls):
    page = official_client.get(reverse("workspace:queue"), {"q": "Nguyễn Văn"}).content.decode()
    assert "Tìm theo mã hồ sơ, số định danh hoặc tên người nộp" in page
    assert 'name="q" type="search"' in page and 'value="Nguyễn Văn"' in page
    assert "input changed delay:400ms from:#queue-q" in page


def test_a_search_too_long_is_a_400_said_next_to_the_box_in_both_languages(official_client):
    response = official_client.get(reverse("workspace:queue"), {"q": "x" * 101})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bộ lọc không hợp lệ" in page and "The filters are not valid" in page
    assert 'aria-invalid="true" aria-describedby="queue-q-error"' in page
    assert "Nhập tối đa 100 ký tự" in page and "Type at most 100 characters" in page
    assert not response.context["rows"]


@pytest.mark.parametrize("q", ["11311\x00-26", "An\x00"])
def test_a_search_with_a_nul_is_a_400_said_in_both_languages(official_client, calls, q):
    response = official_client.get(reverse("workspace:queue"), {"q": q})
    assert response.status_code == 400
    page = response.content.decode()
    assert "ký tự không hợp lệ" in page and "not allowed" in page
    assert calls["an"].code not in page


def test_a_refused_search_is_said_in_the_list_htmx_swaps_in(official_client):
    response = official_client.get(reverse("workspace:queue"), {"q": "x" * 101},
                                    HTTP_HX_REQUEST="true",
                                    HTTP_HX_TARGET="queue-results")  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" not in page and 'data-testid="queue-refused"' in page
    assert "Nhập tối đa 100 ký tự" in page and "Type at most 100 characters" in page


def test_the_address_of_a_search_shows_the_whole_queue_so_searched(official_client, calls):
    """The filters push their address (hx-push-url): opened, reloaded or shared,
    it draws the page with the box filled and the list found, and so does htmx
    restoring it on Back (HX-Request, but not aimed at the list)."""
    params = {"q": "nguyen van an", "status": "", "sort": "due"}
    for restore in ({}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}):
        response = official_client.get(reverse("workspace:queue"), params, **restore)
        page = response.content.decode()
        assert response.status_code == 200 and "<html" in page, restore
        assert 'value="nguyen van an"' in page and 'hx-push-url="true"' in page
        assert {d.pk for d, _ in response.context["rows"]} == {calls["an"].pk}
    # The list alone answers the filters' own request, under the same address:
    # the browser keeps the two apart, so Back never shows the list alone.
    part = official_client.get(reverse("workspace:queue"), params, HTTP_HX_REQUEST="true",
                               HTTP_HX_TARGET="queue-results")  # fmt: skip
    assert "<html" not in part.content.decode()
    assert {d.pk for d, _ in part.context["rows"]} == {calls["an"].pk}
    for answer in (response, part):
        varies = {header.strip().lower() for header in answer["Vary"].split(",")}
        assert {"hx-request", "hx-target"} <= varies


@pytest.mark.parametrize(
    "typed, search",
    [
        ("pakn 260924-5001", Search(SearchKind.CODE, "PAKN-260924-5001")),
        ("11311-", Search(SearchKind.CODE, "11311-")),
        ("031.203.004.567", Search(SearchKind.PERSONAL_ID, "031203004567")),
        ("Lê Thị Hoa", Search(SearchKind.NAME, "le thi hoa")),
        ("   ", None),
    ],
)
def test_what_is_typed_is_read_as_a_code_an_id_or_a_name(typed, search):
    assert search_parse(typed) == search


@pytest.mark.parametrize(
    "typed", ["0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678"]
)
def test_a_phone_number_is_read_as_its_digits_however_written(typed):
    assert search_parse(typed, phones=True) == Search(SearchKind.PHONE, "912345678")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
@pytest.mark.parametrize(
    "q, read",
    [
        # The code's pattern index (Django's _like), read as a range from the prefix.
        ("11311-261203-5004", "Index Cond: (((code)::text ~>=~ '11311-261203-5004'::text)"),
        ("11311-2612", "Index Cond: (((code)::text ~>=~ '11311-2612'::text)"),
        ("031203004567", "Bitmap Index Scan on dossier_subject_idx"),
    ],
)
def test_postgresql_finds_a_code_or_a_personal_id_through_an_index(
    commune_official, hong_bang_ward, calls, q, read
):
    """With a few thousand dossiers of the unit, each of its own applicant, the
    page's query (and its count) reads the code's or the subject's index, not
    every dossier of the unit."""
    many = User.objects.bulk_create(
        User(username=f"c{n}", personal_id=f"0320{n:08d}", full_name=f"Công dân {n}")
        for n in range(3000)
    )
    procedure = calls["an"].procedure
    Dossier.objects.bulk_create(
        Dossier(agency=hong_bang_ward, procedure=procedure, applicant=applicant,
                subject_personal_id=applicant.personal_id, status=S.SUBMITTED,
                code=f"11311-2501{n % 28 + 1:02d}-{n:04d}", submitted_at=timezone.now(),
                due_date=timezone.localdate() + datetime.timedelta(days=n % 9))
        for n, applicant in enumerate(many)
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE dossiers_dossier")
    queue = workspace_queue(user=commune_official, filters=QueueFilters(search=search_parse(q)))
    for plan in (queue[:25].explain(), queue.order_by().explain()):
        assert read in plan, plan
