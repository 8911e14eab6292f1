"""The applicant's right to act for the subject is read again as a draft is
submitted, from the live national source, purpose-bound and logged: a parent
whose child came of age or left the household since the draft started, a
legal representative the business register no longer names, an agent whose
authorisation ended, is refused (403) saying why and what to do, with nothing
changed and the draft kept. A source that cannot be read now does not stop
the submission (a source that is down never breaks one): the dossier records
that its right was not read again, which source and when, and the applicant's
tracking page says the unit will verify it."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from datasources.gateway.models import RecordCorrection
from dossiers.exceptions import NoRightToAct
from dossiers.models import (
    ActingBasis,
    Authorisation,
    ComponentEvidence,
    Dossier,
    DossierEvent,
    DossierStatus,
    RightCheckOutcome,
    RightToActCheck,
)
from dossiers.representation import ChildRight, child_right, minor_children
from dossiers.services import dossier_draft_start, dossier_preview_confirm, dossier_submit
from portal.audit.models import AccessLog, AccessOutcome
from tests.dossiers.test_journey import (
    LOGIN,
    _address,
    _agent_draft_under_authorisation,
)
from tests.dossiers.test_journey import procedure as procedure  # noqa: F401 (the fixture)
from tests.dossiers.test_legal_representative import BINH
from tests.dossiers.test_legal_representative import _start as _enterprise_draft
from tests.dossiers.test_legal_representative import binh as binh  # noqa: F401 (the fixture)
from tests.dossiers.test_legal_representative import catalog as catalog  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

AN = "031090001234"
KHANG = "031218000321"  # An's son, born 2018, in An's household
PHONE = "0912345678"
RECHECK_LABEL = "Xác minh lại quyền làm thủ tục thay cho con khi nộp hồ sơ"
AN_ROW = {"personal_id": AN, "full_name": "Nguyễn Văn An", "relation": "chủ hộ",
          "date_of_birth": "1990-03-14"}  # fmt: skip


def _years_ago(years: int, *, days: int = 0) -> str:
    today = timezone.localdate()
    return (today.replace(year=today.year - years) + datetime.timedelta(days=days)).isoformat()


def _khang(born: str = "2018-09-21") -> dict:
    return {"personal_id": KHANG, "full_name": "Nguyễn Minh Khang", "relation": "con",
            "date_of_birth": born}  # fmt: skip


def _household_now(*members: dict) -> None:
    """The National Population Database's household record of An, as its owner changed it."""
    RecordCorrection.objects.create(source="population", subject=AN, field="household_members",
                                    value=list(members))  # fmt: skip


def _parent_draft(citizen, procedure, unit) -> Dossier:
    """An's confirmed draft for his son Khang, started while Khang is a minor of his household."""
    dossier = dossier_draft_start(
        applicant=citizen, procedure=procedure, agency=unit, subject_personal_id=KHANG,
        acting_basis=ActingBasis.PARENT,
    )  # fmt: skip
    dossier.refresh_from_db()  # its prefill, read once the draft was committed
    dossier_preview_confirm(dossier=dossier, by=citizen)
    return dossier


def _values(dossier) -> dict:
    return {"full_name": "Nguyễn Minh Khang", "permanent_address": _address(dossier),
            "phone": PHONE}  # fmt: skip


def _rechecks(dossier) -> list[AccessLog]:
    return list(AccessLog.objects.filter(purpose_id=str(dossier.pk), subject_personal_id=AN,
                                         source="population"))  # fmt: skip


def _unchanged(dossier) -> None:
    """Nothing of the draft changed: still a draft, no code, no event, nothing recorded."""
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT and dossier.code is None
    assert dossier.submitted_at is None and dossier.form_values == {}
    assert not DossierEvent.objects.filter(dossier=dossier).exists()
    assert not ComponentEvidence.objects.filter(dossier=dossier).exists()


def _clients(citizen) -> Client:
    client = Client()
    client.force_login(citizen, backend=LOGIN)
    return client


# The rule itself.


def test_a_child_is_a_minor_until_the_day_they_turn_18():
    tomorrow = _khang(born=_years_ago(18, days=1))
    today = _khang(born=_years_ago(18))

    assert child_right([tomorrow], KHANG) == (ChildRight.HOLDS, None)
    right, of_age = child_right([today], KHANG)
    assert right == ChildRight.ADULT and of_age == timezone.localdate()
    assert child_right([AN_ROW | {"relation": "con"}], KHANG)[0] == ChildRight.NOT_IN_HOUSEHOLD
    assert minor_children([tomorrow]) == [tomorrow] and minor_children([today]) == []


# The happy path: read again, live and logged, and submitted.


def test_a_parent_whose_right_still_holds_submits_and_the_household_is_read_again(
    gateway_live, citizen, procedure, hong_bang_ward
):
    dossier = _parent_draft(citizen, procedure, hong_bang_ward)

    submitted = dossier_submit(dossier=dossier, by=citizen, values=_values(dossier))

    assert submitted.status == DossierStatus.SUBMITTED and submitted.code
    [recheck] = _rechecks(dossier)
    # Read from the source itself, not the cache the start's read may have left.
    assert recheck.outcome == AccessOutcome.OK
    assert recheck.actor_id == citizen.pk and recheck.fields == ["household_members"]
    assert recheck.purpose_label.startswith(RECHECK_LABEL)
    assert not RightToActCheck.objects.exists()  # read, and holding: nothing to verify later


def test_over_http_and_the_api_a_parent_whose_right_holds_submits(
    gateway_live, citizen, procedure, hong_bang_ward
):
    on_the_web = _parent_draft(citizen, procedure, hong_bang_ward)
    by_api = _parent_draft(citizen, procedure, hong_bang_ward)
    client = _clients(citizen)

    page = client.post(f"/dossiers/{on_the_web.pk}/submit/", _values(on_the_web))
    answer = client.post(f"/api/dossiers/{by_api.pk}/submit/", {"values": _values(by_api)},
                         content_type="application/json")  # fmt: skip

    assert page.status_code == 302 and page["Location"] == f"/dossiers/{on_the_web.pk}/"
    assert answer.status_code == 200 and answer.json()["status"] == DossierStatus.SUBMITTED
    assert len(_rechecks(on_the_web)) == 1 and len(_rechecks(by_api)) == 1


def test_a_repeated_submission_reads_the_household_no_more(
    gateway_live, citizen, procedure, hong_bang_ward
):
    dossier = _parent_draft(citizen, procedure, hong_bang_ward)
    dossier_submit(dossier=dossier, by=citizen, values=_values(dossier))

    again = dossier_submit(dossier=dossier, by=citizen, values=_values(dossier))

    assert again.status == DossierStatus.SUBMITTED
    assert len(_rechecks(dossier)) == 1


# A child who came of age since the draft started.


def test_a_child_who_turned_18_since_the_draft_started_is_refused_with_nothing_changed(
    gateway_live, citizen, procedure, hong_bang_ward
):
    dossier = _parent_draft(citizen, procedure, hong_bang_ward)
    _household_now(AN_ROW, _khang(born=_years_ago(18)))
    today = timezone.localdate().strftime("%d/%m/%Y")

    with pytest.raises(NoRightToAct) as refused:
        dossier_submit(dossier=dossier, by=citizen, values=_values(dossier))

    assert f"đã đủ 18 tuổi ngày {today}" in refused.value.message
    assert f"turned 18 on {today}" in refused.value.message
    assert "must file it themselves with their own VNeID account" in refused.value.message
    _unchanged(dossier)
    [recheck] = _rechecks(dossier)
    assert recheck.outcome == AccessOutcome.OK  # the read is logged though the submission is not


def test_over_http_a_child_who_turned_18_is_said_on_a_page_that_only_offers_to_discard(
    gateway_live, citizen, procedure, hong_bang_ward
):
    dossier = _parent_draft(citizen, procedure, hong_bang_ward)
    _household_now(AN_ROW, _khang(born=_years_ago(18)))

    response = _clients(citizen).post(f"/dossiers/{dossier.pk}/submit/", _values(dossier))

    assert response.status_code == 403
    page = response.content.decode()
    # As for a draft whose authorisation ended (dossiers.draft_right): the
    # child's data is no longer shown, nor the form; the draft can be deleted.
    assert 'data-testid="right-lapsed"' in page
    assert "đã đủ 18 tuổi" in page and "turned 18 on" in page
    assert f'action="/dossiers/{dossier.pk}/discard/"' in page  # what is left to do
    assert f'value="{PHONE}"' not in page and _address(dossier) not in page
    assert f'action="/dossiers/{dossier.pk}/submit/"' not in page
    _unchanged(dossier)


def test_over_the_api_a_child_who_turned_18_is_a_403_with_nothing_changed(
    gateway_live, citizen, procedure, hong_bang_ward
):
    dossier = _parent_draft(citizen, procedure, hong_bang_ward)
    _household_now(AN_ROW, _khang(born=_years_ago(18)))

    answer = _clients(citizen).post(f"/api/dossiers/{dossier.pk}/submit/",
                                    {"values": _values(dossier)},
                                    content_type="application/json")  # fmt: skip

    assert answer.status_code == 403
    assert answer.json()["code"] == "no_right_to_act"
    assert "đã đủ 18 tuổi" in answer.json()["detail"]
    assert "turned 18 on" in answer.json()["detail"]
    _unchanged(dossier)


# A child no longer in the household.


def test_a_child_who_left_the_household_is_refused_on_every_path_with_nothing_changed(
    gateway_live, citizen, procedure, hong_bang_ward
):
    dossier = _parent_draft(citizen, procedure, hong_bang_ward)
    _household_now(AN_ROW)  # Khang registered in another household since
    client = _clients(citizen)

    with pytest.raises(NoRightToAct) as refused:
        dossier_submit(dossier=dossier, by=citizen, values=_values(dossier))
    page = client.post(f"/dossiers/{dossier.pk}/submit/", _values(dossier))
    answer = client.post(f"/api/dossiers/{dossier.pk}/submit/", {"values": _values(dossier)},
                         content_type="application/json")  # fmt: skip

    assert "không còn là con trong hộ của bạn" in refused.value.message
    assert "is no longer a child of your household" in refused.value.message
    assert page.status_code == 403
    assert 'data-testid="right-lapsed"' in page.content.decode()
    assert "no longer a child of your household" in page.content.decode()
    assert answer.status_code == 403 and answer.json()["code"] == "no_right_to_act"
    assert "no longer a child of your household" in answer.json()["detail"]
    _unchanged(dossier)
    assert len(_rechecks(dossier)) == 3  # each attempt read the household again
    # The draft is kept, for its applicant to delete.
    assert client.post(f"/dossiers/{dossier.pk}/discard/").status_code == 302


# The source cannot be read now.


def _population_down(settings) -> None:
    settings.GATEWAY_URL = "http://127.0.0.1:9/gateway"  # nobody listens there
    settings.GATEWAY_RETRIES = 0


def _marked(dossier, *, source: str, by) -> RightToActCheck:
    """The dossier went on, with the mark that its right was not read again."""
    [mark] = RightToActCheck.objects.filter(dossier=dossier)
    assert (mark.source, mark.outcome, mark.verified_by_id) == (
        source,
        RightCheckOutcome.NOT_READ,
        by.pk,
    )
    return mark


def test_with_the_population_database_down_the_dossier_is_submitted_and_marked(
    gateway_live, citizen, procedure, hong_bang_ward, settings
):
    dossier = _parent_draft(citizen, procedure, hong_bang_ward)
    _population_down(settings)

    submitted = dossier_submit(dossier=dossier, by=citizen, values=_values(dossier))

    assert submitted.status == DossierStatus.SUBMITTED and submitted.code
    mark = _marked(dossier, source="population", by=citizen)
    assert mark.verified_at >= submitted.submitted_at
    # The attempt is in the access log, as failed.
    [recheck] = _rechecks(dossier)
    assert recheck.outcome == AccessOutcome.FAILED and recheck.actor_id == citizen.pk


def test_over_http_and_the_api_the_population_database_down_submits_and_the_page_says_so(
    gateway_live, citizen, procedure, hong_bang_ward, settings
):
    on_the_web = _parent_draft(citizen, procedure, hong_bang_ward)
    by_api = _parent_draft(citizen, procedure, hong_bang_ward)
    _population_down(settings)
    client = _clients(citizen)

    page = client.post(f"/dossiers/{on_the_web.pk}/submit/", _values(on_the_web))
    answer = client.post(f"/api/dossiers/{by_api.pk}/submit/", {"values": _values(by_api)},
                         content_type="application/json")  # fmt: skip
    tracking = client.get(page["Location"]).content.decode()

    assert page.status_code == 302 and page["Location"] == f"/dossiers/{on_the_web.pk}/"
    assert answer.status_code == 200 and answer.json()["status"] == DossierStatus.SUBMITTED
    _marked(on_the_web, source="population", by=citizen)
    _marked(by_api, source="population", by=citizen)
    assert 'data-testid="right-unread"' in tracking
    assert "CSDL quốc gia về dân cư" in tracking
    assert "sẽ xác minh quyền làm thủ tục thay của bạn với" in tracking  # the page is in Vietnamese


def test_a_submission_refused_for_another_reason_leaves_no_mark(
    gateway_live, citizen, procedure, hong_bang_ward, settings
):
    dossier = _parent_draft(citizen, procedure, hong_bang_ward)
    _population_down(settings)

    response = _clients(citizen).post(f"/dossiers/{dossier.pk}/submit/",
                                      {**_values(dossier), "phone": "not a phone"})  # fmt: skip

    assert response.status_code == 400
    _unchanged(dossier)
    assert not RightToActCheck.objects.exists()  # with the submission, or not at all


def test_a_dossier_submitted_with_its_right_read_says_nothing_of_it_to_the_applicant(
    gateway_live, citizen, procedure, hong_bang_ward
):
    dossier = _parent_draft(citizen, procedure, hong_bang_ward)
    client = _clients(citizen)

    page = client.post(f"/dossiers/{dossier.pk}/submit/", _values(dossier))

    assert 'data-testid="right-unread"' not in client.get(page["Location"]).content.decode()


# An ended authorisation: the portal's own record, checked without any source.


def test_an_ended_authorisation_is_refused_on_every_path_without_reading_a_source(
    gateway_live, citizen, procedure, hong_bang_ward
):
    agent, authorisation, dossier = _agent_draft_under_authorisation(
        citizen, procedure, hong_bang_ward
    )
    dossier_preview_confirm(dossier=dossier, by=agent)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Authorisation.objects.filter(pk=authorisation.pk).update(
        valid_from=yesterday - datetime.timedelta(days=5), valid_until=yesterday
    )
    client = _clients(agent)
    reads_before = AccessLog.objects.count()

    with pytest.raises(NoRightToAct) as refused:
        dossier_submit(dossier=dossier, by=agent, values={"phone": PHONE})
    page = client.post(f"/dossiers/{dossier.pk}/submit/", {"phone": PHONE})
    answer = client.post(f"/api/dossiers/{dossier.pk}/submit/", {"values": {"phone": PHONE}},
                         content_type="application/json")  # fmt: skip

    expired_on = yesterday.strftime("%d/%m/%Y")
    assert f"The authorisation expired on {expired_on}" in refused.value.message
    assert page.status_code == 403
    assert 'data-testid="authorisation-ended"' in page.content.decode()
    assert answer.status_code == 403 and answer.json()["code"] == "no_right_to_act"
    _unchanged(dossier)
    assert AccessLog.objects.count() == reads_before


# Starting: only a minor child is offered, and an adult one is refused.


def test_a_parent_cannot_start_a_dossier_for_a_child_who_is_18_and_is_not_offered_them(
    gateway_live, citizen, procedure, hong_bang_ward
):
    _household_now(AN_ROW, _khang(born=_years_ago(20)))
    client = _clients(citizen)

    offered = client.get(f"/dossiers/start/{procedure.code}/children/",
                         {"acting_basis": ActingBasis.PARENT}, HTTP_HX_REQUEST="true")  # fmt: skip
    with pytest.raises(NoRightToAct) as refused:
        dossier_draft_start(applicant=citizen, procedure=procedure, agency=hong_bang_ward,
                            subject_personal_id=KHANG, acting_basis=ActingBasis.PARENT)  # fmt: skip

    assert f'id="child-{KHANG}"' not in offered.content.decode()
    assert "không ghi nhận người con nào dưới 18 tuổi" in offered.content.decode()
    assert "they file the procedure themselves" in refused.value.message
    assert not Dossier.objects.exists()


# A legal representative the business register no longer names.


def test_a_representative_the_register_no_longer_names_is_refused_with_nothing_changed(
    gateway_live, catalog, binh, hong_bang_ward
):
    dossier = Dossier.objects.get(pk=_enterprise_draft(binh, hong_bang_ward).pk)
    dossier_preview_confirm(dossier=dossier, by=binh)
    RecordCorrection.objects.create(
        source="business_registration", subject=BINH, field="businesses", value=[]
    )  # another representative now

    with pytest.raises(NoRightToAct) as refused:
        dossier_submit(dossier=dossier, by=binh, values={})

    assert "không còn là người đại diện theo pháp luật của doanh nghiệp 0109876543" in (
        refused.value.message
    )
    assert "its current legal representative must file it" in refused.value.message
    _unchanged(dossier)
    recheck = AccessLog.objects.get(purpose_id=str(dossier.pk), source="business_registration",
                                    purpose_label__startswith="Xác minh lại")  # fmt: skip
    assert (recheck.subject_personal_id, recheck.outcome) == (BINH, AccessOutcome.OK)


def test_at_the_desk_a_representative_the_register_no_longer_names_is_refused(
    gateway_live, catalog, commune_official
):
    from django.urls import reverse

    from dossiers.counter import counter_intake_start
    from procedures.models import Procedure

    dossier = counter_intake_start(
        official=commune_official, personal_id=BINH, consent=True, enterprise_code="0109876543",
        procedure=Procedure.objects.get(code="2.000720"),
    )  # fmt: skip
    RecordCorrection.objects.create(
        source="business_registration", subject=BINH, field="businesses", value=[]
    )
    client = Client()
    client.force_login(commune_official, backend=LOGIN)

    response = client.post(reverse("workspace:counter-submit", args=[dossier.pk]), {})

    assert response.status_code == 409
    assert "no longer the legal representative of enterprise 0109876543" in (
        response.content.decode()
    )
    _unchanged(dossier)
    recheck = AccessLog.objects.get(purpose_id=str(dossier.pk), source="business_registration",
                                    purpose_label__startswith="Xác minh lại")  # fmt: skip
    assert recheck.actor_id == commune_official.pk  # read by the official, for the citizen


def test_at_the_desk_with_the_register_down_the_dossier_is_submitted_and_marked(
    gateway_live, catalog, commune_official, settings
):
    from django.urls import reverse

    from dossiers.counter import counter_intake_start
    from procedures.models import Procedure

    dossier = counter_intake_start(
        official=commune_official, personal_id=BINH, consent=True, enterprise_code="0109876543",
        procedure=Procedure.objects.get(code="2.000720"),
    )  # fmt: skip
    _population_down(settings)  # every source behind the gateway, the register too
    client = Client()
    client.force_login(commune_official, backend=LOGIN)

    response = client.post(reverse("workspace:counter-submit", args=[dossier.pk]), {})

    assert response.status_code in (302, 303), response.content.decode()[:500]
    dossier.refresh_from_db()
    assert dossier.code and dossier.submitted_at is not None
    _marked(dossier, source="business_registration", by=commune_official)
    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    assert 'data-testid="right-to-act"' in page
    assert "CSDL quốc gia về đăng ký doanh nghiệp" in page
