"""The staff pages of replacement lists: scoped to what the user may see,
actions offered only when lawful, refusals shown next to the action with a 4xx."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from procedures import publication
from procedures.models import ReplacementList, ReplacementListStatus
from tests.accounts.factories import WardFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    ProcedureFactory,
)
from tests.procedures.publication_steps import approved_list, published_list, submitted_list

pytestmark = pytest.mark.django_db

BACKEND = "portal.accounts.backends.VNeIDSessionBackend"
S = ReplacementListStatus


@pytest.fixture
def as_user(client, settings):
    """Logged in, pages in English: the assertions then hold whatever the
    Vietnamese catalog says; domain refusals are bilingual either way."""

    def login(user):
        client.force_login(user, backend=BACKEND)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


def _page(response) -> str:
    return response.content.decode()


def test_the_lists_page_shows_the_committees_the_staff_member_serves(
    as_user, catalog, center_staff, leader, hong_bang_ward, le_chan_ward, ha_noi_staff
):
    published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)

    response = as_user(center_staff).get("/staff/catalog/")

    html = _page(response)
    assert response.status_code == 200
    assert "UBND phường Hồng Bàng" in html and "UBND phường Lê Chân" in html
    assert "UBND thành phố Hải Phòng" in html
    assert "Hà Nội" not in html
    assert "Trung tâm Phục vụ" not in html.split('data-testid="agency-lists"')[1]
    assert 'href="/staff/catalog/">Replacement lists</a>' in html  # the navigation entry


@pytest.mark.parametrize("path", ["/staff/catalog/", "/staff/catalog/coverage/"])
def test_officials_and_citizens_are_refused(as_user, path, commune_official, citizen, catalog):
    for outsider in (commune_official, citizen):
        assert as_user(outsider).get(path).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/staff/catalog/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_province_sees_and_changes_nothing_of_hai_phong(
    as_user, catalog, center_staff, ha_noi_staff, hong_bang_ward
):
    draft = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)
    client = as_user(ha_noi_staff)

    assert client.get(f"/staff/catalog/lists/{draft.pk}/").status_code == 404
    assert client.post(f"/staff/catalog/lists/{draft.pk}/submit/").status_code == 404
    assert client.post(f"/staff/catalog/agencies/{hong_bang_ward.pk}/draft/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == S.DRAFT and ReplacementList.objects.count() == 1


def test_officials_cannot_act_on_a_list(as_user, catalog, center_staff, commune_official,
                                        hong_bang_ward):  # fmt: skip
    draft = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)

    response = as_user(commune_official).post(f"/staff/catalog/lists/{draft.pk}/submit/")

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_the_workflow_through_the_pages(
    as_user, catalog, center_staff, leader, hong_bang_ward, client
):
    staff = as_user(center_staff)
    response = staff.post(f"/staff/catalog/agencies/{hong_bang_ward.pk}/draft/")
    draft = ReplacementList.objects.get(agency=hong_bang_ward)
    assert (
        response.status_code == 302 and response["Location"] == f"/staff/catalog/lists/{draft.pk}/"
    )
    url = response["Location"]

    html = _page(staff.get(url))
    assert "1.001193 · Đăng ký khai sinh" in html and "Giấy xác nhận thông tin về cư trú" in html
    assert f'action="{url}submit/"' in html and f'action="{url}approve/"' not in html
    assert "Giấy tờ chứng minh nhân thân" in html  # can be added: not in force yet

    staff.post(f"{url}entries/", {"replacement": catalog.replacements.stay_identity.pk})
    assert draft.entries.count() == 4
    entry = draft.entries.get(component_code="giay-ket-hon")
    staff.post(f"{url}entries/{entry.pk}/remove/")
    assert draft.entries.count() == 3
    assert staff.post(f"{url}submit/").status_code == 302

    boss = as_user(leader)
    html = _page(boss.get(url))
    assert f'action="{url}approve/"' in html and f'action="{url}return/"' in html
    assert f'action="{url}publish/"' not in html
    assert boss.post(f"{url}approve/").status_code == 302
    today = timezone.localdate()
    response = boss.post(f"{url}publish/", {"effective_date": today.isoformat()})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.effective_date, draft.approved_by) == (S.PUBLISHED, today, leader)
    html = _page(boss.get(url))
    history = html.split('data-testid="history"')[1]
    for label in ("Draft started", "Entry added", "Entry removed", "Submitted for approval",
                  "Approved", "Published"):  # fmt: skip
        assert label in history


def test_the_next_draft_shows_its_changes_against_the_published_version(
    as_user, catalog, center_staff, leader, hong_bang_ward
):
    published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    catalog.replacements.birth_residence.legal_basis = "Nghị định 104/2022/NĐ-CP"
    catalog.replacements.birth_residence.save()
    draft = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)
    publication.replacement_list_entry_add(
        replacement_list=draft, replacement=catalog.replacements.stay_identity, by=center_staff
    )

    html = _page(as_user(center_staff).get(f"/staff/catalog/lists/{draft.pk}/"))

    diff = html.split('data-testid="diff"')[1].split("</ul>\n")[0]
    assert "Giấy tờ chứng minh nhân thân" in diff  # added
    assert "Nghị quyết 66.7/2025/NQ-CP" in diff and "Nghị định 104/2022/NĐ-CP" in diff  # changed
    # What changed is read before the whole list, under the actions: what a leader approves.
    assert html.index('id="h-actions"') < html.index('id="h-diff"') < html.index('id="h-entries"')


def test_on_a_phone_each_drafted_component_is_a_card_its_values_under_their_columns(
    as_user, catalog, center_staff, hong_bang_ward
):
    import re

    draft = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)
    publication.replacement_list_entry_add(
        replacement_list=draft, replacement=catalog.replacements.stay_identity, by=center_staff
    )

    html = _page(as_user(center_staff).get(f"/staff/catalog/lists/{draft.pk}/"))

    table = re.search(r'<table class="([^"]*)" data-testid="draft-entries">(.*?)</table>', html,
                      re.S)  # fmt: skip
    assert "table-stack" in table.group(1)
    assert '<caption class="visually-hidden">' in table.group(2)
    columns = ["Dossier component", "Replaced by data from", "Legal basis", "In force from"]
    headers = re.findall(r'<th scope="col">(.*?)</th>', table.group(2))
    assert headers[:4] == columns and "Actions" in headers[4]
    # Below md each cell names its column, for sight only: screen readers read the headers.
    row = re.search(r'<tr data-testid="draft-entry">(.*?)</tr>', table.group(2), re.S).group(1)
    labels = re.findall(r'<span class="d-block d-md-none[^"]*" aria-hidden="true">(.*?)</span>',
                        row)  # fmt: skip
    assert labels == columns
    assert "entries/" in row and "/remove/" in row  # removing stays within reach on the card


def test_a_leader_is_not_offered_to_approve_their_own_draft_and_is_refused(
    as_user, catalog, ward_leader, hong_bang_ward
):
    submitted = submitted_list(agency=hong_bang_ward, staff=ward_leader)
    client = as_user(ward_leader)
    url = f"/staff/catalog/lists/{submitted.pk}/"

    assert f'action="{url}approve/"' not in _page(client.get(url))
    response = client.post(f"{url}approve/")

    assert response.status_code == 403
    assert "chính mình" in _page(response) and 'data-testid="action-error"' in _page(response)
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_publishing_a_draft_is_a_conflict_shown_next_to_the_actions(
    as_user, catalog, center_staff, hong_bang_ward
):
    draft = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)

    response = as_user(center_staff).post(
        f"/staff/catalog/lists/{draft.pk}/publish/",
        {"effective_date": timezone.localdate().isoformat()},
    )

    assert response.status_code == 409
    html = _page(response)
    error = html.split('data-testid="action-error">')[1].split("</div>")[0]
    assert "Dự thảo" in error or "Draft" in error
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_a_past_effective_date_or_no_reason_is_a_400(
    as_user, catalog, center_staff, leader, hong_bang_ward
):
    approved = approved_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    client = as_user(leader)
    url = f"/staff/catalog/lists/{approved.pk}/"
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    assert client.post(f"{url}publish/", {"effective_date": yesterday}).status_code == 400
    assert client.post(f"{url}publish/", {"effective_date": "not a date"}).status_code == 400
    assert client.post(f"{url}return/", {"reason": ""}).status_code == 400
    approved.refresh_from_db()
    assert approved.status == S.APPROVED


def test_a_refused_past_effective_date_comes_back_as_typed_not_as_today(
    as_user, catalog, center_staff, leader, hong_bang_ward
):
    approved = approved_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    last_year = timezone.localdate() - datetime.timedelta(days=365)

    response = as_user(center_staff).post(
        f"/staff/catalog/lists/{approved.pk}/publish/", {"effective_date": last_year.isoformat()}
    )

    html = _page(response)
    assert response.status_code == 400 and "cannot be in the past" in html
    assert (
        f'name="effective_date" id="id_effective_date" required value="{last_year:%Y-%m-%d}"'
        in html
    )
    approved.refresh_from_db()
    assert approved.status == S.APPROVED


def test_the_first_published_version_says_none_was_published_before_it(
    client, catalog, center_staff, leader, hong_bang_ward
):
    published = published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    client.force_login(center_staff, backend=BACKEND)

    html = _page(client.get(f"/staff/catalog/lists/{published.pk}/"))

    # In Vietnamese as in English: not "no version has been published" on the published one.
    assert "Chưa có phiên bản nào được công bố trước phiên bản này" in html


def test_adding_to_a_submitted_list_is_refused(as_user, catalog, center_staff, hong_bang_ward):
    submitted = submitted_list(agency=hong_bang_ward, staff=center_staff)

    response = as_user(center_staff).post(
        f"/staff/catalog/lists/{submitted.pk}/entries/",
        {"replacement": catalog.replacements.stay_identity.pk},
    )

    assert response.status_code == 409
    assert 'data-testid="action-error"' in _page(response)
    assert submitted.entries.count() == 3


def test_starting_a_second_draft_is_refused_in_the_agency_row(
    as_user, catalog, center_staff, hong_bang_ward
):
    publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)

    response = as_user(center_staff).post(f"/staff/catalog/agencies/{hong_bang_ward.pk}/draft/")

    assert response.status_code == 409
    assert 'data-testid="action-error"' in _page(response)
    assert ReplacementList.objects.filter(agency=hong_bang_ward).count() == 1


def test_forms_need_their_csrf_token(catalog, center_staff, hong_bang_ward):
    client = Client(enforce_csrf_checks=True)
    client.force_login(center_staff, backend=BACKEND)

    response = client.post(f"/staff/catalog/agencies/{hong_bang_ward.pk}/draft/")

    assert response.status_code == 403
    assert not ReplacementList.objects.exists()


def test_the_lists_page_runs_a_bounded_number_of_queries(
    as_user, center_staff, leader, hai_phong, django_assert_max_num_queries
):
    for n in range(30):
        ward = WardFactory(code=f"{11400 + n}", parent=hai_phong)
        procedure = ProcedureFactory()
        ElectronicReplacementFactory(component=DossierComponentFactory(procedure=procedure))
        if n % 2:
            published_list(agency=ward, staff=center_staff, leader=leader)
        publication.replacement_list_draft_start(agency=ward, by=center_staff)
    province_procedure = ProcedureFactory(level="province")
    ElectronicReplacementFactory(component=DossierComponentFactory(procedure=province_procedure))
    submitted_list(agency=hai_phong, staff=center_staff)
    client = as_user(leader)

    with django_assert_max_num_queries(8):
        response = client.get("/staff/catalog/")

    assert response.status_code == 200
    assert _page(response).count('class="badge text-bg-secondary"') == 31


def test_the_list_page_runs_a_bounded_number_of_queries(
    as_user, center_staff, leader, hong_bang_ward, django_assert_max_num_queries
):
    for _n in range(40):
        ElectronicReplacementFactory(
            component=DossierComponentFactory(procedure=ProcedureFactory())
        )
    published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    draft = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)
    for _n in range(10):
        ElectronicReplacementFactory(
            component=DossierComponentFactory(procedure=ProcedureFactory())
        )
    client = as_user(center_staff)

    with django_assert_max_num_queries(13):
        response = client.get(f"/staff/catalog/lists/{draft.pk}/")

    assert response.status_code == 200
    assert _page(response).count("<optgroup") == 10


def test_the_coverage_page_shows_shares_and_candidates(
    as_user, catalog, center_staff, django_assert_max_num_queries
):
    for n in range(30):
        procedure = ProcedureFactory()
        ElectronicReplacementFactory(component=DossierComponentFactory(procedure=procedure))
        DossierComponentFactory(procedure=procedure, name=f"Thẻ bảo hiểm y tế {n}")
    client = as_user(center_staff)

    with django_assert_max_num_queries(7):
        response = client.get("/staff/catalog/coverage/", {"level": "commune"})

    html = _page(response)
    assert response.status_code == 200
    assert "Thẻ bảo hiểm y tế 0" in html and "1.002809" not in html
    assert client.get("/staff/catalog/coverage/", {"sector": "khong-co"}).status_code == 400


def test_on_a_phone_each_procedure_of_the_coverage_is_a_card_its_name_read_whole(
    as_user, catalog, center_staff
):
    import re

    procedure = ProcedureFactory()
    DossierComponentFactory(procedure=procedure)
    html = _page(as_user(center_staff).get("/staff/catalog/coverage/"))

    table = re.search(r'<table class="([^"]*)" data-testid="coverage">(.*?)</table>', html, re.S)
    assert "table-stack" in table.group(1)
    assert '<caption class="visually-hidden">' in table.group(2)
    # Below md each figure names its column, for sight only.
    labels = re.findall(r'<span class="d-block d-md-none[^"]*" aria-hidden="true">(.*?)</span>',
                        table.group(2))  # fmt: skip
    columns = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table.group(2))
    assert len(columns) == 4 and labels[:3] == columns[1:]


def test_each_share_is_written_beside_its_bar_so_a_small_one_is_read_whole(
    as_user, catalog, center_staff
):
    import re

    procedure = ProcedureFactory()
    for _ in range(3):
        DossierComponentFactory(procedure=procedure)  # nothing replaced: 0%
    html = _page(as_user(center_staff).get("/staff/catalog/coverage/"))

    bars = re.findall(r'<div class="progress-bar" data-share="(\d+)">(.*?)</div>', html)
    assert bars and all(text == "" for _, text in bars)  # the bar draws, it does not write
    figures = re.findall(r'data-testid="share">(\d+)%</span>', html)
    assert figures == [share for share, _ in bars]
    assert "0" in figures


def test_the_picker_names_each_choices_procedure_code_and_name(
    as_user, center_staff, hong_bang_ward
):
    """Two procedures ask for near-identical papers: each choice says whose it is,
    as a closed select shows only the option, not its group."""
    for code, name in (("1.000001", "Đăng ký kết hôn"), ("1.000002", "Đăng ký lại kết hôn")):
        ElectronicReplacementFactory(
            component=DossierComponentFactory(
                procedure=ProcedureFactory(code=code, name=name),
                name="Giấy xác nhận thông tin về cư trú",
            )
        )
    draft = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)
    draft.entries.all().delete()

    html = _page(as_user(center_staff).get(f"/staff/catalog/lists/{draft.pk}/"))

    options = [part.split("</option>")[0] for part in html.split("<option value=")[2:]]
    assert any(
        "1.000001 · Đăng ký kết hôn · Giấy xác nhận thông tin về cư trú ←" in o for o in options
    )
    assert any(
        "1.000002 · Đăng ký lại kết hôn · Giấy xác nhận thông tin về cư trú ←" in o for o in options
    )
