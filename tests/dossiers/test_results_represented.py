"""Results for the people one acts for: a result issued for a child (or a
principal, or one's enterprise) shows in the applicant's document store "for
<name>", is reused as a document of a later dossier for that same subject
only, and is never visible to anyone else."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.document_store import (
    result_reuse,
    results_of,
    results_reusable_for,
    results_standing_for,
)
from dossiers.evidence import components_status
from dossiers.exceptions import DossierError, ReplacedByData
from dossiers.models import ActingBasis, Attachment, DossierStatus, ResultDocument
from dossiers.results import result_return
from tests.accounts.factories import CitizenFactory
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.dossiers.signing import approve_signed
from tests.pdf.reading import pdf_text
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    ProcedureFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
KHANG = "031218000321"  # An's son
THU = "031192004321"  # An's wife: the other parent, not the applicant
S = DossierStatus
RESIDENCE = ("Xác nhận thông tin về cư trú", "Giấy xác nhận thông tin về cư trú (Mẫu CT07)",
             "residence_confirmation")  # fmt: skip


def _issued(applicant, agency, official, *, subject, basis, code, found, source="population",
            paper=("Đăng ký khai sinh", "Giấy khai sinh", "birth_certificate")):  # fmt: skip
    """A dossier for `subject`, its result (`paper`: the procedure, its result
    and the result's document type) issued and returned to the applicant."""
    name, result_type, document_type = paper
    procedure = ProcedureFactory(code=f"1.0{code[-4:]}", name=name, result_type=result_type,
                                 result_document_type=document_type)  # fmt: skip
    dossier = DossierFactory(
        procedure=procedure, agency=agency, applicant=applicant, subject_personal_id=subject,
        acting_basis=basis, status=S.IN_PROCESSING, code=code, submitted_at=timezone.now(),
        due_date=timezone.localdate() + datetime.timedelta(days=5),
    )  # fmt: skip
    PrefillSourceFactory(dossier=dossier, source=source, found=found)
    result = approve_signed(dossier, official=official)
    result_return(dossier=dossier, by=official, how="online")
    result.refresh_from_db()
    return result


@pytest.fixture
def child_result(citizen, hong_bang_ward, commune_official):
    return _issued(citizen, hong_bang_ward, commune_official, subject=KHANG,
                   basis=ActingBasis.PARENT, code="11311-261125-0001",
                   found={"full_name": "Nguyễn Minh Khang"})  # fmt: skip


def _later_procedure():
    procedure = ProcedureFactory(code="1.001022", name="Đăng ký thường trú")
    if procedure.components.exists():
        return procedure
    DossierComponentFactory(procedure=procedure, code="giay-khai-sinh", position=1,
                            name="Giấy khai sinh", document_type="birth_certificate")  # fmt: skip
    residence = DossierComponentFactory(procedure=procedure, code="xac-nhan-cu-tru", position=2,
                                        name="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    ElectronicReplacementFactory(component=residence, document_type="residence_confirmation",
                                 fields=["permanent_address"])  # fmt: skip
    return procedure


def _later_draft(applicant, agency, subject=KHANG, basis=ActingBasis.PARENT):
    procedure = _later_procedure()
    dossier = DossierFactory(procedure=procedure, agency=agency, applicant=applicant,
                             subject_personal_id=subject, acting_basis=basis)  # fmt: skip
    PrefillSourceFactory(dossier=dossier)  # the residence is replaced by data
    return dossier


def test_the_applicants_store_shows_the_childs_result_for_the_child(client, citizen, child_result):
    client.force_login(citizen, backend=LOGIN)

    page = client.get(reverse("dossiers:results")).content.decode()

    assert child_result.title in page and 'data-testid="issued-for"' in page
    assert "Nguyễn Minh Khang" in page
    download = client.get(reverse("dossiers:result-download", args=[child_result.pk]))
    assert download.status_code == 200


def test_the_subject_sees_it_as_their_own_and_nobody_else_sees_it(client, child_result):
    khang = CitizenFactory(personal_id=KHANG, full_name="Nguyễn Minh Khang")
    client.force_login(khang, backend=LOGIN)
    page = client.get(reverse("dossiers:results")).content.decode()
    assert child_result.title in page and 'data-testid="issued-for"' not in page

    # The other parent, who did not apply, and a stranger: a 404, an empty store.
    for someone in (CitizenFactory(personal_id=THU), CitizenFactory(personal_id="031095007777")):
        assert not results_of(user=someone).exists()
        client.force_login(someone, backend=LOGIN)
        assert (
            client.get(reverse("dossiers:result-download", args=[child_result.pk])).status_code
            == 404
        )
        assert child_result.title not in client.get(reverse("dossiers:results")).content.decode()


def test_the_result_is_reused_in_a_later_dossier_for_the_same_child(
    citizen, hong_bang_ward, child_result
):
    draft = _later_draft(citizen, hong_bang_ward)
    birth = draft.procedure.components.get(code="giay-khai-sinh")
    assert list(results_reusable_for(dossier=draft)) == [child_result]

    attachment = result_reuse(dossier=draft, component=birth, result=child_result, by=citizen)

    assert attachment.sha256 == child_result.sha256 and attachment.content_type == "application/pdf"
    status = next(s for s in components_status(dossier=draft) if s.component == birth)
    assert status.satisfied and not status.missing


def test_it_is_not_reused_for_another_subject_nor_by_another(citizen, hong_bang_ward, child_result):
    own = _later_draft(citizen, hong_bang_ward, subject=citizen.personal_id,
                       basis=ActingBasis.SELF)  # fmt: skip
    birth = own.procedure.components.get(code="giay-khai-sinh")
    assert not results_reusable_for(dossier=own).exists()
    with pytest.raises(DossierError):
        result_reuse(dossier=own, component=birth, result=child_result, by=citizen)

    thu = CitizenFactory(personal_id=THU)
    theirs = _later_draft(thu, hong_bang_ward)  # Thu's dossier for the same child
    with pytest.raises(DossierError):
        result_reuse(dossier=theirs, component=theirs.procedure.components.get(
            code="giay-khai-sinh"), result=child_result, by=thu)  # fmt: skip
    assert not Attachment.objects.exists()


def test_a_component_data_replaces_or_an_altered_result_is_refused(
    citizen, hong_bang_ward, commune_official, child_result
):
    draft = _later_draft(citizen, hong_bang_ward)
    residence = draft.procedure.components.get(code="xac-nhan-cu-tru")
    confirmation = _issued(citizen, hong_bang_ward, commune_official, subject=KHANG,
                           basis=ActingBasis.PARENT, code="11311-261125-0003", found={},
                           paper=RESIDENCE)  # fmt: skip
    with pytest.raises(ReplacedByData):
        result_reuse(dossier=draft, component=residence, result=confirmation, by=citizen)

    ResultDocument.objects.filter(pk=child_result.pk).update(sha256="0" * 64)
    child_result.refresh_from_db()
    with pytest.raises(DossierError):
        result_reuse(dossier=draft, component=draft.procedure.components.get(
            code="giay-khai-sinh"), result=child_result, by=citizen)  # fmt: skip
    assert not Attachment.objects.exists()


def test_the_documents_page_offers_and_reuses_the_stored_result(
    client, citizen, hong_bang_ward, child_result
):
    draft = _later_draft(citizen, hong_bang_ward)
    birth = draft.procedure.components.get(code="giay-khai-sinh")
    own = _later_draft(citizen, hong_bang_ward, subject=citizen.personal_id,
                       basis=ActingBasis.SELF)  # fmt: skip
    client.force_login(citizen, backend=LOGIN)
    page = client.get(reverse("dossiers:documents", args=[draft.pk])).content.decode()
    assert 'data-testid="reuse-result"' in page and f'value="{child_result.pk}"' in page
    other_page = client.get(reverse("dossiers:documents", args=[own.pk])).content.decode()
    assert 'data-testid="reuse-result"' not in other_page

    wrong = client.post(reverse("dossiers:result-reuse", args=[own.pk]), {
        "component": own.procedure.components.get(code="giay-khai-sinh").pk,
        "result": child_result.pk,
    })  # fmt: skip
    response = client.post(reverse("dossiers:result-reuse", args=[draft.pk]),
                           {"component": birth.pk, "result": child_result.pk})  # fmt: skip

    assert wrong.status_code == 400 and not own.attachments.exists()
    assert response.status_code == 302
    assert draft.attachments.get().sha256 == child_result.sha256


def test_each_use_this_result_button_names_its_document_for_screen_readers(
    client, citizen, hong_bang_ward, child_result
):
    draft = _later_draft(citizen, hong_bang_ward)
    DossierComponentFactory(procedure=draft.procedure, code="trich-luc-khai-sinh", position=3,
                            name="Trích lục khai sinh",
                            document_type="birth_certificate")  # fmt: skip
    client.force_login(citizen, backend=LOGIN)

    page = client.get(reverse("dossiers:documents", args=[draft.pk])).content.decode()

    names = re.findall(r'<button type="submit" class="btn btn-sm btn-outline-primary">'
                       r'Dùng kết quả này<span class="visually-hidden">: (.*?)</span></button>',
                       page)  # fmt: skip
    assert sorted(names) == ["Giấy khai sinh", "Trích lục khai sinh"]


def test_each_stored_result_is_a_choice_with_its_whole_title(
    client, citizen, hong_bang_ward, commune_official, child_result
):
    """A phone's native select cut long titles off: each result is a radio
    whose label reads its whole title, its dossier and its date."""
    long_title = ("Trích lục khai sinh (bản sao) cấp từ Cơ sở dữ liệu hộ tịch điện tử "
                  "toàn quốc cho Nguyễn Minh Khang")  # fmt: skip
    ResultDocument.objects.filter(pk=child_result.pk).update(title=long_title)
    second = _issued(citizen, hong_bang_ward, commune_official, subject=KHANG,
                     basis=ActingBasis.PARENT, code="11311-261125-0002",
                     found={"full_name": "Nguyễn Minh Khang"})  # fmt: skip
    draft = _later_draft(citizen, hong_bang_ward)
    birth = draft.procedure.components.get(code="giay-khai-sinh")
    client.force_login(citizen, backend=LOGIN)

    page = client.get(reverse("dossiers:documents", args=[draft.pk])).content.decode()

    form = page[page.index('data-testid="reuse-result"') :]
    form = form[: form.index("</form>")]
    assert "<select" not in form and "<legend" in form
    choices = re.findall(r'<label class="[^"]*" for="(stored-[\d-]+)" data-testid="stored-result">'
                         r'\s*<input [^>]*type="radio" name="result" value="(\d+)"\s*'
                         r'id="(stored-[\d-]+)"[^>]*>(.*?)</label>', form, re.S)  # fmt: skip
    assert all(label_for == input_id for label_for, _, input_id, _ in choices)
    assert sorted(int(value) for _, value, _, _ in choices) == sorted([child_result.pk, second.pk])
    words = {int(value): re.sub(r"<[^>]+>|\s+", " ", text) for _, value, _, text in choices}
    assert long_title in words[child_result.pk] and "11311-261125-0001" in words[child_result.pk]
    assert "11311-261125-0002" in words[second.pk]
    # Choosing the second of them uses that one.
    response = client.post(reverse("dossiers:result-reuse", args=[draft.pk]),
                           {"component": birth.pk, "result": second.pk})  # fmt: skip
    assert response.status_code == 302 and draft.attachments.get().sha256 == second.sha256


def test_another_citizen_cannot_reuse_a_result_not_theirs(client, hong_bang_ward, child_result):
    stranger = CitizenFactory(personal_id="031095007777")
    draft = _later_draft(stranger, hong_bang_ward, subject=stranger.personal_id,
                         basis=ActingBasis.SELF)  # fmt: skip
    client.force_login(stranger, backend=LOGIN)
    response = client.post(reverse("dossiers:result-reuse", args=[draft.pk]), {
        "component": draft.procedure.components.get(code="giay-khai-sinh").pk,
        "result": child_result.pk,
    })  # fmt: skip
    assert response.status_code == 404 and not Attachment.objects.exists()


def test_an_enterprises_result_is_kept_for_its_representative(
    client, hong_bang_ward, commune_official
):
    binh = CitizenFactory(personal_id="001185004567", full_name="Trần Thị Bình")
    result = _issued(
        binh, hong_bang_ward, commune_official, subject="0109876543",
        basis=ActingBasis.LEGAL_REPRESENTATIVE, code="11311-261125-0009",
        source="business_registration",
        found={"businesses": [{"enterprise_code": "0109876543",
                               "name": "Công ty TNHH Thương mại Bình An"}]},
    )  # fmt: skip
    with result.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "Mã số doanh nghiệp" in text and "Công ty TNHH Thương mại Bình An" in text
    client.force_login(binh, backend=LOGIN)
    page = client.get(reverse("dossiers:results")).content.decode()
    assert 'data-testid="issued-for"' in page and "Công ty TNHH Thương mại Bình An" in page


def test_the_store_with_results_for_others_reads_in_a_fixed_number_of_queries(
    client, citizen, hong_bang_ward, commune_official, django_assert_max_num_queries
):
    for number in range(1, 4):
        _issued(citizen, hong_bang_ward, commune_official, subject=KHANG,
                basis=ActingBasis.PARENT, code=f"11311-261125-000{number}",
                found={"full_name": "Nguyễn Minh Khang"})  # fmt: skip
    client.force_login(citizen, backend=LOGIN)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("dossiers:results"))
    assert page.content.decode().count('data-testid="issued-for"') == 3


def test_a_result_carries_the_document_type_of_its_procedures_result(child_result):
    assert child_result.document_type == "birth_certificate"


def test_a_result_issued_before_results_recorded_their_paper_is_its_procedures_result(
    citizen, hong_bang_ward, child_result
):
    ResultDocument.objects.filter(pk=child_result.pk).update(document_type="")
    draft = _later_draft(citizen, hong_bang_ward)
    birth = draft.procedure.components.get(code="giay-khai-sinh")
    earlier = ResultDocument.objects.get(pk=child_result.pk)

    assert results_standing_for(list(results_reusable_for(dossier=draft)), birth) == [earlier]
    assert result_reuse(dossier=draft, component=birth, result=earlier, by=citizen).sha256 == (
        earlier.sha256
    )


def test_a_result_is_offered_only_for_a_component_asking_for_its_paper(
    client, citizen, hong_bang_ward, commune_official
):
    """A residence confirmation is no birth certificate and no authorisation
    letter: it is offered for neither, and, matching nothing, not at all."""
    confirmation = _issued(citizen, hong_bang_ward, commune_official, subject=KHANG,
                           basis=ActingBasis.PARENT, code="11311-261125-0004", found={},
                           paper=RESIDENCE)  # fmt: skip
    draft = _later_draft(citizen, hong_bang_ward)
    letter = DossierComponentFactory(procedure=draft.procedure, code="van-ban-uy-quyen",
                                     position=3, name="Văn bản ủy quyền")  # fmt: skip
    birth = draft.procedure.components.get(code="giay-khai-sinh")
    assert list(results_reusable_for(dossier=draft)) == [confirmation]  # his, for the child
    client.force_login(citizen, backend=LOGIN)

    page = client.get(reverse("dossiers:documents", args=[draft.pk])).content.decode()

    assert 'data-testid="reuse-result"' not in page and 'data-testid="stored-result"' not in page
    for component in (birth, letter):
        with pytest.raises(DossierError):
            result_reuse(dossier=draft, component=component, result=confirmation, by=citizen)
    assert not Attachment.objects.exists()


def test_only_the_matching_results_are_offered_for_each_component(
    client, citizen, hong_bang_ward, commune_official, child_result
):
    confirmation = _issued(citizen, hong_bang_ward, commune_official, subject=KHANG,
                           basis=ActingBasis.PARENT, code="11311-261125-0005", found={},
                           paper=RESIDENCE)  # fmt: skip
    draft = _later_draft(citizen, hong_bang_ward)
    DossierComponentFactory(procedure=draft.procedure, code="van-ban-uy-quyen", position=3,
                            name="Văn bản ủy quyền")  # fmt: skip
    client.force_login(citizen, backend=LOGIN)

    page = client.get(reverse("dossiers:documents", args=[draft.pk])).content.decode()

    assert page.count('data-testid="reuse-result"') == 1  # the birth certificate's only
    form = page[page.index('data-testid="reuse-result"') :]
    form = form[: form.index("</form>")]
    assert f'value="{child_result.pk}"' in form and f'value="{confirmation.pk}"' not in form
    assert "Giấy khai sinh" in form


def test_posting_a_result_that_is_not_the_paper_asked_for_is_a_400_and_nothing_is_kept(
    client, citizen, hong_bang_ward, commune_official
):
    confirmation = _issued(citizen, hong_bang_ward, commune_official, subject=KHANG,
                           basis=ActingBasis.PARENT, code="11311-261125-0006", found={},
                           paper=RESIDENCE)  # fmt: skip
    draft = _later_draft(citizen, hong_bang_ward)
    birth = draft.procedure.components.get(code="giay-khai-sinh")
    client.force_login(citizen, backend=LOGIN)

    response = client.post(reverse("dossiers:result-reuse", args=[draft.pk]),
                           {"component": birth.pk, "result": confirmation.pk},
                           headers={"HX-Request": "true"})  # fmt: skip

    assert response.status_code == 400
    text = response.content.decode()
    assert "không dùng được cho thành phần này" in text and "cannot be used for it" in text
    assert not Attachment.objects.exists()


def test_a_result_of_no_known_document_type_is_offered_for_nothing(
    citizen, hong_bang_ward, commune_official
):
    result = _issued(citizen, hong_bang_ward, commune_official, subject=KHANG,
                     basis=ActingBasis.PARENT, code="11311-261125-0007", found={},
                     paper=("Tách hộ", "Thông báo kết quả đăng ký cư trú", ""))  # fmt: skip
    draft = _later_draft(citizen, hong_bang_ward)
    for component in draft.procedure.components.all():
        with pytest.raises(DossierError):
            result_reuse(dossier=draft, component=component, result=result, by=citizen)
    assert not Attachment.objects.exists()
