"""The API framework's messages answer in Vietnamese and in English."""

from pathlib import Path

import pytest
import rest_framework
from django.core import validators

from portal.core.api_messages import API_FRAMEWORK_MESSAGES

pytestmark = pytest.mark.django_db


def test_every_listed_message_is_the_frameworks_word_for_word():
    # The framework's fields also raise Django's validators' messages (a NUL).
    paths = [*Path(rest_framework.__file__).parent.glob("*.py"), Path(validators.__file__)]
    source = "".join(path.read_text() for path in paths)
    assert [message for message in API_FRAMEWORK_MESSAGES if message not in source] == []


def test_bad_input_to_an_api_is_answered_in_vietnamese_and_in_english(client):
    """Whatever language the reader asked for, as the portal's own messages."""
    body = {"category": "nope"}
    vietnamese = client.post("/api/complaints/", body, content_type="application/json")
    english = client.post("/api/complaints/", body, content_type="application/json",
                          headers={"accept-language": "en"})  # fmt: skip

    assert vietnamese.status_code == english.status_code == 400
    both = '“nope” không phải là một lựa chọn hợp lệ. "nope" is not a valid choice.'
    assert vietnamese.json()["fields"] == english.json()["fields"]
    assert vietnamese.json()["fields"]["category"] == [both]
    refused = client.get("/api/dossiers/", headers={"accept-language": "en"})
    assert refused.json() == {
        "code": "not_authenticated",
        "detail": "Chưa cung cấp thông tin xác thực. Authentication credentials were not provided.",
    }
