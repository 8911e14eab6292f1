"""An enterprise received at the desk: its legal representative walks in with
their personal ID and the enterprise code; the official, acting for the
consenting citizen, checks the business register (the access log names the
official) and takes the dossier for the enterprise, prefilled as online. Data
gaps, submission, fee and receipt go as for any counter dossier."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dossiers.counter import CounterRefused, counter_intake_start
from dossiers.evidence import DataState, components_status
from dossiers.models import ActingBasis, Channel, DataGap, Dossier, DossierStatus
from payments.models import Payment
from portal.accounts.models import AgencyKind, User
from portal.audit.models import AccessLog, AccessOutcome
from procedures.catalog_io.importer import starter_catalog_load
from procedures.models import Procedure
from tests.accounts.factories import AgencyFactory
from tests.pdf.reading import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
INTAKE = "/workspace/counter/"
BINH = "001185004567"  # a walk-in: no account yet
BINH_AN = "0109876543"  # Công ty TNHH Thương mại Bình An, Bình its legal representative
CHANGE = "2.000720"  # Đăng ký thay đổi nội dung đăng ký hộ kinh doanh
WALK_IN = "031099004321"  # represents no enterprise


@pytest.fixture
def catalog(db):
    starter_catalog_load()


@pytest.fixture
def official_client(client, commune_official):
    client.force_login(commune_official, backend=LOGIN)
    return client


def _intake(code=CHANGE, personal_id=BINH, enterprise_code=BINH_AN):
    procedure = Procedure.objects.get(code=code)
    return {"personal_id": personal_id, "procedure": procedure.pk, "consent": "on",
            "enterprise_code": enterprise_code}  # fmt: skip


def test_the_desk_takes_the_enterprises_dossier_read_by_the_official(
    gateway_live, catalog, commune_official, hong_bang_ward
):
    dossier = counter_intake_start(
        official=commune_official, personal_id=BINH, procedure=Procedure.objects.get(code=CHANGE),
        consent=True, enterprise_code=BINH_AN,
    )  # fmt: skip

    dossier = Dossier.objects.select_related("applicant").get(pk=dossier.pk)
    assert (dossier.subject_personal_id, dossier.acting_basis) == (
        BINH_AN, ActingBasis.LEGAL_REPRESENTATIVE,
    )  # fmt: skip
    assert dossier.channel == Channel.COUNTER and dossier.counter_consent_at is not None
    assert dossier.applicant.personal_id == BINH and dossier.assigned_to == commune_official
    # The right was checked in the business register by the official, for the citizen.
    # (read once to refuse clearly, once as the draft starts, then from the cache).
    checks = AccessLog.objects.filter(purpose_id="new", source="business_registration")
    assert {(c.actor_id, c.actor_agency_id, c.subject_personal_id) for c in checks} == {
        (commune_official.pk, hong_bang_ward.pk, BINH)
    }
    assert {c.outcome for c in checks} <= {AccessOutcome.OK, AccessOutcome.CACHED}
    # The prefill as online: the representative's records only, read by the official.
    logged = AccessLog.objects.filter(purpose_id=str(dossier.pk))
    assert {(e.actor_id, e.subject_personal_id) for e in logged} == {(commune_official.pk, BINH)}
    parts = {part.source: part for part in dossier.prefill.sources.all()}
    listed = parts["business_registration"].values["businesses"]["value"]
    assert [b["enterprise_code"] for b in listed] == [BINH_AN]
    certificate = next(
        s for s in components_status(dossier=dossier) if s.component.code == "gcn-hkd"
    )
    assert certificate.data_state == DataState.OK


def test_the_register_read_stays_logged_when_the_desk_is_refused(
    gateway_live, catalog, commune_official
):
    with pytest.raises(CounterRefused) as refused:
        counter_intake_start(
            official=commune_official, personal_id=WALK_IN,
            procedure=Procedure.objects.get(code=CHANGE), consent=True, enterprise_code=BINH_AN,
        )  # fmt: skip

    assert "người này không phải là người đại diện theo pháp luật" in refused.value.message
    assert "does not list this person" in refused.value.message
    assert not Dossier.objects.exists() and not User.objects.filter(personal_id=WALK_IN).exists()
    check = AccessLog.objects.get(source="business_registration", purpose_id="new")
    assert (check.actor_id, check.subject_personal_id) == (commune_official.pk, WALK_IN)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"personal_id": WALK_IN}, "does not list this person"),
        ({"enterprise_code": "01098765"}, "An enterprise code has 10 digits."),
        ({"enterprise_code": "01098765AB"}, "An enterprise code has 10 digits."),
        (
            {"code": "1.001193"},
            "This procedure is for individuals, not done for a business: "
            "leave the enterprise code empty.",
        ),
    ],
)
def test_a_refused_enterprise_at_the_desk_is_a_400_and_nothing_is_created(
    gateway_live, catalog, official_client, data, said
):
    response = official_client.post(INTAKE, _intake(**data))

    assert response.status_code == 400
    page = response.content.decode()
    # Said next to the enterprise code, which keeps what was typed.
    error = page.split('id="e-enterprise_code">', 1)[1].split("</div>", 1)[0]
    assert said in error
    assert 'name="enterprise_code"' in page and 'aria-invalid="true"' in page
    assert f'value="{data.get("enterprise_code", BINH_AN)}"' in page
    assert not Dossier.objects.exists()
    assert not User.objects.filter(personal_id__in=[BINH, WALK_IN]).exists()


def test_the_register_down_is_a_503_and_nothing_is_created(catalog, official_client, settings):
    settings.GATEWAY_URL = "http://127.0.0.1:9/gateway"  # nobody listens there
    settings.GATEWAY_RETRIES = 0

    response = official_client.post(INTAKE, _intake())

    assert response.status_code == 503
    assert "could not be read to verify this" in response.content.decode()
    assert not Dossier.objects.exists() and not User.objects.filter(personal_id=BINH).exists()


def test_the_desk_takes_records_and_submits_the_enterprises_dossier_with_its_receipt(
    gateway_live, catalog, official_client, commune_official
):
    # The business register's owner, who receives the correction request.
    AgencyFactory(code="BTC.DKKD", name="Cục Quản lý đăng ký kinh doanh",
                  kind=AgencyKind.DATABASE_OWNER)  # fmt: skip
    assert 'name="enterprise_code"' in official_client.get(INTAKE).content.decode()

    response = official_client.post(INTAKE, _intake())

    dossier = Dossier.objects.get()
    page_url = reverse("workspace:counter-dossier", args=[dossier.pk])
    assert response.status_code == 302 and response["Location"] == page_url
    page = official_client.get(page_url).content.decode()
    assert 'data-testid="counter-enterprise"' in page and BINH_AN in page and BINH in page
    # The citizen shows the register's data is outdated: the gap is recorded at the desk,
    # its correction asked of the representative's record.
    certificate = dossier.procedure.components.get(code="gcn-hkd")
    gap = official_client.post(
        reverse("workspace:counter-data-gap", args=[dossier.pk]),
        {"component": certificate.pk, "evidence": "Địa chỉ trụ sở trong CSDL là địa chỉ cũ"},
    )
    assert gap.status_code == 302
    assert DataGap.objects.get().correction_request.subject_personal_id == BINH

    submitted = official_client.post(reverse("workspace:counter-submit", args=[dossier.pk]), {})

    assert submitted.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED and dossier.code  # received at the desk
    assert {event.actor for event in dossier.events.all()} == {commune_official}
    text = pdf_text(official_client.get(reverse("dossiers:receipt", args=[dossier.pk])).content)
    assert "Người đại diện theo pháp luật của doanh nghiệp" in text
    assert "Công ty TNHH Thương mại Bình An, mã số doanh nghiệp 0109876543" in text
    assert "Lê Thị Hoa" in text and "không thu bản sao" in text


def test_the_enterprises_fee_is_taken_at_the_desk(gateway_live, catalog, official_client):
    Procedure.objects.filter(code=CHANGE).update(fee_vnd=100000)  # set by the province
    official_client.post(INTAKE, _intake())
    dossier = Dossier.objects.get()

    submitted = official_client.post(reverse("workspace:counter-submit", args=[dossier.pk]), {})

    fee_url = reverse("workspace:counter-fee", args=[dossier.pk])
    assert submitted.status_code == 302 and submitted["Location"] == fee_url
    paid = official_client.post(
        fee_url, {"method": "cash", "amount_vnd": 100000, "receipt_number": "BL-000901"}
    )
    assert paid.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED  # received as its fee is taken at the desk
    assert Payment.objects.get(dossier=dossier).receipt_number == "BL-000901"
    text = pdf_text(official_client.get(reverse("dossiers:receipt", args=[dossier.pk])).content)
    assert "Công ty TNHH Thương mại Bình An" in text and "BL-000901" in text
