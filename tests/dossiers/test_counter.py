"""Counter intake through HTTP: a walk-in citizen known by their personal ID
alone, their consent recorded, the same prefill as online read by the
official for the dossier (and logged so), submitted on their behalf."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from dossiers.models import Channel, Dossier, DossierEvent, DossierStatus
from portal.accounts.models import Role, User
from portal.audit.models import AccessLog
from portal.notifications.models import Notification
from tests.pdf.reading import pdf_text
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    residence_form_fields,
)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
INTAKE = "/workspace/counter/"


@pytest.fixture
def procedure(db):
    procedure = ProcedureFactory(
        code="1.004222", name="Đăng ký thường trú", agency_kinds=["commune_committee"],
        processing_days=3, fee_vnd=0,
    )  # fmt: skip
    form = FormDefinitionFactory(code="to-khai-cu-tru", fields=residence_form_fields())
    DossierComponentFactory(procedure=procedure, code="to-khai", position=1,
                            name="Tờ khai thay đổi thông tin cư trú", form=form)  # fmt: skip
    residence = DossierComponentFactory(procedure=procedure, code="xac-nhan-cu-tru", position=2,
                                        name="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    ElectronicReplacementFactory(component=residence, document_type="residence_confirmation",
                                 fields=["permanent_address"])  # fmt: skip
    DossierComponentFactory(procedure=procedure, code="hop-dong", position=3,
                            name="Hợp đồng cho ở nhờ")  # fmt: skip
    return procedure


@pytest.fixture
def official_client(client, commune_official):
    client.force_login(commune_official, backend=LOGIN)
    return client


@pytest.mark.django_db
def test_without_the_citizens_consent_nothing_is_created(official_client, procedure):
    response = official_client.post(
        INTAKE, {"personal_id": "031090001234", "procedure": procedure.pk}
    )
    assert response.status_code == 400
    assert "consent" in response.content.decode().lower()
    assert not Dossier.objects.exists()
    assert not User.objects.filter(personal_id="031090001234").exists()


@pytest.mark.django_db
def test_a_malformed_id_or_a_procedure_of_no_concern_is_a_400(official_client, procedure):
    other = ProcedureFactory(code="2.000001", agency_kinds=["province_department"])
    malformed = {"personal_id": "12345", "procedure": procedure.pk, "consent": "on"}
    elsewhere = {"personal_id": "031090001234", "procedure": other.pk, "consent": "on"}
    for data in (malformed, elsewhere):
        response = official_client.post(INTAKE, data)
        assert response.status_code == 400
        # The consent the citizen gave stays recorded on the form shown again.
        assert re.search(r'<input[^>]*name="consent"[^>]*\schecked', response.content.decode())
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_the_intake_says_what_is_missing_or_wrong_next_to_each_field(official_client, procedure):
    empty = official_client.post(INTAKE, {}).content.decode()
    assert _error(empty, "personal_id") == "Nhập số định danh cá nhân của công dân (12 chữ số)."
    assert _error(empty, "procedure") == "Chọn thủ tục."
    assert _error(empty, "consent") == "Cần có sự đồng ý của công dân."

    data = {"personal_id": "0310900012345", "procedure": "999999", "consent": "on"}
    wrong = official_client.post(INTAKE, data).content.decode()
    # The ID's length is said once, as the 12 digits it must have.
    assert _error(wrong, "personal_id") == "Số định danh cá nhân gồm 12 chữ số."
    assert _error(wrong, "procedure") == "Đơn vị của bạn không giải quyết thủ tục này."
    assert "Trường này" not in empty + wrong and "Giá trị này" not in wrong
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_the_intake_says_what_is_wrong_in_english_on_an_english_page(official_client, procedure):
    official_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    empty = official_client.post(INTAKE, {}).content.decode()
    wrong = official_client.post(
        INTAKE, {"personal_id": "12ab", "procedure": "999999", "consent": "on"}
    ).content.decode()

    assert _error(empty, "personal_id") == "Enter the citizen's personal ID number (12 digits)."
    assert _error(empty, "procedure") == "Choose the procedure."
    assert _error(empty, "consent") == "The citizen's consent is required."
    assert _error(wrong, "personal_id") == "A personal ID number has 12 digits."
    assert _error(wrong, "procedure") == "Your unit does not handle this procedure."


def _error(page: str, field: str) -> str:
    return unescape(page.split(f'id="e-{field}">', 1)[1].split("</div>", 1)[0])


@pytest.mark.django_db
def test_a_citizen_cannot_use_the_counter(client, citizen, procedure):
    client.force_login(citizen, backend=LOGIN)
    assert client.get(INTAKE).status_code == 403
    data = {"personal_id": "031090001234", "procedure": procedure.pk, "consent": "on"}
    assert client.post(INTAKE, data).status_code == 403
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_a_walk_in_citizen_gets_an_account_and_a_counter_draft(
    official_client, commune_official, procedure, hong_bang_ward
):
    page = official_client.get(INTAKE)
    assert page.status_code == 200 and "Đăng ký thường trú" in page.content.decode()

    response = official_client.post(
        INTAKE, {"personal_id": "031099004321", "procedure": procedure.pk, "consent": "on"}
    )

    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:counter-dossier", args=[dossier.pk])
    assert dossier.channel == Channel.COUNTER and dossier.counter_consent_at is not None
    assert dossier.status == DossierStatus.DRAFT and dossier.agency == hong_bang_ward
    assert dossier.assigned_to == commune_official
    applicant = dossier.applicant
    assert (applicant.username, applicant.personal_id, applicant.role) == (
        "031099004321", "031099004321", Role.CITIZEN,
    )  # fmt: skip
    assert not applicant.has_usable_password()


@pytest.mark.django_db
def test_while_the_sources_are_read_the_desk_page_refreshes_itself_and_offers_no_form(
    official_client, procedure
):
    # The reading is enqueued on commit: not run here, the sources are still being read.
    official_client.post(
        INTAKE, {"personal_id": "031099004321", "procedure": procedure.pk, "consent": "on"}
    )
    dossier = Dossier.objects.get()
    url = reverse("workspace:counter-dossier", args=[dossier.pk])

    page = official_client.get(url).content.decode()

    reading = page.split('data-testid="counter-reading"')[1].split("</p>")[0]
    assert f'hx-get="{url}"' in reading and 'hx-trigger="every 2s"' in reading
    assert 'data-field="full_name"' not in page
    assert reverse("workspace:counter-submit", args=[dossier.pk]) not in page


@pytest.mark.django_db(transaction=True)
def test_the_official_prefills_and_submits_for_the_citizen_and_the_log_names_them(
    gateway_live, official_client, commune_official, citizen, procedure, hong_bang_ward
):
    response = official_client.post(
        INTAKE, {"personal_id": citizen.personal_id, "procedure": procedure.pk, "consent": "on"}
    )
    dossier = Dossier.objects.get()
    assert dossier.applicant == citizen  # the citizen's own account, found by ID

    # The same prefill as online, read by the official for this dossier of their unit.
    entries = AccessLog.objects.filter(purpose_id=str(dossier.pk))
    assert entries.exists()
    assert {entry.actor_id for entry in entries} == {commune_official.pk}
    assert {entry.subject_personal_id for entry in entries} == {citizen.personal_id}

    page = official_client.get(response["Location"]).content.decode()
    assert 'data-field="full_name" data-locked="true"' in page and "Nguyễn Văn An" in page
    assert 'data-field="phone" data-locked="false"' in page
    # The replaced component is never asked for; the contract is seen at the desk.
    assert "không yêu cầu nộp" in page and "xem bản giấy tại quầy" in page

    address = dossier.prefill.sources.get(source="population").values["permanent_address"]
    response = official_client.post(
        reverse("workspace:counter-submit", args=[dossier.pk]),
        {"full_name": "Nguyễn Văn An", "permanent_address": address["value"],
         "phone": "0912345678"},
    )  # fmt: skip

    assert response.status_code == 302
    dossier.refresh_from_db()
    # Submitted and received in one act, by the official at the desk.
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.code.startswith("11311-") and dossier.due_date is not None
    events = DossierEvent.objects.filter(dossier=dossier).order_by("at", "id")
    assert [(event.action, event.actor) for event in events] == [
        ("counter_submit", commune_official), ("receive", commune_official),
    ]  # fmt: skip
    view = official_client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    assert 'data-testid="channel"' in view and dossier.code in view
    assert Notification.objects.filter(user=citizen, title__contains=dossier.code).exists()
    receipt = official_client.get(reverse("dossiers:receipt", args=[dossier.pk]))
    text = pdf_text(receipt.content)
    assert dossier.code in text and "Lê Thị Hoa" in text  # the official who received it
    assert "Giấy xác nhận thông tin về cư trú" in text  # listed as replaced, not asked for
    assert "Hợp đồng cho ở nhờ Bản giấy" in text and "không thu bản sao" in text


@pytest.mark.django_db
def test_another_units_official_cannot_see_or_submit_the_counter_draft(
    official_client, client, other_commune_official, procedure
):
    official_client.post(
        INTAKE, {"personal_id": "031099004321", "procedure": procedure.pk, "consent": "on"}
    )
    dossier = Dossier.objects.get()
    client.force_login(other_commune_official, backend=LOGIN)
    assert client.get(reverse("workspace:counter-dossier", args=[dossier.pk])).status_code == 404
    submit = reverse("workspace:counter-submit", args=[dossier.pk])
    assert client.post(submit, {"phone": "0912345678"}).status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


@pytest.mark.django_db
def test_a_procedure_with_a_fee_waits_for_it_after_the_counter_submission(
    commune_official, django_capture_on_commit_callbacks
):
    from dossiers.counter import counter_intake_start, counter_submit

    procedure = ProcedureFactory(code="1.000894", agency_kinds=["commune_committee"],
                                 fee_vnd=8000)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        dossier = counter_intake_start(official=commune_official, personal_id="031099004321",
                                       procedure=procedure, consent=True)  # fmt: skip

    dossier = counter_submit(dossier=dossier, by=commune_official, values={})

    assert dossier.status == DossierStatus.FINANCIAL_OBLIGATION and dossier.code
    assert dossier.events.get().action == "counter_request_fee"


@pytest.mark.django_db
def test_an_online_draft_cannot_be_submitted_by_an_official(
    commune_official, citizen, procedure, hong_bang_ward
):
    from dossiers.counter import CounterRefused, counter_submit
    from dossiers.exceptions import TransitionRefused
    from dossiers.services import dossier_draft_start
    from dossiers.states import transition

    dossier = dossier_draft_start(applicant=citizen, procedure=procedure, agency=hong_bang_ward)
    with pytest.raises(CounterRefused):
        counter_submit(dossier=dossier, by=commune_official, values={})
    with pytest.raises(TransitionRefused):
        transition(dossier=dossier, action="counter_submit", by=commune_official)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


@pytest.mark.django_db
def test_the_fee_page_links_the_receipt_it_tells_the_official_to_print(
    official_client, commune_official, django_capture_on_commit_callbacks
):
    from dossiers.counter import counter_intake_start, counter_submit

    procedure = ProcedureFactory(code="1.000894", agency_kinds=["commune_committee"],
                                 fee_vnd=8000)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        dossier = counter_intake_start(official=commune_official, personal_id="031099004321",
                                       procedure=procedure, consent=True)  # fmt: skip
    dossier = counter_submit(dossier=dossier, by=commune_official, values={})

    page = official_client.get(reverse("workspace:counter-fee", args=[dossier.pk]))

    assert page.status_code == 200
    link = page.content.decode().split('data-testid="receipt-link"')[0].rsplit("<a", 1)[1]
    assert reverse("dossiers:receipt", args=[dossier.pk]) in link
    assert official_client.get(reverse("dossiers:receipt", args=[dossier.pk])).status_code == 200


def test_the_procedure_list_at_the_desk_asks_for_a_choice_not_dashes(official_client, procedure):
    page = official_client.get(INTAKE).content.decode()

    assert '<option value="">Chọn…</option>' in page and "---------" not in page


def _counter_draft(official, personal_id: str, procedure, capture) -> Dossier:
    """A counter draft taken at the desk by this official, its (empty) prefill run."""
    from dossiers.counter import counter_intake_start

    with capture(execute=True):
        return counter_intake_start(official=official, personal_id=personal_id,
                                    procedure=procedure, consent=True)  # fmt: skip


def _counter_submitted(official, personal_id: str, procedure, capture) -> Dossier:
    """A counter dossier taken and submitted at the desk by this official."""
    from dossiers.counter import counter_submit

    dossier = _counter_draft(official, personal_id, procedure, capture)
    return counter_submit(dossier=dossier, by=official, values={})


@pytest.mark.django_db
def test_a_counter_submission_is_received_at_once_by_the_same_official(
    commune_official, django_capture_on_commit_callbacks
):
    from dossiers.states import allowed_actions, status_history_national
    from portal.core.working_days import due_date

    procedure = ProcedureFactory(code="1.000895", agency_kinds=["commune_committee"],
                                 processing_days=5, fee_vnd=0)  # fmt: skip

    dossier = _counter_submitted(
        commune_official, "031099004321", procedure, django_capture_on_commit_callbacks
    )

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    moves = [(event.action, event.from_status, event.to_status, event.actor)
             for event in dossier.events.order_by("at", "id")]  # fmt: skip
    assert moves == [
        ("counter_submit", DossierStatus.DRAFT, DossierStatus.SUBMITTED, commune_official),
        ("receive", DossierStatus.SUBMITTED, DossierStatus.RECEIVED, commune_official),
    ]
    # The national portal hears of both moves: submitted (1), then received (2).
    assert [step["status"] for step in status_history_national(dossier=dossier)] == [1, 2]
    # Counted from the desk's moment, which is the reception's.
    assert dossier.due_date == due_date(dossier.submitted_at, procedure.processing_days)
    actions = allowed_actions(dossier=dossier, user=commune_official)
    assert "start_processing" in actions and "receive" not in actions
    # The applicant is told it was received, not merely submitted.
    notice = Notification.objects.filter(user=dossier.applicant).latest("pk")
    assert notice.title == (f"Đã tiếp nhận hồ sơ {dossier.code}. Dossier {dossier.code} received.")
    assert "đã được UBND phường Hồng Bàng tiếp nhận" in notice.body
    # A repeated submission (a double click) changes nothing.
    again = _resubmit(dossier, commune_official)
    assert again.status == DossierStatus.RECEIVED and dossier.events.count() == 2


def _resubmit(dossier: Dossier, official) -> Dossier:
    from dossiers.counter import counter_submit

    return counter_submit(dossier=dossier, by=official, values={})


@pytest.mark.django_db
def test_a_counter_dossier_with_a_fee_is_not_received_before_its_fee(
    commune_official, django_capture_on_commit_callbacks
):
    procedure = ProcedureFactory(code="1.000896", agency_kinds=["commune_committee"],
                                 fee_vnd=8000)  # fmt: skip

    dossier = _counter_submitted(
        commune_official, "031099004321", procedure, django_capture_on_commit_callbacks
    )

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.FINANCIAL_OBLIGATION and dossier.due_date is None
    assert not dossier.events.filter(action="receive").exists()


@pytest.mark.django_db
def test_the_desk_says_the_dossier_was_submitted_and_received(
    official_client, commune_official, django_capture_on_commit_callbacks
):
    procedure = ProcedureFactory(code="1.000897", agency_kinds=["commune_committee"],
                                 fee_vnd=0)  # fmt: skip
    dossier = _counter_draft(
        commune_official, "031099004321", procedure, django_capture_on_commit_callbacks
    )

    response = official_client.post(
        reverse("workspace:counter-submit", args=[dossier.pk]), follow=True
    )

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    assert response.redirect_chain[-1][0] == reverse("workspace:dossier", args=[dossier.pk])
    assert f"Đã nộp và tiếp nhận: hồ sơ {dossier.code}." in response.content.decode()


DATA_READ_TITLE = (
    "Dữ liệu của bạn được khai thác tại Bộ phận một cửa. Your data was read at the one-stop desk."
)


@pytest.mark.django_db(transaction=True)
def test_a_citizen_with_an_account_is_told_once_that_the_desk_read_their_data(
    gateway_live, official_client, citizen, procedure
):
    official_client.post(
        INTAKE, {"personal_id": citizen.personal_id, "procedure": procedure.pk, "consent": "on"}
    )
    dossier = Dossier.objects.get()
    read = AccessLog.objects.filter(purpose_id=str(dossier.pk))
    assert read.exists()  # the sources were read, each logged

    notice = Notification.objects.get(user=citizen)  # once for the draft, not per source
    at = timezone.localtime(dossier.counter_consent_at).strftime("%H:%M %d/%m/%Y")
    assert notice.title == DATA_READ_TITLE
    assert notice.url == "/data/my-data-access/"
    assert notice.body.startswith(
        f"UBND phường Hồng Bàng đã khai thác dữ liệu của bạn từ các cơ sở dữ liệu quốc gia "
        f"theo số định danh cá nhân lúc {at}, với sự đồng ý của bạn, để tiếp nhận hồ sơ "
        f"“Đăng ký thường trú” tại quầy."
    )
    assert "UBND phường Hồng Bàng read your data from the national databases" in notice.body
    assert "See who used your data." in notice.body


@pytest.mark.django_db
def test_a_person_with_no_account_gets_no_notice_of_the_reading(official_client, procedure):
    official_client.post(
        INTAKE, {"personal_id": "031099004321", "procedure": procedure.pk, "consent": "on"}
    )

    walk_in = User.objects.get(personal_id="031099004321")  # the account made at the desk
    assert Dossier.objects.get().applicant == walk_in
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_citizen_reading_their_own_data_online_gets_no_such_notice(
    citizen, procedure, hong_bang_ward
):
    from dossiers.services import dossier_draft_start

    dossier_draft_start(applicant=citizen, procedure=procedure, agency=hong_bang_ward)

    assert not Notification.objects.filter(user=citizen).exists()
