"""The complaint pages over HTTP: filing as a citizen, without an account and
at the hotline desk; following a complaint; floods and markup."""

import re

import pytest
from django.urls import reverse

from complaints.models import Complaint, ComplaintChannel
from tests.accounts.factories import CenterStaffFactory, CitizenFactory, OfficialFactory
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

NEW = reverse("complaints:new")


def _form(unit, **fields):
    return {"province": "31", "category": "reprovide_data", "unit": unit.pk,
            "description": "Cán bộ yêu cầu tôi nộp bản sao sổ hộ khẩu.", **fields}  # fmt: skip


def _login(client, user):
    client.force_login(user, backend="portal.accounts.backends.VNeIDSessionBackend")


def test_the_form_offers_the_units_of_the_chosen_province(client, hong_bang_ward):
    page = client.get(NEW, {"province": 31})
    assert page.status_code == 200
    assert "UBND phường Hồng Bàng" in page.content.decode()
    assert "Gửi phản ánh" in page.content.decode()  # in Vietnamese by default
    # Each category a styled radio beside its label.
    assert (
        len(
            re.findall(
                r'<input type="radio" name="category" [^>]*class="form-check-input"',
                page.content.decode(),
            )
        )
        == 6
    )


def test_a_citizen_files_and_lands_on_the_tracking_page(client, citizen, hong_bang_ward):
    _login(client, citizen)
    response = client.post(NEW, _form(hong_bang_ward), follow=True)
    complaint = Complaint.objects.get()
    assert complaint.reporter == citizen and complaint.channel == ComplaintChannel.ONLINE
    assert response.status_code == 200
    assert complaint.code in response.content.decode()
    assert client.get(reverse("complaints:list")).content.decode().count(complaint.code) >= 1


def test_without_an_account_contact_details_are_required(client, hong_bang_ward):
    refused = client.post(NEW, _form(hong_bang_ward, reporter_name="Mai"))
    assert refused.status_code == 400
    assert "số điện thoại hoặc thư điện tử" in refused.content.decode()
    assert not Complaint.objects.exists()

    client.post(NEW, _form(hong_bang_ward, reporter_name="Mai", reporter_phone="0912345678"))
    assert Complaint.objects.get().channel == ComplaintChannel.ANONYMOUS


@pytest.mark.parametrize(
    "fields",
    [
        {"official_named": "z" * 256},
        {"reporter_email": "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + ".vn"},
    ],
)
def test_a_text_longer_than_its_column_is_refused_with_a_400_and_nothing_stored(
    client, hong_bang_ward, fields
):
    # PostgreSQL refuses a value longer than its column with a server error.
    contact = {"reporter_name": "Mai", "reporter_phone": "0912345678"}
    refused = client.post(NEW, _form(hong_bang_ward, **contact, **fields))
    assert refused.status_code == 400
    assert not Complaint.objects.exists()


def test_the_tracking_link_works_without_login_and_only_with_its_token(client, hong_bang_ward):
    complaint = ComplaintFactory(unit=hong_bang_ward)
    url = reverse("complaints:track", kwargs={"code": complaint.code})
    assert client.get(url, {"t": complaint.tracking_token}).status_code == 200
    assert client.get(url, {"t": "guess"}).status_code == 404
    assert client.get(url).status_code == 404
    _login(client, CitizenFactory())
    assert client.get(url).status_code == 404  # another citizen
    _login(client, complaint.reporter)
    assert client.get(url).status_code == 200


def test_the_reporter_goes_back_to_their_complaints_a_link_holder_to_file_another(
    client, hong_bang_ward
):
    complaint = ComplaintFactory(unit=hong_bang_ward)
    url = reverse("complaints:track", kwargs={"code": complaint.code})
    mine = f'href="{reverse("complaints:list")}" data-testid="my-complaints"'
    another = f'<a href="{NEW}">Gửi phản ánh, kiến nghị khác</a>'

    page = client.get(url, {"t": complaint.tracking_token}).content.decode()
    assert mine not in page and another in page and "Về trang chủ" in page

    _login(client, complaint.reporter)
    page = client.get(url).content.decode()
    assert mine in page and another not in page


def test_hotline_staff_enter_a_call_and_others_may_not(client, hong_bang_ward):
    staff = CenterStaffFactory()
    _login(client, staff)
    assert client.get(NEW).status_code == 302  # staff are sent to the hotline desk
    client.post(
        reverse("complaints:hotline"),
        _form(hong_bang_ward, reporter_name="Lê Văn Tám", reporter_phone="0912345678"),
    )
    complaint = Complaint.objects.get()
    assert complaint.channel == ComplaintChannel.HOTLINE and complaint.entered_by == staff

    _login(client, OfficialFactory(agency=hong_bang_ward))
    assert client.get(reverse("complaints:hotline")).status_code == 403


def test_the_hotline_desk_opens_on_the_staff_member_s_own_province(client, hong_bang_ward):
    _login(client, CenterStaffFactory(agency__parent=hong_bang_ward.parent))
    response = client.get(reverse("complaints:hotline"))
    assert response.context["province_code"] == 31
    page = response.content.decode()
    assert re.search(r'<option value="31"\s+selected>', page)
    # Its units are offered at once, the one concerned still to be chosen.
    assert f'<option value="{hong_bang_ward.pk}" >UBND phường Hồng Bàng</option>' in page
    # Staff may still choose another province, or none.
    assert (
        client.get(reverse("complaints:hotline"), {"province": ""}).context["province_code"] is None
    )
    assert (
        client.get(reverse("complaints:hotline"), {"province": "1"}).context["province_code"] == 1
    )


def test_a_flood_from_one_client_is_refused_with_a_429(client, settings, hong_bang_ward):
    settings.COMPLAINT_FILINGS_PER_HOUR = 2
    contact = {"reporter_name": "Mai", "reporter_phone": "0912345678"}
    statuses = [client.post(NEW, _form(hong_bang_ward, **contact)).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert Complaint.objects.count() == 2


def test_markup_is_shown_as_text_never_run(client, citizen, hong_bang_ward):
    _login(client, citizen)
    script = "<script>alert('x')</script>"
    response = client.post(NEW, _form(hong_bang_ward, description=script), follow=True)
    html = response.content.decode()
    assert script not in html
    assert "&lt;script&gt;" in html


def test_another_citizens_dossier_is_not_offered_nor_accepted(client, citizen, hong_bang_ward):
    from tests.dossiers.factories import DossierFactory

    theirs = DossierFactory(applicant=CitizenFactory(), code="11311-261125-0009")
    _login(client, citizen)
    assert theirs.code not in client.get(NEW, {"province": 31}).content.decode()
    refused = client.post(NEW, _form(hong_bang_ward, dossier=theirs.pk))
    assert refused.status_code == 400
    assert not Complaint.objects.exists()


def test_a_refused_form_says_at_its_top_what_to_correct_each_linked_to_its_field(
    client, citizen, hong_bang_ward
):
    _login(client, citizen)
    response = client.post(NEW, _form(hong_bang_ward, category="", description=""))

    assert response.status_code == 400
    assert not Complaint.objects.exists()
    page = response.content.decode()
    summary = page.split('data-testid="error-summary">')[1].split("</div>")[0]
    assert "Phản ánh chưa được gửi" in summary
    assert 'href="#id_category_0"' in summary and 'href="#id_description"' in summary
    # Marked for static/portal/page.js, which puts the focus on it when the page loads.
    assert re.search(r'<div [^>]*data-error-summary[^>]*data-testid="error-summary">', page)
    assert 'id="id_category_0"' in page and 'id="id_description"' in page
    # Before the form with its errors, as the first thing read after the heading.
    assert page.index("error-summary") < page.index('name="description"')
    # The portal's one error summary, as on the dossier's start form.
    assert "form_error_summary.html" in [template.name for template in response.templates]


def test_a_complaint_refused_as_a_whole_says_why_with_no_empty_list_of_fields(
    client, settings, hong_bang_ward
):
    settings.COMPLAINT_FILINGS_PER_HOUR = 0
    contact = {"reporter_name": "Mai", "reporter_phone": "0912345678"}

    response = client.post(NEW, _form(hong_bang_ward, **contact), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 429
    page = response.content.decode()
    summary = page.split('data-testid="error-summary">')[1].split("</div>")[0]
    assert "The complaint was not sent. Please correct:" in summary
    assert "Too many complaints from you this hour" in summary
    # Every field was right: no list to read through, empty.
    assert "<ul" not in summary
    assert not Complaint.objects.exists()


def test_on_a_phone_each_of_my_complaints_is_a_card_its_values_under_their_columns(
    client, citizen, hong_bang_ward
):
    _login(client, citizen)
    client.post(NEW, _form(hong_bang_ward))

    page = client.get(reverse("complaints:list")).content.decode()

    table = re.search(r'<table class="([^"]*)" data-testid="my-complaints">(.*?)</table>', page,
                      re.S)  # fmt: skip
    assert "table-stack" in table.group(1)
    assert '<caption class="visually-hidden">' in table.group(2)
    columns = ["Mã phản ánh", "Nội dung", "Cơ quan, đơn vị bị phản ánh", "Trạng thái",
               "Hạn trả lời"]  # fmt: skip
    assert re.findall(r'<th scope="col">(.*?)</th>', table.group(2)) == columns
    # Below md each cell names its column, for sight only: screen readers read the headers.
    row = re.search(r'<tr data-testid="my-complaint">(.*?)</tr>', table.group(2), re.S).group(1)
    labels = re.findall(r'<span class="d-block d-md-none[^"]*" aria-hidden="true">(.*?)</span>',
                        row)  # fmt: skip
    assert labels == columns


def test_the_hotline_desk_speaks_to_the_staff_member_not_to_the_caller(client, citizen):
    _login(client, CenterStaffFactory())
    hotline = client.get(reverse("complaints:hotline")).content.decode()
    intro = hotline.split('data-testid="intro">')[1].split("</p>")[0]
    assert "người gọi" in intro and "Cán bộ không được yêu cầu bạn" not in hotline

    _login(client, citizen)
    own = client.get(NEW).content.decode().split('data-testid="intro">')[1].split("</p>")[0]
    assert "Cán bộ không được yêu cầu bạn" in own


def _tag(page: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    return re.search(rf'<[a-z]+[^>]*\bid="{element_id}"[^>]*>', page).group(0)


def _described_by(tag: str) -> list[str]:
    return re.search(r'aria-describedby="([^"]*)"', tag).group(1).split()


def test_each_refused_field_points_to_its_error_and_the_categories_group_to_theirs(
    client, citizen, hong_bang_ward
):
    _login(client, citizen)
    refused = {**_form(hong_bang_ward), "category": "", "description": "", "unit": "0",
               "dossier": "0"}  # fmt: skip
    response = client.post(NEW, refused)

    page = response.content.decode()
    assert response.status_code == 400
    for name in ("dossier", "unit", "description"):
        control = _tag(page, f"id_{name}")
        assert "is-invalid" in control and 'aria-invalid="true"' in control
        assert f"id_{name}_error" in _described_by(control)
        assert 'class="invalid-feedback"' in _tag(page, f"id_{name}_error")
    # Help stays tied to its control, next to the error.
    assert "id_description_helptext" in _described_by(_tag(page, "id_description"))
    assert "id_dossier_helptext" in _described_by(_tag(page, "id_dossier"))
    # The radios are one group: the fieldset carries the error, styled as the others.
    fieldset = re.search(r"<fieldset[^>]*>(?=\s*<legend[^>]*>[^<]*</legend>\s*"
                         r'<div class="form-check"><input type="radio" name="category")',
                         page).group(0)  # fmt: skip
    assert _described_by(fieldset) == ["id_category_error"]
    assert 'class="invalid-feedback d-block"' in _tag(page, "id_category_error")


def test_without_an_account_a_refused_contact_field_points_to_its_error(client, hong_bang_ward):
    response = client.post(NEW, _form(hong_bang_ward, reporter_name="Mai",
                                      reporter_email="not an address"))  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 400
    control = _tag(page, "id_reporter_email")
    assert 'aria-invalid="true"' in control
    assert _described_by(control) == ["id_reporter_email_error"]
    assert "is-invalid" not in _tag(page, "id_reporter_name")
    assert "aria-describedby" not in _tag(page, "id_reporter_name")


def test_an_empty_complaint_is_sent_back_with_every_error_at_once(client, hong_bang_ward):
    # Nothing filled in but the province: one answer names every field to correct.
    response = client.post(NEW, {"province": "31", "reporter_email": "mai@"})

    page = response.content.decode()
    assert response.status_code == 400
    assert not Complaint.objects.exists()
    summary = page.split('data-testid="error-summary">')[1].split("</div>")[0]
    for anchor in ("id_category_0", "id_description", "id_unit", "id_reporter_name",
                   "id_reporter_email"):  # fmt: skip
        assert f'href="#{anchor}"' in summary, anchor
    for name in ("unit", "description", "reporter_name", "reporter_email"):
        control = _tag(page, f"id_{name}")
        assert 'aria-invalid="true"' in control and f"id_{name}_error" in _described_by(control)
    assert "Chọn cơ quan, đơn vị bị phản ánh" in page and "Nhập họ và tên" in page
    # The address typed, though malformed, is a way to reach them: not asked for again.
    assert "Để lại số điện thoại" not in page and "reporter_phone_error" not in page
    assert 'value="mai@"' in _tag(page, "id_reporter_email")


def test_without_any_contact_the_reporter_is_asked_for_a_name_and_a_way_to_reach_them(
    client, hong_bang_ward
):
    response = client.post(NEW, {"province": "31", "category": "reprovide_data",
                                 "description": "Bị yêu cầu nộp bản sao."})  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 400
    summary = page.split('data-testid="error-summary">')[1].split("</div>")[0]
    assert all(f'href="#id_{name}"' in summary for name in ("unit", "reporter_name",
                                                            "reporter_phone"))  # fmt: skip
    # What was typed stays.
    assert re.search(r'id="id_description"[^>]*>Bị yêu cầu nộp bản sao.</textarea>', page)
    assert re.search(r'<input type="radio" name="category" value="reprovide_data"[^>]*checked',
                     page)  # fmt: skip


@pytest.mark.parametrize("body", [{}, "{}"])
def test_a_complaint_posted_empty_is_refused_field_by_field_and_nothing_filed(
    client, hong_bang_ward, body
):
    options = {"content_type": "application/json"} if isinstance(body, str) else {}
    response = client.post(NEW, body, **options)

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode() or "errorlist" in response.text
    assert not Complaint.objects.exists()


def test_a_reporter_who_reopens_a_concluded_complaint_is_given_a_new_answer_date(
    client, hong_bang_ward
):
    import datetime

    from django.utils import timezone

    from complaints.deadlines import handling_due
    from complaints.models import ComplaintStatus

    complaint = ComplaintFactory(
        unit=hong_bang_ward, responsible_agency=hong_bang_ward, routing_due=False,
        status=ComplaintStatus.CONCLUDED, outcome="unsubstantiated", response="Đã trả lời.",
        concluded_at=timezone.now() - datetime.timedelta(days=60),
        due_date=timezone.localdate() - datetime.timedelta(days=61), escalation_level=1,
    )  # fmt: skip
    _login(client, complaint.reporter)
    before = timezone.now()

    answer = client.post(
        reverse("complaints:reporter-act", kwargs={"code": complaint.code}),
        {"action": "rate", "rating": "1", "comment": "Chưa hài lòng với kết quả xử lý."},
        follow=True,
    )

    complaint.refresh_from_db()
    assert answer.status_code == 200 and complaint.status == ComplaintStatus.IN_HANDLING
    # Counted from the reopening, as for a complaint filed now: no longer overdue.
    assert complaint.due_date in {
        handling_due(category=complaint.category, received_at=at) for at in (before, timezone.now())
    }
    assert complaint.due_date > timezone.localdate() and complaint.escalation_level == 0
    assert complaint.due_date.strftime("%d/%m/%Y") in answer.content.decode()


@pytest.mark.parametrize(
    ("status", "sent", "vietnamese", "english"),
    [("awaiting_reporter", {"action": "reply", "text": "Ngày 20/11."},
      "Đã gửi câu trả lời của bạn.", "Your answer was sent."),
     ("concluded", {"action": "rate", "rating": "5"},
      "Cảm ơn bạn đã đánh giá.", "Thank you for your rating."),
     ("concluded", {"action": "rate", "rating": "1", "comment": "Chưa thỏa đáng."},
      "Đã ghi nhận đánh giá của bạn: phản ánh được xử lý lại.",
      "Your rating is recorded: the complaint is handled again.")],
)  # fmt: skip
def test_the_reporter_is_told_what_was_recorded_in_both_languages(
    client, hong_bang_ward, status, sent, vietnamese, english
):
    complaint = ComplaintFactory(unit=hong_bang_ward, responsible_agency=hong_bang_ward,
                                 routing_due=False, status=status, outcome="unsubstantiated",
                                 response="Đã trả lời.")  # fmt: skip
    _login(client, complaint.reporter)

    page = client.post(reverse("complaints:reporter-act", kwargs={"code": complaint.code}),
                       sent, follow=True, HTTP_ACCEPT_LANGUAGE="en").content.decode()  # fmt: skip

    assert f'<span lang="vi">{vietnamese}</span> {english}' in page
