"""The citizen reads what came of each access to their data in plain words,
not the technical outcome officials see ("returned from cache")."""

import pytest

from portal.audit.models import AccessOutcome
from portal.audit.services import access_log_record

pytestmark = pytest.mark.django_db

BACKEND = "portal.accounts.backends.VNeIDSessionBackend"


def _access(citizen, official, outcome):
    access_log_record(
        actor=official, subject_personal_id=citizen.personal_id, source="population",
        fields=["full_name"], purpose_type="dossier", purpose_id="7", outcome=outcome,
    )  # fmt: skip


def test_a_reuse_of_data_read_before_is_said_in_plain_words(client, citizen, commune_official):
    _access(citizen, commune_official, AccessOutcome.CACHED)
    client.force_login(citizen, backend=BACKEND)

    html = client.get("/data/my-data-access/").content.decode()

    assert "Dùng lại dữ liệu đã đọc trước đó (không đọc lại từ CSDL)" in html
    assert "bộ đệm" not in html


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        (AccessOutcome.OK, "Đã đọc dữ liệu từ CSDL"),
        (AccessOutcome.NOT_FOUND, "CSDL không có dữ liệu này của bạn"),
        (AccessOutcome.DENIED, "Không đọc: bị từ chối vì không có quyền"),
        (AccessOutcome.REFUSED, "Không đọc: yêu cầu không đầy đủ hoặc không hợp lệ"),
        (AccessOutcome.FAILED, "Không đọc được: CSDL không trả lời"),
    ],
)
def test_every_outcome_says_whether_the_data_was_read(
    client, citizen, commune_official, outcome, words
):
    _access(citizen, commune_official, outcome)
    client.force_login(citizen, backend=BACKEND)

    html = client.get("/data/my-data-access/").content.decode()

    assert words in html


def test_the_home_page_says_it_in_the_same_words(client, citizen, commune_official):
    _access(citizen, commune_official, AccessOutcome.CACHED)
    client.force_login(citizen, backend=BACKEND)

    html = client.get("/accounts/home/").content.decode()

    assert "Dùng lại dữ liệu đã đọc trước đó (không đọc lại từ CSDL)" in html
    assert "bộ đệm" not in html


def test_in_english_too(client, citizen, commune_official):
    _access(citizen, commune_official, AccessOutcome.CACHED)
    client.force_login(citizen, backend=BACKEND)
    client.cookies["django_language"] = "en"

    html = client.get("/data/my-data-access/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Data read shortly before was used again (not read again from the database)" in html
    assert "from cache" not in html
