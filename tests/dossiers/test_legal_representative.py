"""A business's legal representative acts for the enterprise: the right is
checked against the National Business Registration Database through the
purpose-bound lookup (logged), the dossier's subject is the enterprise code,
and only the representative's own records are read for it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from datasources.exceptions import LookupDenied
from datasources.services import lookup
from dossiers.evidence import DataState, components_status
from dossiers.exceptions import NoRightToAct
from dossiers.models import ActingBasis, Dossier
from dossiers.party_details import subject_name
from dossiers.purposes import dossier_data_subject, dossier_purpose
from dossiers.representation import procedure_for_business, represented_enterprises
from dossiers.services import dossier_draft_start, dossier_preview_confirm, dossier_submit
from portal.audit.models import AccessLog, AccessOutcome
from procedures.catalog_io.importer import starter_catalog_load
from procedures.models import Procedure
from tests.accounts.factories import CitizenFactory
from tests.pdf.reading import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
BINH = "001185004567"
BINH_AN = "0109876543"  # Công ty TNHH Thương mại Bình An, Bình its legal representative
CHANGE = "2.000720"  # Đăng ký thay đổi nội dung đăng ký hộ kinh doanh


@pytest.fixture
def catalog(db):
    starter_catalog_load()


@pytest.fixture
def binh(db):
    return CitizenFactory(personal_id=BINH, full_name="Trần Thị Bình")


def _start(applicant, agency, code=CHANGE, subject=BINH_AN, basis=ActingBasis.LEGAL_REPRESENTATIVE):
    return dossier_draft_start(
        applicant=applicant, procedure=Procedure.objects.get(code=code), agency=agency,
        subject_personal_id=subject, acting_basis=basis,
    )  # fmt: skip


def test_business_procedures_are_those_the_business_register_replaces_a_paper_of(catalog):
    business = {p.code for p in Procedure.objects.all() if procedure_for_business(p)}
    assert {"1.001266", "1.001570", CHANGE} <= business
    assert "1.001193" not in business  # birth registration


def test_the_representative_starts_a_dossier_for_the_enterprise(
    gateway_live, catalog, binh, hong_bang_ward
):
    dossier = _start(binh, hong_bang_ward)

    assert (dossier.subject_personal_id, dossier.acting_basis) == (BINH_AN, "legal_representative")
    assert dossier_data_subject(dossier) == BINH
    # The right was checked against the business register, purpose-bound and logged.
    check = AccessLog.objects.get(purpose_id="new", source="business_registration")
    assert (check.actor_id, check.subject_personal_id, check.outcome) == (
        binh.pk, BINH, AccessOutcome.OK,
    )  # fmt: skip
    # The prefill read only the representative's records, for this dossier.
    parts = {part.source: part for part in dossier.prefill.sources.all()}
    listed = parts["business_registration"].values["businesses"]["value"]
    assert [b["enterprise_code"] for b in listed] == [BINH_AN]
    assert parts["population"].values["full_name"]["value"] == "Trần Thị Bình"
    logged = AccessLog.objects.filter(purpose_id=str(dossier.pk))
    assert {entry.subject_personal_id for entry in logged} == {BINH}
    # The registration certificate is replaced by the register's data: nothing to bring.
    certificate = next(
        s for s in components_status(dossier=dossier) if s.component.code == "gcn-hkd"
    )
    assert certificate.data_state == DataState.OK
    assert subject_name(dossier, []) == "Công ty TNHH Thương mại Bình An"


def test_someone_else_cannot_act_for_the_enterprise(gateway_live, catalog, citizen, hong_bang_ward):
    with pytest.raises(NoRightToAct) as refused:
        _start(citizen, hong_bang_ward)

    assert "đại diện theo pháp luật" in refused.value.message
    assert "legal representative" in refused.value.message
    assert not Dossier.objects.exists()
    # The check itself was a logged lookup of the applicant's own record.
    assert AccessLog.objects.filter(
        source="business_registration", subject_personal_id=citizen.personal_id, purpose_id="new"
    ).exists()


def test_an_enterprise_of_someone_else_is_refused_even_to_a_representative(
    gateway_live, catalog, binh, hong_bang_ward
):
    with pytest.raises(NoRightToAct):
        _start(binh, hong_bang_ward, subject="0301234567")
    assert not Dossier.objects.exists()


def test_only_a_business_procedure_is_done_for_an_enterprise(catalog, binh, hong_bang_ward):
    with pytest.raises(NoRightToAct):
        _start(binh, hong_bang_ward, code="1.001193")
    for basis in (ActingBasis.SELF, ActingBasis.PARENT, ActingBasis.AUTHORISATION):
        with pytest.raises(NoRightToAct):
            _start(binh, hong_bang_ward, basis=basis)
    assert not Dossier.objects.exists()


def test_only_the_representative_reads_data_for_the_enterprises_dossier(
    gateway_live, catalog, binh, citizen, hong_bang_ward, commune_official
):
    dossier = _start(binh, hong_bang_ward)
    purpose = dossier_purpose(dossier)
    assert purpose.enterprise_code == BINH_AN and purpose.subject_personal_ids == {BINH}

    own = lookup(source="business_registration", subject=BINH, fields=["businesses"], actor=binh,
                 purpose=purpose)  # fmt: skip
    assert own.found
    # The unit's official reads the representative's record for the dossier of their unit.
    assert lookup(source="population", subject=BINH, fields=["full_name"],
                  actor=commune_official, purpose=purpose).found  # fmt: skip
    with pytest.raises(LookupDenied):
        lookup(source="business_registration", subject=BINH, fields=["businesses"],
               actor=citizen, purpose=purpose)  # fmt: skip
    with pytest.raises(LookupDenied):
        lookup(source="population", subject=citizen.personal_id, fields=["full_name"],
               actor=binh, purpose=purpose)  # fmt: skip


def test_my_enterprises_are_read_from_the_register(gateway_live, binh, citizen):
    assert [e["enterprise_code"] for e in represented_enterprises(applicant=binh)] == [BINH_AN]
    assert represented_enterprises(applicant=citizen) == []


def test_the_start_page_offers_my_enterprises_and_starts_the_dossier(
    gateway_live, client, catalog, binh, hong_bang_ward
):
    client.force_login(binh, backend=LOGIN)
    url = reverse("dossiers:start", args=[CHANGE]) + "?province=31"

    page = client.get(url).content.decode()
    assert 'data-testid="my-enterprises"' in page
    assert "Công ty TNHH Thương mại Bình An" in page and f'value="{BINH_AN}"' in page
    assert 'value="legal_representative"' in page

    response = client.post(url, {
        "province": 31, "acting_basis": "legal_representative", "enterprise_code": BINH_AN,
        "agency": hong_bang_ward.pk,
    })  # fmt: skip

    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:prefill", args=[dossier.pk])
    assert dossier.subject_personal_id == BINH_AN


def test_the_start_page_refuses_an_enterprise_not_represented(
    gateway_live, client, catalog, citizen, hong_bang_ward
):
    client.force_login(citizen, backend=LOGIN)
    url = reverse("dossiers:start", args=[CHANGE]) + "?province=31"
    assert "Công ty TNHH Thương mại Bình An" not in client.get(url).content.decode()

    response = client.post(url, {
        "province": 31, "acting_basis": "legal_representative", "enterprise_code": BINH_AN,
        "agency": hong_bang_ward.pk,
    })  # fmt: skip
    missing = client.post(url, {
        "province": 31, "acting_basis": "legal_representative", "agency": hong_bang_ward.pk,
    })  # fmt: skip

    assert response.status_code == 400
    assert "không phải là người đại diện theo pháp luật" in response.content.decode()
    assert missing.status_code == 400
    assert not Dossier.objects.exists()


def test_my_enterprises_are_for_the_enterprises_choice_and_shown_without_javascript(
    gateway_live, client, catalog, binh, hong_bang_ward
):
    client.force_login(binh, backend=LOGIN)
    url = reverse("dossiers:start", args=[CHANGE]) + "?province=31"

    page = client.get(url).content.decode()
    fieldset = re.search(r'<fieldset [^>]*data-testid="my-enterprises"[^>]*>', page).group(0)
    # page.js hides (and disables) it for the other choices; the server never does.
    assert 'data-shown-for="acting_basis:legal_representative"' in fieldset
    assert " hidden" not in fieldset and "disabled" not in fieldset

    missing = client.post(url, {
        "province": 31, "acting_basis": "legal_representative", "agency": hong_bang_ward.pk,
    })  # fmt: skip
    html = missing.content.decode()
    summary = html[html.index('data-testid="error-summary"') :].split("</div>", 1)[0]
    # The summary's link goes to the list of enterprises, which takes the focus.
    assert '<a href="#id_enterprise_code">Doanh nghiệp của tôi</a>' in summary
    assert "Chọn doanh nghiệp bạn đại diện" in summary
    assert re.search(r'<fieldset [^>]*id="id_enterprise_code" tabindex="-1"', html)


def test_a_procedure_for_people_offers_no_enterprise(client, catalog, binh):
    client.force_login(binh, backend=LOGIN)
    page = client.get(reverse("dossiers:start", args=["1.001193"]) + "?province=31")
    assert 'data-testid="my-enterprises"' not in page.content.decode()
    assert 'value="legal_representative"' not in page.content.decode()


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_the_enterprises_dossier_is_submitted_and_its_receipt_names_the_enterprise(
    gateway_live, catalog, binh, hong_bang_ward
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dossiers.attachments import attachment_add
    from dossiers.receipts import receipt_pdf

    dossier = Dossier.objects.get(pk=_start(binh, hong_bang_ward).pk)  # prefill read meanwhile
    notice = dossier.procedure.components.get(code="thong-bao")
    attachment_add(dossier=dossier, component=notice, by=binh,
                   upload=SimpleUploadedFile("thong-bao.pdf", PDF))  # fmt: skip
    dossier_preview_confirm(dossier=dossier, by=binh)

    dossier = dossier_submit(dossier=dossier, by=binh, values={})

    assert dossier.status == "submitted" and dossier.code
    text = pdf_text(receipt_pdf(dossier=dossier))
    assert "Người đại diện theo pháp luật của doanh nghiệp" in text
    assert "Công ty TNHH Thương mại Bình An, mã số doanh nghiệp 0109876543" in text


# The register is read for the start page once each time the applicant asks, not
# for each reload, other province or form shown again with an error.


def _register_reads() -> int:
    """The register read to establish the right to act (not the dossier's prefill)."""
    return AccessLog.objects.filter(
        subject_personal_id=BINH, source="business_registration",
        purpose_label="Xác minh người đại diện theo pháp luật của doanh nghiệp",
    ).count()  # fmt: skip


def test_reloading_or_redrawing_the_start_page_reads_the_register_once(
    gateway_live, client, catalog, binh, hong_bang_ward
):
    client.force_login(binh, backend=LOGIN)
    url = reverse("dossiers:start", args=[CHANGE])

    pages = [client.get(url, {"province": 31}) for _ in range(2)]  # shown, then reloaded
    other_province = client.get(url, {"province": 1})
    no_enterprise_chosen = client.post(url + "?province=31", {
        "province": 31, "acting_basis": "legal_representative", "agency": hong_bang_ward.pk,
    })  # fmt: skip

    shown = (*pages, other_province, no_enterprise_chosen)
    assert [r.status_code for r in shown] == [200, 200, 200, 400]
    assert all(f'value="{BINH_AN}"' in r.content.decode() for r in shown)
    log = AccessLog.objects.get(subject_personal_id=BINH, source="business_registration")
    assert log.purpose_label == "Xác minh người đại diện theo pháp luật của doanh nghiệp"
    assert log.fields == ["businesses"]


def test_the_register_is_read_again_once_the_kept_answer_is_old(
    gateway_live, client, catalog, binh
):
    from dossiers import start_answers

    client.force_login(binh, backend=LOGIN)
    url = reverse("dossiers:start", args=[CHANGE]) + "?province=31"
    client.get(url)
    session = client.session
    session[start_answers.SESSION_KEY]["business_registration"]["at"] -= (
        start_answers.KEPT_SECONDS + 1
    )
    session.save()

    again = client.get(url)

    assert "Công ty TNHH Thương mại Bình An" in again.content.decode()
    assert _register_reads() == 2


def test_the_enterprises_kept_for_the_start_page_are_dropped_once_the_dossier_starts(
    gateway_live, client, catalog, binh, hong_bang_ward
):
    from dossiers import start_answers

    client.force_login(binh, backend=LOGIN)
    url = reverse("dossiers:start", args=[CHANGE]) + "?province=31"
    client.get(url)
    kept = client.session[start_answers.SESSION_KEY]["business_registration"]["rows"]
    assert kept == [
        {
            "enterprise_code": BINH_AN,
            "name": "Công ty TNHH Thương mại Bình An",
            "status": "Đang hoạt động",
        }
    ]  # only what the page shows

    started = client.post(url, {
        "province": 31, "acting_basis": "legal_representative", "enterprise_code": BINH_AN,
        "agency": hong_bang_ward.pk,
    })  # fmt: skip

    assert started.status_code == 302 and Dossier.objects.get().subject_personal_id == BINH_AN
    assert start_answers.SESSION_KEY not in client.session
    assert _register_reads() == 2  # the page's read, and the right checked as the dossier starts


def test_an_unreadable_register_is_not_kept_and_is_read_when_asked_again(
    gateway_live, client, catalog, binh, settings
):
    from dossiers import start_answers

    client.force_login(binh, backend=LOGIN)
    url = reverse("dossiers:start", args=[CHANGE]) + "?province=31"
    settings.GATEWAY_URL = "http://127.0.0.1:9/gateway"  # nobody listens there
    settings.GATEWAY_RETRIES = 0

    down = client.get(url).content.decode()
    assert "business_registration" not in client.session.get(start_answers.SESSION_KEY, {})
    settings.GATEWAY_URL = f"{gateway_live.url}/gateway"
    back = client.get(url).content.decode()

    assert f'value="{BINH_AN}"' not in down
    assert "Công ty TNHH Thương mại Bình An" in back
    assert _register_reads() == 2
