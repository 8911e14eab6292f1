"""Filing a complaint: who may, what is checked, what is recorded."""

import datetime
from dataclasses import replace

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from complaints.exceptions import ComplaintInvalid, ComplaintStorageUnavailable
from complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintEvidence,
    ComplaintStatus,
)
from complaints.services import Contact, Report, complaint_file
from portal.notifications.models import Notification
from tests.accounts.factories import CenterStaffFactory, CitizenFactory
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _report(unit, **overrides) -> Report:
    fields = {
        "category": ComplaintCategory.REPROVIDE_DATA,
        "description": "Cán bộ yêu cầu tôi nộp bản sao căn cước.",
        "unit": unit,
    }
    return Report(**(fields | overrides))


def test_a_citizen_files_a_complaint_with_a_code_a_deadline_and_is_told(citizen, hong_bang_ward):
    complaint = complaint_file(report=_report(hong_bang_ward), reporter=citizen)

    today = timezone.localdate()
    assert complaint.code == f"PAKN-{today:%y%m%d}-0001"
    assert complaint.channel == ComplaintChannel.ONLINE
    assert complaint.status in (ComplaintStatus.RECEIVED, ComplaintStatus.ROUTED)
    assert complaint.due_date > today
    notice = Notification.objects.get(user=citizen)
    assert complaint.code in notice.title and complaint.tracking_token in notice.url


def test_codes_run_per_day(citizen, hong_bang_ward):
    first = complaint_file(report=_report(hong_bang_ward), reporter=citizen)
    second = complaint_file(report=_report(hong_bang_ward), reporter=citizen)
    assert int(second.code[-4:]) == int(first.code[-4:]) + 1


def test_the_deadline_counts_working_days_across_tet(citizen, hong_bang_ward, monkeypatch):
    # Filed on the Friday before Tết 2027 (Tết is 6 February 2027), in the morning.
    filed = timezone.make_aware(datetime.datetime(2027, 2, 5, 9, 0))
    monkeypatch.setattr("complaints.services.timezone.now", lambda: filed)
    complaint = complaint_file(report=_report(hong_bang_ward), reporter=citizen)
    # Five working days after the day of receipt, skipping the weekend and the Tết holidays.
    assert complaint.due_date > datetime.date(2027, 2, 12)
    assert complaint.due_date.weekday() < 5


def test_someone_without_an_account_leaves_contact_details_and_gets_an_e_mail(
    hong_bang_ward, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_file(
            report=_report(hong_bang_ward),
            contact=Contact(name="Trần Thị Mai", email="mai@example.vn"),
        )
    assert complaint.channel == ComplaintChannel.ANONYMOUS and complaint.reporter is None
    received, routed = mail.outbox  # filed, then routed
    assert complaint.code in received.subject and complaint.code in routed.subject
    assert complaint.tracking_token in received.body


def test_hotline_staff_enter_a_call_for_the_caller(hong_bang_ward):
    staff = CenterStaffFactory()
    complaint = complaint_file(
        report=_report(hong_bang_ward),
        contact=Contact(name="Lê Văn Tám", phone="0912345678"),
        entered_by=staff,
    )
    assert complaint.channel == ComplaintChannel.HOTLINE
    assert complaint.entered_by == staff and complaint.reporter is None
    assert complaint.events.get().actor == staff


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": "   "}, "description"),
        ({"description": "x" * 5001}, "description"),
        ({"category": "bribery"}, "category"),
        ({"unit": None}, "unit"),
        ({"requested_item": "y" * 501}, "requested_item"),
        # Longer than its column: PostgreSQL would refuse it with a server error.
        ({"official_named": "z" * 256}, "official_named"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(citizen, hong_bang_ward, overrides, field):
    with pytest.raises(ComplaintInvalid) as refused:
        complaint_file(report=replace(_report(hong_bang_ward), **overrides), reporter=citizen)
    assert refused.value.field == field
    assert not Complaint.objects.exists()


def test_an_e_mail_address_longer_than_its_column_is_refused_and_nothing_is_stored(
    hong_bang_ward,
):
    email = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + ".vn"  # 259 characters
    with pytest.raises(ComplaintInvalid) as refused:
        complaint_file(report=_report(hong_bang_ward), contact=Contact(name="Mai", email=email))
    assert refused.value.field == "reporter_email"
    assert refused.value.message == "Tối đa 254 ký tự. At most 254 characters."
    assert not Complaint.objects.exists()


def test_a_reporter_without_an_account_must_leave_a_way_to_reach_them(hong_bang_ward):
    with pytest.raises(ComplaintInvalid) as refused:
        complaint_file(report=_report(hong_bang_ward), contact=Contact(name="Mai"))
    assert refused.value.field == "reporter_phone"
    assert not Complaint.objects.exists()


def test_linking_ones_own_dossier_takes_its_unit_and_procedure(citizen):
    dossier = DossierFactory(applicant=citizen, code="11311-261125-0001")
    complaint = complaint_file(report=_report(None, dossier=dossier), reporter=citizen)
    assert complaint.unit == dossier.agency and complaint.procedure == dossier.procedure


def test_someone_elses_dossier_cannot_be_linked(citizen):
    other = DossierFactory(applicant=CitizenFactory(), code="11311-261125-0002")
    with pytest.raises(ComplaintInvalid) as refused:
        complaint_file(report=_report(None, dossier=other), reporter=citizen)
    assert refused.value.field == "dossier"
    assert not Complaint.objects.exists()


def test_a_storage_failure_on_a_later_file_leaves_nothing_behind(
    citizen, hong_bang_ward, storage_fails_on_the_second_file, django_capture_on_commit_callbacks
):
    files = [SimpleUploadedFile(f"anh-{n}.png", PNG) for n in range(3)]

    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(ComplaintStorageUnavailable) as refused,
    ):
        complaint_file(report=_report(hong_bang_ward), reporter=citizen, evidence=files)

    assert "Không lưu được tệp đính kèm" in refused.value.message
    assert "could not be stored" in refused.value.message
    assert not Complaint.objects.exists() and not ComplaintEvidence.objects.exists()
    assert not [path for path in storage_fails_on_the_second_file.rglob("*") if path.is_file()]
    assert not Notification.objects.exists() and not callbacks  # no routing, no notice


def test_a_filing_that_fails_after_storing_its_files_deletes_them(
    citizen, hong_bang_ward, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path

    def _broken(**kwargs):
        raise RuntimeError("notification outbox unreachable")

    monkeypatch.setattr("complaints.services.reporter_notify", _broken)
    with pytest.raises(RuntimeError):
        complaint_file(report=_report(hong_bang_ward), reporter=citizen,
                       evidence=[SimpleUploadedFile("anh.png", PNG)])  # fmt: skip

    assert not Complaint.objects.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_a_filing_that_succeeds_keeps_its_files(citizen, hong_bang_ward, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    complaint = complaint_file(
        report=_report(hong_bang_ward), reporter=citizen,
        evidence=[SimpleUploadedFile(f"anh-{n}.png", PNG) for n in range(2)],
    )  # fmt: skip

    kept = [evidence.file for evidence in complaint.evidence.all()]
    assert len(kept) == 2 and all(file.storage.exists(file.name) for file in kept)
    assert len([path for path in tmp_path.rglob("*") if path.is_file()]) == 2


def test_every_fault_of_a_filing_is_named_at_once_and_nothing_is_stored():
    with pytest.raises(ComplaintInvalid) as refused:
        complaint_file(report=Report(category="", description=" "), contact=Contact())
    assert list(refused.value.errors) == [
        "category", "description", "unit", "reporter_name", "reporter_phone",
    ]  # fmt: skip
    assert refused.value.field == "category"  # the first, for who shows only one
    assert not Complaint.objects.exists()
