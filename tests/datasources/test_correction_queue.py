"""The database owner's queue of correction requests: what each report says
and who made it, the oldest first a page at a time, narrowed to a source or a
person; the same through the API, each caller reading only the reports theirs to read."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from datasources.models import CorrectionRequest, CorrectionStatus
from datasources.purposes import PurposeKind
from tests.datasources.factories import CorrectionFlagFactory, CorrectionRequestFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
PAGE = "/data/corrections/"


def _request(owner, *, days_ago: int = 0, **fields) -> CorrectionRequest:
    request = CorrectionRequestFactory(owner_agency=owner.agency, **fields)
    opened = timezone.now() - timedelta(days=days_ago)
    CorrectionRequest.objects.filter(pk=request.pk).update(opened_at=opened)
    return request


def _cards(page: str) -> list[str]:
    return [card.split("</section>")[0] for card in page.split('<section class="card')[1:]]


def test_the_owner_reads_what_each_report_says_and_who_made_it(
    client, data_owner, citizen, commune_official
):
    request = _request(data_owner, subject_personal_id=citizen.personal_id)
    CorrectionFlagFactory(request=request, flagged_by=citizen,
                          note="Tôi đã chuyển đến số 14 Hoàng Văn Thụ từ tháng 3")  # fmt: skip
    CorrectionFlagFactory(request=request, flagged_by=commune_official,
                          purpose_type=PurposeKind.COMPLAINT, note="")  # fmt: skip
    client.force_login(data_owner, backend=LOGIN)

    page = client.get(PAGE).content.decode()

    reports = page.split('data-testid="report">')[1:]
    assert len(reports) == 2
    assert "Tôi đã chuyển đến số 14 Hoàng Văn Thụ từ tháng 3" in reports[0]
    assert "Chính người có thông tin" in reports[0] and "Hồ sơ" in reports[0]
    assert "Cán bộ, công chức · UBND phường Hồng Bàng" in reports[1] and "Phản ánh" in reports[1]
    assert "Không có ghi chú." in reports[1]


def test_a_note_is_shown_as_text_never_as_markup(client, data_owner, citizen):
    request = _request(data_owner, subject_personal_id=citizen.personal_id)
    CorrectionFlagFactory(request=request, flagged_by=citizen, note='<img src=x onerror="1">')
    client.force_login(data_owner, backend=LOGIN)

    page = client.get(PAGE).content.decode()

    assert "&lt;img src=x onerror=&quot;1&quot;&gt;" in page and "<img src=x" not in page


def test_a_reporter_does_not_read_the_other_reports(client, data_owner, citizen, commune_official):
    request = _request(data_owner, subject_personal_id=citizen.personal_id)
    CorrectionFlagFactory(request=request, flagged_by=citizen, note="Địa chỉ cũ")
    CorrectionFlagFactory(request=request, flagged_by=commune_official, note="Ghi chú nội bộ")
    client.force_login(citizen, backend=LOGIN)

    page = client.get(PAGE).content.decode()

    assert len(_cards(page)) == 1
    assert "Ghi chú nội bộ" not in page and 'data-testid="report"' not in page
    own = page.split('data-testid="own-report">')[1].split("</p>")[0]
    assert "Ghi chú của bạn" in own and "Địa chỉ cũ" in own


def test_the_oldest_request_comes_first_a_page_at_a_time(client, data_owner):
    requests = [_request(data_owner, days_ago=40 - n) for n in range(27)]
    client.force_login(data_owner, backend=LOGIN)

    first = client.get(PAGE).content.decode()
    second = client.get(PAGE, {"page": 2}).content.decode()

    assert 'data-testid="open-count">27<' in first
    assert len(_cards(first)) == 25 and len(_cards(second)) == 2
    assert f'id="c-{requests[0].pk}"' in _cards(first)[0]
    assert f'id="c-{requests[26].pk}"' in _cards(second)[1]


def test_the_queue_narrows_to_a_person_and_a_source(client, data_owner):
    mine = _request(data_owner, subject_personal_id="031090001234")
    _request(data_owner, subject_personal_id="031090009999")
    _request(data_owner, subject_personal_id="031090001234", source="civil_status",
             field="date_of_birth")  # fmt: skip
    client.force_login(data_owner, backend=LOGIN)

    page = client.get(PAGE, {"subject": "031090001234", "source": "population"})

    cards = _cards(page.content.decode())
    assert page.status_code == 200
    assert len(cards) == 1 and f'id="c-{mine.pk}"' in cards[0]


@pytest.mark.parametrize("subject", ["03109000123", "03109000123x", "0310900012345"])
def test_a_personal_id_not_of_twelve_digits_is_refused_in_both_languages(
    client, data_owner, subject
):
    _request(data_owner)
    client.force_login(data_owner, backend=LOGIN)

    response = client.get(PAGE, {"subject": subject})

    page = response.content.decode()
    assert response.status_code == 400
    assert "phải gồm đúng 12 chữ số" in page and "must be exactly 12 digits" in page
    assert _cards(page) == []


def test_a_decision_taken_on_a_narrowed_queue_comes_back_to_it(client, data_owner):
    request = _request(data_owner, subject_personal_id="031090001234")
    client.force_login(data_owner, backend=LOGIN)

    response = client.post(
        f"/data/corrections/{request.pk}/decide/?subject=031090001234&page=3",
        {"decision": "reject", "note": "Địa chỉ trong CSDL là đúng", "confirmed": "1"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?subject=031090001234"
    assert CorrectionRequest.objects.get().status == CorrectionStatus.REJECTED


def test_the_api_gives_the_owner_every_report_and_a_reporter_their_own(
    data_owner, citizen, commune_official
):
    request = _request(data_owner, subject_personal_id=citizen.personal_id)
    CorrectionFlagFactory(request=request, flagged_by=citizen, note="Địa chỉ cũ")
    CorrectionFlagFactory(request=request, flagged_by=commune_official, note="Đã xác minh")
    api = APIClient()

    api.force_authenticate(data_owner)
    [row] = api.get("/api/datasources/corrections/").json()
    api.force_authenticate(citizen)
    [own] = api.get("/api/datasources/corrections/").json()

    assert row["flag_count"] == 2
    assert [(r["note"], r["by_the_person_concerned"], r["by_role"], r["by_agency"])
            for r in row["reports"]] == [("Địa chỉ cũ", True, "citizen", None),
                                         ("Đã xác minh", False, "official",
                                          "UBND phường Hồng Bàng")]  # fmt: skip
    assert own["flag_count"] == 2 and [r["note"] for r in own["reports"]] == ["Địa chỉ cũ"]


def test_the_api_lists_with_the_same_queries_for_one_request_or_many(data_owner):
    api = APIClient()
    api.force_authenticate(data_owner)

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/datasources/corrections/").status_code == 200
        return len(queries)

    CorrectionFlagFactory(request=_request(data_owner))
    counted()  # the first request of the process fills what is kept (the sources' registry…)
    one = counted()
    for _n in range(5):
        CorrectionFlagFactory(request=_request(data_owner))
    assert counted() == one


def test_the_api_narrows_and_refuses_what_it_does_not_know(data_owner):
    mine = _request(data_owner, subject_personal_id="031090001234")
    _request(data_owner, subject_personal_id="031090009999")
    api = APIClient()
    api.force_authenticate(data_owner)

    narrowed = api.get("/api/datasources/corrections/", {"subject": "031090001234"})
    unknown = api.get("/api/datasources/corrections/", {"status": "lost", "source": "x"})
    short = api.get("/api/datasources/corrections/", {"subject": "0310"})

    assert [row["id"] for row in narrowed.json()] == [mine.pk]
    assert unknown.status_code == 400 and unknown.json()["code"] == "invalid"
    assert set(unknown.json()["fields"]) == {"status", "source"}
    assert short.status_code == 400 and "12 digits" in short.json()["fields"]["subject"][0]


def test_each_report_names_the_case_it_was_made_for(client, data_owner, citizen):
    from tests.dossiers.factories import DossierFactory

    submitted = DossierFactory(applicant=citizen, code="11311-261203-5004")
    draft = DossierFactory(applicant=citizen, code="")
    request = _request(data_owner, subject_personal_id=citizen.personal_id)
    CorrectionFlagFactory(request=request, flagged_by=citizen, purpose_id=str(submitted.pk))
    CorrectionFlagFactory(request=request, flagged_by=citizen, purpose_id=str(draft.pk))
    CorrectionFlagFactory(
        request=request, flagged_by=citizen, purpose_type=PurposeKind.COMPLAINT,
        purpose_id="PAKN-260924-5001",
    )  # fmt: skip
    client.force_login(data_owner, backend=LOGIN)

    reports = client.get(PAGE).content.decode().split('data-testid="report">')[1:]

    assert "Hồ sơ 11311-261203-5004" in reports[0]
    # A draft by its procedure and the day it was started, not its row number.
    day = timezone.localtime(draft.created_at).strftime("%d/%m/%Y")
    assert f"Hồ sơ 1.001193 (bản nháp ngày {day})" in reports[1]
    assert f"#{draft.pk}" not in reports[1]
    assert "Phản ánh, kiến nghị PAKN-260924-5001" in reports[2]


def test_the_owner_page_reads_the_same_queries_for_one_request_or_many(client, data_owner):
    from tests.dossiers.factories import DossierFactory

    client.force_login(data_owner, backend=LOGIN)

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        return len(queries)

    def reported() -> None:
        CorrectionFlagFactory(request=_request(data_owner),
                              purpose_id=str(DossierFactory().pk))  # fmt: skip

    reported()
    counted()
    one = counted()
    for _n in range(4):
        reported()
    assert counted() == one


def test_the_owner_chooses_only_among_its_own_databases(client, data_owner):
    client.force_login(data_owner, backend=LOGIN)

    page = client.get(PAGE).content.decode()
    choices = page.split('name="source"')[1].split("</select>")[0]

    assert 'value="population"' in choices and 'value="vneid_documents"' in choices
    assert 'value="insurance"' not in choices and 'value="land"' not in choices
    refused = client.get(PAGE, {"source": "insurance"})
    assert refused.status_code == 400
    assert "Choose a data source from the list." in refused.content.decode()


def test_the_api_gives_each_report_s_proposed_value_and_the_latest_as_the_queue_does(
    client, data_owner, citizen, commune_official
):
    request = _request(
        data_owner, subject_personal_id=citizen.personal_id, proposed_value="Số 13 Hoàng Văn Thụ"
    )  # the first, kept by the request
    CorrectionFlagFactory(request=request, flagged_by=citizen, proposed_value="Số 13 Hoàng Văn Thụ")
    CorrectionFlagFactory(
        request=request,
        flagged_by=commune_official,
        proposed_value={"so_nha": "14", "duong": "Hoàng Văn Thụ"},
    )
    CorrectionFlagFactory(request=request, flagged_by=citizen, note="Không khớp")  # gives none
    api = APIClient()

    api.force_authenticate(data_owner)
    [row] = api.get("/api/datasources/corrections/").json()
    api.force_authenticate(citizen)
    [own] = api.get("/api/datasources/corrections/").json()
    client.force_login(data_owner, backend=LOGIN)
    [in_queue] = client.get(PAGE).context["open_requests"]

    latest = {"so_nha": "14", "duong": "Hoàng Văn Thụ"}
    assert row["proposed_value"] == own["proposed_value"] == latest
    # Offered as JSON to edit; PostgreSQL's jsonb keeps the keys in its own order.
    assert json.loads(in_queue.decision_value) == latest
    assert [r["proposed_value"] for r in row["reports"]] == ["Số 13 Hoàng Văn Thụ", latest, None]
    assert [r["proposed_value"] for r in own["reports"]] == ["Số 13 Hoàng Văn Thụ", None]


def test_a_request_whose_reports_gave_no_value_of_their_own_keeps_its_proposed_value(
    data_owner, citizen
):
    request = _request(data_owner, proposed_value="Số 13 Hoàng Văn Thụ")  # reported before
    CorrectionFlagFactory(request=request, flagged_by=citizen)  # reports kept their own value
    api = APIClient()
    api.force_authenticate(data_owner)

    [row] = api.get("/api/datasources/corrections/").json()

    assert row["proposed_value"] == "Số 13 Hoàng Văn Thụ"
    assert [r["proposed_value"] for r in row["reports"]] == [None]


def test_an_accept_through_the_api_without_a_value_records_the_latest_proposed_one(
    gateway_live, data_owner, citizen, commune_official
):
    request = _request(data_owner, subject_personal_id=citizen.personal_id,
                       proposed_value="Số 13 Hoàng Văn Thụ")  # fmt: skip
    CorrectionFlagFactory(request=request, flagged_by=citizen, proposed_value="Số 13 Hoàng Văn Thụ")
    CorrectionFlagFactory(request=request, flagged_by=commune_official, proposed_value="Số 14")
    bare = _request(data_owner, field="full_name")
    CorrectionFlagFactory(request=bare, flagged_by=citizen)
    api = APIClient()
    api.force_authenticate(data_owner)

    decided = api.post(f"/api/datasources/corrections/{request.pk}/decision/",
                       {"decision": "accept"}, format="json")  # fmt: skip
    refused = api.post(f"/api/datasources/corrections/{bare.pk}/decision/",
                       {"decision": "accept"}, format="json")  # fmt: skip

    assert decided.status_code == 200 and decided.json()["corrected_value"] == "Số 14"
    assert refused.status_code == 400 and "corrected_value" in refused.json()["fields"]
    bare.refresh_from_db()
    assert bare.status == CorrectionStatus.OPEN and bare.corrected_value is None
