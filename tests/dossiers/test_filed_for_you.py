"""A dossier someone else filed for a citizen (a parent for their child, an
agent under the citizen's authorisation) is the citizen's to follow: it is
listed under "Dossiers filed for you" in My dossiers, and its page shows them
its status, its history in plain words, its due date and the result issued
to them, read-only: nothing the applicant alone acts on or holds, nothing
internal. Its applicant keeps their own page; anyone else, and the subject
for a draft, gets the same 404 as for a dossier that does not exist."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from dossiers.filed_for_you import filed_for_you
from dossiers.models import ActingBasis, DossierEvent, DossierStatus
from dossiers.selectors import dossiers_filed_for
from tests.accounts.factories import CitizenFactory, LeaderFactory, OfficialFactory
from tests.dossiers.factories import DossierFactory
from tests.dossiers.test_results_represented import KHANG, _issued

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus
DUE = timezone.localdate() + datetime.timedelta(days=4)
WITHDRAWN_WHY = "Gia đình tôi chuyển đi nơi khác"
REFUSED_WHY = "Thiếu bản chính giấy tờ theo quy định"
INTERNAL_NOTE = "Ghi chú nội bộ: đã gọi điện cho phụ huynh"


@pytest.fixture
def khang(db):
    """An's son, 16, with his own VNeID account."""
    return CitizenFactory(personal_id=KHANG, full_name="Nguyễn Minh Khang")


def _filed_for_khang(citizen, unit, *, status=S.IN_PROCESSING, code="11311-261201-0001",
                     basis=ActingBasis.PARENT, **fields):  # fmt: skip
    fields = {"submitted_at": timezone.now(), "due_date": DUE, "fee_vnd": 20000, **fields}
    dossier = DossierFactory(applicant=citizen, agency=unit, subject_personal_id=KHANG,
                             acting_basis=basis, status=status, code=code, **fields)  # fmt: skip
    DossierEvent.objects.create(dossier=dossier, action="submit", actor=citizen,
                                from_status=S.DRAFT, to_status=S.SUBMITTED)  # fmt: skip
    return dossier


def _event(dossier, action, to_status, reason="", actor=None):
    DossierEvent.objects.create(dossier=dossier, action=action, from_status=dossier.status,
                                to_status=to_status, reason=reason, actor=actor)  # fmt: skip
    dossier.status = to_status
    dossier.save(update_fields=["status"])


# Who sees which.


def test_the_subject_sees_the_dossiers_others_filed_for_them_and_only_those(
    citizen, khang, hong_bang_ward
):
    by_parent = _filed_for_khang(citizen, hong_bang_ward)
    agent = CitizenFactory(personal_id="001185004567")
    by_agent = _filed_for_khang(agent, hong_bang_ward, code="11311-261201-0002",
                                basis=ActingBasis.AUTHORISATION)  # fmt: skip
    _filed_for_khang(citizen, hong_bang_ward, status=S.DRAFT, code=None, submitted_at=None)
    DossierFactory(applicant=khang, agency=hong_bang_ward, status=S.SUBMITTED,
                   code="11311-261201-0003", submitted_at=timezone.now())  # his own  # fmt: skip
    _filed_for_khang(citizen, hong_bang_ward, code="11311-261201-0004")
    # A sibling's.
    DossierFactory(applicant=citizen, agency=hong_bang_ward, subject_personal_id="031095007777",
                   acting_basis=ActingBasis.PARENT, status=S.SUBMITTED,
                   code="11311-261201-0005", submitted_at=timezone.now())  # fmt: skip

    shown = set(dossiers_filed_for(user=khang).values_list("pk", flat=True))

    assert by_parent.pk in shown and by_agent.pk in shown and len(shown) == 3
    # Nobody else, and no member of staff whatever their ID, sees any of them.
    assert not dossiers_filed_for(user=CitizenFactory(personal_id="031095007777")).filter(
        pk=by_parent.pk
    )
    official = OfficialFactory(personal_id=KHANG[:-1] + "9", agency=hong_bang_ward)
    official.personal_id = KHANG
    assert not dossiers_filed_for(user=official).exists()
    assert not dossiers_filed_for(user=citizen).filter(pk=by_parent.pk).exists()  # his own list


def test_the_history_is_said_to_the_subject_with_only_the_units_decisions_reasons(
    citizen, khang, hong_bang_ward, commune_official
):
    dossier = _filed_for_khang(citizen, hong_bang_ward, status=S.SUBMITTED)
    _event(dossier, "request_supplement", S.SUPPLEMENT_REQUESTED, "Bổ sung ảnh 4x6",
           commune_official)  # fmt: skip
    _event(dossier, "propose_not_resolve", S.AWAITING_SIGNATURE, INTERNAL_NOTE, commune_official)
    _event(dossier, "not_resolve", S.NOT_RESOLVED, REFUSED_WHY, commune_official)

    with translation.override("en"):
        view = filed_for_you(dossier=dossier, user=khang)

    words = [step.words for step in view.steps]
    assert words[0] == "The dossier was submitted online."  # not "You submitted"
    assert [step.reason for step in view.steps] == ["", "", "", REFUSED_WHY]
    assert view.applicant_name == citizen.full_name
    assert view.now == "Nothing: the dossier is closed"


# The page.


def _in_vietnamese(text: str) -> str:
    with translation.override("vi"):
        return translation.gettext(text)


def test_the_subject_follows_the_dossier_read_only_on_its_page(
    client, citizen, khang, hong_bang_ward, commune_official
):
    dossier = _filed_for_khang(citizen, hong_bang_ward, status=S.SUBMITTED)
    _event(dossier, "receive", S.RECEIVED, actor=commune_official)
    _event(dossier, "request_supplement", S.SUPPLEMENT_REQUESTED, "Bổ sung ảnh 4x6",
           commune_official)  # fmt: skip
    client.force_login(khang, backend=LOGIN)

    response = client.get(reverse("dossiers:track", args=[dossier.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="filed-for-you"' in page and citizen.full_name in page
    assert dossier.code in page and DUE.strftime("%d/%m/%Y") in page
    assert f"· {_in_vietnamese('The unit received the dossier.')}</li>" in page
    assert "Bổ sung ảnh 4x6" not in page  # the supplement asked is the applicant's to answer
    # Nothing to act on, and none of the applicant's papers or keys.
    for applicants_only in (
        "/withdraw/", "/rate/", "/supplement/", "/discard/", "/receipt.pdf",
        f"/payments/dossiers/{dossier.pk}", "/documents/", 'data-testid="lookup-key"',
        'data-testid="complain"', 'data-testid="fee"',
    ):  # fmt: skip
        assert applicants_only not in page, applicants_only


def test_the_subject_cannot_act_on_it_nor_open_the_applicants_pages(
    client, citizen, khang, hong_bang_ward
):
    dossier = _filed_for_khang(citizen, hong_bang_ward, status=S.RESULT_READY)
    client.force_login(khang, backend=LOGIN)

    for name, method in (("withdraw", "post"), ("rate", "post"), ("supplement", "get"),
                         ("receipt", "get"), ("documents", "get"), ("form", "get")):  # fmt: skip
        response = getattr(client, method)(reverse(f"dossiers:{name}", args=[dossier.pk]),
                                           {"reason": "x", "rating": "5"})  # fmt: skip
        assert response.status_code == 404, name
    assert client.get(reverse("payments:dossier", args=[dossier.pk])).status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_READY


def test_anyone_else_and_a_draft_get_the_same_404(client, citizen, khang, hong_bang_ward):
    submitted = _filed_for_khang(citizen, hong_bang_ward)
    draft = _filed_for_khang(citizen, hong_bang_ward, status=S.DRAFT, code=None,
                             submitted_at=None)  # fmt: skip
    client.force_login(CitizenFactory(personal_id="031095007777"), backend=LOGIN)
    assert client.get(reverse("dossiers:track", args=[submitted.pk])).status_code == 404

    client.force_login(khang, backend=LOGIN)
    assert client.get(reverse("dossiers:track", args=[draft.pk])).status_code == 404
    assert client.get(reverse("dossiers:prefill", args=[draft.pk])).status_code == 404


def test_the_applicant_keeps_their_own_page(client, citizen, hong_bang_ward):
    dossier = _filed_for_khang(citizen, hong_bang_ward)
    client.force_login(citizen, backend=LOGIN)

    page = client.get(reverse("dossiers:track", args=[dossier.pk])).content.decode()

    assert 'data-testid="filed-for-you"' not in page
    assert "/withdraw/" in page and 'data-testid="lookup-key"' in page


def test_the_result_issued_to_the_subject_is_on_their_page(client, citizen, hong_bang_ward,
                                                           commune_official):  # fmt: skip
    LeaderFactory(agency=hong_bang_ward, position="Chủ tịch")  # who signs the result
    result = _issued(citizen, hong_bang_ward, commune_official, subject=KHANG,
                     basis=ActingBasis.PARENT, code="11311-261125-0001",
                     found={"full_name": "Nguyễn Minh Khang"})  # fmt: skip
    khang = CitizenFactory(personal_id=KHANG, full_name="Nguyễn Minh Khang")
    client.force_login(khang, backend=LOGIN)

    page = client.get(reverse("dossiers:track", args=[result.dossier_id])).content.decode()

    download = reverse("dossiers:result-download", args=[result.pk])
    assert 'data-testid="dossier-results"' in page and download in page
    assert client.get(download).status_code == 200


def test_my_dossiers_lists_those_filed_for_me_apart(
    client, citizen, khang, hong_bang_ward, django_assert_max_num_queries
):
    dossier = _filed_for_khang(citizen, hong_bang_ward)
    client.force_login(khang, backend=LOGIN)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("dossiers:list")).content.decode()

    assert 'data-testid="filed-for-you"' in page
    assert reverse("dossiers:track", args=[dossier.pk]) in page and citizen.full_name in page
    # The applicant's list has it among their own, not "filed for you".
    client.force_login(citizen, backend=LOGIN)
    own_list = client.get(reverse("dossiers:list")).content.decode()
    assert 'data-testid="filed-for-you"' not in own_list


# The citizen API: the same, read-only, apart from the caller's own dossiers.


def test_the_api_lists_and_shows_them_read_only_apart_from_the_callers_own(
    client, citizen, khang, hong_bang_ward, commune_official
):
    dossier = _filed_for_khang(citizen, hong_bang_ward, status=S.SUBMITTED)
    _event(dossier, "refuse_at_reception", S.REFUSED_AT_RECEPTION, REFUSED_WHY, commune_official)
    client.force_login(khang, backend=LOGIN)

    listed = client.get("/api/dossiers/filed-for-me/", HTTP_ACCEPT_LANGUAGE="en")
    shown = client.get(f"/api/dossiers/filed-for-me/{dossier.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    own = client.get("/api/dossiers/")

    assert listed.status_code == 200
    [item] = listed.json()["results"]
    assert (item["id"], item["code"], item["filed_by"]) == (dossier.pk, dossier.code,
                                                            citizen.full_name)  # fmt: skip
    assert item["due_date"] is None  # refused: no result is coming
    body = shown.json()
    assert shown.status_code == 200 and body["status"] == S.REFUSED_AT_RECEPTION
    assert [step["reason"] for step in body["history"]] == ["", REFUSED_WHY]
    assert body["history"][0]["description"] == "The dossier was submitted online."
    assert "lookup_key" not in body and "allowed_actions" not in body
    assert own.json()["count"] == 0  # not among his own: nothing to act on
    # Not his own dossier through the applicant's endpoints either.
    assert client.get(f"/api/dossiers/{dossier.pk}/").status_code == 404


def test_the_api_gives_anyone_else_and_a_draft_the_same_404(client, citizen, khang,
                                                            hong_bang_ward):  # fmt: skip
    submitted = _filed_for_khang(citizen, hong_bang_ward)
    draft = _filed_for_khang(citizen, hong_bang_ward, status=S.DRAFT, code=None,
                             submitted_at=None)  # fmt: skip
    client.force_login(khang, backend=LOGIN)
    assert client.get(f"/api/dossiers/filed-for-me/{draft.pk}/").status_code == 404

    for someone in (citizen, CitizenFactory(personal_id="031095007777")):
        client.force_login(someone, backend=LOGIN)
        answer = client.get(f"/api/dossiers/filed-for-me/{submitted.pk}/")
        assert answer.status_code == 404 and answer.json()["code"] == "not_found"
        assert client.get("/api/dossiers/filed-for-me/").json()["count"] == 0
