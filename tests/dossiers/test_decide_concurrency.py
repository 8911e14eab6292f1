"""Two officials (or leaders) of the same unit act on the same dossier at the same moment:
exactly one move wins, the other gets the domain's refusal (TransitionRefused
in the service, a 409 over HTTP), and the dossier keeps one event, one result
document, one supplement request. Real threads, each on its own database
connection, released together by a barrier: on PostgreSQL the row lock and
the conditional UPDATE decide; on SQLite the immediate write transactions do."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dossiers.exceptions import DossierError, SupplementAlreadyRequested, TransitionRefused
from dossiers.models import Dossier, DossierEvent, DossierStatus, ResultDocument, SupplementRequest
from dossiers.results import dossier_approve_with_result
from dossiers.signing import (
    dossier_not_resolve_signed,
    dossier_propose_approval,
    dossier_propose_not_resolve,
    dossier_send_back,
)
from dossiers.supplement_requests import supplement_request
from tests.accounts.factories import LeaderFactory, OfficialFactory
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import DossierComponentFactory, ProcedureFactory

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def procedure(db):
    return ProcedureFactory(code="1.004222", name="Đăng ký thường trú",
                            result_type="Giấy xác nhận thông tin về cư trú")  # fmt: skip


@pytest.fixture
def dossier(citizen, hong_bang_ward, procedure):
    return DossierFactory(
        procedure=procedure, agency=hong_bang_ward, applicant=citizen, status=S.IN_PROCESSING,
        code="11311-261125-0042", submitted_at=timezone.now(),
        due_date=timezone.localdate() + datetime.timedelta(days=5),
    )  # fmt: skip


@pytest.fixture
def colleague(hong_bang_ward):
    return OfficialFactory(agency=hong_bang_ward, full_name="Trần Thị Mai")


@pytest.fixture
def awaiting(dossier):
    """The dossier as the official proposed it: awaiting the signature."""
    Dossier.objects.filter(pk=dossier.pk).update(status=S.AWAITING_SIGNATURE)
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def deputy(hong_bang_ward):
    return LeaderFactory(agency=hong_bang_ward, full_name="Ngô Văn Sơn", position="Phó Chủ tịch")


def _race(*moves: Callable[[], Any]) -> list[tuple[str, Any]]:
    """Run each move in its own thread, all released at once. Each move
    first reads the dossier as its page did, then waits at the barrier and
    acts. Returns ("done", value) or ("refused", error) per move, in order."""
    barrier = threading.Barrier(len(moves), timeout=30)
    outcomes: list[tuple[str, Any]] = [("missing", None)] * len(moves)

    def run(index: int, move: Callable[[], Any]) -> None:
        try:
            outcomes[index] = ("done", move(barrier))
        except DossierError as error:
            outcomes[index] = ("refused", error)
        except Exception as error:  # reported by the assertions, not lost in the thread
            outcomes[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, move)) for i, move in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _service(call: Callable[[Dossier], Any], pk: int) -> Callable:
    def move(barrier: threading.Barrier) -> Any:
        stale = Dossier.objects.get(pk=pk)  # what the official's page showed
        barrier.wait()
        return call(stale)

    return move


def _kinds(outcomes) -> list[str]:
    assert all(kind != "error" for kind, _ in outcomes), outcomes
    return sorted(kind for kind, _ in outcomes)


def test_two_leaders_signing_at_once_issue_one_result(awaiting, ward_leader, deputy):
    dossier = awaiting
    outcomes = _race(
        _service(lambda d: dossier_approve_with_result(dossier=d, by=ward_leader), dossier.pk),
        _service(lambda d: dossier_approve_with_result(dossier=d, by=deputy), dossier.pk),
    )

    assert _kinds(outcomes) == ["done", "refused"]
    refusal = next(value for kind, value in outcomes if kind == "refused")
    assert isinstance(refusal, TransitionRefused)
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_READY
    event = DossierEvent.objects.get(dossier=dossier)
    assert event.action == "approve"
    winner = next(value for kind, value in outcomes if kind == "done")
    result = ResultDocument.objects.get(dossier=dossier)
    assert result == winner and result.issued_by == event.actor
    assert result.file.size > 0


def test_a_proposal_of_approval_against_one_of_refusal_one_proposal_stands(
    dossier, commune_official, colleague, ward_leader
):
    outcomes = _race(
        _service(lambda d: dossier_propose_approval(dossier=d, by=commune_official), dossier.pk),
        _service(
            lambda d: dossier_propose_not_resolve(
                dossier=d, by=colleague, reason="Không đủ điều kiện"
            ),
            dossier.pk,
        ),  # fmt: skip
    )

    assert _kinds(outcomes) == ["done", "refused"]
    dossier.refresh_from_db()
    event = DossierEvent.objects.get(dossier=dossier)
    assert dossier.status == S.AWAITING_SIGNATURE
    if outcomes[0][0] == "done":
        assert (dossier.proposed_outcome, event.action, event.actor) == (
            "approve", "propose_approval", commune_official
        )  # fmt: skip
    else:
        assert (dossier.proposed_outcome, event.action, event.actor) == (
            "not_resolve", "propose_not_resolve", colleague
        )  # fmt: skip


def test_a_refusal_signed_while_another_leader_sends_it_back_one_decision_stands(
    dossier, commune_official, ward_leader, deputy
):
    dossier_propose_not_resolve(dossier=dossier, by=commune_official, reason="Không đủ điều kiện")
    outcomes = _race(
        _service(lambda d: dossier_not_resolve_signed(dossier=d, by=ward_leader), dossier.pk),
        _service(lambda d: dossier_send_back(dossier=d, by=deputy, reason="Xem lại"), dossier.pk),
    )

    assert _kinds(outcomes) == ["done", "refused"]
    dossier.refresh_from_db()
    last = DossierEvent.objects.filter(dossier=dossier).order_by("-id").first()
    assert DossierEvent.objects.filter(dossier=dossier).count() == 2
    expected = ((S.NOT_RESOLVED, "not_resolve") if outcomes[0][0] == "done"
                else (S.IN_PROCESSING, "send_back_for_review"))  # fmt: skip
    assert (dossier.status, last.action) == expected


def _http(user, url: str, data: dict) -> Callable:
    client = Client()
    client.force_login(user, backend=LOGIN)

    def move(barrier: threading.Barrier):
        barrier.wait()
        return client.post(url, data)

    return move


def test_over_http_the_loser_gets_a_409_with_the_reason(awaiting, ward_leader, deputy):
    dossier = awaiting
    url = reverse("workspace:act", args=[dossier.pk])
    outcomes = _race(
        _http(ward_leader, url, {"action": "approve", "confirmed": "1"}),
        _http(deputy, url, {"action": "send_back_for_review", "reason": "Cần xác minh thêm",
                            "confirmed": "1"}),
    )  # fmt: skip

    assert [kind for kind, _ in outcomes] == ["done", "done"], outcomes
    codes = sorted(response.status_code for _, response in outcomes)
    assert codes == [302, 409]
    loser = next(response for _, response in outcomes if response.status_code == 409)
    text = loser.content.decode()
    assert "không thể thực hiện" in text or "vừa được người khác cập nhật" in text, text
    dossier.refresh_from_db()
    assert dossier.status in (S.RESULT_READY, S.IN_PROCESSING)
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1
    expected_results = 1 if dossier.status == S.RESULT_READY else 0
    assert ResultDocument.objects.filter(dossier=dossier).count() == expected_results


def test_two_supplement_requests_at_once_give_one_request(
    dossier, procedure, commune_official, colleague
):
    lease = DossierComponentFactory(procedure=procedure, code="hop-dong-thue-nha",
                                    name="Hợp đồng thuê nhà")  # fmt: skip
    consent = DossierComponentFactory(procedure=procedure, code="van-ban-dong-y",
                                      name="Văn bản đồng ý của chủ hộ")  # fmt: skip

    outcomes = _race(
        _service(
            lambda d: supplement_request(
                dossier=d, by=commune_official, components=[lease], reason="Thiếu hợp đồng"
            ),
            dossier.pk,
        ),  # fmt: skip
        _service(
            lambda d: supplement_request(
                dossier=d, by=colleague, components=[consent], reason="Thiếu văn bản"
            ),
            dossier.pk,
        ),  # fmt: skip
    )

    assert _kinds(outcomes) == ["done", "refused"]
    refusal = next(value for kind, value in outcomes if kind == "refused")
    assert isinstance(refusal, SupplementAlreadyRequested)
    assert "đã được yêu cầu bổ sung một lần" in refusal.message
    supplement = SupplementRequest.objects.get(dossier=dossier)
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.action, event.actor) == ("request_supplement", supplement.requested_by)
    assert supplement.components.count() == 1
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT_REQUESTED


def test_over_http_the_second_supplement_request_gets_a_409(
    dossier, procedure, commune_official, colleague
):
    lease = DossierComponentFactory(procedure=procedure, code="hop-dong-thue-nha",
                                    name="Hợp đồng thuê nhà")  # fmt: skip
    url = reverse("supplements:request", args=[dossier.pk])
    data = {"components": [lease.pk], "reason": "Thiếu hợp đồng", "confirmed": "1"}

    outcomes = _race(_http(commune_official, url, data), _http(colleague, url, data))

    assert [kind for kind, _ in outcomes] == ["done", "done"], outcomes
    assert sorted(response.status_code for _, response in outcomes) == [302, 409]
    assert SupplementRequest.objects.filter(dossier=dossier).count() == 1
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1


def test_two_officials_assigning_from_pages_showing_nobody_one_wins_the_other_409(
    dossier, commune_official, colleague
):
    url = reverse("workspace:assign", args=[dossier.pk])
    seen = {"seen_status": dossier.status, "seen_assigned_to": ""}  # both pages: nobody has it

    outcomes = _race(
        _http(commune_official, url, {**seen, "to": commune_official.pk}),
        _http(colleague, url, {**seen, "to": colleague.pk}),
    )

    assert [kind for kind, _ in outcomes] == ["done", "done"], outcomes
    assert sorted(response.status_code for _, response in outcomes) == [302, 409]
    winner = commune_official if outcomes[0][1].status_code == 302 else colleague
    loser = next(response for _, response in outcomes if response.status_code == 409)
    assert f"hồ sơ nay do {winner.full_name} xử lý" in loser.content.decode()
    dossier.refresh_from_db()
    assert dossier.assigned_to == winner
