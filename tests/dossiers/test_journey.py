"""The citizen journey through HTTP: start, check the data, complete the form
with only what no source holds, submit once, follow the dossier."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from datasources.models import CorrectionRequest
from dossiers.models import ActingBasis, Dossier, DossierEvent, DossierStatus
from dossiers.services import authorisation_record, dossier_draft_start, drafts_purge
from portal.notifications.models import Notification
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    residence_form_fields,
)

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"


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
    return procedure


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


def _draft(citizen, procedure, unit, **options) -> Dossier:
    dossier = dossier_draft_start(applicant=citizen, procedure=procedure, agency=unit, **options)
    dossier.refresh_from_db()
    return dossier


def _locked_and_typed(client, dossier) -> dict:
    """What the browser posts: the locked values as shown, and the typed ones."""
    page = client.get(f"/dossiers/{dossier.pk}/form/").content.decode()
    assert 'data-field="full_name" data-locked="true"' in page
    return {"full_name": "Nguyễn Văn An", "permanent_address": _address(dossier),
            "phone": "0912345678"}  # fmt: skip


def _address(dossier) -> str:
    part = dossier.prefill.sources.get(source="population")
    return part.values["permanent_address"]["value"]


def test_the_citizen_starts_checks_completes_and_submits(
    gateway_live, signed_in, citizen, procedure, hong_bang_ward, hai_phong
):
    response = signed_in.get(f"/dossiers/start/{procedure.code}/?province=31")
    assert response.status_code == 200 and "UBND phường Hồng Bàng" in response.content.decode()

    response = signed_in.post(
        f"/dossiers/start/{procedure.code}/",
        {"province": "31", "acting_basis": "self", "agency": hong_bang_ward.pk},
    )
    dossier = Dossier.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/dossiers/{dossier.pk}/prefill/"
    )
    # Only what the form binds and what replaces a component is read.
    assert dict(dossier.prefill.sources.values_list("source", "fields")) == {
        "population": ["full_name", "permanent_address"]
    }
    prefill_page = signed_in.get(response["Location"]).content.decode()
    assert "Nguyễn Văn An" in prefill_page and 'data-testid="confirm"' in prefill_page

    assert signed_in.post(f"/dossiers/{dossier.pk}/confirm/").status_code == 302
    form_page = signed_in.get(f"/dossiers/{dossier.pk}/form/").content.decode()
    assert 'data-field="full_name" data-locked="true"' in form_page
    assert 'data-field="phone" data-locked="false"' in form_page
    assert "CSDL quốc gia về dân cư" in form_page  # the provenance of the locked values

    response = signed_in.post(
        f"/dossiers/{dossier.pk}/submit/", _locked_and_typed(signed_in, dossier)
    )

    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.code.startswith("11311-") and len(dossier.code) == len("11311-261125-0001")
    assert dossier.due_date is not None and dossier.due_date > dossier.submitted_at.date()
    assert dossier.form_values["phone"] == "0912345678"
    assert "full_name" not in dossier.form_values  # locked values stay in the snapshot
    assert DossierEvent.objects.get(dossier=dossier).action == "submit"
    assert Notification.objects.filter(user=citizen, title__contains=dossier.code).exists()
    track = signed_in.get(f"/dossiers/{dossier.pk}/").content.decode()
    assert dossier.code in track and dossier.due_date.strftime("%d/%m/%Y") in track
    assert '<li class="list-group-item" data-action="submit">' in track
    assert "Bạn đã nộp hồ sơ trực tuyến." in track  # the history in plain words


def test_a_changed_locked_value_is_refused(gateway_live, signed_in, citizen, procedure,
                                           hong_bang_ward):  # fmt: skip
    dossier = _draft(citizen, procedure, hong_bang_ward)
    signed_in.post(f"/dossiers/{dossier.pk}/confirm/")
    values = _locked_and_typed(signed_in, dossier) | {"full_name": "Nguyễn Văn Ân"}

    response = signed_in.post(f"/dossiers/{dossier.pk}/submit/", values)

    assert response.status_code == 409
    assert "Họ và tên" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT and dossier.code is None


def test_a_double_submission_gives_one_dossier(gateway_live, signed_in, citizen, procedure,
                                               hong_bang_ward):  # fmt: skip
    dossier = _draft(citizen, procedure, hong_bang_ward)
    signed_in.post(f"/dossiers/{dossier.pk}/confirm/")
    values = _locked_and_typed(signed_in, dossier)

    first = signed_in.post(f"/dossiers/{dossier.pk}/submit/", values)
    second = signed_in.post(f"/dossiers/{dossier.pk}/submit/", values)

    assert first.status_code == second.status_code == 302
    dossier.refresh_from_db()
    assert DossierEvent.objects.filter(dossier=dossier, action="submit").count() == 1
    assert dossier.code.endswith("-0001")


def test_typed_values_are_validated_and_kept_on_error(gateway_live, signed_in, citizen,
                                                      procedure, hong_bang_ward):  # fmt: skip
    dossier = _draft(citizen, procedure, hong_bang_ward)
    signed_in.post(f"/dossiers/{dossier.pk}/confirm/")
    values = _locked_and_typed(signed_in, dossier) | {"phone": "12ab"}

    response = signed_in.post(f"/dossiers/{dossier.pk}/submit/", values)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Nhập số điện thoại hợp lệ" in page and 'value="12ab"' in page
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


def test_the_data_must_be_confirmed_before_submitting(gateway_live, signed_in, citizen,
                                                      procedure, hong_bang_ward):  # fmt: skip
    dossier = _draft(citizen, procedure, hong_bang_ward)

    assert signed_in.get(f"/dossiers/{dossier.pk}/form/")["Location"].endswith("/prefill/")
    response = signed_in.post(f"/dossiers/{dossier.pk}/submit/", {"phone": "0912345678"})

    assert response.status_code == 400
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


def test_this_is_wrong_opens_a_correction_and_the_dossier_goes_on(
    gateway_live, signed_in, citizen, procedure, hong_bang_ward, data_owner
):
    dossier = _draft(citizen, procedure, hong_bang_ward)
    signed_in.post(f"/dossiers/{dossier.pk}/confirm/")

    signed_in.post(
        f"/dossiers/{dossier.pk}/form/wrong/",
        {"field": "permanent_address", "note-permanent_address": "Đã chuyển nhà"},
    )

    request = CorrectionRequest.objects.get()
    assert (request.source, request.field) == ("population", "permanent_address")
    response = signed_in.post(
        f"/dossiers/{dossier.pk}/submit/", _locked_and_typed(signed_in, dossier)
    )
    assert response.status_code == 302


def test_this_is_wrong_sends_the_note_and_the_right_value_the_citizen_knows(
    gateway_live, signed_in, citizen, procedure, hong_bang_ward, data_owner
):
    dossier = _draft(citizen, procedure, hong_bang_ward)
    signed_in.post(f"/dossiers/{dossier.pk}/confirm/")
    page = signed_in.get(f"/dossiers/{dossier.pk}/form/").content.decode()
    assert 'name="proposed-permanent_address"' in page

    signed_in.post(
        f"/dossiers/{dossier.pk}/form/wrong/",
        {"field": "permanent_address", "note-permanent_address": "Đã chuyển nhà năm 2025",
         "proposed-permanent_address": "  Số 5 phố Minh Khai, Hồng Bàng  "},
    )  # fmt: skip

    request = CorrectionRequest.objects.get()
    assert request.proposed_value == "Số 5 phố Minh Khai, Hồng Bàng"
    assert request.flags.get().note == "Đã chuyển nhà năm 2025"


def test_this_is_wrong_keeps_what_was_typed_in_the_form(
    gateway_live, signed_in, citizen, procedure, hong_bang_ward, data_owner
):
    dossier = _draft(citizen, procedure, hong_bang_ward)
    signed_in.post(f"/dossiers/{dossier.pk}/confirm/")
    posted = {**_locked_and_typed(signed_in, dossier), "field": "permanent_address",
              "note-permanent_address": "Đã chuyển nhà"}  # fmt: skip

    signed_in.post(f"/dossiers/{dossier.pk}/form/wrong/", posted)

    assert CorrectionRequest.objects.filter(field="permanent_address").exists()
    dossier.refresh_from_db()
    assert dossier.form_values["phone"] == "0912345678"
    page = signed_in.get(f"/dossiers/{dossier.pk}/form/").content.decode()
    assert 'value="0912345678"' in page


def test_nobody_else_opens_or_submits_the_dossier(gateway_live, client, citizen, procedure,
                                                  hong_bang_ward, commune_official):  # fmt: skip
    dossier = _draft(citizen, procedure, hong_bang_ward)
    client.force_login(commune_official, backend=LOGIN)

    assert client.get(f"/dossiers/{dossier.pk}/form/").status_code == 404
    assert client.post(f"/dossiers/{dossier.pk}/submit/", {}).status_code == 404


def test_withdrawing_needs_a_reason(gateway_live, signed_in, citizen, procedure, hong_bang_ward):
    dossier = _draft(citizen, procedure, hong_bang_ward)
    signed_in.post(f"/dossiers/{dossier.pk}/confirm/")
    signed_in.post(f"/dossiers/{dossier.pk}/submit/", _locked_and_typed(signed_in, dossier))

    refused = signed_in.post(f"/dossiers/{dossier.pk}/withdraw/", {"reason": ""})
    assert refused.status_code == 400 and "A reason is required." in refused.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED

    signed_in.post(f"/dossiers/{dossier.pk}/withdraw/", {"reason": "Nộp nhầm thủ tục"})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WITHDRAWN
    assert dossier.events.last().reason == "Nộp nhầm thủ tục"

    # Once withdrawn, the dossier refuses what only a draft or an open dossier allows.
    for path, data in (("withdraw/", {"reason": "Lần nữa"}), ("form/save/", {"phone": "1"}),
                       ("discard/", {})):  # fmt: skip
        again = signed_in.post(f"/dossiers/{dossier.pk}/{path}", data)
        assert again.status_code == 409, path
        assert 'class="alert alert-danger' in again.content.decode()
    assert Dossier.objects.filter(pk=dossier.pk, status=DossierStatus.WITHDRAWN).exists()


def test_an_unknown_field_flagged_as_wrong_is_a_400_on_the_form(
    gateway_live, signed_in, citizen, procedure, hong_bang_ward
):
    dossier = _draft(citizen, procedure, hong_bang_ward)
    signed_in.post(f"/dossiers/{dossier.pk}/confirm/")

    response = signed_in.post(f"/dossiers/{dossier.pk}/form/wrong/", {"field": "phone"})

    assert response.status_code == 400 and "Unknown field." in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_a_closed_dossier_expects_nothing_more_rather_than_being_handled(
    gateway_live, signed_in, citizen, procedure, hong_bang_ward
):
    dossier = _draft(citizen, procedure, hong_bang_ward)
    signed_in.post(f"/dossiers/{dossier.pk}/confirm/")
    signed_in.post(f"/dossiers/{dossier.pk}/submit/", _locked_and_typed(signed_in, dossier))
    handled = "Không có: cơ quan đang giải quyết"
    assert handled in signed_in.get(f"/dossiers/{dossier.pk}/").content.decode()

    signed_in.post(f"/dossiers/{dossier.pk}/withdraw/", {"reason": "Nộp nhầm thủ tục"})

    for page in (f"/dossiers/{dossier.pk}/", "/dossiers/"):
        text = signed_in.get(page).content.decode()
        assert "Không có: hồ sơ đã kết thúc" in text and handled not in text
    step = signed_in.get(f"/api/dossiers/{dossier.pk}/").json()["next_step"]
    assert step == {"code": "none", "text": "Không có: hồ sơ đã kết thúc"}


def test_an_error_on_a_choice_or_a_long_text_is_announced_with_its_field(
    gateway_live, signed_in, citizen, hong_bang_ward
):
    fields = [
        {"name": "relationship", "type": "choice", "label_vi": "Quan hệ", "label_en": "Relation",
         "required": True, "validation": {"choices": ["Cha", "Mẹ"]}, "binding": None},
        {"name": "place_of_birth", "type": "text", "label_vi": "Nơi sinh",
         "label_en": "Place of birth", "required": True, "validation": {}, "binding": None},
    ]  # fmt: skip
    procedure = ProcedureFactory(code="1.001193", agency_kinds=["commune_committee"], fee_vnd=0)
    form = FormDefinitionFactory(code="to-khai-khai-sinh", fields=fields)
    DossierComponentFactory(procedure=procedure, code="to-khai", position=1, form=form)
    dossier = _draft(citizen, procedure, hong_bang_ward)
    signed_in.post(f"/dossiers/{dossier.pk}/confirm/")

    response = signed_in.post(f"/dossiers/{dossier.pk}/submit/", {})

    assert response.status_code == 400
    page = response.content.decode()
    for name in ("relationship", "place_of_birth"):
        assert f'aria-invalid="true" aria-describedby="e-{name}"' in page
        assert f'id="e-{name}"' in page


def test_an_authorised_person_acts_for_the_principal(gateway_live, citizen, procedure,
                                                     hong_bang_ward):  # fmt: skip
    from dossiers.exceptions import NoRightToAct
    from tests.accounts.factories import CitizenFactory

    agent = CitizenFactory(personal_id="001185004567", full_name="Trần Thị Bình")
    today = datetime.date.today()
    authorisation = authorisation_record(
        principal=citizen, agent_personal_id=agent.personal_id, procedure=procedure,
        valid_from=today, valid_until=today + datetime.timedelta(days=30),
    )  # fmt: skip

    dossier = _draft(agent, procedure, hong_bang_ward, subject_personal_id=citizen.personal_id,
                     acting_basis=ActingBasis.AUTHORISATION)  # fmt: skip

    assert dossier.authorisation == authorisation
    part = dossier.prefill.sources.get(source="population")
    assert part.values["full_name"]["value"] == "Nguyễn Văn An"
    other = ProcedureFactory(code="1.001193", agency_kinds=["commune_committee"])
    with pytest.raises(NoRightToAct):  # authorised for one procedure only
        dossier_draft_start(applicant=agent, procedure=other, agency=hong_bang_ward,
                            subject_personal_id=citizen.personal_id,
                            acting_basis=ActingBasis.AUTHORISATION)  # fmt: skip


def test_a_revoked_authorisation_no_longer_lets_anyone_act(citizen, procedure, hong_bang_ward,
                                                           client):  # fmt: skip
    from dossiers.exceptions import NoRightToAct
    from tests.accounts.factories import CitizenFactory

    agent = CitizenFactory(personal_id="001185004567")
    today = datetime.date.today()
    client.force_login(citizen, backend=LOGIN)
    client.post("/dossiers/authorisations/", {
        "agent_personal_id": agent.personal_id, "procedure_code": "",
        "valid_from": today.isoformat(),
        "valid_until": (today + datetime.timedelta(days=5)).isoformat(),
    })  # fmt: skip
    authorisation = citizen.authorisations_given.get()
    client.post(f"/dossiers/authorisations/{authorisation.pk}/revoke/")

    with pytest.raises(NoRightToAct):
        dossier_draft_start(applicant=agent, procedure=procedure, agency=hong_bang_ward,
                            subject_personal_id=citizen.personal_id,
                            acting_basis=ActingBasis.AUTHORISATION)  # fmt: skip


def test_a_bad_authorisation_is_refused_with_a_clear_error(signed_in, citizen):
    response = signed_in.post("/dossiers/authorisations/", {
        "agent_personal_id": citizen.personal_id, "valid_from": "2026-01-01",
        "valid_until": "2027-01-01",
    })  # fmt: skip

    assert response.status_code == 400
    assert "Không thể tự ủy quyền" in response.content.decode()
    assert not citizen.authorisations_given.exists()


def test_stale_drafts_are_purged_and_submitted_dossiers_kept(citizen, procedure, hong_bang_ward):
    from django.utils import timezone

    from tests.dossiers.factories import DossierFactory

    stale = DossierFactory(applicant=citizen, procedure=procedure, agency=hong_bang_ward)
    fresh = DossierFactory(applicant=citizen, procedure=procedure, agency=hong_bang_ward)
    kept = DossierFactory(applicant=citizen, procedure=procedure, agency=hong_bang_ward,
                          status=DossierStatus.SUBMITTED)  # fmt: skip
    long_ago = timezone.now() - datetime.timedelta(days=40)
    Dossier.objects.filter(pk__in=[stale.pk, kept.pk]).update(updated_at=long_ago)

    assert drafts_purge(older_than=datetime.timedelta(days=30)) == 1

    assert set(Dossier.objects.values_list("pk", flat=True)) == {fresh.pk, kept.pk}


def test_an_outsider_cannot_start_a_dossier_for_a_unit_that_does_not_handle_it(
    signed_in, procedure, hai_phong
):
    response = signed_in.post(
        f"/dossiers/start/{procedure.code}/",
        {"province": "31", "acting_basis": "self", "agency": hai_phong.pk},
    )

    assert response.status_code == 400
    assert not Dossier.objects.exists()
    assert mail.outbox == []


def test_confirming_while_a_source_is_still_read_is_a_409_on_the_data_page(
    signed_in, citizen, hong_bang_ward
):
    from dossiers.models import PrefillStatus
    from tests.dossiers.factories import (
        DossierFactory,
        PrefillSnapshotFactory,
        PrefillSourceFactory,
    )

    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward)
    snapshot = PrefillSnapshotFactory(dossier=dossier, finished_at=None)  # still reading
    PrefillSourceFactory(dossier=dossier, snapshot=snapshot, status=PrefillStatus.PENDING,
                         found={})  # fmt: skip

    response = signed_in.post(f"/dossiers/{dossier.pk}/confirm/")

    assert response.status_code == 409
    assert "The sources are still being read; please wait." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.preview_confirmed_at is None


def test_this_is_wrong_with_no_one_to_send_it_to_is_a_503_on_the_form(
    gateway_live, signed_in, citizen, procedure, hong_bang_ward
):
    # No data_owner: the agency keeping the population database is not set up.
    dossier = _draft(citizen, procedure, hong_bang_ward)
    signed_in.post(f"/dossiers/{dossier.pk}/confirm/")

    response = signed_in.post(f"/dossiers/{dossier.pk}/form/wrong/",
                              {"field": "full_name", "note-full_name": "Sai tên"})  # fmt: skip

    assert response.status_code == 503
    page = response.content.decode()
    assert 'class="alert alert-danger' in page and 'data-field="full_name"' in page
    assert not CorrectionRequest.objects.exists()


def test_the_tracking_page_shows_what_was_submitted_and_where_each_value_came_from(
    gateway_live, signed_in, citizen, procedure, hong_bang_ward
):
    dossier = _draft(citizen, procedure, hong_bang_ward)
    signed_in.post(f"/dossiers/{dossier.pk}/confirm/")
    track = f"/dossiers/{dossier.pk}/"
    assert 'data-testid="declared"' not in signed_in.get(track).content.decode()  # a draft

    signed_in.post(f"/dossiers/{dossier.pk}/submit/", _locked_and_typed(signed_in, dossier))

    page = signed_in.get(track).content.decode()
    start = page.index('data-testid="declared"')
    declared = page[start : page.index("</details>", start)]
    assert "Nguyễn Văn An" in declared and "từ CSDL quốc gia về dân cư" in declared
    assert "0912345678" in declared  # typed: no source named
    assert f'href="/dossiers/{dossier.pk}/documents/"' in declared


def test_a_form_sent_after_the_session_ended_returns_to_the_form_after_logging_in(
    gateway_live, signed_in, citizen, procedure, hong_bang_ward
):
    dossier = _draft(citizen, procedure, hong_bang_ward)
    signed_in.post(f"/dossiers/{dossier.pk}/confirm/")
    form = f"/dossiers/{dossier.pk}/form/"
    signed_in.post(f"/dossiers/{dossier.pk}/form/save/", {"phone": "0912345678"})
    signed_in.logout()  # the session ended while the form stayed open

    sent = signed_in.post(f"/dossiers/{dossier.pk}/form/save/", {"phone": "0987654321"},
                          headers={"referer": f"http://testserver{form}"})  # fmt: skip

    # To the login, which then leads back to the form, not to the address it posted to.
    assert sent.status_code == 302
    assert sent["Location"] == f"/accounts/login/?next={form.replace('/', '%2F')}"
    login = signed_in.get(sent["Location"]).content.decode()
    assert f'name="next" value="{form}"' in login
    signed_in.force_login(citizen, backend=LOGIN)
    page = signed_in.get(form)
    assert page.status_code == 200 and 'value="0912345678"' in page.content.decode()


def test_a_live_part_of_a_page_sends_the_whole_page_to_the_login_after_the_session_ended(
    client, citizen, procedure, hong_bang_ward
):
    dossier = _draft(citizen, procedure, hong_bang_ward)
    documents = f"http://testserver/dossiers/{dossier.pk}/form/"

    sent = client.post(f"/dossiers/{dossier.pk}/documents/", {},
                       headers={"hx-request": "true", "hx-current-url": documents})  # fmt: skip

    assert sent.status_code == 200  # not the login page drawn inside the documents panel
    assert sent["HX-Redirect"] == f"/accounts/login/?next=%2Fdossiers%2F{dossier.pk}%2Fform%2F"


def test_a_form_sent_from_an_unknown_page_after_the_session_ended_logs_in_to_the_home_page(
    client, citizen, procedure, hong_bang_ward
):
    dossier = _draft(citizen, procedure, hong_bang_ward)

    sent = client.post(f"/dossiers/{dossier.pk}/withdraw/", {"reason": "x"},
                       headers={"referer": "https://evil.example/"})  # fmt: skip

    assert sent.status_code == 302 and sent["Location"] == "/accounts/login/"


def _agent_draft_under_authorisation(citizen, procedure, unit):
    """Bình's confirmed draft for An, under An's authorisation for this procedure."""
    from tests.accounts.factories import CitizenFactory

    agent = CitizenFactory(personal_id="001185004567", full_name="Trần Thị Bình")
    today = datetime.date.today()
    authorisation = authorisation_record(
        principal=citizen, agent_personal_id=agent.personal_id, procedure=procedure,
        valid_from=today, valid_until=today + datetime.timedelta(days=30),
    )  # fmt: skip
    dossier = _draft(agent, procedure, unit, subject_personal_id=citizen.personal_id,
                     acting_basis=ActingBasis.AUTHORISATION)  # fmt: skip
    return agent, authorisation, dossier


def _uploadable(procedure):
    return DossierComponentFactory(procedure=procedure, code="giay-khac", position=3,
                                   name="Giấy tờ khác")  # fmt: skip


def test_a_draft_whose_authorisation_is_revoked_meanwhile_is_not_submitted(
    gateway_live, citizen, procedure, hong_bang_ward
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from dossiers.attachments import attachment_add
    from dossiers.exceptions import NoRightToAct
    from tests.dossiers.test_attachments import PDF

    agent, authorisation, dossier = _agent_draft_under_authorisation(
        citizen, procedure, hong_bang_ward
    )
    as_agent, as_principal = Client(), Client()
    as_agent.force_login(agent, backend=LOGIN)
    as_principal.force_login(citizen, backend=LOGIN)
    assert as_agent.post(f"/dossiers/{dossier.pk}/confirm/").status_code == 302
    values = _locked_and_typed(as_agent, dossier)

    as_principal.post(f"/dossiers/authorisations/{authorisation.pk}/revoke/")
    submitted = as_agent.post(f"/dossiers/{dossier.pk}/submit/", values)
    saved = as_agent.post(f"/dossiers/{dossier.pk}/form/save/", values)
    autosaved = as_agent.post(f"/dossiers/{dossier.pk}/form/autosave/", values)
    retried = as_agent.post(f"/dossiers/{dossier.pk}/prefill/retry/")
    flagged = as_agent.post(f"/dossiers/{dossier.pk}/form/wrong/",
                            {"field": "full_name", "note-full_name": "Sai tên"})  # fmt: skip
    by_api = as_agent.post(f"/api/dossiers/{dossier.pk}/submit/", values)
    upload = SimpleUploadedFile("giay-to.pdf", PDF, content_type="application/pdf")
    with pytest.raises(NoRightToAct):
        attachment_add(dossier=dossier, component=_uploadable(procedure), upload=upload, by=agent)

    assert submitted.status_code == 403
    assert "đã thu hồi ủy quyền" in submitted.content.decode()
    assert "revoked the authorisation" in submitted.content.decode()
    answers = [saved, autosaved, retried, flagged]
    assert {answer.status_code for answer in answers} <= {403, 409}
    assert not CorrectionRequest.objects.exists()
    assert not dossier.attachments.exists()
    assert by_api.status_code == 403 and by_api.json()["code"] == "no_right_to_act"
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT and dossier.code is None
    assert dossier.form_values == {}
    assert not DossierEvent.objects.filter(dossier=dossier).exists()
    # The agent may still discard the draft that can go no further.
    assert as_agent.post(f"/dossiers/{dossier.pk}/discard/").status_code == 302
    assert not Dossier.objects.filter(pk=dossier.pk).exists()


def test_a_draft_whose_authorisation_expired_meanwhile_is_not_submitted(
    gateway_live, citizen, procedure, hong_bang_ward
):
    from dossiers.exceptions import NoRightToAct
    from dossiers.models import Authorisation
    from dossiers.services import dossier_preview_confirm, dossier_submit

    agent, authorisation, dossier = _agent_draft_under_authorisation(
        citizen, procedure, hong_bang_ward
    )
    dossier_preview_confirm(dossier=dossier, by=agent)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Authorisation.objects.filter(pk=authorisation.pk).update(
        valid_from=yesterday - datetime.timedelta(days=5), valid_until=yesterday
    )

    with pytest.raises(NoRightToAct):
        dossier_submit(dossier=dossier, by=agent, values={"phone": "0912345678"})

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


def test_a_draft_goes_on_under_the_authorisation_that_replaced_a_revoked_one(
    gateway_live, citizen, procedure, hong_bang_ward
):
    from dossiers.services import authorisation_revoke, dossier_preview_confirm, dossier_submit

    agent, authorisation, dossier = _agent_draft_under_authorisation(
        citizen, procedure, hong_bang_ward
    )
    dossier_preview_confirm(dossier=dossier, by=agent)
    authorisation_revoke(authorisation=authorisation, by=citizen)
    today = datetime.date.today()
    renewed = authorisation_record(
        principal=citizen, agent_personal_id=agent.personal_id, valid_from=today,
        valid_until=today + datetime.timedelta(days=10),
    )  # fmt: skip

    dossier_submit(dossier=dossier, by=agent, values={"phone": "0912345678"})

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.authorisation == renewed  # the one relied on at submission
