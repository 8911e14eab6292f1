"""Locked values on the form: shown whole as text that wraps (the hidden input
carries them for the server's check), and "this is wrong" as a small disclosure
with an optional note and a confirm button; a value the applicant flagged says
so, and is not offered for flagging again while its request is open."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from datasources.models import CorrectionFlag, CorrectionRequest, CorrectionStatus
from dossiers.models import DossierStatus
from tests.dossiers.factories import PrefilledResidenceDraftFactory

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
ADDRESS = "Số 12 Hoàng Văn Thụ, Phường Hồng Bàng, Thành phố Hải Phòng, tổ dân phố số 3"


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


@pytest.fixture
def draft(citizen, hong_bang_ward):
    return PrefilledResidenceDraftFactory(
        applicant=citizen, agency=hong_bang_ward, permanent_address=ADDRESS
    )


def _form(client, dossier) -> str:
    response = client.get(f"/dossiers/{dossier.pk}/form/")
    assert response.status_code == 200
    return response.content.decode()


def _block(page: str, name: str) -> str:
    """The markup of one field's block on the form."""
    start = rf'<div class="mb-3" data-field="{name}"'
    match = re.search(start + r'.*?(?=<div class="mb-3" data-field=|</section>)', page, re.S)
    assert match, name
    return match.group(0)


def _open_request(dossier, by, data_owner, field="permanent_address", **extra):
    request = CorrectionRequest.objects.create(
        subject_personal_id=dossier.subject_personal_id, source="population", field=field,
        owner_agency=data_owner.agency, recorded_value=ADDRESS, **extra,
    )  # fmt: skip
    CorrectionFlag.objects.create(request=request, flagged_by=by, purpose_type="dossier",
                                  purpose_id=str(dossier.pk))  # fmt: skip
    return request


@pytest.mark.django_db
def test_a_long_locked_value_is_shown_whole_as_text_not_in_a_one_line_input(signed_in, draft):
    block = _block(_form(signed_in, draft), "permanent_address")

    # An <input> shows one line and cuts a long value off; text wraps.
    assert '<input class="form-control"' not in block and not re.search(r"\sreadonly[\s>]", block)
    shown = re.search(
        r'<div class="form-control locked-value" id="f-permanent_address"(.*?)>(.*?)</div>',
        block, re.S,
    )  # fmt: skip
    assert shown and shown.group(2) == ADDRESS
    assert 'role="textbox"' in shown.group(1) and 'aria-readonly="true"' in shown.group(1)
    assert 'aria-labelledby="l-permanent_address"' in shown.group(1)
    assert '<div class="form-label" id="l-permanent_address">Nơi thường trú</div>' in block
    # What the server checks at submission still travels in the form.
    assert f'<input type="hidden" name="permanent_address" value="{ADDRESS}">' in block


@pytest.mark.django_db
def test_the_locked_values_posted_as_shown_pass_the_check_and_a_changed_one_does_not(
    signed_in, draft
):
    page = _form(signed_in, draft)
    posted = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
    posted.pop("csrfmiddlewaretoken", None)
    assert posted == {"full_name": "Nguyễn Văn An", "permanent_address": ADDRESS}

    changed = signed_in.post(
        f"/dossiers/{draft.pk}/submit/",
        {**posted, "permanent_address": "Số 14", "phone": "0912345678"},
    )
    assert changed.status_code == 409
    response = signed_in.post(f"/dossiers/{draft.pk}/submit/",
                              {**posted, "phone": "0912345678"})  # fmt: skip
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DossierStatus.SUBMITTED


@pytest.mark.django_db
def test_this_is_wrong_opens_a_required_note_and_a_confirm_button(signed_in, draft):
    block = _block(_form(signed_in, draft), "permanent_address")

    disclosure = re.search(r'<details class="correction[^"]*"[^>]*>(.*?)</details>', block, re.S)
    assert disclosure, "a disclosure, opened without script"
    inside = disclosure.group(1)
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", inside, re.S).group(1)
    assert "Dữ liệu này sai" in summary and "Nơi thường trú" in summary
    # Opening it sends nothing: only the confirm button inside does.
    # What is wrong is asked (the server refuses a report without it): marked required.
    assert re.search(
        r'<label class="form-label small" for="note-permanent_address">'
        r"Điều gì chưa đúng\? <span aria-hidden=\"true\" class=\"text-danger\">\*</span>", inside
    )  # fmt: skip
    button = re.search(r"<button [^>]*>", inside).group(0)
    assert f'formaction="/dossiers/{draft.pk}/form/wrong/"' in button
    assert 'name="field" value="permanent_address"' in button
    assert block.count("/form/wrong/") == 1


@pytest.mark.django_db
def test_enter_in_a_typed_field_saves_rather_than_sends_a_correction(signed_in, draft):
    page = _form(signed_in, draft)
    form = page[page.index('id="dossier-form"') :]

    # The browser presses the form's first submit button on Enter.
    first_button = re.search(r"<button [^>]*>", form).group(0)
    assert 'type="submit"' in first_button
    assert f'formaction="/dossiers/{draft.pk}/form/save/"' in first_button


@pytest.mark.django_db
def test_a_value_the_applicant_flagged_says_so_and_is_not_offered_again(
    signed_in, draft, citizen, data_owner
):
    request = _open_request(draft, citizen, data_owner)

    page = _form(signed_in, draft)
    flagged = _block(page, "permanent_address")
    assert 'data-testid="correction-open"' in flagged and "<details" not in flagged
    assert "/form/wrong/" not in flagged
    assert 'aria-describedby="p-permanent_address c-permanent_address"' in flagged
    # The other locked value is still offered.
    assert "/form/wrong/" in _block(page, "full_name")

    # Once the owner has answered, the value can be flagged again.
    request.status = CorrectionStatus.REJECTED
    request.save(update_fields=["status"])
    assert "/form/wrong/" in _block(_form(signed_in, draft), "permanent_address")


@pytest.mark.django_db
def test_a_request_someone_else_opened_still_lets_the_applicant_say_it_is_wrong(
    signed_in, draft, commune_official, data_owner
):
    _open_request(draft, commune_official, data_owner)

    block = _block(_form(signed_in, draft), "permanent_address")

    assert "/form/wrong/" in block and 'data-testid="correction-open"' not in block


@pytest.mark.django_db(transaction=True)
def test_the_note_goes_with_the_request_and_the_form_then_shows_it(
    gateway_live, signed_in, citizen, draft, data_owner
):
    posted = {"full_name": "Nguyễn Văn An", "permanent_address": ADDRESS, "phone": "0912345678",
              "field": "permanent_address",
              "note-permanent_address": "Tôi đã chuyển đến số 14 từ tháng 3"}  # fmt: skip

    response = signed_in.post(f"/dossiers/{draft.pk}/form/wrong/", posted, follow=True)

    flag = CorrectionFlag.objects.get()
    assert (flag.request.field, flag.flagged_by) == ("permanent_address", citizen)
    assert flag.note == "Tôi đã chuyển đến số 14 từ tháng 3"
    page = response.content.decode()
    assert 'data-testid="correction-open"' in _block(page, "permanent_address")
    assert "/form/wrong/" not in _block(page, "permanent_address")


@pytest.mark.django_db
def test_a_typed_value_is_bounded_in_the_page_as_on_the_server(signed_in, draft):
    block = _block(_form(signed_in, draft), "phone")

    assert 'maxlength="20"' in block  # DEFAULT_MAX_LENGTH["phone"], which the server applies


@pytest.mark.django_db
def test_the_desk_shows_a_long_locked_value_whole_too(client, commune_official, draft):
    from dossiers.models import Channel

    draft.channel, draft.agency = Channel.COUNTER, commune_official.agency
    draft.counter_consent_at, draft.assigned_to = timezone.now(), commune_official
    draft.save()
    client.force_login(commune_official, backend=LOGIN)

    page = client.get(f"/workspace/counter/{draft.pk}/").content.decode()

    block = _block(page, "permanent_address")
    assert '<input class="form-control"' not in block and not re.search(r"\sreadonly[\s>]", block)
    assert 'class="form-control locked-value"' in block and ADDRESS in block
    assert f'<input type="hidden" name="permanent_address" value="{ADDRESS}">' in block
