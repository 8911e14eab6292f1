"""WCAG 3.1.2, Language of Parts: a "Vietnamese. English." message shown in a
page marks its part in the other language than the page's; the APIs' JSON
keeps the plain text."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from portal.core.language_parts import mark_language_parts, split_languages

REFUSAL_VI = "Yêu cầu có ký tự không hợp lệ (NUL); không có gì được lưu."
REFUSAL_EN = "The request contains a character that is not allowed (NUL); nothing was stored."


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Chọn đơn vị. Choose the unit.", ("Chọn đơn vị. ", "Choose the unit.")),
        ("Tệp lớn hơn 10 MB cho phép. The file is larger than the 10 MB allowed.",
         ("Tệp lớn hơn 10 MB cho phép. ", "The file is larger than the 10 MB allowed.")),
        # Two Vietnamese sentences; an English one naming a Vietnamese unit.
        ("Hồ sơ đã được gửi. Hãy chờ kết quả. The dossier was sent to Phường Hồng Bàng.",
         ("Hồ sơ đã được gửi. Hãy chờ kết quả. ", "The dossier was sent to Phường Hồng Bàng.")),
        ("Ngày hẹn mới: 12/12/2026. New appointment date: 12/12/2026.",
         ("Ngày hẹn mới: 12/12/2026. ", "New appointment date: 12/12/2026.")),
        # English naming Vietnamese fields.
        (
            "Đã lưu: Lý do. Chưa lưu: Số điện thoại. Saved: Lý do. Not saved, as not valid: "
            "Số điện thoại.",
            ("Đã lưu: Lý do. Chưa lưu: Số điện thoại. ",
             "Saved: Lý do. Not saved, as not valid: Số điện thoại."),
        ),
        ("Không có giấy tờ này.", None),
        ("Unknown document.", None),
        ("Nguyễn Văn An", None),
    ],
)  # fmt: skip
def test_a_message_is_cut_where_its_english_begins(text, parts):
    assert split_languages(text) == parts


def test_the_part_in_the_other_language_than_the_page_s_is_marked_and_all_is_escaped():
    text = "Hãy chọn <b>một</b> tệp. Choose a file & send it."

    assert mark_language_parts(text, "vi") == (
        'Hãy chọn &lt;b&gt;một&lt;/b&gt; tệp. <span lang="en">Choose a file &amp; send it.</span>'
    )
    assert mark_language_parts(text, "en") == (
        '<span lang="vi">Hãy chọn &lt;b&gt;một&lt;/b&gt; tệp.</span> Choose a file &amp; send it.'
    )
    assert mark_language_parts("<i>Không có.</i>", "vi") == "&lt;i&gt;Không có.&lt;/i&gt;"


def test_a_field_s_errors_are_each_marked_and_markup_made_safe_is_kept():
    errors = ["Chọn đơn vị. Choose the unit.", "Bắt buộc."]

    assert mark_language_parts(errors, "vi") == (
        'Chọn đơn vị. <span lang="en">Choose the unit.</span> Bắt buộc.'
    )
    assert mark_language_parts(mark_safe("<a href='/'>Về trang chủ</a>"), "vi") == (
        "<a href='/'>Về trang chủ</a>"
    )


def test_the_filter_marks_by_the_language_the_page_is_shown_in():
    template = "{% load language_parts %}{{ message|language_parts }}"
    from django.template import Context, Template
    from django.utils.translation import override

    with override("en"):
        shown = Template(template).render(Context({"message": "Chọn đơn vị. Choose the unit."}))

    assert shown == '<span lang="vi">Chọn đơn vị.</span> Choose the unit.'


@pytest.mark.django_db
def test_a_refusal_page_marks_its_english_and_on_english_pages_its_vietnamese(client):
    vietnamese = client.get("/procedures/", {"q": "a\x00b"}).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/procedures/", {"q": "a\x00b"}).content.decode()

    assert '<html lang="vi">' in vietnamese
    assert f'{REFUSAL_VI} <span lang="en">{REFUSAL_EN}</span>' in vietnamese
    assert '<html lang="en">' in english
    assert f'<span lang="vi">{REFUSAL_VI}</span> {REFUSAL_EN}' in english


@pytest.mark.django_db
def test_the_apis_keep_the_message_as_plain_text(client):
    answer = client.get("/api/docs/", {"q": "a\x00b"})

    assert answer.status_code == 400
    assert answer.json()["detail"] == f"{REFUSAL_VI} {REFUSAL_EN}"


def test_the_server_error_page_marks_its_english():
    page = render_to_string("500.html")

    assert '<html lang="vi">' in page
    assert '<p lang="en">Something went wrong' in page
    assert 'Về trang chủ / <span lang="en">Home</span>' in page
