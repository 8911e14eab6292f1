"""A server error's report, as e-mailed to ADMINS, says where the request
failed but shows none of the citizen's data: no form value, cookie, session,
query value, file name or variable; secrets hidden, URL passwords too."""

from __future__ import annotations

import logging
import re
import sys

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import path
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from portal import urls as portal_urls
from portal.error_reports import PersonalDataExceptionReporter, mask_personal_numbers

PERSONAL_ID = "031190001234"
OLD_ID = "031090123"
PHONE = "0912345678"
PHONE_INTL = "+84912345678"
EMAIL = "nguyen.van.a@gmail.com"
ADDRESS = "Số 12 phố Lạch Tray, phường Lê Chân"
SESSION_KEY = "3b7f0c1e9a2d4c6e8f10a2b4c6d8e0f1"
COOKIE_VALUE = "tra-cuu-gan-nhat-0311"  # any other cookie: the portal cannot know what it holds


def _failing_request():
    request = RequestFactory().post(
        f"/ho-so/moi/?personal_id={PERSONAL_ID}",
        {
            "subject_personal_id": PERSONAL_ID,
            "permanent_address": ADDRESS,
            "giay-to": SimpleUploadedFile(f"CCCD_{PERSONAL_ID}.pdf", b"%PDF-1.4"),
        },
        HTTP_REFERER=f"https://motcuaso.gov.vn/ho-so/?q={PERSONAL_ID}",
    )
    request.COOKIES[django_settings.SESSION_COOKIE_NAME] = SESSION_KEY
    request.COOKIES["quay_tra_cuu"] = COOKIE_VALUE
    return request


def _exc_info_from_a_service():
    def dossier_start(subject_personal_id: str, permanent_address: str):
        household = {"head": subject_personal_id, "address": permanent_address}
        raise RuntimeError(f"lookup failed for a household of {len(household)} fields")

    try:
        dossier_start(PERSONAL_ID, ADDRESS)
    except RuntimeError:
        return sys.exc_info()


def _report(request, reporter_class=PersonalDataExceptionReporter) -> str:
    reporter = reporter_class(request, *_exc_info_from_a_service(), is_email=True)
    return reporter.get_traceback_text() + reporter.get_traceback_html()


@pytest.mark.django_db
def test_the_report_shows_where_it_failed_but_no_personal_data(settings):
    settings.REDIS_URL = "redis://:mat-khau-redis@redis.internal:6379/0"
    request = _failing_request()

    report = _report(request)

    assert "RuntimeError" in report and "dossier_start" in report  # where it failed
    assert "/ho-so/moi/" in report
    assert "subject_personal_id" in report  # which fields were posted, not their values
    for personal in (
        PERSONAL_ID,
        ADDRESS,
        "Lạch Tray",
        SESSION_KEY,
        COOKIE_VALUE,
        "mat-khau-redis",
    ):
        assert personal not in report
    assert settings.SECRET_KEY not in report


@pytest.mark.django_db
def test_without_the_portal_s_filter_the_same_report_would_show_them():
    # Guards the test above: Django's own report shows the values it hides.
    request = _failing_request()
    request.exception_reporter_filter = SafeExceptionReporterFilter()

    report = _report(request, ExceptionReporter)

    assert PERSONAL_ID in report and "Lạch Tray" in report and COOKIE_VALUE in report


@pytest.mark.django_db
def test_the_error_e_mail_to_the_admins_carries_no_personal_data(settings, mailoutbox):
    settings.ADMINS = [("Trực vận hành", "vanhanh@haiphong.gov.vn")]
    request = _failing_request()
    exc_info = _exc_info_from_a_service()

    logging.getLogger("django.request").error(
        "Internal Server Error: %s", request.path, exc_info=exc_info,
        extra={"status_code": 500, "request": request},
    )  # fmt: skip

    (message,) = mailoutbox
    assert message.subject.startswith("[Một cửa số] ERROR")
    assert "/ho-so/moi/" in message.subject
    body = message.body + "".join(str(part[0]) for part in message.alternatives)
    assert "dossier_start" in body
    for personal in (PERSONAL_ID, ADDRESS, SESSION_KEY, COOKIE_VALUE):
        assert personal not in body


def _exc_info_quoting_the_citizen():
    def household_of(subject_personal_id: str):
        try:
            raise LookupError(f"registry has no {PHONE} or {OLD_ID} for {subject_personal_id}")
        except LookupError as missing:
            error = ValueError(f"no household for {subject_personal_id}, ask {EMAIL}")
            error.add_note(f"called back {PHONE_INTL} about {subject_personal_id}")
            raise error from missing

    try:
        household_of(PERSONAL_ID)
    except ValueError:
        return sys.exc_info()


@pytest.mark.django_db
@pytest.mark.parametrize("request_or_none", ["request", "none"])
def test_the_report_masks_the_personal_numbers_an_exception_s_message_quotes(request_or_none):
    request = _failing_request() if request_or_none == "request" else None
    reporter = PersonalDataExceptionReporter(
        request, *_exc_info_quoting_the_citizen(), is_email=True
    )

    for report in (reporter.get_traceback_text(), reporter.get_traceback_html()):
        assert "ValueError" in report and "household_of" in report  # where it failed
        assert "no household for 031*********" in report  # which number, roughly
        assert "LookupError" in report and "registry has no" in report  # what it followed
        for personal in (PERSONAL_ID, OLD_ID, PHONE, "912345678", EMAIL, "gmail"):
            assert personal not in report


@pytest.mark.django_db
def test_without_the_portal_s_reporter_the_exception_s_message_would_show_them():
    # Guards the test above: Django's own report quotes the message as it is.
    reporter = ExceptionReporter(None, *_exc_info_quoting_the_citizen(), is_email=True)

    report = reporter.get_traceback_text() + reporter.get_traceback_html()

    assert PERSONAL_ID in report and OLD_ID in report and EMAIL in report and PHONE in report
    assert PHONE_INTL in report  # the note


def _lookup_that_fails(request, personal_id: str, email: str):
    raise RuntimeError("the household lookup failed")


# The portal's addresses, and one more that fails with a server error on a path
# that names a citizen, as a lookup by personal ID number would.
urlpatterns = [
    path("tra-cuu/<str:personal_id>/<str:email>/", _lookup_that_fails),
    *portal_urls.urlpatterns,
]
handler500 = portal_urls.handler500


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_failed_address_naming_a_citizen_is_masked_in_the_admins_e_mail(settings, mailoutbox):
    settings.ADMINS = [("Trực vận hành", "vanhanh@haiphong.gov.vn")]
    client = Client(raise_request_exception=False)

    response = client.get(f"/tra-cuu/{PERSONAL_ID}/{EMAIL}/", {"q": PHONE, "lien_he": PHONE_INTL})

    assert response.status_code == 500
    (message,) = mailoutbox
    assert "/tra-cuu/031*********/" in message.subject  # where it failed, roughly
    body = message.body + "".join(str(part[0]) for part in message.alternatives)
    assert "the household lookup failed" in body and "/tra-cuu/031*********/" in body
    for personal in (PERSONAL_ID, EMAIL, "gmail", PHONE, "912345678"):
        assert personal not in message.subject
        assert personal not in body


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_address_of_the_page_an_htmx_request_came_from_shows_no_query_value(
    settings, mailoutbox
):
    # HTMX names the page it was sent from (HX-Current-URL), its query string
    # with it, as a proxy may name the address it was asked for: the path stays,
    # the query's values do not, nor an e-mail address written %40.
    settings.ADMINS = [("Trực vận hành", "vanhanh@haiphong.gov.vn")]
    client = Client(raise_request_exception=False)
    token = "b3c1f0e2a9d84c7e"
    page = f"https://motcuaso.gov.vn/phan-anh/PA-0001/?t={token}&ten=L%E1%BA%A1ch%20Tray&q={PHONE}"

    response = client.get(
        f"/tra-cuu/{PERSONAL_ID}/nguyen.van.a%40gmail.com/",
        headers={"HX-Request": "true", "HX-Current-URL": page,
                 "X-Original-URL": f"/tra-cuu/{PERSONAL_ID}/nguyen.van.a%40gmail.com/"},
    )  # fmt: skip

    assert response.status_code == 500
    (message,) = mailoutbox
    body = message.body + "".join(str(part[0]) for part in message.alternatives)
    assert "https://motcuaso.gov.vn/phan-anh/PA-0001/" in body  # where the page was
    for personal in (token, "L%E1%BA%A1ch", "Lạch Tray", PHONE, "nguyen.van.a", "gmail"):
        assert personal not in body


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["(+84) 912 345 678", "(0225) 3842 123", "(091) 234.5678"])
def test_a_phone_number_written_with_its_prefix_in_brackets_is_masked(phone):
    try:
        raise LookupError(f"no subscriber at {phone} for this household")
    except LookupError:
        reporter = PersonalDataExceptionReporter(None, *sys.exc_info(), is_email=True)

    for report in (reporter.get_traceback_text(), reporter.get_traceback_html()):
        assert "no subscriber at [đã ẩn] for this household" in report
        assert phone.split(" ", 1)[1] not in report


VISITOR_IPV4 = "113.161.72.15"
VISITOR_IPV6 = "2402:800:6314:1a2b::3"


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_visitor_s_ip_addresses_are_masked_in_the_admins_e_mail(settings, mailoutbox):
    # The client's address (REMOTE_ADDR, as the proxy's headers relay it) is
    # personal data (Decree 13/2023); its network's first half says enough.
    settings.ADMINS = [("Trực vận hành", "vanhanh@haiphong.gov.vn")]
    client = Client(raise_request_exception=False, REMOTE_ADDR=VISITOR_IPV4)

    response = client.get(
        f"/tra-cuu/{PERSONAL_ID}/{EMAIL}/",
        headers={
            "X-Forwarded-For": f"{VISITOR_IPV6}, {VISITOR_IPV4}",
            "X-Real-IP": f"::ffff:{VISITOR_IPV4}",
            "Forwarded": f'for="[{VISITOR_IPV6}]:4711"',
        },
    )

    assert response.status_code == 500
    (message,) = mailoutbox
    body = message.body + "".join(str(part[0]) for part in message.alternatives)
    assert "REMOTE_ADDR" in body and "113.161.*.*" in body  # which network, roughly
    assert "2402:800:*" in body
    for personal in (VISITOR_IPV4, "72.15", "6314", "1a2b"):
        assert personal not in message.subject
        assert personal not in body


@pytest.mark.django_db
def test_an_ip_address_an_exception_s_message_quotes_is_masked():
    try:
        raise PermissionError(f"too many lookups from {VISITOR_IPV4} and [{VISITOR_IPV6}]:443")
    except PermissionError:
        reporter = PersonalDataExceptionReporter(None, *sys.exc_info(), is_email=True)

    for report in (reporter.get_traceback_text(), reporter.get_traceback_html()):
        assert "too many lookups from 113.161.*.* and [2402:800:*]:443" in report


@pytest.mark.parametrize(
    "text",
    ["Django 5.2.20", "at 12:30:45", "std::vector", "card 00:1a:2b:3c:4d:5e", "127.0.0.1:8000"],
)
def test_what_only_looks_like_an_ip_address_is_left_as_it_is(text):
    assert mask_personal_numbers(text) == text


REPORTER_NAME = "Phạm Thị Lan"
COMPLAINT_TEXT = "Cán bộ xã yêu cầu nộp lại giấy khai sinh"


@pytest.mark.django_db
def test_a_name_the_request_carried_is_masked_where_an_exception_s_message_quotes_it(citizen):
    # A name cannot be told from other words, but the signed-in user's, a name
    # or address field's and any value of several words can be; a single word
    # (a status) stays, so the message still says what went wrong.
    request = RequestFactory().post(
        "/phan-anh/moi/?trang_thai=submitted",
        {"reporter_name": REPORTER_NAME, "description": COMPLAINT_TEXT, "first_name": "Lan"},
    )
    request.user = citizen
    try:
        raise ValueError(
            f"cannot route the complaint of {REPORTER_NAME.upper()} (Lan), filed for "
            f"{citizen.full_name}: {COMPLAINT_TEXT.lower()}; status submitted"
        )
    except ValueError:
        reporter = PersonalDataExceptionReporter(request, *sys.exc_info(), is_email=True)

    for report in (reporter.get_traceback_text(), reporter.get_traceback_html()):
        assert "cannot route the complaint of [đã ẩn] ([đã ẩn]), filed for [đã ẩn]" in report
        assert "status submitted" in report
        for personal in ("Lan", "Nguyễn Văn An", "giấy khai sinh"):
            assert not re.search(rf"(?<!\w){personal}(?!\w)", report, re.I)
