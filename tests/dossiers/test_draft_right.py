"""A parent's right to act is read again while the draft for their child is
open, not only at submission: once the last answer (or the check as the
draft started) is older than RIGHT_TRUSTED_FOR, a page of the draft reads the
household again from the National Population Database, live, for the
dossier, logged as the parent's. When it says the child came of age or left
the household, every page of the draft (and the citizen API) shows only that,
and offers to discard it: none of the child's data. A source that cannot be
read blocks nothing, and is not asked again on every page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dossiers.draft_right import (
    PARENT_LABEL,
    RIGHT_TRUSTED_FOR,
    SOURCE_DOWN_RETRY_AFTER,
    draft_right_lapsed,
)
from dossiers.models import Dossier, DraftRightReading
from dossiers.submission_right import Right
from portal.audit.models import AccessLog, AccessOutcome
from tests.accounts.factories import CitizenFactory
from tests.dossiers.test_journey import _address
from tests.dossiers.test_journey import procedure as procedure  # noqa: F401 (the fixture)
from tests.dossiers.test_submit_right_to_act import (
    AN,
    AN_ROW,
    _clients,
    _household_now,
    _khang,
    _parent_draft,
    _population_down,
    _years_ago,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _opened_reads(dossier) -> list[AccessLog]:
    """The reads of An's household made as a page of the draft was opened."""
    return list(AccessLog.objects.filter(
        purpose_id=str(dossier.pk), subject_personal_id=AN, source="population",
        purpose_label__startswith=PARENT_LABEL,
    ).order_by("pk"))  # fmt: skip


def _started_ago(dossier, delta: datetime.timedelta) -> Dossier:
    """The draft as if started `delta` ago: its right last checked then."""
    Dossier.objects.filter(pk=dossier.pk).update(created_at=timezone.now() - delta)
    dossier.refresh_from_db()
    return dossier


def _old_draft(citizen, procedure, unit) -> Dossier:
    return _started_ago(_parent_draft(citizen, procedure, unit),
                        RIGHT_TRUSTED_FOR + datetime.timedelta(minutes=1))  # fmt: skip


# The rule.


def test_a_draft_checked_lately_reads_nothing_again(
    gateway_live, citizen, procedure, hong_bang_ward
):
    dossier = _parent_draft(citizen, procedure, hong_bang_ward)
    _household_now(AN_ROW)  # changed, but the check as the draft started is recent

    assert draft_right_lapsed(dossier=dossier, user=citizen) is None
    assert _opened_reads(dossier) == []


def test_an_older_draft_reads_the_right_again_once_logged_and_keeps_the_lapse(
    gateway_live, citizen, procedure, hong_bang_ward
):
    dossier = _old_draft(citizen, procedure, hong_bang_ward)
    _household_now(AN_ROW, _khang(born=_years_ago(18)))

    lapsed = draft_right_lapsed(dossier=dossier, user=citizen)
    again = draft_right_lapsed(dossier=dossier, user=citizen)

    assert lapsed is not None and lapsed.right == Right.ADULT
    assert lapsed.of_age == timezone.localdate() and again == lapsed
    assert "turned 18 on" in lapsed.message and "đã đủ 18 tuổi" in lapsed.message
    # Read once, live, for this dossier, as the parent; the second time from what was kept.
    [read] = _opened_reads(dossier)
    assert read.outcome == AccessOutcome.OK and read.actor_id == citizen.pk
    assert read.fields == ["household_members"]
    # Someone else (were they let in) reads nothing and is told nothing.
    assert draft_right_lapsed(dossier=dossier, user=CitizenFactory()) is None
    assert len(_opened_reads(dossier)) == 1


def test_a_right_that_still_holds_is_read_again_only_after_the_period(
    gateway_live, citizen, procedure, hong_bang_ward
):
    dossier = _old_draft(citizen, procedure, hong_bang_ward)

    assert draft_right_lapsed(dossier=dossier, user=citizen) is None
    assert draft_right_lapsed(dossier=dossier, user=citizen) is None
    assert len(_opened_reads(dossier)) == 1
    DraftRightReading.objects.filter(dossier=dossier).update(
        read_at=timezone.now() - RIGHT_TRUSTED_FOR, tried_at=timezone.now() - RIGHT_TRUSTED_FOR
    )
    assert draft_right_lapsed(dossier=dossier, user=citizen) is None
    assert len(_opened_reads(dossier)) == 2


def test_with_the_source_down_nothing_is_blocked_and_it_is_not_asked_on_every_page(
    gateway_live, citizen, procedure, hong_bang_ward, settings
):
    dossier = _old_draft(citizen, procedure, hong_bang_ward)
    _population_down(settings)

    assert draft_right_lapsed(dossier=dossier, user=citizen) is None
    assert draft_right_lapsed(dossier=dossier, user=citizen) is None

    [failed] = _opened_reads(dossier)
    assert failed.outcome == AccessOutcome.FAILED
    kept = DraftRightReading.objects.get(dossier=dossier)
    assert kept.right == Right.HOLDS.value and kept.read_at == dossier.created_at
    # Asked again once the pause has passed.
    DraftRightReading.objects.filter(pk=kept.pk).update(
        tried_at=timezone.now() - SOURCE_DOWN_RETRY_AFTER
    )
    assert draft_right_lapsed(dossier=dossier, user=citizen) is None
    assert len(_opened_reads(dossier)) == 2


def test_a_lapse_already_known_stands_while_the_source_is_down(
    gateway_live, citizen, procedure, hong_bang_ward, settings
):
    dossier = _old_draft(citizen, procedure, hong_bang_ward)
    _household_now(AN_ROW)
    assert draft_right_lapsed(dossier=dossier, user=citizen).right == Right.NOT_IN_HOUSEHOLD
    DraftRightReading.objects.filter(dossier=dossier).update(
        read_at=timezone.now() - RIGHT_TRUSTED_FOR, tried_at=timezone.now() - RIGHT_TRUSTED_FOR
    )
    _population_down(settings)

    assert draft_right_lapsed(dossier=dossier, user=citizen).right == Right.NOT_IN_HOUSEHOLD
    assert [r.outcome for r in _opened_reads(dossier)] == [AccessOutcome.OK, AccessOutcome.FAILED]


# Over HTTP and the API.


def test_the_pages_of_a_draft_whose_child_left_the_household_show_only_that(
    gateway_live, citizen, procedure, hong_bang_ward
):
    dossier = _old_draft(citizen, procedure, hong_bang_ward)
    address = _address(dossier)
    _household_now(AN_ROW)  # Khang registered in another household since
    client = _clients(citizen)

    pages = [client.get(f"/dossiers/{dossier.pk}/{page}") for page in ("form/", "prefill/", "")]
    api = client.get(f"/api/dossiers/{dossier.pk}/")

    for response in pages:
        assert response.status_code == 403
        page = response.content.decode()
        assert 'data-testid="right-lapsed"' in page
        assert "không còn là con trong hộ của bạn" in page
        assert "no longer a child of your household" in page
        assert address not in page and "Nguyễn Minh Khang" not in page
        assert f'action="/dossiers/{dossier.pk}/discard/"' in page
    assert api.status_code == 403 and api.json()["code"] == "no_right_to_act"
    assert "no longer a child of your household" in api.json()["detail"]
    assert len(_opened_reads(dossier)) == 1  # read once for all of them
    # What is left to do: discard it.
    assert client.post(f"/dossiers/{dossier.pk}/discard/").status_code == 302
    assert not Dossier.objects.filter(pk=dossier.pk).exists()


def test_over_http_with_the_source_down_the_form_is_shown_and_read_once(
    gateway_live, citizen, procedure, hong_bang_ward, settings
):
    dossier = _old_draft(citizen, procedure, hong_bang_ward)
    _population_down(settings)
    client = _clients(citizen)

    first = client.get(f"/dossiers/{dossier.pk}/form/")
    second = client.get(f"/dossiers/{dossier.pk}/form/")

    assert first.status_code == 200 and second.status_code == 200
    assert f'action="/dossiers/{dossier.pk}/submit/"' in second.content.decode()
    assert [r.outcome for r in _opened_reads(dossier)] == [AccessOutcome.FAILED]


def test_my_dossiers_and_the_api_list_say_it_without_reading_the_source(
    gateway_live, citizen, procedure, hong_bang_ward
):
    dossier = _old_draft(citizen, procedure, hong_bang_ward)
    other = _parent_draft(citizen, procedure, hong_bang_ward)  # checked lately: holds
    _household_now(AN_ROW, _khang(born=_years_ago(18)))
    client = _clients(citizen)
    assert client.get(f"/dossiers/{dossier.pk}/").status_code == 403  # read, and kept
    _started_ago(other, RIGHT_TRUSTED_FOR * 2)  # due for a read, which a list never makes

    listed = client.get("/dossiers/").content.decode()
    api = client.get("/api/dossiers/").json()["results"]

    row = next(r for r in listed.split("<tr") if f"/dossiers/{dossier.pk}/" in r)
    assert 'data-testid="right-lapsed"' in row and "turned 18 on" in row
    assert f"/dossiers/{dossier.pk}/form/" not in row  # its page says only that
    steps = {item["id"]: item["next_step"]["code"] for item in api}
    assert steps == {dossier.pk: "right_lapsed", other.pk: "complete_and_submit"}
    assert len(_opened_reads(dossier)) == 1 and _opened_reads(other) == []
