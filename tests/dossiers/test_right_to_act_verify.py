"""A dossier submitted while the source holding its applicant's right to act
could not be read carries a warning on the official's page; an official of
the unit reads the right again, as themselves, for this dossier, and logged.
The outcome is recorded: the right holds (the warning goes, the history says
so), or it no longer holds (said plainly, with the refusal at reception or the
stop of processing offered, its reason written out); a source still down
changes nothing. Only the unit's officials, only while the unit works it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dossiers.models import (
    ActingBasis,
    DossierEvent,
    DossierStatus,
    RightCheckOutcome,
    RightToActCheck,
)
from dossiers.right_to_act import RightCheckRefused, right_verify
from dossiers.verification import SourceNotAnswering
from portal.audit.models import AccessLog, AccessOutcome
from tests.dossiers.factories import DossierFactory
from tests.dossiers.test_submit_right_to_act import (
    AN_ROW,
    KHANG,
    LOGIN,
    _household_now,
    _khang,
    _parent_draft,
    _population_down,
    _values,
    _years_ago,
)
from tests.dossiers.test_submit_right_to_act import procedure as procedure  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

OFFICIAL_LABEL = "Cán bộ xác minh lại quyền làm thủ tục thay của người nộp"


def _marked(citizen, unit, status=DossierStatus.SUBMITTED):
    """An's dossier for his son Khang, submitted while the population database was down."""
    dossier = DossierFactory(applicant=citizen, agency=unit, subject_personal_id=KHANG,
                             acting_basis=ActingBasis.PARENT, status=status,
                             submitted_at=timezone.now(), code="HB-261207-0001")  # fmt: skip
    RightToActCheck.objects.create(dossier=dossier, source="population", verified_by=citizen,
                                   outcome=RightCheckOutcome.NOT_READ)  # fmt: skip
    return dossier


def _official_reads(dossier, official) -> list[AccessLog]:
    return list(AccessLog.objects.filter(purpose_id=str(dossier.pk), actor_id=official.pk))


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=LOGIN)
    return client


def _post(client, dossier, **extra):
    return client.post(reverse("workspace:right-verify", args=[dossier.pk]),
                       {"seen_status": dossier.status,
                        "seen_assigned_to": dossier.assigned_to_id or "", **extra})  # fmt: skip


def _page(client, dossier) -> str:
    return client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()


# From the submission to the official's page.


def test_a_dossier_submitted_with_the_source_down_warns_the_official_who_confirms_the_right(
    gateway_live, citizen, procedure, hong_bang_ward, commune_official, settings
):
    from dossiers.services import dossier_submit

    dossier = _parent_draft(citizen, procedure, hong_bang_ward)
    reachable = settings.GATEWAY_URL
    _population_down(settings)
    dossier = dossier_submit(dossier=dossier, by=citizen, values=_values(dossier))
    settings.GATEWAY_URL = reachable
    cache.clear()  # the circuit breaker the failure opened: closed once the source recovers
    client = _client(commune_official)

    before = _page(client, dossier)
    response = _post(client, dossier)
    after = client.get(response["Location"]).content.decode()

    assert 'data-testid="right-to-act"' in before and 'data-outcome="not_read"' in before
    assert "Quyền đại diện chưa được xác minh lại với CSDL quốc gia về dân cư" in before
    assert 'data-testid="right-verify-form"' in before
    assert response.status_code == 303
    assert response["Location"].endswith(f"/workspace/{dossier.pk}/#right-to-act")
    latest = RightToActCheck.objects.filter(dossier=dossier).last()
    assert (latest.outcome, latest.verified_by_id) == (RightCheckOutcome.CONFIRMED,
                                                       commune_official.pk)  # fmt: skip
    assert 'data-testid="right-to-act"' not in after  # the warning is cleared
    assert "the applicant still has the right to act" in after  # in the history and said
    assert after.count('data-testid="verification-event"') == 2  # not read, then confirmed
    [read] = _official_reads(dossier, commune_official)
    assert read.outcome == AccessOutcome.OK and read.source == "population"
    assert read.purpose_label.startswith(OFFICIAL_LABEL)


# The outcomes.


def test_a_right_that_lapsed_is_recorded_and_the_refusal_offered_with_its_reason(
    gateway_live, citizen, hong_bang_ward, commune_official
):
    dossier = _marked(citizen, hong_bang_ward)
    _household_now(AN_ROW, _khang(born=_years_ago(18)))
    client = _client(commune_official)

    response = _post(client, dossier)
    page = client.get(response["Location"]).content.decode()

    assert response.status_code == 303
    latest = RightToActCheck.objects.filter(dossier=dossier).last()
    assert latest.outcome == RightCheckOutcome.LAPSED
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f"đã đủ 18 tuổi ngày {today}" in latest.reason
    assert f"turned 18 on {today}" in latest.reason
    assert 'data-outcome="lapsed"' in page
    assert "Người nộp không còn quyền làm thủ tục thay" in page
    assert 'data-testid="right-refuse-form"' in page
    assert 'name="action" value="refuse_at_reception"' in page
    assert f"turned 18 on {today}" in page.split('id="right-reason-refuse_at_reception"')[1]
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED  # nothing decided for the official

    refused = client.post(reverse("workspace:act", args=[dossier.pk]),
                          {"action": "refuse_at_reception", "reason": latest.reason,
                           "seen_status": dossier.status, "seen_assigned_to": ""})  # fmt: skip

    assert refused.status_code in (302, 303)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.REFUSED_AT_RECEPTION
    event = DossierEvent.objects.get(dossier=dossier, action="refuse_at_reception")
    assert "turned 18 on" in event.reason


def test_a_received_dossier_whose_right_lapsed_offers_to_stop_processing(
    gateway_live, citizen, hong_bang_ward, commune_official
):
    dossier = _marked(citizen, hong_bang_ward, status=DossierStatus.RECEIVED)
    _household_now(AN_ROW)  # Khang left the household
    client = _client(commune_official)

    response = _post(client, dossier)
    page = client.get(response["Location"]).content.decode()

    latest = RightToActCheck.objects.filter(dossier=dossier).last()
    assert latest.outcome == RightCheckOutcome.LAPSED
    assert "no longer a child of the applicant's household" in latest.reason
    assert 'name="action" value="stop_processing"' in page
    assert 'name="action" value="refuse_at_reception"' not in page.split("right-refuse-form")[1]


def test_with_the_source_still_down_nothing_changes(
    gateway_live, citizen, hong_bang_ward, commune_official, settings
):
    dossier = _marked(citizen, hong_bang_ward)
    _population_down(settings)

    with pytest.raises(SourceNotAnswering) as down:
        right_verify(dossier=dossier, by=commune_official)
    response = _post(_client(commune_official), dossier)

    assert "chưa phản hồi" in down.value.message and "Try again later" in down.value.message
    assert response.status_code == 503
    assert "did not answer; nothing changed" in response.content.decode()
    assert 'data-outcome="not_read"' in response.content.decode()  # still to verify
    assert RightToActCheck.objects.filter(dossier=dossier).count() == 1
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert {r.outcome for r in _official_reads(dossier, commune_official)} == {AccessOutcome.FAILED}


# Who, and when.


def test_an_official_of_another_unit_gets_a_404_and_reads_nothing(
    gateway_live, citizen, hong_bang_ward, other_commune_official
):
    dossier = _marked(citizen, hong_bang_ward)

    response = _post(_client(other_commune_official), dossier)

    assert response.status_code == 404
    assert RightToActCheck.objects.filter(dossier=dossier).count() == 1
    assert not _official_reads(dossier, other_commune_official)


def test_the_applicant_gets_a_403(gateway_live, citizen, hong_bang_ward):
    dossier = _marked(citizen, hong_bang_ward)

    assert _post(_client(citizen), dossier).status_code == 403
    assert RightToActCheck.objects.filter(dossier=dossier).count() == 1


@pytest.mark.parametrize(
    "status", [DossierStatus.RESULT_READY, DossierStatus.REFUSED_AT_RECEPTION,
               DossierStatus.FINANCIAL_OBLIGATION],
)  # fmt: skip
def test_a_dossier_the_unit_no_longer_works_is_a_409_and_reads_nothing(
    gateway_live, citizen, hong_bang_ward, commune_official, status
):
    dossier = _marked(citizen, hong_bang_ward, status=status)

    with pytest.raises(RightCheckRefused):
        right_verify(dossier=dossier, by=commune_official)
    response = _post(_client(commune_official), dossier)

    assert response.status_code == 409
    page = response.content.decode()
    assert "không thể xác minh lại quyền làm thủ tục thay" in page
    assert "the right to act cannot be verified again now" in page
    assert RightToActCheck.objects.filter(dossier=dossier).count() == 1
    assert not _official_reads(dossier, commune_official)


def test_a_dossier_whose_right_is_not_awaiting_verification_is_a_409(
    gateway_live, citizen, hong_bang_ward, commune_official
):
    dossier = _marked(citizen, hong_bang_ward)
    RightToActCheck.objects.create(dossier=dossier, source="population",
                                   verified_by=commune_official,
                                   outcome=RightCheckOutcome.CONFIRMED)  # fmt: skip
    never_marked = DossierFactory(applicant=citizen, agency=hong_bang_ward,
                                  status=DossierStatus.SUBMITTED)  # fmt: skip
    client = _client(commune_official)

    assert _post(client, dossier).status_code == 409
    assert _post(client, never_marked).status_code == 409
    assert "is not awaiting verification" in _post(client, dossier).content.decode()
    assert RightToActCheck.objects.filter(dossier=dossier).count() == 2
    assert not _official_reads(dossier, commune_official)


def test_a_page_a_colleague_overtook_or_a_malformed_request_changes_nothing(
    gateway_live, citizen, hong_bang_ward, commune_official
):
    dossier = _marked(citizen, hong_bang_ward)
    client = _client(commune_official)

    stale = _post(client, dossier, seen_status=DossierStatus.RECEIVED)
    malformed = _post(client, dossier, seen_assigned_to="not a number")

    assert stale.status_code == 409
    assert malformed.status_code == 400
    assert RightToActCheck.objects.filter(dossier=dossier).count() == 1
    assert not _official_reads(dossier, commune_official)
