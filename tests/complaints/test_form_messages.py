"""The complaint form speaks as the rest of the portal does: each refusal,
and the word that the complaint was received, in Vietnamese then English,
whatever the page's language."""

import re

import pytest
from django.conf import settings

from complaints.models import Complaint
from tests.complaints.test_views import NEW, _form, _login

pytestmark = pytest.mark.django_db

WITH_ACCOUNT = {
    "category": "Chọn loại phản ánh. Choose what the complaint is about.",
    "description": "Hãy cho biết điều đã xảy ra. Tell us what happened.",
}
WITHOUT_ACCOUNT = {
    **WITH_ACCOUNT,
    "unit": "Chọn cơ quan, đơn vị trong danh sách của tỉnh, thành phố đã chọn. "
    "Choose the unit from the list of the province chosen.",
    "official_named": "Tối đa 255 ký tự. At most 255 characters.",
    "reporter_email": "Địa chỉ thư điện tử không hợp lệ. Enter a valid e-mail address.",
}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_form_s_refusals_are_in_vietnamese_then_english(client, citizen, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    _login(client, citizen)

    refused = client.post(NEW, {"province": "31", "description": "  "})

    assert refused.status_code == 400
    errors = refused.context["form"].errors
    assert {field: errors[field] for field in WITH_ACCOUNT} == {
        field: [message] for field, message in WITH_ACCOUNT.items()
    }


def test_refusals_of_a_reporter_without_an_account_are_in_both_languages(client, hong_bang_ward):
    refused = client.post(NEW, {
        "province": "31", "unit": "999999", "official_named": "z" * 256,
        "reporter_name": "Mai", "reporter_email": "không phải địa chỉ",
    })  # fmt: skip

    assert refused.status_code == 400
    errors = refused.context["form"].errors
    assert {field: errors[field] for field in WITHOUT_ACCOUNT} == {
        field: [message] for field, message in WITHOUT_ACCOUNT.items()
    }
    # Next to its field, the English part marked as such for screen readers.
    assert (
        'id="id_description_error">Hãy cho biết điều đã xảy ra. '
        '<span lang="en">Tell us what happened.</span>' in refused.content.decode()
    )


def test_a_description_too_long_is_refused_in_both_languages(client, citizen, hong_bang_ward):
    _login(client, citizen)
    refused = client.post(NEW, _form(hong_bang_ward, description="x" * 5001))
    assert refused.context["form"].errors["description"] == [
        "Nội dung tối đa 5000 ký tự. The description is limited to 5000 characters."
    ]


@pytest.mark.parametrize(
    ("language", "shown"),
    [("vi", 'Đã tiếp nhận phản ánh {code}. <span lang="en">Complaint {code} received.</span>'),
     ("en", '<span lang="vi">Đã tiếp nhận phản ánh {code}.</span> Complaint {code} received.')],
)  # fmt: skip
def test_the_word_that_the_complaint_was_received_is_in_both_languages(
    client, citizen, hong_bang_ward, language, shown
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    _login(client, citizen)

    response = client.post(NEW, _form(hong_bang_ward), follow=True)

    code = Complaint.objects.get().code
    alert = re.search(r'<div class="alert[^"]*alert-success[^>]*>(.*?)</div>',
                      response.content.decode(), re.S).group(1)  # fmt: skip
    assert alert == shown.format(code=code)
