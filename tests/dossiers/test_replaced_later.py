"""A component that data will replace, but not yet: until the replacement
takes effect the applicant uploads it, and the page says from when data
replaces it instead of claiming no database holds it."""

import datetime

import pytest
from django.utils import timezone

from dossiers.evidence import Action, components_status
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    ProcedureFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"


@pytest.fixture
def draft(citizen, hong_bang_ward):
    procedure = ProcedureFactory(code="1.004222", agency_kinds=["commune_committee"])
    home = DossierComponentFactory(procedure=procedure, code="cho-o-hop-phap",
                                   name="Giấy tờ chứng minh chỗ ở hợp pháp")  # fmt: skip
    ElectronicReplacementFactory(
        component=home, document_type="land_use_certificate", fields=["land_use_certificates"],
        effective_date=timezone.localdate() + datetime.timedelta(days=30),
    )  # fmt: skip
    DossierComponentFactory(procedure=procedure, code="khac", name="Giấy tờ khác")
    return DossierFactory(applicant=citizen, procedure=procedure, agency=hong_bang_ward,
                          preview_confirmed_at=timezone.now())  # fmt: skip


def test_until_its_replacement_takes_effect_the_component_is_uploaded(draft):
    home, other = components_status(dossier=draft)

    assert (home.action, home.replaced, home.missing) == (Action.UPLOAD, False, True)
    assert home.upcoming.document_type == "land_use_certificate"
    assert home.upcoming_source_name == "CSDL đất đai quốc gia"
    assert other.upcoming is None


def test_the_page_says_from_when_data_replaces_it(client, citizen, draft):
    client.force_login(citizen, backend=LOGIN)
    when = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")

    page = client.get(f"/dossiers/{draft.pk}/documents/").content.decode()

    assert page.count('data-testid="replaced-later"') == 1
    assert f"từ ngày {when}, dữ liệu từ CSDL đất đai quốc gia sẽ thay thế" in page
    assert page.count("chưa có cơ sở dữ liệu quốc gia nào lưu giấy tờ này") == 1  # the other


def test_the_documents_panel_keeps_its_query_count(client, citizen, draft,
                                                   django_assert_max_num_queries):  # fmt: skip
    client.force_login(citizen, backend=LOGIN)
    with django_assert_max_num_queries(12):
        assert client.get(f"/dossiers/{draft.pk}/documents/").status_code == 200
