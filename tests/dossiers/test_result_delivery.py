"""How the applicant receives the result: chosen at submission (online, at the
one-stop desk, or by post to an address filled from their verified residence)
among the ways the procedure offers, kept on the dossier, printed on the
receipt, shown to the official and the citizen; the return step follows it, by
post with the postal tracking number. A way not offered is a bilingual 400."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from dossiers.api_access.clients import agency_client_create
from dossiers.exceptions import DossierError, FormInvalid
from dossiers.models import DossierEvent, DossierStatus
from dossiers.result_delivery import DeliveryRequest, delivery_choice_state, residence_address
from dossiers.results import result_return
from dossiers.services import dossier_submit
from portal.notifications.models import Notification
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.dossiers.signing import approve_signed
from tests.pdf.reading import pdf_text
from tests.procedures.factories import FormDefinitionFactory, ProcedureFactory, eform_fields

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
S = DossierStatus
ADDRESS = "Số 12 phố Hoàng Văn Thụ, phường Hồng Bàng, Hải Phòng"


def _draft(citizen, unit, *, deliveries=("online", "counter", "post")):
    procedure = ProcedureFactory(code="1.004222", agency_kinds=["commune_committee"], fee_vnd=0,
                                 result_deliveries=list(deliveries))  # fmt: skip
    return DossierFactory(applicant=citizen, procedure=procedure, agency=unit,
                          form=FormDefinitionFactory(fields=eform_fields("request")),
                          preview_confirmed_at=timezone.now())  # fmt: skip


VALUES = {"request": "Đăng ký thường trú"}


def test_the_way_chosen_and_the_postal_address_are_kept_at_submission(citizen, hong_bang_ward):
    draft = _draft(citizen, hong_bang_ward)

    dossier = dossier_submit(dossier=draft, by=citizen, values=VALUES,
                             delivery=DeliveryRequest("post", f"  {ADDRESS} "))  # fmt: skip

    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED
    assert (dossier.result_delivery, dossier.delivery_address) == ("post", ADDRESS)


def test_an_address_is_kept_only_by_post(citizen, hong_bang_ward):
    dossier = dossier_submit(dossier=_draft(citizen, hong_bang_ward), by=citizen, values=VALUES,
                             delivery=DeliveryRequest("counter", ADDRESS))  # fmt: skip

    dossier.refresh_from_db()
    assert (dossier.result_delivery, dossier.delivery_address) == ("counter", "")


@pytest.mark.parametrize(
    ("deliveries", "request_", "field", "words"),
    [
        (("online", "counter"), DeliveryRequest("post", ADDRESS), "result_delivery",
         "does not return its result that way"),
        (("online", "counter", "post"), DeliveryRequest("pigeon"), "result_delivery",
         "Thủ tục này không trả kết quả"),
        (("online", "counter", "post"), DeliveryRequest("post", "   "), "delivery_address",
         "Enter the address to post the result to"),
        (("online", "counter", "post"), DeliveryRequest("post", "x" * 501), "delivery_address",
         "longer than 500"),
    ],
)  # fmt: skip
def test_a_way_not_offered_or_a_post_without_address_is_refused_and_nothing_submitted(
    citizen, hong_bang_ward, deliveries, request_, field, words
):
    draft = _draft(citizen, hong_bang_ward, deliveries=deliveries)

    with pytest.raises(FormInvalid) as refused:
        dossier_submit(dossier=draft, by=citizen, values=VALUES, delivery=request_)

    assert words in refused.value.errors[field]
    draft.refresh_from_db()
    assert (draft.status, draft.code, draft.result_delivery) == (S.DRAFT, None, "")


def test_without_a_choice_the_dossier_keeps_none(citizen, hong_bang_ward):
    dossier = dossier_submit(dossier=_draft(citizen, hong_bang_ward), by=citizen, values=VALUES)

    dossier.refresh_from_db()
    assert dossier.status == S.SUBMITTED and dossier.result_delivery == ""


def test_the_postal_address_starts_as_the_verified_residence(citizen, hong_bang_ward):
    draft = _draft(citizen, hong_bang_ward)
    draft.form = FormDefinitionFactory(fields=eform_fields("permanent_address", "request"))
    draft.save(update_fields=["form"])
    PrefillSourceFactory(dossier=draft, found={"permanent_address": ADDRESS})

    assert residence_address(draft) == ADDRESS
    state = delivery_choice_state(dossier=draft)
    assert state.address == ADDRESS and state.chosen == "online"
    assert [way.value for way in state.offered] == ["online", "counter", "post"]
    # What the applicant typed instead is what the page shows again.
    typed = delivery_choice_state(
        dossier=draft, posted={"result_delivery": "post", "delivery_address": "Số 3 Lạch Tray"}
    )
    assert (typed.chosen, typed.address) == ("post", "Số 3 Lạch Tray")


# Through the pages.


def test_the_form_offers_the_ways_and_a_refused_way_is_a_400_next_to_its_field(
    client, citizen, hong_bang_ward
):
    draft = _draft(citizen, hong_bang_ward, deliveries=("online", "counter"))
    client.force_login(citizen, backend=LOGIN)

    page = client.get(reverse("dossiers:form", args=[draft.pk])).content.decode()
    assert 'data-testid="result-delivery"' in page
    assert 'value="online" checked' in page and 'value="counter"' in page
    assert 'value="post"' not in page and 'name="delivery_address"' not in page

    refused = client.post(
        reverse("dossiers:submit", args=[draft.pk]),
        {**VALUES, "result_delivery": "post", "delivery_address": ADDRESS},
    )

    assert refused.status_code == 400
    assert 'id="e-result_delivery"' in refused.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.result_delivery) == (S.DRAFT, "")


def test_post_without_an_address_is_a_400_with_what_was_typed_kept(client, citizen, hong_bang_ward):
    draft = _draft(citizen, hong_bang_ward)
    client.force_login(citizen, backend=LOGIN)

    refused = client.post(
        reverse("dossiers:submit", args=[draft.pk]),
        {**VALUES, "result_delivery": "post", "delivery_address": ""},
    )

    page = refused.content.decode()
    assert refused.status_code == 400
    assert 'id="e-delivery_address"' in page and 'value="post" checked' in page
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_the_choice_is_on_the_receipt_the_tracking_page_and_the_officials_page(
    client, citizen, commune_official, hong_bang_ward
):
    draft = _draft(citizen, hong_bang_ward)
    client.force_login(citizen, backend=LOGIN)

    submitted = client.post(
        reverse("dossiers:submit", args=[draft.pk]),
        {**VALUES, "result_delivery": "post", "delivery_address": ADDRESS},
    )

    assert submitted.status_code == 302
    track = client.get(reverse("dossiers:track", args=[draft.pk])).content.decode()
    assert 'data-testid="result-delivery-shown"' in track and ADDRESS in track
    receipt = pdf_text(client.get(reverse("dossiers:receipt", args=[draft.pk])).content)
    assert "Qua dịch vụ bưu chính công ích" in receipt and "Hoàng Văn Thụ" in receipt
    client.force_login(commune_official, backend=LOGIN)
    page = client.get(reverse("workspace:dossier", args=[draft.pk])).content.decode()
    assert 'data-testid="result-delivery-shown"' in page and ADDRESS in page


# The return step.


@pytest.fixture
def ready(citizen, commune_official, hong_bang_ward):
    """A dossier whose result is signed, its applicant having chosen post."""

    def make(way: str = "post"):
        procedure = ProcedureFactory(code="1.004222", result_type="Giấy xác nhận cư trú")
        dossier = DossierFactory(
            procedure=procedure, agency=hong_bang_ward, applicant=citizen,
            status=S.IN_PROCESSING, code="11311-261207-0001", submitted_at=timezone.now(),
            due_date=timezone.localdate() + datetime.timedelta(days=5),
            result_delivery=way, delivery_address=ADDRESS if way == "post" else "",
        )  # fmt: skip
        approve_signed(dossier, official=commune_official)
        return dossier

    return make


def test_a_result_chosen_by_post_is_returned_with_its_tracking_number(
    client, citizen, commune_official, ready
):
    dossier = ready("post")
    client.force_login(commune_official, backend=LOGIN)
    page = client.get(reverse("workspace:dossier", args=[dossier.pk])).content.decode()
    assert 'name="tracking_number"' in page and 'name="how" value="post"' in page

    returned = client.post(reverse("workspace:act", args=[dossier.pk]),
                           {"action": "return_result", "confirmed": "1", "how": "post",
                            "tracking_number": " ee123456789vn "})  # fmt: skip

    assert returned.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_RETURNED and dossier.postal_tracking_number == "EE123456789VN"
    event = DossierEvent.objects.get(dossier=dossier, action="return_result")
    assert "EE123456789VN" in event.reason and "bưu chính" in event.reason
    assert "EE123456789VN" in Notification.objects.filter(user=citizen).latest("pk").body
    client.force_login(citizen, backend=LOGIN)
    track = client.get(reverse("dossiers:track", args=[dossier.pk])).content.decode()
    assert 'data-testid="postal-tracking">EE123456789VN<' in track


@pytest.mark.parametrize(
    ("way", "sent", "words"),
    [
        ("post", {"how": "post", "tracking_number": ""}, "số hiệu bưu gửi"),
        ("post", {"how": "post", "tracking_number": "<b>"}, "tracking number"),
        ("post", {"how": "counter"}, "The applicant chose to receive the result"),
        ("online", {"how": "counter"}, "return it that way"),
        ("", {"how": "post", "tracking_number": "EE123456789VN"}, "did not choose"),
    ],
)
def test_a_return_other_than_the_choice_or_without_its_tracking_number_is_a_400(
    client, commune_official, ready, way, sent, words
):
    dossier = ready(way)
    client.force_login(commune_official, backend=LOGIN)

    refused = client.post(reverse("workspace:act", args=[dossier.pk]),
                          {"action": "return_result", "confirmed": "1", **sent})  # fmt: skip

    assert refused.status_code == 400 and words in refused.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_READY and dossier.postal_tracking_number == ""


def test_the_return_follows_the_choice_when_no_way_is_sent(commune_official, ready):
    dossier = result_return(dossier=ready("counter"), by=commune_official)

    event = DossierEvent.objects.get(dossier=dossier, action="return_result")
    assert dossier.status == S.RESULT_RETURNED and "tại quầy" in event.reason


def test_without_a_choice_the_official_returns_online_or_at_the_counter_as_before(
    commune_official, ready
):
    dossier = ready("")
    with pytest.raises(DossierError):
        result_return(dossier=dossier, by=commune_official, how="post", tracking_number="EE1234")

    returned = result_return(dossier=dossier, by=commune_official, how="counter")

    assert returned.status == S.RESULT_RETURNED and returned.postal_tracking_number == ""


# The citizen API and the agency API.


@pytest.fixture
def api(citizen):
    client = APIClient()
    client.force_login(citizen, backend=LOGIN)
    return client


def test_the_citizen_api_takes_the_choice_and_refuses_a_way_not_offered(
    api, citizen, hong_bang_ward
):
    draft = _draft(citizen, hong_bang_ward, deliveries=("online", "post"))
    url = f"/api/dossiers/{draft.pk}/submit/"

    refused = api.post(url, {"values": VALUES, "result_delivery": "counter"}, format="json")

    assert refused.status_code == 400 and refused.json()["code"] == "form_invalid"
    assert "does not return its result that way" in refused.json()["errors"]["result_delivery"]
    draft.refresh_from_db()
    assert draft.status == S.DRAFT

    submitted = api.post(url, {"values": VALUES, "result_delivery": "post",
                               "delivery_address": ADDRESS}, format="json")  # fmt: skip

    assert submitted.status_code == 200
    body = submitted.json()
    assert (body["result_delivery"], body["delivery_address"]) == ("post", ADDRESS)
    assert body["postal_tracking_number"] == ""


def test_the_agency_api_returns_by_post_with_the_tracking_number(settings, ready, hong_bang_ward):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    dossier = ready("post")
    client, secret = agency_client_create(agency=hong_bang_ward, name="Hệ thống một cửa")
    agency = APIClient()
    token = base64.b64encode(f"{client.client_id}:{secret}".encode()).decode()
    agency.credentials(HTTP_AUTHORIZATION=f"Basic {token}")
    url = f"/api/agency/dossiers/{dossier.pk}/return-result/"

    refused = agency.post(url, {}, format="json")
    assert refused.status_code == 400 and "số hiệu bưu gửi" in refused.json()["detail"]
    returned = agency.post(url, {"tracking_number": "EE123456789VN"}, format="json")

    assert returned.status_code == 200, returned.content
    body = returned.json()
    assert body["status"] == "result_returned" and body["result_delivery"] == "post"
    assert body["postal_tracking_number"] == "EE123456789VN"


# At the desk.


def _desk_draft(official, capture, deliveries=("online", "counter", "post")):
    from dossiers.counter import counter_intake_start

    procedure = ProcedureFactory(code="1.000895", agency_kinds=["commune_committee"],
                                 processing_days=5, fee_vnd=0,
                                 result_deliveries=list(deliveries))  # fmt: skip
    with capture(execute=True):
        return counter_intake_start(official=official, personal_id="031099004321",
                                    procedure=procedure, consent=True)  # fmt: skip


def test_at_the_desk_the_citizens_choice_is_kept_and_a_way_not_offered_is_a_400(
    client, commune_official, django_capture_on_commit_callbacks
):
    draft = _desk_draft(commune_official, django_capture_on_commit_callbacks,
                        deliveries=("counter", "post"))  # fmt: skip
    client.force_login(commune_official, backend=LOGIN)
    url = reverse("workspace:counter-submit", args=[draft.pk])
    page = client.get(reverse("workspace:counter-dossier", args=[draft.pk])).content.decode()
    assert 'value="counter" checked' in page and 'value="online"' not in page

    refused = client.post(url, {"result_delivery": "online"})

    assert refused.status_code == 400 and 'id="e-result_delivery"' in refused.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.result_delivery) == (S.DRAFT, "")

    submitted = client.post(url, {"result_delivery": "post", "delivery_address": ADDRESS})

    assert submitted.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.result_delivery, draft.delivery_address) == (
        S.RECEIVED, "post", ADDRESS,
    )  # fmt: skip
    receipt = pdf_text(client.get(reverse("dossiers:receipt", args=[draft.pk])).content)
    assert "Hình thức nhận kết quả" in receipt and "bưu chính công ích" in receipt
