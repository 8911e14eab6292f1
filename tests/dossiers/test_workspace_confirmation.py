"""A move that cannot be undone (a leader's signature, a return of the result,
a supplement request), sent from the dossier page without the confirmation its
dialog adds (a browser without JavaScript), is answered with a page that asks
the same question; nothing changes until that page's form is sent."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.models import DossierEvent, DossierStatus, ResultDocument, SupplementRequest
from portal.notifications.models import Notification
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import DossierComponentFactory

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


@pytest.fixture
def official_client(client, commune_official, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # an approval issues its result's PDF
    client.force_login(commune_official, backend=LOGIN)
    return client


@pytest.fixture
def leader_client(client, ward_leader, settings, tmp_path):
    """The ward's chairman, who signs (or sends back) what its officials propose."""
    settings.MEDIA_ROOT = tmp_path  # a signature issues its result's PDF
    client.force_login(ward_leader, backend=LOGIN)
    return client


def _dossier(unit, status, **fields):
    return DossierFactory(agency=unit, status=status, submitted_at=timezone.now(),
                          due_date=timezone.localdate() + datetime.timedelta(days=5),
                          **fields)  # fmt: skip


def _form_fields(page: str, marker: str) -> list[tuple[str, str]]:
    """The hidden fields of the form on `page` that holds `marker`, but its security token."""
    before, after = page.split(marker, 1)
    form = before.rsplit("<form", 1)[1] + marker + after.split("</form>", 1)[0]
    return [(name, html.unescape(value)) for name, value in HIDDEN.findall(form)
            if name != "csrfmiddlewaretoken"]  # fmt: skip


def _page_form(client, dossier, action: str) -> list[tuple[str, str]]:
    """The fields the dossier page's form for `action` sends (what it showed of the dossier)."""
    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    return _form_fields(page, f'<input type="hidden" name="action" value="{action}">')


def test_a_signature_sent_unconfirmed_asks_on_a_page_whose_form_signs(
    leader_client, commune_official, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward, S.AWAITING_SIGNATURE, code="11311-261207-0001",
                       assigned_to=commune_official)  # fmt: skip
    sent = _page_form(leader_client, dossier, "approve")
    seen = {"seen_status": S.AWAITING_SIGNATURE, "seen_assigned_to": str(commune_official.pk)}
    assert dict(sent) == {**seen, "action": "approve"}
    url = reverse("workspace:act", args=[dossier.pk])

    asked = leader_client.post(url, dict(sent))

    assert asked.status_code == 200
    assert [t.name for t in asked.templates][0] == "dossiers/workspace/confirm_action.html"
    page = asked.content.decode()
    assert "Ký duyệt hồ sơ này? Kết quả được ban hành ngay" in page  # the dialog's question
    assert 'data-testid="dossier-code">11311-261207-0001<' in page
    assert f'href="{reverse("workspace:dossier", args=[dossier.pk])}"' in page  # Cancel
    dossier.refresh_from_db()
    assert dossier.status == S.AWAITING_SIGNATURE
    assert not DossierEvent.objects.filter(dossier=dossier).exists()
    assert not ResultDocument.objects.filter(dossier=dossier).exists()
    # The page's form sends the move again: every field the dossier page sent, confirmed.
    again = _form_fields(page, 'data-testid="confirm-form"')
    assert again == [*sent, ("confirmed", "1")]

    done = leader_client.post(url, dict(again))

    assert done.status_code == 302 and done.url == reverse("workspace:dossier", args=[dossier.pk])
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_READY
    assert list(dossier.events.values_list("action", flat=True)) == ["approve"]
    assert ResultDocument.objects.filter(dossier=dossier).count() == 1


def test_a_return_sent_unconfirmed_keeps_the_way_chosen_through_its_confirmation(
    official_client, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward, S.RESULT_READY, code="11311-261207-0002")
    url = reverse("workspace:act", args=[dossier.pk])
    sent = [*_page_form(official_client, dossier, "return_result"), ("how", "counter")]

    asked = official_client.post(url, dict(sent))

    page = asked.content.decode()
    assert asked.status_code == 200 and "Trả kết quả ngay theo hình thức đã chọn?" in page
    assert 'data-testid="how">Tại quầy<' in page
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_READY and not dossier.events.exists()
    again = _form_fields(page, 'data-testid="confirm-form"')
    assert sorted(again) == sorted([*sent, ("confirmed", "1")])

    assert official_client.post(url, dict(again)).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_RETURNED
    assert "tại quầy" in dossier.events.get(action="return_result").reason


def test_the_confirmation_page_asks_in_english_for_an_english_reader(leader_client, hong_bang_ward):
    dossier = _dossier(hong_bang_ward, S.AWAITING_SIGNATURE, code="11311-261207-0003")
    leader_client.cookies.load({"django_language": "en"})

    page = leader_client.post(reverse("workspace:act", args=[dossier.pk]),
                              {"action": "approve"}).content.decode()  # fmt: skip

    assert "Sign and approve this dossier? Its result is issued now" in page
    assert "Confirm: dossier 11311-261207-0003" in page


@pytest.mark.parametrize(("start", "action"), [(S.SUBMITTED, "approve"),
                                               (S.RESULT_RETURNED, "return_result")])  # fmt: skip
def test_a_move_not_possible_now_is_refused_at_once_not_asked(
    leader_client, hong_bang_ward, start, action
):
    dossier = _dossier(hong_bang_ward, start)

    response = leader_client.post(reverse("workspace:act", args=[dossier.pk]), {"action": action})

    assert response.status_code == 409
    assert "không thể thực hiện" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == start and not dossier.events.exists()


def test_a_move_that_can_be_undone_is_not_asked(official_client, hong_bang_ward):
    dossier = _dossier(hong_bang_ward, S.SUBMITTED)

    response = official_client.post(reverse("workspace:act", args=[dossier.pk]),
                                    {"action": "receive"})  # fmt: skip

    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED


# The supplement request, asked from the supplement panel of the dossier page.


def _supplement_form(client, dossier) -> tuple[str, list[tuple[str, str]]]:
    """The panel's question (its dialog's) and the hidden fields its request form sends."""
    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    action = f'action="{reverse("supplements:request", args=[dossier.pk])}"'
    question = html.unescape(re.search(action + r' data-confirm="([^"]*)"', page).group(1))
    return question, _form_fields(page, action)


def test_a_supplement_request_sent_unconfirmed_asks_on_a_page_whose_form_requests_it(
    official_client, commune_official, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward, S.IN_PROCESSING, code="11311-261207-0004")
    lease = DossierComponentFactory(procedure=dossier.procedure, name="Hợp đồng thuê nhà",
                                    position=2)  # fmt: skip
    photo = DossierComponentFactory(procedure=dossier.procedure, name="Ảnh 4x6", position=1)
    question, hidden = _supplement_form(official_client, dossier)
    assert {name for name, _value in hidden} == {"seen_status", "seen_assigned_to", "next"}
    sent = [*hidden, ("components", str(lease.pk)), ("components", str(photo.pk)),
            ("reason", "Thiếu hợp đồng & ảnh")]  # fmt: skip
    url = reverse("supplements:request", args=[dossier.pk])

    asked = official_client.post(url, _multi(sent))

    assert asked.status_code == 200
    assert [t.name for t in asked.templates][0] == "dossiers/workspace/confirm_action.html"
    page = asked.content.decode()
    # The dialog's question, and what the request asks, in the order of the procedure.
    assert html.unescape(re.search(r'data-testid="confirm-question">([^<]*)<', page)[1]) == question
    assert question.startswith("Gửi yêu cầu bổ sung này?")
    assert 'data-testid="components">Ảnh 4x6; Hợp đồng thuê nhà<' in page
    assert 'data-testid="reason">Thiếu hợp đồng &amp; ảnh<' in page
    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROCESSING and not dossier.events.exists()
    assert not SupplementRequest.objects.exists()
    assert not Notification.objects.filter(user=dossier.applicant).exists()
    # Its form sends the request again, every field the panel's form sent, confirmed.
    assert f'action="{url}" aria-labelledby="confirm-question"' in page
    again = _form_fields(page, 'data-testid="confirm-form"')
    assert sorted(again) == sorted([*sent, ("confirmed", "1")])

    done = official_client.post(url, _multi(again))

    assert done.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT_REQUESTED
    supplement = SupplementRequest.objects.get(dossier=dossier)
    assert set(supplement.components.all()) == {lease, photo}
    assert supplement.reason == "Thiếu hợp đồng & ảnh"


def test_a_supplement_request_the_rules_refuse_is_refused_at_once_not_asked(
    official_client, hong_bang_ward
):
    dossier = _dossier(hong_bang_ward, S.IN_PROCESSING)
    url = reverse("supplements:request", args=[dossier.pk])

    no_reason = official_client.post(url, {"components": [DossierComponentFactory(
        procedure=dossier.procedure).pk], "reason": " "})  # fmt: skip
    no_component = official_client.post(url, {"reason": "Thiếu"})

    assert (no_reason.status_code, no_component.status_code) == (400, 400)
    assert "Cần nêu lý do." in no_reason.content.decode()
    assert not SupplementRequest.objects.exists()
    closed = _dossier(hong_bang_ward, S.RESULT_RETURNED)
    lease = DossierComponentFactory(procedure=closed.procedure)
    response = official_client.post(reverse("supplements:request", args=[closed.pk]),
                                    {"components": [lease.pk], "reason": "Thiếu"})  # fmt: skip
    assert response.status_code == 409
    assert not SupplementRequest.objects.exists()


def _multi(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Form fields as the test client sends them, a name repeated as a list."""
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data
