"""A citizen reads every access to their data (like Estonia's Data Tracker)."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from portal.audit.services import access_log_record

pytestmark = pytest.mark.django_db

BACKEND = "portal.accounts.backends.VNeIDSessionBackend"


@pytest.fixture
def accesses(citizen, commune_official):
    mine = [
        access_log_record(
            actor=commune_official,
            subject_personal_id=citizen.personal_id,
            source="population",
            fields=["full_name", "permanent_address"],
            purpose_type="dossier",
            purpose_id="7",
            purpose_label="Hồ sơ 1.001193 #7",
            outcome="ok",
        ),
        access_log_record(
            actor=citizen,
            subject_personal_id=citizen.personal_id,
            source="civil_status",
            fields=["birth_registration"],
            purpose_type="dossier",
            purpose_id="7",
            outcome="not_found",
        ),
    ]
    access_log_record(
        actor=commune_official,
        subject_personal_id="001185004567",
        source="population",
        fields=["full_name"],
        purpose_type="dossier",
        purpose_id="8",
        outcome="ok",
    )  # someone else's data
    return mine


def test_the_page_lists_every_access_to_my_data_and_nothing_else(client, citizen, accesses):
    client.force_login(citizen, backend=BACKEND)

    html = client.get("/data/my-data-access/").content.decode()

    assert "UBND phường Hồng Bàng" in html
    assert "Hồ sơ 1.001193 #7" in html
    assert "CSDL quốc gia về dân cư" in html and "CSDL hộ tịch điện tử" in html
    assert "001185004567" not in html
    assert html.count('<tr data-testid="access">') == 2  # my two accesses


def test_the_filters_look_like_the_portal_s_and_each_access_is_a_card_on_a_phone(
    client, citizen, accesses
):
    import re

    client.force_login(citizen, backend=BACKEND)

    html = client.get("/data/my-data-access/").content.decode()

    assert re.search(r'<select name="source" class="form-select"', html)
    assert re.search(r'<select name="purpose_type" class="form-select"', html)
    assert re.search(r'<input type="date" name="date_from" class="form-control"', html)
    table = re.search(r'<table class="([^"]*)" data-testid="access-log">(.*?)</table>', html, re.S)
    assert "table-stack" in table.group(1)
    columns = re.findall(r'<th scope="col">(.*?)</th>', table.group(2))
    # Below md each cell names its column, for sight only: screen readers read the headers.
    row = re.search(r'<tr data-testid="access">(.*?)</tr>', table.group(2), re.S).group(1)
    labels = re.findall(r'<span class="d-block d-md-none[^"]*" aria-hidden="true">(.*?)</span>',
                        row)  # fmt: skip
    assert len(columns) == 6 and labels == columns


def test_the_data_read_and_their_source_are_named_not_coded(client, citizen, accesses):
    """On the page of accesses and on my page, in either language: never
    `full_name` or `population`."""
    client.force_login(citizen, backend=BACKEND)

    html = client.get("/data/my-data-access/").content.decode()
    assert "Họ, chữ đệm và tên, Nơi thường trú" in html and "Đăng ký khai sinh" in html
    assert "full_name" not in html and "birth_registration" not in html
    home = client.get("/accounts/home/").content.decode()
    assert "<td>CSDL quốc gia về dân cư</td>" in home and "<td>population</td>" not in home

    client.cookies["django_language"] = "en"
    html = client.get("/data/my-data-access/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Full name, Permanent residence" in html and "full_name" not in html


def test_the_page_filters_by_source(client, citizen, accesses):
    client.force_login(citizen, backend=BACKEND)

    html = client.get("/data/my-data-access/", {"source": "civil_status"}).content.decode()

    assert html.count('<tr data-testid="access">') == 1


def test_a_bad_filter_is_a_400_with_the_reason(client, citizen, accesses):
    client.force_login(citizen, backend=BACKEND)

    response = client.get(
        "/data/my-data-access/", {"date_from": "2026-11-20", "date_to": "2026-11-01"}
    )

    assert response.status_code == 400
    assert "Ngày bắt đầu phải trước ngày kết thúc" in response.content.decode()


def test_the_page_is_for_logged_in_people_only(client):
    assert client.get("/data/my-data-access/").status_code == 302


def test_the_api_returns_my_accesses_newest_first(citizen, accesses):
    api = APIClient()
    api.force_authenticate(citizen)

    body = api.get("/api/datasources/access-log/").json()

    assert body["count"] == 2
    assert [row["source"] for row in body["results"]] == ["civil_status", "population"]
    assert body["results"][1]["agency"] == "UBND phường Hồng Bàng"


def test_the_registry_is_public_in_the_api(client):
    sources = client.get("/api/datasources/sources/").json()

    assert {s["code"] for s in sources} >= {
        "population",
        "civil_status",
        "vneid_documents",
        "business_registration",
        "land",
    }
    population = next(s for s in sources if s["code"] == "population")
    assert population["owner_agency_code"] == "BCA.C06"
    assert {
        "name": "full_name",
        "type": "string",
        "label_vi": "Họ, chữ đệm và tên",
        "label_en": "Full name",
    } in population["fields"]


def test_the_list_page_runs_a_bounded_number_of_queries(
    client, citizen, commune_official, django_assert_max_num_queries
):
    for n in range(40):
        access_log_record(
            actor=commune_official,
            subject_personal_id=citizen.personal_id,
            source="population",
            fields=["full_name"],
            purpose_type="dossier",
            purpose_id=str(n),
            outcome="ok",
        )
    client.force_login(citizen, backend=BACKEND)

    with django_assert_max_num_queries(8):
        assert client.get("/data/my-data-access/").status_code == 200


def test_the_data_access_api_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/").content.decode()

    for path in (
        "/api/datasources/sources/",
        "/api/datasources/access-log/",
        "/api/datasources/corrections/",
        "/api/datasources/corrections/{id}/decision/",
    ):
        assert path in schema


def test_a_dossier_read_as_a_draft_is_named_by_the_code_it_has_now(client, citizen):
    from tests.dossiers.factories import DossierFactory
    from tests.procedures.factories import ProcedureFactory

    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú")
    submitted = DossierFactory(applicant=citizen, procedure=procedure, code="11311-261207-0002")
    draft = DossierFactory(applicant=citizen, procedure=procedure, code=None)
    for dossier in (submitted, draft):
        access_log_record(
            actor=citizen, subject_personal_id=citizen.personal_id, source="population",
            fields=["permanent_address"], purpose_type="dossier", purpose_id=str(dossier.pk),
            purpose_label=f"Hồ sơ 1.004222 #{dossier.pk}: Đăng ký thường trú", outcome="ok",
        )  # fmt: skip
    client.force_login(citizen, backend=BACKEND)

    pages = [
        client.get(url).content.decode() for url in ("/data/my-data-access/", "/accounts/home/")
    ]

    for html in pages:
        assert "Hồ sơ 11311-261207-0002: Đăng ký thường trú" in html
        assert f"Hồ sơ 1.004222 #{submitted.pk}" not in html
        # Still a draft: named by its procedure and the day it was started.
        day = timezone.localtime(draft.created_at).strftime("%d/%m/%Y")
        assert f"Hồ sơ 1.004222 (bản nháp ngày {day}): Đăng ký thường trú" in html
        assert f"#{draft.pk}" not in html
    client.cookies["django_language"] = "en"
    english = client.get("/data/my-data-access/").content.decode()
    assert "Dossier 11311-261207-0002: Đăng ký thường trú" in english
