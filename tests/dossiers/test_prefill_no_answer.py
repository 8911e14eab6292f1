"""A source that does not answer (the worker down, the task lost) never blocks
a draft: once PREFILL_NO_ANSWER_SECONDS have passed since it was asked, the
server shows it as not answering, the data page stops waiting and offers to
try again, and the citizen goes on without it, its data verified later by the
official as for a source that is down."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from datasources.adapters import GatewayAdapter
from dossiers.evidence import components_status
from dossiers.exceptions import DossierError
from dossiers.models import Dossier, DossierStatus, PrefillSnapshot, PrefillStatus
from dossiers.prefill import prefill_overdue_close, prefill_run
from dossiers.services import dossier_draft_start, dossier_preview_confirm
from dossiers.tasks import prefill_run_task
from portal.audit.models import AccessLog
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    residence_form_fields,
)

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
NO_ANSWER_SECONDS = 40


class Clock:
    """The server's clock, moved on by the test."""

    def __init__(self, monkeypatch) -> None:
        self.at = timezone.now()
        monkeypatch.setattr("django.utils.timezone.now", lambda: self.at)

    def advance(self, seconds: float) -> None:
        self.at += datetime.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch, settings):
    settings.PREFILL_NO_ANSWER_SECONDS = NO_ANSWER_SECONDS
    return Clock(monkeypatch)


@pytest.fixture
def lost_tasks(monkeypatch):
    """The broker takes each prefill task, and no worker ever runs it."""
    sent: list[tuple] = []
    monkeypatch.setattr(prefill_run_task, "apply_async",
                        lambda args, countdown=None: sent.append(tuple(args)))  # fmt: skip
    return sent


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
def draft(clock, lost_tasks, citizen, procedure, hong_bang_ward) -> Dossier:
    """A draft whose prefill was asked for and never read: its task was lost."""
    dossier = dossier_draft_start(applicant=citizen, procedure=procedure, agency=hong_bang_ward)
    assert len(lost_tasks) == 1
    return Dossier.objects.select_related("prefill").get(pk=dossier.pk)


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


def _panel(client, dossier) -> str:
    response = client.get(f"/dossiers/{dossier.pk}/prefill/panel/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_waits_then_slows_then_shows_the_source_as_not_answering(clock, draft, signed_in):
    panel = _panel(signed_in, draft)
    assert 'data-status="pending"' in panel and 'hx-trigger="every 500ms"' in panel
    assert 'data-testid="confirm"' not in panel  # nothing to confirm while waiting

    clock.advance(15)
    panel = _panel(signed_in, draft)
    assert 'hx-trigger="every 3000ms"' in panel  # asked less often
    deadline = timezone.localtime(draft.prefill.started_at) + datetime.timedelta(seconds=40)
    assert 'data-testid="prefill-slow"' in panel and deadline.strftime("%H:%M:%S") in panel

    clock.advance(NO_ANSWER_SECONDS - 15)
    panel = _panel(signed_in, draft)
    assert "hx-get" not in panel  # no more polling
    assert 'data-status="unavailable"' in panel and 'data-testid="no-answer"' in panel
    assert "Nguồn dữ liệu chưa phản hồi" in panel and "Chưa phản hồi" in panel
    assert 'data-testid="prefill-retry"' in panel and "Thử lại" in panel
    assert 'data-testid="confirm"' in panel  # and the citizen may go on

    english = signed_in.get(f"/dossiers/{draft.pk}/prefill/panel/", HTTP_ACCEPT_LANGUAGE="en")
    assert "The data source has not answered" in english.content.decode()


def test_the_server_decides_when_a_source_has_not_answered(clock, draft, citizen):
    clock.advance(NO_ANSWER_SECONDS - 1)
    with pytest.raises(DossierError):  # still being read: the confirmation waits
        dossier_preview_confirm(dossier=draft, by=citizen)
    assert not prefill_overdue_close(snapshot=draft.prefill)

    clock.advance(1)
    dossier_preview_confirm(dossier=draft, by=citizen)

    part = draft.prefill.sources.get()
    assert part.status == PrefillStatus.UNAVAILABLE and part.no_answer and part.values == {}
    assert PrefillSnapshot.objects.get(pk=draft.prefill.pk).is_finished
    draft.refresh_from_db()
    assert draft.preview_confirmed_at is not None


def test_the_citizen_goes_on_without_it_and_is_not_asked_for_what_it_replaces(
    clock, draft, signed_in
):
    clock.advance(NO_ANSWER_SECONDS)

    response = signed_in.post(f"/dossiers/{draft.pk}/confirm/")

    assert response.status_code == 302 and response["Location"] == f"/dossiers/{draft.pk}/form/"
    form_page = signed_in.get(response["Location"]).content.decode()
    # Typed now, verified from the source by the official later.
    assert 'data-field="full_name" data-locked="false"' in form_page
    residence = next(s for s in components_status(dossier=draft) if s.component.code != "to-khai")
    assert residence.to_verify and not residence.missing  # no upload asked for
    response = signed_in.post(f"/dossiers/{draft.pk}/submit/", {
        "full_name": "Nguyễn Văn An", "permanent_address": "Số 12 phố Hoàng Văn Thụ, Hải Phòng",
        "phone": "0912345678",
    })  # fmt: skip
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DossierStatus.SUBMITTED


def test_try_again_asks_the_source_once_more_and_its_answer_is_shown(
    gateway_live, clock, draft, signed_in, lost_tasks
):
    clock.advance(NO_ANSWER_SECONDS)
    assert 'data-testid="no-answer"' in _panel(signed_in, draft)

    response = signed_in.post(f"/dossiers/{draft.pk}/prefill/retry/")

    assert response.status_code == 302 and response["Location"] == f"/dossiers/{draft.pk}/prefill/"
    assert lost_tasks == [(draft.prefill.pk,)] * 2  # enqueued again
    snapshot = PrefillSnapshot.objects.get(pk=draft.prefill.pk)
    assert snapshot.started_at == clock.at and not snapshot.is_finished  # waited for afresh
    assert snapshot.sources.get().status == PrefillStatus.PENDING
    # A second press while it is read again enqueues nothing more.
    signed_in.post(f"/dossiers/{draft.pk}/prefill/retry/")
    assert len(lost_tasks) == 2
    assert 'hx-trigger="every 500ms"' in _panel(signed_in, draft)

    prefill_run_task(*lost_tasks[-1])  # a worker takes it up

    panel = _panel(signed_in, draft)
    assert 'data-status="ok"' in panel and "Nguyễn Văn An" in panel and "hx-get" not in panel
    assert AccessLog.objects.filter(purpose_id=str(draft.pk)).count() == 1


class PageGivesUpMeanwhileAdapter(GatewayAdapter):
    """The gateway adapter, slow enough that the page shows the source as not
    answering before its answer comes."""

    clock: Clock

    def fetch(self, subject):
        self.clock.advance(NO_ANSWER_SECONDS)
        prefill_overdue_close(snapshot=PrefillSnapshot.objects.get())
        return super().fetch(subject)


def test_an_answer_that_comes_after_the_source_was_shown_as_not_answering_changes_nothing(
    gateway_live, clock, draft, settings
):
    PageGivesUpMeanwhileAdapter.clock = clock
    settings.DATASOURCE_ADAPTERS = {
        "population": "tests.dossiers.test_prefill_no_answer.PageGivesUpMeanwhileAdapter"
    }

    prefill_run(snapshot=draft.prefill)

    part = draft.prefill.sources.get()
    assert part.no_answer and part.values == {}  # what the citizen was shown
