"""Disclosure: only reviewed answers are public, never with personal data;
page, CSV and JSON hold the same records and escape what they carry."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.disclosure import complaint_publish, personal_data_found
from complaints.exceptions import ComplaintInvalid
from complaints.models import ComplaintOutcome, ComplaintStatus, DisclosureStatus
from tests.accounts.factories import CenterStaffFactory, OfficialFactory
from tests.complaints.factories import ComplaintFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def concluded(hong_bang_ward, citizen):
    return ComplaintFactory(
        unit=hong_bang_ward, responsible_agency=hong_bang_ward, reporter=citizen,
        status=ComplaintStatus.CONCLUDED, outcome=ComplaintOutcome.SUBSTANTIATED,
        concluded_at=timezone.now(), disclosure_status=DisclosureStatus.PENDING,
        response="Ông Nguyễn Văn An (SĐT 0912345678) bị yêu cầu nộp bản sao căn cước.",
        reporter_email="an@example.vn",
    )  # fmt: skip


@pytest.fixture
def reviewer(client):
    staff = CenterStaffFactory()
    client.force_login(staff, backend="portal.accounts.backends.VNeIDSessionBackend")
    return staff


@pytest.mark.parametrize(
    "text",
    ["Số định danh 031090001234 đã được xác minh.", "Gọi 0912 345 678 để biết thêm.",
     "Liên hệ an@example.vn.", "Ông nguyễn văn an đã được xin lỗi."],
)  # fmt: skip
def test_text_with_personal_data_cannot_be_published(concluded, reviewer, text):
    assert personal_data_found(text, complaint=concluded)
    with pytest.raises(ComplaintInvalid):
        complaint_publish(complaint=concluded, by=reviewer, text=text)
    concluded.refresh_from_db()
    assert concluded.disclosure_status == DisclosureStatus.PENDING


def test_a_pending_answer_is_not_public_until_reviewed(client, concluded, reviewer):
    assert concluded.code not in client.get(reverse("complaints:public")).content.decode()
    page = client.get(reverse("complaint-workspace:disclosure"))
    assert concluded.code in page.content.decode()

    refused = client.post(reverse("complaint-workspace:disclosure"),
                          {"code": concluded.code, "text": concluded.response})  # fmt: skip
    assert refused.status_code == 400

    clean = "Công dân bị yêu cầu nộp bản sao căn cước; cán bộ đã bị nhắc nhở."
    client.post(reverse("complaint-workspace:disclosure"), {"code": concluded.code, "text": clean})
    client.logout()
    public = client.get(reverse("complaints:public"), {"province": 31}).content.decode()
    assert clean in public and concluded.code in public
    for personal in ("Nguyễn Văn An", "0912345678", "an@example.vn", concluded.description):
        assert personal not in public


def test_open_data_holds_only_the_public_fields(client, concluded, reviewer):
    complaint_publish(
        complaint=concluded, by=reviewer, text='=HYPERLINK("http://x") <b>đã xử lý</b>'
    )
    data = json.loads(client.get(reverse("complaints:public-json")).content)
    assert data["count"] == 1
    record = data["complaints"][0]
    assert set(record) == {"code", "category", "unit", "received_on", "concluded_on", "outcome",
                           "answer"}  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(
        client.get(reverse("complaints:public-csv")).content.decode("utf-8-sig"))))  # fmt: skip
    assert rows[0]["answer"].startswith("'=")  # a spreadsheet shows it, never runs it
    html = client.get(reverse("complaints:public")).content.decode()
    assert "<b>đã xử lý</b>" not in html and "&lt;b&gt;" in html


def test_only_reviewers_of_the_province_may_publish(client, concluded):
    official = OfficialFactory(agency=concluded.unit)
    client.force_login(official, backend="portal.accounts.backends.VNeIDSessionBackend")
    assert client.get(reverse("complaint-workspace:disclosure")).status_code == 403
    with pytest.raises(ComplaintInvalid):
        complaint_publish(complaint=concluded, by=official, text="Đã xử lý.")


def test_the_page_shows_days_as_vietnamese_read_them_and_open_data_keeps_iso(
    client, concluded, reviewer
):
    import datetime

    received = timezone.make_aware(datetime.datetime(2026, 11, 24, 9, 30))
    concluded.received_at = received
    concluded.concluded_at = received + datetime.timedelta(days=3)
    concluded.save(update_fields=["received_at", "concluded_at"])
    complaint_publish(complaint=concluded, by=reviewer, text="Đơn vị đã chấn chỉnh.")

    html = client.get(reverse("complaints:public")).content.decode()
    assert "24/11/2026" in html and "27/11/2026" in html and "2026-11-24" not in html
    record = json.loads(client.get(reverse("complaints:public-json")).content)["complaints"][0]
    assert (record["received_on"], record["concluded_on"]) == ("2026-11-24", "2026-11-27")


def test_a_refused_text_is_flagged_at_the_top_and_each_decision_is_confirmed(
    client, concluded, reviewer, settings
):
    url = reverse("complaint-workspace:disclosure")
    refused = client.post(url, {"code": concluded.code, "text": concluded.response})

    assert refused.status_code == 400
    page = refused.content.decode()
    summary = page.split('data-testid="refused-summary">')[1].split("</div>")[0]
    assert f'href="#review-{concluded.code}"' in summary
    assert f'id="review-{concluded.code}"' in page

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    done = client.post(url, {"code": concluded.code, "text": "Đơn vị đã chấn chỉnh."}, follow=True)
    assert f"The answer to complaint {concluded.code} is published." in done.content.decode()
