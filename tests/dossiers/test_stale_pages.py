"""The official's dossier page sends, with each move, the status and assignee
it showed: a move from a page a colleague has overtaken since (took the
dossier, moved it on) is a 409 that says what changed, and changes nothing;
a move from a page that still tells the truth goes through. Through HTTP, each
form sent with the hidden fields its page carried."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dossiers.models import Dossier, DossierEvent, DossierStatus, SupplementRequest
from dossiers.workspace import dossiers_bulk
from tests.accounts.factories import OfficialFactory
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import DossierComponentFactory, ProcedureFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus
CHANGED_VI = "Hồ sơ đã thay đổi từ khi bạn mở trang"
CHANGED_EN = "The dossier changed since you opened this page"


@pytest.fixture
def colleague(hong_bang_ward):
    return OfficialFactory(agency=hong_bang_ward, full_name="Trần Thị Mai")


@pytest.fixture
def procedure(db):
    return ProcedureFactory(code="1.004222", name="Đăng ký thường trú")


@pytest.fixture
def lease(procedure):
    return DossierComponentFactory(procedure=procedure, code="hop-dong-thue-nha",
                                   name="Hợp đồng thuê nhà")  # fmt: skip


def _dossier(unit, procedure, status=S.RECEIVED, **fields) -> Dossier:
    return DossierFactory(
        agency=unit, procedure=procedure, status=status, submitted_at=timezone.now(),
        due_date=timezone.localdate() + datetime.timedelta(days=5), **fields,
    )  # fmt: skip


class OpenPage:
    """An official's browser with the dossier's page open: forms are sent with
    the hidden fields of the form they come from, as the page drew them."""

    def __init__(self, user, dossier: Dossier) -> None:
        self.client = Client()
        self.client.force_login(user, backend=LOGIN)
        self.dossier = dossier
        self.html = self.client.get(
            reverse("workspace:dossier", args=[dossier.pk])
        ).content.decode()

    def _seen(self, action_url: str) -> dict[str, str]:
        form = self.html.split(f'action="{action_url}"', 1)[1].split("</form>", 1)[0]
        return dict(re.findall(r'<input type="hidden" name="(seen_[a-z_]+)" value="([^"]*)"', form))

    def send(self, name: str, data: dict):
        url = reverse(name, args=[self.dossier.pk])
        seen = self._seen(url)
        assert set(seen) == {"seen_status", "seen_assigned_to"}, seen
        return self.client.post(url, {**seen, **data})


def test_assigning_from_a_page_opened_before_a_colleague_took_the_dossier_is_a_409(
    commune_official, colleague, hong_bang_ward, procedure
):
    dossier = _dossier(hong_bang_ward, procedure)
    page = OpenPage(commune_official, dossier)  # nobody has it yet
    dossiers_bulk(dossiers=[dossier], action="assign_to_me", by=colleague)  # taken from the queue

    refused = page.send("workspace:assign", {"to": commune_official.pk})

    text = refused.content.decode()
    assert refused.status_code == 409
    assert CHANGED_VI in text and CHANGED_EN in text
    assert "hồ sơ nay do Trần Thị Mai xử lý" in text and "it is now with Trần Thị Mai" in text
    assert "Chưa thực hiện thao tác nào" in text and "Nothing was done" in text
    dossier.refresh_from_db()
    assert dossier.assigned_to == colleague
    # The page drawn with the refusal tells the truth: assigning from it goes through.
    assert 'data-testid="assigned-to">Trần Thị Mai<' in text
    again = OpenPage(commune_official, dossier).send(
        "workspace:assign", {"to": commune_official.pk}
    )
    assert again.status_code == 302
    dossier.refresh_from_db()
    assert dossier.assigned_to == commune_official


def test_a_supplement_request_from_a_page_opened_before_processing_started_is_a_409(
    commune_official, colleague, hong_bang_ward, procedure, lease
):
    dossier = _dossier(hong_bang_ward, procedure, status=S.RECEIVED)
    page = OpenPage(commune_official, dossier)
    started = OpenPage(colleague, dossier).send("workspace:act", {"action": "start_processing"})
    assert started.status_code == 302  # a supplement may still be asked in processing

    refused = page.send(
        "supplements:request", {"components": [lease.pk], "reason": "Thiếu", "confirmed": "1"}
    )

    text = refused.content.decode()
    assert refused.status_code == 409
    assert CHANGED_VI in text and CHANGED_EN in text
    assert "Đang xử lý" in text or "In processing" in text
    assert not SupplementRequest.objects.filter(dossier=dossier).exists()
    assert [event.action for event in DossierEvent.objects.filter(dossier=dossier)] == [
        "start_processing"
    ]
    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROCESSING


def test_any_move_from_a_page_opened_before_the_assignee_changed_is_a_409(
    commune_official, colleague, hong_bang_ward, procedure
):
    dossier = _dossier(hong_bang_ward, procedure, status=S.RECEIVED, assigned_to=commune_official)
    page = OpenPage(commune_official, dossier)
    OpenPage(colleague, dossier).send("workspace:assign", {"to": colleague.pk})

    refused = page.send("workspace:act", {"action": "start_processing"})

    assert refused.status_code == 409
    assert "it is now with Trần Thị Mai" in refused.content.decode()
    dossier.refresh_from_db()
    assert (dossier.status, dossier.assigned_to) == (S.RECEIVED, colleague)
    assert not DossierEvent.objects.filter(dossier=dossier).exists()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_refusal_names_the_new_status_in_each_half_s_language_and_asks_no_reload(
    commune_official, colleague, hong_bang_ward, procedure, language
):
    dossier = _dossier(hong_bang_ward, procedure, status=S.SUBMITTED)
    page = OpenPage(commune_official, dossier)
    OpenPage(colleague, dossier).send("workspace:act", {"action": "receive"})

    page.client.cookies["django_language"] = language
    refused = page.send("workspace:act", {"action": "receive"})

    text = refused.content.decode()
    assert refused.status_code == 409
    assert "hồ sơ nay ở trạng thái “Đã tiếp nhận”" in text
    assert "it is now “Received”" in text
    # The page drawn with it shows the dossier as it is now, at the address the
    # form was posted to: a reload would post it again, so none is asked for.
    assert "Reload the page" not in text and "Tải lại trang" not in text
    assert "look at the dossier as it is now" in text


def test_forms_from_a_page_that_still_tells_the_truth_go_through(
    commune_official, colleague, hong_bang_ward, procedure, lease
):
    dossier = _dossier(hong_bang_ward, procedure, status=S.RECEIVED)

    assigned = OpenPage(commune_official, dossier).send("workspace:assign", {"to": colleague.pk})
    started = OpenPage(commune_official, dossier).send("workspace:act",
                                                       {"action": "start_processing"})  # fmt: skip
    asked = OpenPage(commune_official, dossier).send(
        "supplements:request",
        {"components": [lease.pk], "reason": "Thiếu hợp đồng", "confirmed": "1"},
    )

    assert [assigned.status_code, started.status_code, asked.status_code] == [302, 302, 302]
    dossier.refresh_from_db()
    assert (dossier.status, dossier.assigned_to) == (S.SUPPLEMENT_REQUESTED, colleague)
    assert SupplementRequest.objects.filter(dossier=dossier).count() == 1


def test_a_malformed_page_state_is_a_400_and_changes_nothing(
    commune_official, hong_bang_ward, procedure
):
    dossier = _dossier(hong_bang_ward, procedure, status=S.RECEIVED)
    client = Client()
    client.force_login(commune_official, backend=LOGIN)

    answers = [
        client.post(reverse("workspace:act", args=[dossier.pk]),
                    {"action": "start_processing", "seen_status": "lost"}),
        client.post(reverse("workspace:assign", args=[dossier.pk]),
                    {"to": commune_official.pk, "seen_status": S.RECEIVED,
                     "seen_assigned_to": "x"}),
    ]  # fmt: skip

    assert [answer.status_code for answer in answers] == [400, 400]
    assert "The form is not valid; reload the page" in answers[0].content.decode()
    dossier.refresh_from_db()
    assert (dossier.status, dossier.assigned_to) == (S.RECEIVED, None)
