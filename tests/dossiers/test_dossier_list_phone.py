"""My dossiers: a table on a desktop (caption, column headers), one card per
dossier on a phone, each cell carrying its column's name for sight, so that
what the citizen must do (pay the fee) is read without scrolling sideways."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from dossiers.models import DossierStatus
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
COLUMNS = ["Hồ sơ", "Thủ tục", "Trạng thái", "Hẹn trả", "Việc bạn cần làm"]


@pytest.fixture
def page(client, citizen, hong_bang_ward) -> str:
    DossierFactory(
        applicant=citizen, agency=hong_bang_ward, status=DossierStatus.FINANCIAL_OBLIGATION,
        fee_vnd=10_000, code="11311-261125-0002", submitted_at=timezone.now(),
    )  # fmt: skip
    client.force_login(citizen, backend=LOGIN)
    response = client.get("/dossiers/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_keeps_a_captioned_table_with_column_headers(page):
    table = re.search(r"<table ([^>]*)>(.*?)</table>", page, re.S)
    assert table and "table-stack" in table.group(1)
    assert '<caption class="visually-hidden">Hồ sơ của tôi</caption>' in table.group(2)
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table.group(2))
    assert headers == COLUMNS


def test_on_a_phone_each_cell_names_its_column_and_the_fee_is_in_the_card(page):
    row = re.search(r"<tbody[^>]*>\s*<tr[^>]*>(.*?)</tr>", page, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)

    # Shown below md only, and hidden from screen readers, which read the headers.
    labels = [re.match(r'<span class="d-block d-md-none[^"]*" aria-hidden="true">(.*?)</span>',
                       cell).group(1) for cell in cells]  # fmt: skip
    assert labels == COLUMNS
    assert re.search(r'<a class="fw-bold" href="/payments/[^"]*">Nộp phí, lệ phí</a>', cells[-1])
