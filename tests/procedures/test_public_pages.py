"""The public catalog and the published lists, read without logging in: what
each component asks of the applicant, only published lists, open data with
stable columns, a printable poster, and query counts that do not grow."""

import csv
import io
import json

import pytest
from django.conf import settings

from procedures.indexing import search_documents_refresh
from procedures.models import ComponentRequirement, Procedure, ReplacementListStatus
from procedures.open_data import COLUMNS
from tests.accounts.factories import WardFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    ProcedureFactory,
    PublishedReplacementListFactory,
    published_list_with_entries,
)
from tests.procedures.publication_steps import (
    approved_list,
    next_version_published_without,
    published_list,
    submitted_list,
)

pytestmark = pytest.mark.django_db

LISTS = "/procedures/replacement-lists/"


@pytest.fixture
def english(client, settings):
    """Pages in English: the assertions hold whatever the Vietnamese catalog says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def searchable(catalog):
    search_documents_refresh(procedures=Procedure.objects.all())
    return catalog


def _html(response) -> str:
    return response.content.decode()


# The catalog


def test_the_catalog_finds_a_procedure_typed_without_diacritics(client, searchable):
    response = client.get("/procedures/", {"q": "dang ky khai sinh"})

    html = _html(response)
    assert response.status_code == 200
    assert "Đăng ký khai sinh" in html and 'href="/procedures/1.001193/"' in html
    assert "Đăng ký thường trú" not in html


def test_the_catalog_filters_by_level_and_agency(client, searchable, hong_bang_ward):
    by_level = _html(client.get("/procedures/", {"level": "province"}))
    by_agency = _html(client.get("/procedures/", {"agency": hong_bang_ward.code}))

    assert "Cấp giấy phép xây dựng" in by_level and "Đăng ký khai sinh" not in by_level
    assert "Đăng ký khai sinh" in by_agency and "Cấp giấy phép xây dựng" not in by_agency


def test_an_unknown_filter_is_a_400_with_the_reason_next_to_it(english, searchable):
    response = english.get("/procedures/", {"sector": "nope", "agency": "00000"})

    assert response.status_code == 400
    assert "There is no such agency." in _html(response)
    assert "is-invalid" in _html(response)


def test_a_live_search_answers_with_the_results_only(client, searchable):
    response = client.get(
        "/procedures/", {"q": "khai sihn"},
        headers={"HX-Request": "true", "HX-Target": "catalog-results"},
    )  # fmt: skip

    html = _html(response)
    assert "<html" not in html and 'data-testid="catalog-results"' in html
    assert "Đăng ký khai sinh" in html and 'data-testid="approximate"' in html


def test_the_page_and_its_live_list_share_an_address_but_not_a_cached_answer(client, searchable):
    """The filters push the list's address; the answers vary on htmx's headers,
    so Back to that address is never the list alone the browser kept."""
    live = {"HX-Request": "true", "HX-Target": "catalog-results"}
    for headers in ({}, live):
        response = client.get("/procedures/", {"q": "khai sinh"}, headers=headers)
        varies = {header.strip().lower() for header in response["Vary"].split(",")}
        assert {"hx-request", "hx-target"} <= varies, headers


def test_the_catalog_reads_a_bounded_number_of_times(
    client, searchable, hong_bang_ward, django_assert_max_num_queries
):
    for n in range(40):
        ProcedureFactory(code=f"2.{n:06d}", name=f"Đăng ký thử nghiệm {n}")
    search_documents_refresh(procedures=Procedure.objects.all())
    published_list_with_entries(agency=hong_bang_ward, entries=3)

    filters = {"q": "dang ky", "sector": "ho-tich", "level": "commune",
               "agency": hong_bang_ward.code}  # fmt: skip
    with django_assert_max_num_queries(6):
        response = client.get("/procedures/", filters)

    assert response.status_code == 200 and 'data-testid="result-count"' in _html(response)


def test_the_navigation_leads_to_the_catalog(client):
    assert 'href="/procedures/"' in _html(client.get("/"))


# A procedure


def test_a_replaced_component_says_where_the_data_comes_from_and_not_to_submit_it(english, catalog):
    html = _html(english.get("/procedures/1.001193/"))

    assert (
        "Replaced by data from National Population Database — you do not need to submit it" in html
    )
    assert "Replaced by data from Civil Status Database" in html
    assert "Residence information confirmation" in html  # the document type
    assert "Permanent residence" in html  # the field the data brings
    assert "2 of 2 dossier components are replaced by electronic data" in html


def test_a_procedure_lists_the_ways_its_result_can_be_received(client, settings, catalog):
    birth = Procedure.objects.get(code="1.001193")
    birth.result_deliveries = ["post", "counter"]  # stored in any order
    birth.save(update_fields=["result_deliveries"])

    vietnamese = _html(client.get("/procedures/1.001193/"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    in_english = _html(client.get("/procedures/1.001193/"))

    assert "Hình thức nhận kết quả" in vietnamese
    assert "Tại Bộ phận Một cửa" in vietnamese and "Qua dịch vụ bưu chính đến địa chỉ" in vietnamese
    assert "Trực tuyến, vào kho giấy tờ" not in vietnamese  # not offered
    assert "How to receive the result" in in_english
    ways = in_english.split('data-testid="result-deliveries"')[1].split("</ul>")[0]
    assert ways.index("At the one-stop desk") < ways.index("By post to an address")
    assert "Online, in the citizen" not in ways


def test_a_procedure_offering_no_way_shows_none(english, catalog):
    Procedure.objects.filter(code="1.001193").update(result_deliveries=[])

    html = _html(english.get("/procedures/1.001193/"))

    assert 'data-testid="result-deliveries"' not in html


def test_a_component_to_submit_says_how_many_papers_and_when(english, catalog):
    DossierComponentFactory(
        procedure=catalog.stay, name="Văn bản đồng ý cho đăng ký thường trú", originals=1,
        copies=2, requirement=ComponentRequirement.CONDITIONAL,
        condition="Khi đăng ký thường trú vào chỗ ở hợp pháp không thuộc quyền sở hữu của mình",
    )  # fmt: skip

    html = _html(english.get("/procedures/1.004194/"))

    components = html.split('data-testid="component"')[1:]
    [consent] = [part for part in components if "Văn bản đồng ý" in part]
    # Conditional: said so, with its case, never "to be submitted" as if always needed.
    assert 'data-replaced="false"' in consent and "To be submitted" not in consent
    assert 'data-testid="conditional"' in consent and 'data-testid="to-submit"' not in consent
    assert "Only when it applies to you:</span> Khi đăng ký thường trú" in consent
    assert "1 original, 2 copies" in consent
    # Adopted for a later date: still brought until then, and the page says from when.
    [identity] = [part for part in components if "Giấy tờ chứng minh nhân thân" in part]
    assert "To be submitted" in identity and "data from National Population Database" in identity
    assert "replaces it" in identity


def test_an_authorisation_letter_is_shown_as_needed_only_when_someone_acts_for_another(
    client, catalog
):
    DossierComponentFactory(
        procedure=catalog.birth, name="Văn bản ủy quyền theo quy định của pháp luật",
        requirement=ComponentRequirement.CONDITIONAL,
        condition="Khi ủy quyền cho người khác thực hiện thủ tục",
    )  # fmt: skip

    html = _html(client.get("/procedures/1.001193/"))

    [letter] = [part for part in html.split('data-testid="component"')[1:] if "ủy quyền" in part]
    assert "Cần nộp" not in letter
    assert ("Chỉ nộp nếu thuộc trường hợp:</span> Khi ủy quyền cho người khác thực hiện thủ tục"
            in letter)  # fmt: skip


def test_the_procedure_page_gives_time_fees_level_and_result(english, catalog):
    catalog.birth.processing_days, catalog.birth.fee_vnd = 5, 50000
    catalog.birth.legal_basis = "Luật Hộ tịch 2014"
    catalog.birth.save()

    html = _html(english.get("/procedures/1.001193/"))

    assert "5 working days" in html and "50.000 ₫" in html
    assert 'data-testid="online-fee"' not in html  # no online rate: the one fee

    catalog.birth.fee_online_vnd = 25000
    catalog.birth.save()
    html = _html(english.get("/procedures/1.001193/"))
    assert "25.000 ₫ when submitted online" in html
    assert "Luật Hộ tịch 2014" in html and "Trích lục" in html
    assert "Full online public service" in html
    assert 'href="/dossiers/start/1.001193/"' in html


def test_the_procedure_page_names_the_bodies_that_carry_it_out(client, english, catalog):
    catalog.birth.agency_kinds = ["commune_committee", "provincial_department", "retired_kind"]
    catalog.birth.save()

    english_html = _html(english.get("/procedures/1.001193/"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    vietnamese_html = _html(client.get("/procedures/1.001193/"))

    listed = english_html.split('data-testid="implementing-agencies">')[1].split("</dd>")[0]
    assert listed == "Commune People&#x27;s Committee; Provincial department"
    assert "Carried out by" in english_html and "retired_kind" not in english_html
    assert "UBND cấp xã" in vietnamese_html.split('data-testid="implementing-agencies">')[1]


def test_the_procedure_page_reads_three_times_whatever_its_size(
    client, catalog, django_assert_max_num_queries
):
    for n in range(12):
        ElectronicReplacementFactory(
            component=DossierComponentFactory(procedure=catalog.birth, name=f"Giấy tờ {n}")
        )

    with django_assert_max_num_queries(3):
        assert client.get("/procedures/1.001193/").status_code == 200


def test_an_unknown_or_retired_procedure_is_a_404(client, catalog):
    catalog.licence.active = False
    catalog.licence.save()

    assert client.get("/procedures/9.999999/").status_code == 404
    assert client.get("/procedures/1.002809/").status_code == 404


# Published lists


def _list_urls(agency) -> list[str]:
    base = f"{LISTS}{agency.code}/"
    return [base, f"{base}data.csv", f"{base}data.json", f"{base}poster/"]


@pytest.mark.parametrize("make", [submitted_list, "draft", approved_list])
def test_a_list_not_yet_published_is_a_404_on_every_public_address(
    client, catalog, center_staff, leader, hong_bang_ward, make
):
    from procedures import publication

    if make == "draft":
        publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)
    elif make is approved_list:
        approved_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    else:
        submitted_list(agency=hong_bang_ward, staff=center_staff)

    for url in _list_urls(hong_bang_ward):
        assert client.get(url).status_code == 404, url
    assert hong_bang_ward.name not in _html(client.get(LISTS))


def test_a_superseded_version_is_never_shown(client, catalog, center_staff, leader, hong_bang_ward):
    first = published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    next_version_published_without(
        agency=hong_bang_ward, staff=center_staff, leader=leader, component_code="so-ho-khau"
    )
    first.refresh_from_db()

    html = _html(client.get(f"{LISTS}{hong_bang_ward.code}/"))
    data = client.get(f"{LISTS}{hong_bang_ward.code}/data.json").json()

    assert first.status == ReplacementListStatus.SUPERSEDED
    assert data["version"] == 2
    assert "so-ho-khau" not in [entry["component_code"] for entry in data["entries"]]
    assert "Giấy tờ chứng minh quan hệ hộ gia đình" not in html


def test_the_list_page_keeps_its_entries_per_version_and_language(
    client, settings, catalog, center_staff, leader, hong_bang_ward, django_assert_max_num_queries
):
    first = published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    url = f"{LISTS}{hong_bang_ward.code}/"
    assert "Giấy tờ chứng minh quan hệ hộ gia đình" in _html(client.get(url))
    with django_assert_max_num_queries(1):  # the list itself; its entries come from the cache
        again = _html(client.get(url))
    assert "Giấy tờ chứng minh quan hệ hộ gia đình" in again
    assert "CSDL quốc gia về dân cư" in again
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "National Population Database" in _html(client.get(url))

    second = next_version_published_without(
        agency=hong_bang_ward, staff=center_staff, leader=leader, component_code="so-ho-khau"
    )

    assert first.pk != second.pk
    assert "Giấy tờ chứng minh quan hệ hộ gia đình" not in _html(client.get(url))


def test_the_list_page_groups_entries_by_sector_and_procedure(
    english, catalog, center_staff, leader, hong_bang_ward
):
    published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)

    html = _html(english.get(f"{LISTS}{hong_bang_ward.code}/"))

    assert "UBND phường Hồng Bàng" in html and "Version 1" in html
    civil, residence = html.index(">Hộ tịch<"), html.index(">Cư trú<")
    assert residence < civil  # sectors in alphabetical order
    assert html.index("1.001193 · Đăng ký khai sinh") > civil
    assert "Giấy xác nhận thông tin về cư trú" in html and "National Population Database" in html
    assert "Cấp giấy phép xây dựng" not in html  # a province-level procedure


def test_on_a_phone_each_replaced_component_is_a_card_its_values_under_their_columns(
    english, catalog, center_staff, leader, hong_bang_ward
):
    import re

    published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)

    html = _html(english.get(f"{LISTS}{hong_bang_ward.code}/"))

    tables = re.findall(r'<table class="([^"]*)" data-testid="list-entries">(.*?)</table>', html,
                        re.S)  # fmt: skip
    assert tables and all("table-stack" in classes for classes, _body in tables)
    classes, body = tables[0]
    assert '<caption class="visually-hidden">' in body
    columns = re.findall(r'<th scope="col">(.*?)</th>', body)
    assert columns == ["Dossier component", "Replaced by data from", "Data used", "Legal basis",
                       "In force from"]  # fmt: skip
    # Below md each cell names its column, for sight only: screen readers read the headers.
    row = re.search(r'<tr data-testid="list-entry">(.*?)</tr>', body, re.S).group(1)
    labels = re.findall(r'<span class="d-block d-md-none[^"]*" aria-hidden="true">(.*?)</span>',
                        row)  # fmt: skip
    assert labels == columns


def test_the_index_lists_the_agencies_with_a_published_list(
    client, catalog, center_staff, leader, hong_bang_ward, le_chan_ward
):
    published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    submitted_list(agency=le_chan_ward, staff=center_staff)

    html = _html(client.get(LISTS))

    assert f'href="{LISTS}{hong_bang_ward.code}/"' in html
    assert "UBND phường Lê Chân" not in html


def test_the_csv_opens_in_a_spreadsheet_with_vietnamese_intact(
    client, catalog, center_staff, leader, hong_bang_ward
):
    published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)

    response = client.get(f"{LISTS}{hong_bang_ward.code}/data.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="danh-muc-thay-the-11311-v1.csv"'
    )
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    by_component = {row["component_code"]: row for row in rows}
    assert set(by_component) == {"xac-nhan-cu-tru", "giay-ket-hon", "so-ho-khau"}
    birth = by_component["giay-ket-hon"]
    assert birth["procedure_name"] == "Đăng ký khai sinh"
    assert birth["source_name"] == "CSDL hộ tịch điện tử"
    assert birth["document_type_name"] == "Giấy chứng nhận kết hôn, trích lục kết hôn"
    assert (birth["agency_code"], birth["list_version"]) == ("11311", "1")
    assert birth["effective_date"] == "2025-11-15"


def test_the_json_has_the_same_keys_and_lists_as_lists(
    client, catalog, center_staff, leader, hong_bang_ward
):
    published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)

    response = client.get(f"{LISTS}{hong_bang_ward.code}/data.json")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert 'filename="danh-muc-thay-the-11311-v1.json"' in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["agency"] == {"code": "11311", "name": "UBND phường Hồng Bàng"}
    assert document["columns"] == list(COLUMNS)
    assert all(tuple(entry) == COLUMNS for entry in document["entries"])
    household = next(e for e in document["entries"] if e["component_code"] == "so-ho-khau")
    assert household["fields"] == ["household_id"]
    assert household["field_names"] == ["Số hộ"]
    assert "Đăng ký thường trú" in response.content.decode()  # not escaped


def test_the_poster_is_an_a4_page_with_a_qr_code_to_the_online_list(
    english, settings, catalog, center_staff, leader, hong_bang_ward
):
    settings.PORTAL_BASE_URL = "https://motcuaso.haiphong.gov.vn"
    published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)

    html = _html(english.get(f"{LISTS}{hong_bang_ward.code}/poster/"))

    assert "portal/poster.css" in html
    poster_css = (settings.BASE_DIR / "static" / "portal" / "poster.css").read_text()
    assert "@page { size: A4" in poster_css
    url = f"https://motcuaso.haiphong.gov.vn{LISTS}{hong_bang_ward.code}/"
    assert url in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<path" in svg and f"<title>QR code of the online list: {url}</title>" in svg
    papers = html.split('data-testid="poster-papers"')[1].split("</ol>")[0]
    assert "Residence information confirmation" in papers and "Marriage certificate" in papers


@pytest.mark.parametrize("suffix", ["", "data.csv", "data.json", "poster/"])
def test_a_published_list_reads_twice_whatever_its_size(
    client, hai_phong, suffix, django_assert_max_num_queries
):
    small = published_list_with_entries(agency=WardFactory(code="11401", parent=hai_phong),
                                        entries=2)  # fmt: skip
    large = published_list_with_entries(agency=WardFactory(code="11402", parent=hai_phong),
                                        entries=60)  # fmt: skip

    for replacement_list in (small, large):
        with django_assert_max_num_queries(2):
            response = client.get(f"{LISTS}{replacement_list.agency.code}/{suffix}")
        assert response.status_code == 200


def test_the_index_reads_a_bounded_number_of_times(
    client, hai_phong, django_assert_max_num_queries
):
    for n in range(30):
        PublishedReplacementListFactory(agency=WardFactory(code=f"115{n:02d}", parent=hai_phong))

    with django_assert_max_num_queries(2):
        response = client.get(LISTS)

    assert response.status_code == 200
    assert _html(response).count(f'href="{LISTS}1') == 25  # the first page
