"""The deceased a dossier concerns (dossiers/concerned.py), named where the
dossier is read: in the result document the leader signs (and its preview),
on the official's dossier page and the citizen's tracking page, by name,
personal ID and the relation the applicant stated; and their death
registration on the data-check page in words, its ward by name."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dossiers.eforms import value_shown
from dossiers.models import DossierStatus
from dossiers.results import dossier_approve_with_result
from dossiers.signature_preview import signature_preview_pdf
from dossiers.signing import dossier_propose_approval
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.pdf.reading import pdf_text
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
HAI = "031052001111"
DEATH = {"number": "86/2026", "registered_on": "2026-10-05", "full_name": "Nguyễn Văn Hải",
         "date_of_death": "2026-10-02", "place_of_death": "Bệnh viện Hữu nghị Việt Tiệp",
         "ward_code": 11311}  # fmt: skip


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _funeral(**changes):
    return ProcedureFactory(code="1.001731", name="Hỗ trợ chi phí mai táng",
                            concerns="deceased", result_type="Quyết định hỗ trợ chi phí mai táng",
                            **changes)  # fmt: skip


@pytest.fixture
def dossier(citizen, hong_bang_ward):
    return DossierFactory(
        procedure=_funeral(), agency=hong_bang_ward, applicant=citizen,
        status=DossierStatus.IN_PROCESSING, code="11311-261207-0009",
        submitted_at=timezone.now() - datetime.timedelta(days=2),
        concerned_personal_id=HAI, concerned_full_name="Nguyễn Văn Hải",
        concerned_relation="child",
    )  # fmt: skip


def _client(user, language="vi") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user, backend=LOGIN)
    return client


def _names_the_deceased(text: str, applicant: str) -> None:
    text = " ".join(text.split())
    assert f"Người đề nghị: {applicant} (con của người đã mất)" in text
    assert "Người đã mất: Nguyễn Văn Hải" in text
    assert f"Số định danh cá nhân của người đã mất: {HAI}" in text


def test_the_result_and_its_preview_name_the_deceased(
    dossier, citizen, commune_official, ward_leader
):
    dossier_propose_approval(dossier=dossier, by=commune_official)
    _names_the_deceased(pdf_text(signature_preview_pdf(dossier=dossier, leader=ward_leader)[1]),
                        citizen.full_name)  # fmt: skip

    result = dossier_approve_with_result(dossier=dossier, by=ward_leader)

    with result.file.open("rb") as issued:
        _names_the_deceased(pdf_text(issued.read()), citizen.full_name)


@pytest.mark.parametrize(
    ("relation", "words"),
    [("spouse", "vợ hoặc chồng của người đã mất"),
     ("arranged_funeral", "người tổ chức mai táng cho người đã mất, không phải người thân")],
)  # fmt: skip
def test_the_result_says_the_relation_the_applicant_stated(
    dossier, commune_official, ward_leader, relation, words
):
    dossier.concerned_relation = relation
    dossier.save(update_fields=["concerned_relation"])
    dossier_propose_approval(dossier=dossier, by=commune_official)

    text = " ".join(pdf_text(signature_preview_pdf(dossier=dossier, leader=ward_leader)[1]).split())

    assert f"({words})" in text


def test_a_result_concerning_nobody_else_names_nobody_else(
    citizen, hong_bang_ward, commune_official, ward_leader
):
    dossier = DossierFactory(procedure=ProcedureFactory(), agency=hong_bang_ward,
                             applicant=citizen, status=DossierStatus.IN_PROCESSING,
                             code="11311-261207-0010")  # fmt: skip
    dossier_propose_approval(dossier=dossier, by=commune_official)

    text = pdf_text(signature_preview_pdf(dossier=dossier, leader=ward_leader)[1])

    assert "Người đề nghị" not in text and "người đã mất" not in text.lower()


@pytest.mark.parametrize(
    ("language", "title", "relation", "id_words"),
    [("vi", "Người đã mất", "Con", "số định danh cá nhân"),
     ("en", "The deceased", "Their child", "personal ID")],
)  # fmt: skip
def test_the_official_and_the_citizen_read_whom_the_dossier_concerns(
    dossier, citizen, commune_official, language, title, relation, id_words
):
    official = _client(commune_official, language).get(reverse("workspace:dossier",
                                                                args=[dossier.pk]))  # fmt: skip
    track = _client(citizen, language).get(reverse("dossiers:track", args=[dossier.pk]))

    for response in (official, track):
        assert response.status_code == 200
        page = response.content.decode()
        line = page.split('data-testid="concerned-person">', 1)[1].split("</dd>", 1)[0]
        assert "Nguyễn Văn Hải" in line and HAI in line and f"{id_words} {HAI}" in line
        assert relation in line
        assert f"{title}</dt>" in page


def test_a_dossier_concerning_nobody_else_has_no_such_line(
    citizen, hong_bang_ward, commune_official
):
    dossier = DossierFactory(procedure=ProcedureFactory(), agency=hong_bang_ward,
                             applicant=citizen, status=DossierStatus.IN_PROCESSING)  # fmt: skip
    page = _client(commune_official).get(reverse("workspace:dossier", args=[dossier.pk]))
    assert 'data-testid="concerned-person"' not in page.content.decode()


# The data-check page.


@pytest.mark.parametrize(
    ("language", "words"),
    [("vi", ["Ngày chết: 02/10/2026", "Nơi chết: Bệnh viện Hữu nghị Việt Tiệp",
             "Xã, phường: Phường Hồng Bàng, Thành phố Hải Phòng"]),
     ("en", ["Date of death: 02/10/2026", "Place of death: Bệnh viện Hữu nghị Việt Tiệp",
             "Commune or ward: Phường Hồng Bàng, Thành phố Hải Phòng"])],
)  # fmt: skip
def test_the_data_check_page_reads_the_death_registration_in_words(
    citizen, hong_bang_ward, language, words
):
    draft = DossierFactory(procedure=_funeral(), agency=hong_bang_ward, applicant=citizen,
                           concerned_personal_id=HAI, concerned_full_name="Nguyễn Văn Hải",
                           concerned_relation="child")  # fmt: skip
    PrefillSourceFactory(dossier=draft, source="civil_status",
                         found={"death_registration": DEATH})  # fmt: skip

    response = _client(citizen, language).get(reverse("dossiers:prefill", args=[draft.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    for said in words:
        assert said in page
    assert "date_of_death" not in page and "place_of_death" not in page and "11311" not in page


def test_a_ward_not_on_the_list_is_shown_by_its_code():
    assert value_shown({"ward_code": 99999}).endswith(": 99999")
