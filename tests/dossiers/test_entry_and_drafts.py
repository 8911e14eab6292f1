"""A citizen finds their dossiers again where they left them: a draft at the
step it is at, a submitted one at its tracking page; a draft is named by its
procedure and the day it was started, never by a row number; starting the
same procedure for the same person again offers the open draft first; the
data check says what it reads, how long a draft is kept, and is only for drafts."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone, translation

from dossiers.models import ActingBasis, Dossier, DossierStatus
from dossiers.purposes import dossier_purpose, dossiers_named_now
from tests.dossiers.factories import DossierFactory, PrefillSnapshotFactory, PrefillSourceFactory
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
KHANG = "031218000321"  # the demo citizen's son, in his household


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


@pytest.fixture
def residence(db):
    return ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                            agency_kinds=["commune_committee"])  # fmt: skip


def _started_on(dossier: Dossier) -> str:
    return timezone.localtime(dossier.created_at).strftime("%d/%m/%Y")


def _submitted(citizen, code: str) -> Dossier:
    return DossierFactory(applicant=citizen, code=code, status=DossierStatus.SUBMITTED,
                          submitted_at=timezone.now())  # fmt: skip


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="(/dossiers/\d+/[a-z/]*)"', html))


# 1. Each dossier links to where it is picked up again.


@pytest.mark.parametrize("url", ["/accounts/home/", "/dossiers/"])
def test_my_dossiers_link_a_draft_to_its_step_and_a_submitted_one_to_its_tracking(
    signed_in, citizen, url
):
    unchecked = DossierFactory(applicant=citizen)
    confirmed = DossierFactory(applicant=citizen, preview_confirmed_at=timezone.now())
    submitted = _submitted(citizen, "11311-261207-0001")

    html = signed_in.get(url).content.decode()

    links = _links(html)
    assert f"/dossiers/{unchecked.pk}/prefill/" in links
    assert f"/dossiers/{confirmed.pk}/form/" in links
    assert f"/dossiers/{submitted.pk}/" in links
    assert f"/dossiers/{submitted.pk}/prefill/" not in links  # not its data check
    assert f'<a href="/dossiers/{submitted.pk}/">11311-261207-0001</a>' in html
    assert f">Bản nháp ngày {_started_on(unchecked)}</a>" in html
    assert f"#{unchecked.pk}" not in html


# 2. The data check: for drafts only, saying honestly what it does.


def test_the_data_check_of_a_submitted_dossier_leads_to_its_tracking_page(signed_in, citizen):
    submitted = _submitted(citizen, "11311-261207-0002")
    PrefillSourceFactory(snapshot=PrefillSnapshotFactory(dossier=submitted))

    response = signed_in.get(f"/dossiers/{submitted.pk}/prefill/")

    assert response.status_code == 302 and response["Location"] == f"/dossiers/{submitted.pk}/"


def test_the_data_check_shows_its_step_and_no_longer_says_reading_once_read(
    signed_in, citizen, settings
):
    settings.DOSSIER_DRAFT_RETENTION_DAYS = 21
    draft = DossierFactory(applicant=citizen)
    PrefillSourceFactory(snapshot=PrefillSnapshotFactory(dossier=draft))

    html = signed_in.get(f"/dossiers/{draft.pk}/prefill/").content.decode()

    assert 'aria-current="step">2. Kiểm tra dữ liệu' in html
    assert "1. Thủ tục của ai" in html and "3. Hoàn thiện và nộp" in html
    assert "Cổng đang đọc" not in html
    assert "Cổng đã đọc các cơ sở dữ liệu quốc gia cho hồ sơ này" in html
    # Honest about the draft: kept until the purge, not "nothing is kept".
    assert "không có gì được lưu" not in html
    assert "21 ngày" in html and "bị xóa" in html


def test_the_data_check_says_reading_while_a_source_is_read(signed_in, citizen):
    draft = DossierFactory(applicant=citizen)
    PrefillSourceFactory(snapshot=PrefillSnapshotFactory(dossier=draft, finished_at=None),
                         status="pending", found={})  # fmt: skip

    html = signed_in.get(f"/dossiers/{draft.pk}/prefill/panel/").content.decode()

    assert "Cổng đang đọc các cơ sở dữ liệu quốc gia" in html


# 3. A draft named as people know it, wherever it is named.


def test_a_draft_is_named_by_its_procedure_and_day_in_the_access_log():
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú")
    draft = DossierFactory(procedure=procedure, code=None)
    day = _started_on(draft)

    kept = dossier_purpose(draft).label
    now = dossiers_named_now({str(draft.pk)})[str(draft.pk)]

    assert kept == f"Hồ sơ 1.004222 (bản nháp ngày {day}): Đăng ký thường trú"
    assert now == kept  # named the same while it lives, in Vietnamese
    assert f"#{draft.pk}" not in kept


# 3. One draft per procedure and person, unless a new one is asked for.


def _start(client, procedure, unit, **data):
    return client.post(f"/dossiers/start/{procedure.code}/",
                       {"province": "31", "agency": unit.pk, **data})  # fmt: skip


def test_starting_again_offers_the_open_draft_instead_of_a_second(
    gateway_live, signed_in, citizen, residence, hong_bang_ward
):
    first = _start(signed_in, residence, hong_bang_ward, acting_basis=ActingBasis.SELF)
    draft = Dossier.objects.get()

    again = _start(signed_in, residence, hong_bang_ward, acting_basis=ActingBasis.SELF)

    assert first.status_code == 302
    assert again.status_code == 200 and Dossier.objects.count() == 1
    html = again.content.decode()
    assert 'data-testid="existing-draft"' in html
    assert f'href="/dossiers/{draft.pk}/prefill/" data-testid="resume-draft"' in html
    assert 'name="new_draft" value="1"' in html
    # The start page itself names the open draft, before anything is chosen.
    page = signed_in.get(f"/dossiers/start/{residence.code}/?province=31").content.decode()
    assert 'data-testid="open-drafts"' in page and f"/dossiers/{draft.pk}/prefill/" in page


def test_a_new_draft_is_started_when_asked_for(
    gateway_live, signed_in, citizen, residence, hong_bang_ward
):
    _start(signed_in, residence, hong_bang_ward, acting_basis=ActingBasis.SELF)

    new = _start(signed_in, residence, hong_bang_ward, acting_basis=ActingBasis.SELF,
                 new_draft="1")  # fmt: skip

    assert new.status_code == 302 and Dossier.objects.count() == 2


def test_a_draft_for_another_person_is_not_offered(
    gateway_live, signed_in, citizen, residence, hong_bang_ward
):
    DossierFactory(applicant=citizen, procedure=residence, agency=hong_bang_ward,
                   subject_personal_id=KHANG, acting_basis=ActingBasis.PARENT)  # fmt: skip
    DossierFactory(applicant=citizen, procedure=residence, agency=hong_bang_ward,
                   code="11311-261207-0003", status=DossierStatus.SUBMITTED)  # fmt: skip

    response = _start(signed_in, residence, hong_bang_ward, acting_basis=ActingBasis.SELF)

    assert response.status_code == 302 and Dossier.objects.count() == 3


# 4. The start form: the only child chosen, a missed choice said beside the list.


def test_the_only_child_of_the_household_is_chosen_already(gateway_live, signed_in, residence):
    url = f"/dossiers/start/{residence.code}/children/"

    fragment = signed_in.get(url, {"acting_basis": ActingBasis.PARENT}).content.decode()

    assert re.search(rf'id="child-{KHANG}" value="{KHANG}"\s+checked', fragment)


def test_no_child_chosen_is_said_beside_the_children_on_the_form(
    gateway_live, signed_in, residence, hong_bang_ward
):
    response = _start(signed_in, residence, hong_bang_ward, acting_basis=ActingBasis.PARENT,
                      children_offered="on")  # fmt: skip

    assert response.status_code == 400
    html = response.content.decode()
    assert '<form method="post" novalidate>' in html  # the form again, not an error page
    start, end = html.index('data-testid="my-children"'), html.index('data-testid="newborn-hint"')
    children = html[start:end]
    assert 'data-testid="child-error"' in children
    assert "Chọn con của bạn trong danh sách hộ gia đình" in children
    assert "Choose your child from your household" in children  # bilingual
    assert 'aria-describedby="children-help child-error"' in html
    assert not Dossier.objects.exists()


def test_the_id_field_says_which_choices_need_it(signed_in, residence):
    html = signed_in.get(f"/dossiers/start/{residence.code}/?province=31").content.decode()

    assert 'data-shown-for="acting_basis:parent authorisation" data-testid="subject-id"' in html


def test_a_draft_kept_days_is_the_purge_setting(settings):
    from dossiers.drafts import draft_kept_days

    settings.DOSSIER_DRAFT_RETENTION_DAYS = 9
    assert draft_kept_days() == 9


def test_an_old_draft_is_named_by_the_day_it_was_started():
    draft = DossierFactory(code=None)
    Dossier.objects.filter(pk=draft.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2026, 11, 3, 23, 30))
    )
    draft.refresh_from_db()

    with translation.override("vi"):
        assert draft.reference_shown == "bản nháp ngày 03/11/2026"
    with translation.override("en"):
        assert draft.reference_shown == "draft of 03/11/2026"


# 5. A draft's own pages are headed by its name, never its row number.


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


@pytest.mark.parametrize("page", ["", "documents/"])
def test_a_drafts_pages_are_headed_by_the_day_it_was_started(signed_in, citizen, page):
    draft = DossierFactory(applicant=citizen, code=None)
    name = f"Hồ sơ (bản nháp ngày {_started_on(draft)})"

    html = signed_in.get(f"/dossiers/{draft.pk}/{page}").content.decode()

    assert name in html
    assert f"#{draft.pk}" not in html.replace(f'data-forget-typing="{draft.pk}"', "")
    if not page:  # the tracking page: its heading and the browser tab's title
        assert re.search(rf"<h1[^>]*>{re.escape(name)}</h1>", html)
        assert _title(html).startswith(name)


def test_a_submitted_dossier_is_headed_by_its_code(signed_in, citizen):
    submitted = _submitted(citizen, "11311-261207-0001")

    html = signed_in.get(f"/dossiers/{submitted.pk}/").content.decode()

    assert re.search(r"<h1[^>]*>Hồ sơ 11311-261207-0001</h1>", html)
    assert _title(html).startswith("Hồ sơ 11311-261207-0001")


# 6. A refused start lists its errors at the top, each linked to its field.


def _summary(html: str) -> str:
    start = html.index('data-testid="error-summary"')
    return html[html.rindex("<div", 0, start) : html.index("</div>", start)]


def test_a_refused_start_lists_its_errors_at_the_top_linked_to_their_fields(
    signed_in, residence, hong_bang_ward
):
    response = _start(
        signed_in, residence, hong_bang_ward,
        acting_basis=ActingBasis.AUTHORISATION, subject_personal_id="12ab",
    )  # fmt: skip

    assert response.status_code == 400
    html = response.content.decode()
    summary = _summary(html)
    assert "data-error-summary" in summary  # page.js puts the focus on it
    assert "Hồ sơ chưa được tạo. Vui lòng sửa:" in summary
    assert '<a href="#id_subject_personal_id">Số định danh cá nhân của người đó</a>' in summary
    assert "Enter this person&#x27;s personal ID." in summary  # the field's own error, bilingual
    assert 'id="id_subject_personal_id"' in html
    assert html.index('data-testid="error-summary"') < html.index('name="acting_basis"')
    assert not Dossier.objects.exists()


def test_a_missed_child_is_linked_from_the_summary_to_the_list_of_children(
    gateway_live, signed_in, residence, hong_bang_ward
):
    response = _start(signed_in, residence, hong_bang_ward, acting_basis=ActingBasis.PARENT,
                      children_offered="on")  # fmt: skip

    html = response.content.decode()
    summary = _summary(html)
    assert '<a href="#id_child">Con của tôi</a>' in summary
    assert "Chọn con của bạn trong danh sách hộ gia đình" in summary
    # The link's target: the list of children, which can take the focus.
    target = r'<fieldset [^>]*id="id_child" tabindex="-1"[^>]*data-testid="my-children"'
    assert re.search(target, html)


def test_a_start_refused_by_the_service_says_why_at_the_top(
    gateway_live, signed_in, residence, hong_bang_ward
):
    # Nobody authorised the citizen: refused by the service, not by a field.
    response = _start(
        signed_in, residence, hong_bang_ward,
        acting_basis=ActingBasis.AUTHORISATION, subject_personal_id="031090009999",
    )  # fmt: skip

    assert response.status_code == 400
    summary = _summary(response.content.decode())
    assert "Hồ sơ chưa được tạo. Vui lòng sửa:" in summary
    assert "<ul" not in summary  # no field to correct, only the reason
    assert not Dossier.objects.exists()


def test_a_start_page_not_refused_has_no_error_summary(signed_in, residence):
    html = signed_in.get(f"/dossiers/start/{residence.code}/?province=31").content.decode()
    assert 'data-testid="error-summary"' not in html
