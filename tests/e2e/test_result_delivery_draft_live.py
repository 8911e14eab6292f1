"""In a real browser, the way to receive the result and the postal address are
kept as the form saves by itself, without the save button, and drawn again
after a reload."""

import re

import pytest
from playwright.sync_api import Page, expect

from dossiers.models import Dossier
from tests.dossiers.test_form_autosave import FIELD_NAMES
from tests.e2e.test_form_autosave_live import _form_opened
from tests.procedures.factories import eform_fields

pytestmark = pytest.mark.django_db(transaction=True)

POSTAL = "Số 5 ngõ 20 phố Lạch Tray, Hải Phòng"


def test_the_choice_is_saved_by_itself_and_there_after_a_reload(
    page: Page, live_server, client, citizen, hong_bang_ward
):
    draft = _form_opened(page, live_server, client, citizen, hong_bang_ward,
                         eform_fields(*FIELD_NAMES))  # fmt: skip

    page.locator("#delivery-post").check()
    page.locator("#f-delivery_address").fill(POSTAL)

    expect(page.get_by_test_id("autosave-status")).to_have_text(re.compile(r"^Đã lưu lúc"))
    assert _stored_when(page, draft, ("post", POSTAL)) == ("post", POSTAL)  # the address typed
    page.reload()
    expect(page.locator("#delivery-post")).to_be_checked()
    expect(page.locator("#f-delivery_address")).to_have_value(POSTAL)


def _stored_when(page: Page, draft, expected: tuple, seconds: float = 10) -> tuple:
    """The choice stored, once it is `expected` (the address is saved after a pause in typing)."""
    for _ in range(int(seconds * 5)):
        stored = Dossier.objects.get(pk=draft.pk)
        if (stored.result_delivery, stored.delivery_address) == expected:
            break
        page.wait_for_timeout(200)
    return stored.result_delivery, stored.delivery_address
