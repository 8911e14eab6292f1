"""Every JSON API answers an error in one shape, {"code", "detail", "fields"}:
a machine code, the detail in Vietnamese then English whatever language the
reader asked for, and `fields` only for bad input, each message in both
languages: the framework's own refusals and field checks as the portal's."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from complaints.models import Complaint
from portal.accounts.models import Role, User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

BOTH = re.compile(r"[^\x00-\x7f].*[.!?] [A-Z\"].*[.!?]\Z", re.S)
STAFF = "/api/accounts/staff-assignments/"


def _answer(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code, body
    assert BOTH.search(body["detail"]), body["detail"]
    return body


def _api(user=None, language: str = "vi") -> APIClient:
    api = APIClient(headers={"accept-language": language})
    if user is not None:
        api.force_authenticate(user)
    return api


@pytest.mark.parametrize("language", ["vi", "en"])
def test_field_errors_name_each_field_with_its_messages_in_both_languages(hai_phong, language):
    admin = UserFactory(role=Role.ADMINISTRATOR)

    response = _api(admin, language).post(STAFF, {"personal_id": "x" * 40}, format="json")

    body = _answer(response, 400, "invalid")
    assert set(body) == {"code", "detail", "fields"}
    assert body["fields"] == {
        "personal_id": [
            "Trường này không được quá 32 ký tự. Ensure this field has no more than 32 characters."
        ],
        "role": ["Trường này là bắt buộc. This field is required."],
    }
    assert not User.objects.filter(role=Role.OFFICIAL).exists()


def test_a_domain_refusal_of_a_field_keeps_the_portal_s_own_message(hai_phong):
    admin = UserFactory(role=Role.ADMINISTRATOR)

    response = _api(admin).post(STAFF, {"personal_id": "031188002468", "role": "mayor"},
                                format="json")  # fmt: skip

    body = _answer(response, 400, "invalid")
    assert list(body["fields"]) == ["role"] and body["fields"]["role"] == [body["detail"]]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_caller_without_a_session_is_refused_in_both_languages(language):
    body = _answer(_api(language=language).get("/api/dossiers/"), 403, "not_authenticated")
    assert body == {
        "code": "not_authenticated",
        "detail": "Chưa cung cấp thông tin xác thực. Authentication credentials were not provided.",
    }


def test_an_agency_client_without_credentials_gets_a_401_with_its_challenge():
    response = _api().get("/api/agency/dossiers/")

    _answer(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Basic")
    wrong = APIClient(HTTP_AUTHORIZATION="Basic bm9ib2R5Om5vdGhpbmc=").get("/api/agency/dossiers/")
    assert set(_answer(wrong, 401, "authentication_failed")) == {"code", "detail"}


def test_a_role_the_api_is_not_for_is_forbidden_in_both_languages(leader):
    response = _api(leader, "en").post(STAFF, {}, format="json")

    body = _answer(response, 403, "permission_denied")
    assert body["detail"].endswith(". You do not have permission to perform this action.")


def test_what_is_not_found_says_so_in_both_languages(data_owner):
    # An object the view looks up itself, without naming the model in English.
    looked_up = _api(data_owner).post("/api/datasources/corrections/999999/decision/",
                                      {"decision": "accept"}, format="json")  # fmt: skip
    assert _answer(looked_up, 404, "not_found")["detail"] == "Không tìm thấy. Not found."
    # The portal's own words where it has them.
    procedure = _api().get("/api/procedures/9.999999/")
    assert "There is no such procedure" in _answer(procedure, 404, "not_found")["detail"]
    # An address under /api/ that leads nowhere: the same shape, not the HTML page.
    nowhere = _api().get("/api/no-such-api/")
    assert nowhere.json() == {"code": "not_found", "detail": "Không tìm thấy. Not found."}
    assert nowhere.status_code == 404
    assert _api().get("/no-such-page/")["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_method_the_api_does_not_take_is_a_405_in_both_languages(language):
    response = _api(language=language).delete("/api/procedures/")

    body = _answer(response, 405, "method_not_allowed")
    assert body["detail"] == 'Không cho phép phương thức “DELETE”. Method "DELETE" not allowed.'
    assert "GET" in response["Allow"]


def test_malformed_json_is_a_400_that_files_nothing(hong_bang_ward):
    response = _api().post("/api/complaints/", '{"category": ', content_type="application/json")

    assert set(_answer(response, 400, "parse_error")) == {"code", "detail"}
    assert not Complaint.objects.exists()


def test_a_body_in_a_type_the_api_does_not_read_is_a_415(hong_bang_ward):
    response = _api().post("/api/complaints/", "category=x", content_type="text/plain")

    body = _answer(response, 415, "unsupported_media_type")
    assert "text/plain" in body["detail"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_body_without_a_type_is_a_415_in_both_languages(citizen, language):
    response = _api(citizen, language).generic(
        "POST", "/api/dossiers/", b'{"procedure": "1.001193"}', content_type=""
    )

    _answer(response, 415, "unsupported_media_type")


def test_a_flood_of_complaints_is_throttled_in_the_same_shape(settings, hong_bang_ward):
    settings.COMPLAINT_FILINGS_PER_HOUR = 1
    api = _api()
    api.post("/api/complaints/", {}, format="json")

    response = api.post("/api/complaints/", {}, format="json")

    assert set(_answer(response, 429, "too_many")) == {"code", "detail"}


def test_a_server_error_under_api_is_json_in_both_languages_never_a_trace(monkeypatch):
    def broken(**filters):
        raise RuntimeError("a bug")

    monkeypatch.setattr("procedures.api_public.catalog_search", broken)
    monkeypatch.setattr("procedures.public_views.catalog_search", broken)
    api = APIClient(raise_request_exception=False)

    body = _answer(api.get("/api/procedures/"), 500, "server_error")
    assert "a bug" not in body["detail"] and set(body) == {"code", "detail"}
    page = Client(raise_request_exception=False).get("/procedures/", {"q": "x"})
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_message_ending_in_a_value_is_said_once_in_each_language(citizen, language):
    """A refusal shaped by the view, then by the handler, is not rendered again:
    its English would come back once more after the value at its end."""
    api = _api(citizen, language)

    started = api.post("/api/dossiers/", [1], format="json")
    complained = _api(language=language).post("/api/complaints/", {"contact": "x"}, format="json")

    assert _answer(started, 400, "invalid")["fields"]["non_field_errors"] == [
        "Dữ liệu không hợp lệ: cần một đối tượng, nhận được list. "
        "Invalid data. Expected a dictionary, but got list."
    ]
    assert _answer(complained, 400, "invalid")["fields"]["contact.non_field_errors"] == [
        "Dữ liệu không hợp lệ: cần một đối tượng, nhận được str. "
        "Invalid data. Expected a dictionary, but got str."
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_page_past_the_last_is_a_404_in_both_languages(citizen, language):
    response = _api(citizen, language).get("/api/dossiers/", {"page": 9})

    assert _answer(response, 404, "not_found")["detail"] == "Trang không hợp lệ. Invalid page."


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_lone_surrogate_in_a_value_is_refused_in_both_languages(citizen, language):
    """A JSON escape that stands for no character (half of a surrogate pair)."""
    response = _api(citizen, language).post(
        "/api/dossiers/", b'{"procedure": "\\ud800", "agency": "31"}',
        content_type="application/json",
    )  # fmt: skip

    assert _answer(response, 400, "invalid")["fields"]["procedure"] == [
        "Không được dùng ký tự đại diện (surrogate): U+D800. "
        "Surrogate characters are not allowed: U+D800."
    ]
