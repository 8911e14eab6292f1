"""A citizen authorising someone chooses the procedure by its name, grouped by
sector, not by a code they do not know; the code is still what is posted and
accepted, and an unknown one is refused next to its field, nothing recorded."""

from __future__ import annotations

import datetime
import re

import pytest

from dossiers.models import Authorisation
from tests.procedures.factories import ProcedureFactory, SectorFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
AGENT = "001185004567"
URL = "/dossiers/authorisations/"


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


@pytest.fixture
def residence(db):
    sector = SectorFactory(code="cu-tru", name="Cư trú", name_en="Residence")
    return ProcedureFactory(code="1.004222", name="Đăng ký thường trú", sector=sector)


@pytest.fixture
def birth(db):
    return ProcedureFactory(code="1.001193", name="Đăng ký khai sinh")


def _authorise(client, procedure_code: str):
    today = datetime.date.today()
    return client.post(URL, {
        "agent_personal_id": AGENT, "procedure_code": procedure_code,
        "valid_from": today.isoformat(),
        "valid_until": (today + datetime.timedelta(days=30)).isoformat(),
    })  # fmt: skip


def test_the_procedure_is_chosen_by_its_name_grouped_by_sector(signed_in, residence, birth):
    page = signed_in.get(URL).content.decode()

    select = re.search(r'<select[^>]*name="procedure_code".*?</select>', page, re.S).group(0)
    assert '<option value="">Bất kỳ thủ tục nào</option>' in select
    assert re.search(r'<optgroup label="Cư trú">\s*<option value="1.004222">'
                     r"Đăng ký thường trú \(1.004222\)</option>", select)  # fmt: skip
    assert '<optgroup label="Hộ tịch">' in select and "Đăng ký khai sinh (1.001193)" in select
    assert "Mã thủ tục (để trống" not in page  # no code to type any more


def test_the_procedure_chosen_is_the_one_authorised(signed_in, citizen, residence, birth):
    response = _authorise(signed_in, " 1.001193 ")  # a code typed with spaces is still read

    assert response.status_code == 302
    authorisation = Authorisation.objects.get()
    assert (authorisation.principal, authorisation.procedure) == (citizen, birth)
    page = signed_in.get(URL).content.decode()
    assert "Đăng ký khai sinh" in page


def test_any_procedure_is_authorised_when_none_is_chosen(signed_in, residence):
    assert _authorise(signed_in, "").status_code == 302
    assert Authorisation.objects.get().procedure is None


def test_an_unknown_procedure_is_refused_next_to_its_field(signed_in, residence):
    response = _authorise(signed_in, "9.999999")

    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(r'<select class="form-select is-invalid" id="id_procedure_code"', page)
    assert ('id="e-procedure_code">Không có thủ tục này; hãy chọn thủ tục trong danh sách. '
            '<span lang="en">Unknown procedure; choose one from the list.</span></div>'
            ) in page  # fmt: skip
    assert not Authorisation.objects.exists()


def test_an_inactive_procedure_cannot_be_chosen(signed_in, residence):
    ProcedureFactory(code="1.000001", name="Thủ tục đã bãi bỏ", active=False)

    assert "Thủ tục đã bãi bỏ" not in signed_in.get(URL).content.decode()
    assert _authorise(signed_in, "1.000001").status_code == 400
    assert not Authorisation.objects.exists()
