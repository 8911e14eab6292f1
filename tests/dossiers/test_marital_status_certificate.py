"""The marital status certificate (Giấy xác nhận tình trạng hôn nhân, Decree
123/2015/NĐ-CP arts. 21–23, Circular 04/2020/TT-BTP), as the demo catalog
defines it: asked to marry, the form asks whom and where, and the certificate
prints them; it is valid 6 months, for its purpose only, and never prints the
applicant's phone; someone the civil-status register records as married is
warned before submitting it to marry, the official and the leader see it, and
its approval is neither proposed nor signed."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from dossiers import eforms
from dossiers.exceptions import ResultContradicted, TransitionRefused
from dossiers.models import DossierStatus, ProposedOutcome, ResultDocument
from dossiers.result_terms import result_contradictions, valid_until
from dossiers.results import dossier_approve_with_result
from dossiers.signing import dossier_propose_approval, dossier_propose_not_resolve
from dossiers.states import allowed_actions
from procedures.models import ComponentRequirement
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.dossiers.signing import approve_signed, unit_leader
from tests.pdf.reading import pdf_text
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    FormDefinitionFactory,
    ProcedureFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus
TO_MARRY = {
    "purpose": "Kết hôn",
    "intended_spouse_full_name": "Trần Thị Mai",
    "intended_spouse_date_of_birth": "1995-04-12",
    "intended_spouse_nationality": "Việt Nam",
    "intended_spouse_id_number": "031195004321",
    "marriage_registration_place": "UBND phường Lê Chân, thành phố Hải Phòng",
    "phone": "0912345678",
}
NOW = timezone.now()  # the preview confirmed: the form is open
SPOUSE_FIELDS = [name for name in TO_MARRY if name not in ("purpose", "phone")]


def _catalog_form() -> list[dict]:
    """The fields of the demo catalog's declaration form, as seed_demo loads them."""
    path = Path(settings.BASE_DIR) / "procedures" / "data" / "national_catalog.json"
    catalog = json.loads(path.read_text(encoding="utf-8"))
    (form,) = [f for f in catalog["forms"] if f["code"] == "to-khai-xac-nhan-tthn"]
    return form["fields"]


@pytest.fixture
def procedure(db):
    procedure = ProcedureFactory(
        code="1.004873", name="Cấp Giấy xác nhận tình trạng hôn nhân", fee_vnd=0,
        result_type="Giấy xác nhận tình trạng hôn nhân",
        result_document_type="marital_status_confirmation",
    )  # fmt: skip
    DossierComponentFactory(procedure=procedure, code="to-khai", position=1,
                            form=FormDefinitionFactory(fields=_catalog_form()))  # fmt: skip
    death = DossierComponentFactory(
        procedure=procedure, code="giay-chung-tu-vo-chong", position=4,
        name="Giấy chứng tử hoặc Trích lục khai tử của vợ hoặc chồng",
        requirement=ComponentRequirement.CONDITIONAL,
        condition="Vợ hoặc chồng của người yêu cầu đã chết",
    )  # fmt: skip
    ElectronicReplacementFactory(component=death, document_type="death_certificate",
                                 fields=["death_registration"])  # fmt: skip
    return procedure


def _dossier(procedure, citizen, agency, *, marital_status: str, values: dict, **extra):
    dossier = DossierFactory(
        procedure=procedure, form=procedure.components.get(code="to-khai").form,
        agency=agency, applicant=citizen, form_values=values, code="11311-261207-0001",
        **extra,
    )  # fmt: skip
    PrefillSourceFactory(dossier=dossier, found={
        "full_name": "Nguyễn Văn An", "date_of_birth": "1990-01-15", "sex": "male",
        "permanent_address": "Số 12 phố Hoàng Văn Thụ, phường Hồng Bàng, Hải Phòng",
    })  # fmt: skip
    # Asked for a death registration too, the register holds none of the applicant's spouse.
    PrefillSourceFactory(dossier=dossier, source="civil_status",
                         found={"marital_status": marital_status},
                         fields=["marital_status", "death_registration"])  # fmt: skip
    return dossier


def _in_processing(procedure, citizen, agency, *, marital_status: str, values: dict):
    return _dossier(
        procedure, citizen, agency, marital_status=marital_status, values=values,
        status=S.IN_PROCESSING, submitted_at=timezone.now(),
        due_date=timezone.localdate() + datetime.timedelta(days=3),
    )  # fmt: skip


def _bytes(result: ResultDocument) -> bytes:
    with result.file.open("rb") as handle:
        return handle.read()


# The form


def test_asked_to_marry_the_form_requires_the_intended_spouse_and_the_place(
    procedure, citizen, hong_bang_ward
):
    dossier = _dossier(procedure, citizen, hong_bang_ward, marital_status="single", values={})
    fields = eforms.form_fields(dossier=dossier)

    _cleaned, errors = eforms.typed_values_clean(fields=fields, data={"purpose": "Kết hôn"})

    assert set(SPOUSE_FIELDS) <= set(errors) and "purpose_detail" not in errors
    cleaned, errors = eforms.typed_values_clean(fields=fields, data=TO_MARRY)
    assert errors == {}
    assert cleaned["intended_spouse_full_name"] == "Trần Thị Mai"


def test_for_another_purpose_the_spouse_is_not_asked_nor_kept_and_the_purpose_is_stated(
    procedure, citizen, hong_bang_ward
):
    dossier = _dossier(procedure, citizen, hong_bang_ward, marital_status="single", values={})
    fields = eforms.form_fields(dossier=dossier)

    cleaned, errors = eforms.typed_values_clean(
        fields=fields, data={**TO_MARRY, "purpose": "Mục đích khác"}
    )

    assert set(errors) == {"purpose_detail"}
    cleaned, errors = eforms.typed_values_clean(
        fields=fields, data={**TO_MARRY, "purpose": "Mục đích khác", "purpose_detail": "Vay vốn"}
    )
    assert errors == {} and all(cleaned[name] is None for name in SPOUSE_FIELDS)


def test_the_citizen_recorded_as_married_is_warned_on_the_form_before_submitting(
    client, procedure, citizen, hong_bang_ward
):
    dossier = _dossier(procedure, citizen, hong_bang_ward, marital_status="married",
                       values={"purpose": "Kết hôn"}, preview_confirmed_at=NOW)  # fmt: skip
    client.force_login(citizen, backend=LOGIN)

    page = client.get(reverse("dossiers:form", args=[dossier.pk])).content.decode()

    assert 'data-testid="result-notice" data-asked="true"' in page
    assert "CSDL hộ tịch điện tử ghi nhận bạn đang có vợ hoặc chồng" in page
    assert "The Civil Status Database records you as married" in page


def test_a_single_citizen_is_not_warned(client, procedure, citizen, hong_bang_ward):
    dossier = _dossier(procedure, citizen, hong_bang_ward, marital_status="single",
                       values={"purpose": "Kết hôn"}, preview_confirmed_at=NOW)  # fmt: skip
    client.force_login(citizen, backend=LOGIN)

    page = client.get(reverse("dossiers:form", args=[dossier.pk])).content.decode()

    assert "result-notice" not in page
    assert 'data-testid="only-when"' in page  # the spouse's fields say when they are asked


def test_the_spouse_death_certificate_reads_as_conditional_not_as_a_demand(
    client, procedure, citizen, hong_bang_ward
):
    dossier = _dossier(procedure, citizen, hong_bang_ward, marital_status="married",
                       values={}, preview_confirmed_at=timezone.now())  # fmt: skip
    client.force_login(citizen, backend=LOGIN)

    page = client.get(reverse("dossiers:form", args=[dossier.pk])).content.decode()

    component = page.split('data-component="giay-chung-tu-vo-chong"', 1)[1].split("</li>", 1)[0]
    assert "Chỉ khi bạn thuộc trường hợp:" in component and "Nếu đúng, hãy tải lên" in component
    assert "Vợ hoặc chồng của người yêu cầu đã chết" in component
    assert "vui lòng tải lên" not in component and "please upload it" not in component


# The official and the leader


def test_married_asking_to_marry_is_found_and_its_approval_is_refused(
    procedure, citizen, hong_bang_ward, commune_official
):
    dossier = _in_processing(procedure, citizen, hong_bang_ward, marital_status="married",
                             values=TO_MARRY)  # fmt: skip
    unit_leader(dossier)

    (found,) = result_contradictions(dossier=dossier)
    assert found.asked
    assert "propose_approval" not in allowed_actions(dossier=dossier, user=commune_official)
    with pytest.raises(ResultContradicted, match="đang có vợ hoặc chồng"):
        dossier_propose_approval(dossier=dossier, by=commune_official)
    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROCESSING
    # The refusal is what may be proposed, and it needs its reason.
    with pytest.raises(TransitionRefused):
        dossier_propose_not_resolve(dossier=dossier, by=commune_official, reason=" ")
    dossier_propose_not_resolve(dossier=dossier, by=commune_official,
                                reason="Người yêu cầu đang có vợ theo CSDL hộ tịch")  # fmt: skip
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_SIGNATURE


def test_an_approval_proposed_before_is_not_signed(procedure, citizen, hong_bang_ward, ward_leader):
    dossier = _dossier(
        procedure, citizen, hong_bang_ward, marital_status="married", values=TO_MARRY,
        status=S.AWAITING_SIGNATURE, submitted_at=timezone.now(),
        proposed_outcome=ProposedOutcome.APPROVE,
    )  # fmt: skip

    with pytest.raises(ResultContradicted):
        dossier_approve_with_result(dossier=dossier, by=ward_leader)

    assert not ResultDocument.objects.exists()


def test_the_official_and_the_leader_see_the_warning_and_the_proposal_is_a_409(
    client, procedure, citizen, hong_bang_ward, commune_official, ward_leader
):
    dossier = _in_processing(procedure, citizen, hong_bang_ward, marital_status="married",
                             values=TO_MARRY)  # fmt: skip
    client.force_login(commune_official, backend=LOGIN)

    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    assert 'data-testid="result-warning"' in page and "Cảnh báo" in page
    assert 'name="action" value="propose_approval"' not in page

    response = client.post(reverse("workspace:act", args=[dossier.pk]),
                           {"action": "propose_approval", "confirmed": "1"})  # fmt: skip
    assert response.status_code == 409
    assert "đang có vợ hoặc chồng" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROCESSING

    # Proposed for refusal, the leader sees the warning on the dossier and on what they confirm.
    response = client.post(reverse("workspace:act", args=[dossier.pk]), {
        "action": "propose_not_resolve", "confirmed": "1",
        "reason": "Người yêu cầu đang có vợ theo CSDL hộ tịch",
    })  # fmt: skip
    assert response.status_code == 302
    client.force_login(ward_leader, backend=LOGIN)
    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    assert 'data-testid="result-warning"' in page
    confirm = client.post(reverse("workspace:act", args=[dossier.pk]), {"action": "not_resolve"})
    assert confirm.status_code == 200 and 'data-testid="result-warning"' in confirm.content.decode()


def test_someone_married_asking_for_another_purpose_is_not_warned(
    procedure, citizen, hong_bang_ward, commune_official
):
    dossier = _in_processing(
        procedure, citizen, hong_bang_ward, marital_status="married",
        values={"purpose": "Mục đích khác", "purpose_detail": "Vay vốn ngân hàng"},
    )  # fmt: skip
    unit_leader(dossier)

    assert [found.asked for found in result_contradictions(dossier=dossier)] == [False]
    assert "propose_approval" in allowed_actions(dossier=dossier, user=commune_official)


# The certificate


def test_the_certificate_to_marry_names_the_intended_spouse_its_validity_and_no_phone(
    procedure, citizen, hong_bang_ward, commune_official
):
    dossier = _in_processing(procedure, citizen, hong_bang_ward, marital_status="single",
                             values=TO_MARRY)  # fmt: skip

    result = approve_signed(dossier, official=commune_official)

    text = pdf_text(_bytes(result))
    granted = text.split("Nội dung được chấp thuận", 1)[1]
    for expected in ("Tình trạng hôn nhân: Chưa kết hôn", "Mục đích sử dụng: Kết hôn",
                     "Trần Thị Mai", "12/04/1995", "031195004321",
                     "UBND phường Lê Chân, thành phố Hải Phòng"):  # fmt: skip
        assert expected in granted
    assert "0912345678" not in text and "Số điện thoại" not in text
    until = valid_until(timezone.localdate(result.issued_at), 6).strftime("%d/%m/%Y")
    assert f"có giá trị sử dụng trong thời hạn 06 tháng kể từ ngày cấp, đến hết ngày {until}" in (
        text
    )
    assert "Điều 23 Nghị định số 123/2015/NĐ-CP" in text
    assert "chỉ có giá trị sử dụng vào mục đích ghi tại mục “Mục đích sử dụng”" in text


def test_a_certificate_for_another_purpose_names_no_intended_spouse(
    procedure, citizen, hong_bang_ward, commune_official
):
    values = {"purpose": "Mục đích khác", "purpose_detail": "Vay vốn ngân hàng",
              # kept from before the purpose changed: not asked, not printed
              "intended_spouse_full_name": "Trần Thị Mai"}  # fmt: skip
    dossier = _in_processing(procedure, citizen, hong_bang_ward, marital_status="divorced",
                             values=values)  # fmt: skip

    text = pdf_text(_bytes(approve_signed(dossier, official=commune_official)))

    assert "Vay vốn ngân hàng" in text and "Tình trạng hôn nhân: Đã ly hôn" in text
    assert "Trần Thị Mai" not in text and "người dự định kết hôn" not in text


def test_the_validity_ends_on_the_same_day_six_months_on_or_the_months_last_day():
    assert valid_until(datetime.date(2026, 12, 7), 6) == datetime.date(2027, 6, 7)
    assert valid_until(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)


def _required_in_html(page: str, name: str) -> bool:
    import re

    control = re.search(rf'<(?:input|textarea|select)[^>]*name="{name}"[^>]*>', page)
    assert control, name
    return re.search(r"\srequired(\s|>|$)", control.group(0)) is not None


@pytest.mark.parametrize(
    ("saved", "spouse_required", "detail_required"),
    [({}, False, False), ({"purpose": "Kết hôn"}, True, False),
     ({"purpose": "Mục đích khác"}, False, True)],
)  # fmt: skip
def test_a_field_asked_only_for_a_purpose_is_required_in_html_only_when_saved_so(
    client, procedure, citizen, hong_bang_ward, saved, spouse_required, detail_required
):
    dossier = _dossier(procedure, citizen, hong_bang_ward, marital_status="single",
                       values=saved, preview_confirmed_at=NOW)  # fmt: skip
    client.force_login(citizen, backend=LOGIN)

    page = client.get(f"/dossiers/{dossier.pk}/form/").content.decode()

    assert _required_in_html(page, "purpose")
    assert all(_required_in_html(page, name) is spouse_required for name in SPOUSE_FIELDS)
    assert _required_in_html(page, "purpose_detail") is detail_required
    # Shown with its note without JavaScript; the script hides it by these.
    assert page.count('data-only-when="purpose"') == len(SPOUSE_FIELDS) + 1
    assert "eform-only-when.js" in page
