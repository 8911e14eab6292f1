"""Corrections: one request per wrong value, routed to the owner, who corrects
it at the source (served from then on) or rejects it with a reason."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from datasources.corrections import correction_accept, correction_flag, correction_reject
from datasources.exceptions import CorrectionError, LookupDenied, UnknownField
from datasources.models import CorrectionRequest, CorrectionStatus
from datasources.selectors import corrections_open_by_source
from datasources.services import lookup
from dossiers.purposes import dossier_purpose
from portal.audit.models import AccessLog
from portal.notifications.models import Notification
from tests.dossiers.factories import DossierFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_ADDRESS = "Số 14 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng"


@pytest.fixture
def dossier(citizen, hong_bang_ward, data_owner):
    return DossierFactory(applicant=citizen, agency=hong_bang_ward)


def _flag(dossier, by, field="permanent_address", **extra):
    return correction_flag(
        source="population",
        subject=dossier.subject_personal_id,
        field=field,
        by=by,
        purpose=dossier_purpose(dossier),
        **extra,
    )


def test_a_second_flag_joins_the_open_request(gateway_live, dossier, citizen, commune_official):
    first = _flag(dossier, citizen, note="Tôi đã chuyển sang số 14", proposed_value=NEW_ADDRESS)
    second = _flag(dossier, commune_official, note="Đã kiểm tra thực tế")

    assert first.pk == second.pk
    assert CorrectionRequest.objects.count() == 1
    assert first.flags.count() == 2
    assert first.owner_agency.code == "BCA.C06"
    assert first.recorded_value.startswith("Số 12 Hoàng Văn Thụ")


def test_a_later_flag_gives_the_right_value_the_first_did_not_know(
    gateway_live, dossier, citizen, commune_official
):
    _flag(dossier, commune_official, note="Không khớp thực tế")
    request = _flag(dossier, citizen, proposed_value=NEW_ADDRESS)
    _flag(dossier, commune_official, proposed_value="Một địa chỉ khác")

    request.refresh_from_db()
    assert request.proposed_value == NEW_ADDRESS and request.flags.count() == 3


def test_the_owner_corrects_and_the_source_serves_the_new_value(
    gateway_live, dossier, citizen, commune_official, data_owner
):
    request = _flag(dossier, citizen, proposed_value=NEW_ADDRESS)
    _flag(dossier, commune_official)
    lookup(
        source="population",
        subject=dossier.subject_personal_id,
        fields=["permanent_address"],
        actor=citizen,
        purpose=dossier_purpose(dossier),
    )  # now cached

    correction_accept(
        request=request, by=data_owner, corrected_value=NEW_ADDRESS, note="Cập nhật theo xác minh"
    )

    request.refresh_from_db()
    assert request.status == CorrectionStatus.ACCEPTED and request.resolved_by == data_owner
    again = lookup(
        source="population",
        subject=dossier.subject_personal_id,
        fields=["permanent_address"],
        actor=citizen,
        purpose=dossier_purpose(dossier),
    )
    assert again.values["permanent_address"] == NEW_ADDRESS
    told = Notification.objects.filter(title__contains="đã được điều chỉnh")
    assert {n.user for n in told} == {citizen, commune_official}


def test_after_a_correction_a_new_flag_opens_a_new_request(
    gateway_live, dossier, citizen, data_owner
):
    request = _flag(dossier, citizen)
    correction_accept(request=request, by=data_owner, corrected_value=NEW_ADDRESS)

    again = _flag(dossier, citizen)

    assert again.pk != request.pk and again.status == CorrectionStatus.OPEN


def test_a_rejection_needs_a_reason_and_is_told_to_the_flagger(
    gateway_live, dossier, citizen, data_owner
):
    request = _flag(dossier, citizen)
    with pytest.raises(CorrectionError):
        correction_reject(request=request, by=data_owner, reason="  ")

    correction_reject(request=request, by=data_owner, reason="Địa chỉ đúng theo hồ sơ cư trú")

    assert CorrectionRequest.objects.get().status == CorrectionStatus.REJECTED
    assert Notification.objects.get(user=citizen).body == "Địa chỉ đúng theo hồ sơ cư trú"


def test_only_the_owner_decides_and_only_once(
    gateway_live, dossier, citizen, commune_official, data_owner
):
    request = _flag(dossier, citizen)
    with pytest.raises(CorrectionError):
        correction_accept(request=request, by=commune_official, corrected_value="x")
    correction_reject(request=request, by=data_owner, reason="Đúng")

    with pytest.raises(CorrectionError, match="đã được xử lý"):
        correction_accept(request=request, by=data_owner, corrected_value=NEW_ADDRESS)


def test_flags_are_purpose_bound_too(gateway_live, dossier, other_commune_official):
    with pytest.raises(LookupDenied):
        _flag(dossier, other_commune_official)
    with pytest.raises(UnknownField):
        _flag(dossier, dossier.applicant, field="blood_type")

    assert not CorrectionRequest.objects.exists()


def test_open_and_aged_requests_per_source(gateway_live, dossier, citizen):
    _flag(dossier, citizen)
    old = _flag(dossier, citizen, field="full_name")
    CorrectionRequest.objects.filter(pk=old.pk).update(
        opened_at=timezone.now() - timedelta(days=16)  # overdue after 15 days
    )

    assert corrections_open_by_source() == [
        {
            "source": "population",
            "open": 2,
            "aged": 1,
            "oldest": CorrectionRequest.objects.get(pk=old.pk).opened_at,
        }
    ]


def test_the_api_flags_lists_and_decides(gateway_live, dossier, citizen, data_owner):
    api = APIClient()
    api.force_authenticate(citizen)
    created = api.post(
        "/api/datasources/corrections/",
        {
            "dossier": dossier.pk,
            "source": "population",
            "field": "permanent_address",
            "subject": dossier.subject_personal_id,
            "note": "Đã chuyển nhà năm 2025",
            "proposed_value": NEW_ADDRESS,
        },
        format="json",
    )
    assert created.status_code == 201
    bad = api.post(
        "/api/datasources/corrections/",
        {
            "dossier": dossier.pk,
            "source": "population",
            "field": "blood_type",
            "subject": dossier.subject_personal_id,
        },
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "unknown_field"

    owner = APIClient()
    owner.force_authenticate(data_owner)
    queue = owner.get("/api/datasources/corrections/", {"status": "open"}).json()
    assert [row["id"] for row in queue] == [created.json()["id"]]
    decided = owner.post(
        f"/api/datasources/corrections/{created.json()['id']}/decision/",
        {"decision": "accept", "corrected_value": NEW_ADDRESS},
        format="json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "accepted"


def test_the_api_does_not_let_the_unit_read_a_draft_s_data_by_flagging_it(
    gateway_live, dossier, commune_official
):
    """Flagging reads the value at the source: for a draft, still its applicant's,
    the unit's official gets the same 404 as for a dossier they may not see."""
    api = APIClient()
    api.force_authenticate(commune_official)

    response = api.post(
        "/api/datasources/corrections/",
        {"dossier": dossier.pk, "source": "population", "field": "permanent_address",
         "subject": dossier.subject_personal_id},
        format="json",
    )  # fmt: skip

    assert response.status_code == 404 and response.json()["code"] == "unknown_dossier"
    assert not CorrectionRequest.objects.exists() and not AccessLog.objects.exists()


def test_the_owner_page_handles_a_request(gateway_live, client, dossier, citizen, data_owner):
    request = _flag(dossier, citizen)
    client.force_login(data_owner, backend="portal.accounts.backends.VNeIDSessionBackend")
    assert "Nơi thường trú" in client.get("/data/corrections/").content.decode()

    refused = client.post(f"/data/corrections/{request.pk}/decide/", {"decision": "reject"})
    assert CorrectionRequest.objects.get().status == CorrectionStatus.OPEN  # no reason given
    assert refused.status_code == 400
    page = refused.content.decode()
    assert 'class="alert alert-danger' in page and "Nơi thường trú" in page  # the list, again

    client.post(
        f"/data/corrections/{request.pk}/decide/",
        {"decision": "accept", "corrected_value": NEW_ADDRESS, "confirmed": "1"},
    )
    assert CorrectionRequest.objects.get().status == CorrectionStatus.ACCEPTED


def test_a_citizen_cannot_decide_through_the_page(gateway_live, client, dossier, citizen):
    request = _flag(dossier, citizen)
    client.force_login(citizen, backend="portal.accounts.backends.VNeIDSessionBackend")

    response = client.post(
        f"/data/corrections/{request.pk}/decide/", {"decision": "accept", "corrected_value": "x"}
    )

    assert response.status_code == 400
    assert CorrectionRequest.objects.get().status == CorrectionStatus.OPEN


def test_without_the_sources_owner_agency_the_flag_is_refused_not_lost(
    gateway_live, citizen, hong_bang_ward
):
    from datasources.exceptions import SourceUnavailable

    # No data_owner fixture: the agencies of the national database owners are not loaded.
    dossier = DossierFactory(applicant=citizen, agency=hong_bang_ward)

    with pytest.raises(SourceUnavailable, match="owner agency is not set up"):
        _flag(dossier, citizen)
    assert not CorrectionRequest.objects.exists()


def test_a_handled_request_is_listed_by_its_source_and_field_names_not_codes(
    gateway_live, client, dossier, citizen, data_owner
):
    request = _flag(dossier, citizen)
    correction_accept(request=request, by=data_owner, corrected_value=NEW_ADDRESS)

    for person in (data_owner, citizen):
        client.force_login(person, backend="portal.accounts.backends.VNeIDSessionBackend")
        page = client.get("/data/corrections/").content.decode()
        closed = page.split('data-testid="closed-correction">')[1].split("</li>")[0]
        assert "CSDL quốc gia về dân cư · Nơi thường trú" in closed
        assert "population" not in closed and "permanent_address" not in closed
        assert NEW_ADDRESS in closed


def test_a_refused_decision_is_said_in_its_request_s_card_with_what_was_typed(
    gateway_live, client, dossier, citizen, data_owner
):
    request = _flag(dossier, citizen)
    client.force_login(data_owner, backend="portal.accounts.backends.VNeIDSessionBackend")

    posted = {"decision": "reject", "corrected_value": NEW_ADDRESS, "note": ""}
    response = client.post(f"/data/corrections/{request.pk}/decide/", posted)

    assert response.status_code == 400
    card = response.content.decode().split(f'id="c-{request.pk}"')[1].split("</section>")[0]
    assert 'data-testid="decision-error"' in card
    assert f'value="{NEW_ADDRESS}"' in card
    assert CorrectionRequest.objects.get().status == CorrectionStatus.OPEN
