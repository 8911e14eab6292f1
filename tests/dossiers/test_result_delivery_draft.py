"""How the applicant receives the result is kept with the draft, as the typed
values are: by the save button, as the form saves by itself and through the
citizen API; checked as at submission, a refused choice marked next to its
field without losing the rest, and drawn again when the applicant comes back."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from dossiers.models import DossierStatus
from dossiers.result_delivery import DeliveryRequest
from dossiers.services import dossier_form_keep, dossier_submit
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import FormDefinitionFactory, ProcedureFactory, eform_fields

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
HTMX = {"HX-Request": "true"}
ADDRESS = "Số 12 phố Hoàng Văn Thụ, phường Hồng Bàng, Hải Phòng"
NOT_THAT_WAY = "does not return its result that way"


def _draft(citizen, unit, *, deliveries=("online", "counter", "post")):
    procedure = ProcedureFactory(code="1.004222", agency_kinds=["commune_committee"], fee_vnd=0,
                                 result_deliveries=list(deliveries))  # fmt: skip
    return DossierFactory(applicant=citizen, procedure=procedure, agency=unit,
                          form=FormDefinitionFactory(fields=eform_fields("request", "reason")),
                          preview_confirmed_at=timezone.now())  # fmt: skip


# The service.


def test_the_choice_and_the_postal_address_are_kept_with_the_draft(citizen, hong_bang_ward):
    draft = _draft(citizen, hong_bang_ward)

    refused = dossier_form_keep(dossier=draft, by=citizen, values={"request": "Cấp lại"},
                                delivery=DeliveryRequest("post", f" {ADDRESS}  "))  # fmt: skip

    draft.refresh_from_db()
    assert refused == {}
    assert (draft.result_delivery, draft.delivery_address) == ("post", ADDRESS)
    assert draft.form_values["request"] == "Cấp lại" and draft.status == DossierStatus.DRAFT


def test_a_way_not_offered_is_refused_and_the_rest_is_kept(citizen, hong_bang_ward):
    draft = _draft(citizen, hong_bang_ward, deliveries=("online", "counter"))
    dossier_form_keep(dossier=draft, by=citizen, values={},
                      delivery=DeliveryRequest("counter"))  # fmt: skip

    refused = dossier_form_keep(dossier=draft, by=citizen, values={"request": "Cấp lại"},
                                delivery=DeliveryRequest("post", ADDRESS))  # fmt: skip

    draft.refresh_from_db()
    assert set(refused) == {"result_delivery"} and NOT_THAT_WAY in refused["result_delivery"]
    assert draft.form_values["request"] == "Cấp lại"
    assert (draft.result_delivery, draft.delivery_address) == ("counter", "")  # as saved before


def test_a_draft_may_choose_post_before_its_address_but_not_submit_so(citizen, hong_bang_ward):
    draft = _draft(citizen, hong_bang_ward)

    refused = dossier_form_keep(dossier=draft, by=citizen, values={},
                                delivery=DeliveryRequest("post", "  "))  # fmt: skip

    draft.refresh_from_db()
    assert refused == {} and (draft.result_delivery, draft.delivery_address) == ("post", "")
    from dossiers.exceptions import FormInvalid

    with pytest.raises(FormInvalid) as error:
        dossier_submit(dossier=draft, by=citizen, values={"request": "Cấp lại", "reason": "Mất"})
    assert set(error.value.errors) == {"delivery_address"}
    draft.refresh_from_db()
    assert draft.status == DossierStatus.DRAFT


def test_a_too_long_address_is_refused_and_the_way_kept(citizen, hong_bang_ward):
    draft = _draft(citizen, hong_bang_ward)
    dossier_form_keep(dossier=draft, by=citizen, values={},
                      delivery=DeliveryRequest("post", ADDRESS))  # fmt: skip

    refused = dossier_form_keep(dossier=draft, by=citizen, values={},
                                delivery=DeliveryRequest("post", "x" * 501))  # fmt: skip

    draft.refresh_from_db()
    assert set(refused) == {"delivery_address"} and "500" in refused["delivery_address"]
    assert (draft.result_delivery, draft.delivery_address) == ("post", ADDRESS)


def test_the_choice_kept_with_the_draft_is_the_one_submitted(citizen, hong_bang_ward):
    draft = _draft(citizen, hong_bang_ward)
    dossier_form_keep(dossier=draft, by=citizen, values={},
                      delivery=DeliveryRequest("post", ADDRESS))  # fmt: skip

    dossier = dossier_submit(dossier=draft, by=citizen,
                             values={"request": "Cấp lại", "reason": "Mất"})  # fmt: skip

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert (dossier.result_delivery, dossier.delivery_address) == ("post", ADDRESS)


# The pages.


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


def test_save_and_continue_later_keeps_the_choice_and_draws_it_again(
    citizen_client, citizen, hong_bang_ward
):
    draft = _draft(citizen, hong_bang_ward)

    saved = citizen_client.post(
        reverse("dossiers:form-save", args=[draft.pk]),
        {"request": "Cấp lại", "result_delivery": "post", "delivery_address": ADDRESS},
    )

    assert saved.status_code == 302
    draft.refresh_from_db()
    assert (draft.result_delivery, draft.delivery_address) == ("post", ADDRESS)
    page = citizen_client.get(reverse("dossiers:form", args=[draft.pk])).content.decode()
    assert 'value="post" checked' in page and f'value="{ADDRESS}"' in page


def test_a_refused_way_on_save_is_marked_next_to_it_and_nothing_typed_is_lost(
    citizen_client, citizen, hong_bang_ward
):
    draft = _draft(citizen, hong_bang_ward, deliveries=("online", "post"))
    citizen_client.cookies["django_language"] = "en"

    refused = citizen_client.post(
        reverse("dossiers:form-save", args=[draft.pk]),
        {"request": "Cấp lại", "reason": "Mất bản chính", "result_delivery": "counter"},
    )

    page = refused.content.decode()
    assert refused.status_code == 400
    error = page.split('id="e-result_delivery"')[1].split("</div>")[0]
    assert NOT_THAT_WAY in error
    assert "Cấp lại" in page and "Mất bản chính" in page  # what was typed, drawn again
    assert "Not saved, as not valid: How to receive the result" in page
    draft.refresh_from_db()
    assert draft.form_values["request"] == "Cấp lại" and draft.result_delivery == ""


def test_the_form_saving_by_itself_keeps_the_choice_and_answers_its_error(
    citizen_client, citizen, hong_bang_ward
):
    draft = _draft(citizen, hong_bang_ward)
    url = reverse("dossiers:form-autosave", args=[draft.pk])
    page = citizen_client.get(reverse("dossiers:form", args=[draft.pk])).content.decode()
    assert "result_delivery,delivery_address" in page  # what the form sends as it saves

    saved = citizen_client.post(url, {"request": "Cấp lại", "result_delivery": "counter"},
                                headers=HTMX)  # fmt: skip
    draft.refresh_from_db()
    assert saved.status_code == 200 and draft.result_delivery == "counter"

    refused = citizen_client.post(url, {"result_delivery": "post", "delivery_address": "x" * 501},
                                  headers=HTMX)  # fmt: skip

    answer = refused.content.decode()
    assert refused.status_code == 400
    assert 'id="e-delivery_address" hx-swap-oob="true">' in answer and "500" in answer
    draft.refresh_from_db()
    assert (draft.result_delivery, draft.delivery_address) == ("post", "")


# The citizen API.


@pytest.fixture
def api(citizen):
    client = APIClient()
    client.force_login(citizen, backend=LOGIN)
    return client


def test_the_citizen_api_keeps_the_choice_with_the_draft(api, citizen, hong_bang_ward):
    draft = _draft(citizen, hong_bang_ward, deliveries=("online", "post"))
    url = f"/api/dossiers/{draft.pk}/form/"

    kept = api.patch(url, {"values": {"request": "Cấp lại"}, "result_delivery": "post",
                           "delivery_address": ADDRESS}, format="json")  # fmt: skip

    assert kept.status_code == 200 and kept.json()["refused"] == {}
    shown = api.get(url).json()
    assert shown["result_deliveries"] == ["online", "post"]
    assert (shown["result_delivery"], shown["delivery_address"]) == ("post", ADDRESS)

    refused = api.patch(url, {"values": {"reason": "Mất"}, "result_delivery": "counter"},
                        format="json")  # fmt: skip

    assert refused.status_code == 200
    assert NOT_THAT_WAY in refused.json()["refused"]["result_delivery"]
    draft.refresh_from_db()
    assert draft.form_values["reason"] == "Mất" and draft.result_delivery == "post"
