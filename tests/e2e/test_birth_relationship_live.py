"""In a real browser, the birth declaration's parent parts follow the
relationship to the child the applicant chooses: chosen as the grandfather,
the father's part he was shown from his own record is drawn again to type,
empty; chosen as the father again, it is his record's once more, and nothing
he typed for it is kept."""

import pytest
from playwright.sync_api import Page, expect

from dossiers.models import Dossier
from dossiers.services import dossier_draft_start, dossier_preview_confirm
from procedures.catalog_io.importer import starter_catalog_load
from procedures.models import Procedure

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"


def _part(page: Page, name: str):
    return page.locator(f"[data-field={name}]")


def test_the_parent_parts_are_drawn_again_as_the_relationship_chosen_says(
    page: Page, gateway_live, client, citizen, hong_bang_ward
):
    starter_catalog_load()
    birth = Procedure.objects.get(code="1.001193")
    dossier = dossier_draft_start(applicant=citizen, procedure=birth, agency=hong_bang_ward)
    dossier.refresh_from_db()
    dossier_preview_confirm(dossier=dossier, by=citizen)
    dossier.form_values = {"relationship": "Cha"}
    dossier.save(update_fields=["form_values"])
    client.force_login(citizen, backend=LOGIN)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": gateway_live.url}])  # fmt: skip
    page.goto(f"{gateway_live.url}/dossiers/{dossier.pk}/form/")
    expect(_part(page, "father_full_name")).to_have_attribute("data-locked", "true")
    expect(page.locator("#f-father_full_name")).to_have_text("Nguyễn Văn An")

    page.locator("#f-relationship").select_option("Ông")

    expect(_part(page, "father_full_name")).to_have_attribute("data-locked", "false")
    expect(page.locator("#f-relationship")).to_have_value("Ông")
    expect(page.locator("#f-father_full_name")).to_have_value("")
    expect(page.locator("#f-father_personal_id")).to_have_value("")
    expect(_part(page, "requester_full_name")).to_have_attribute("data-locked", "true")
    kept = Dossier.objects.get(pk=dossier.pk).form_values
    assert kept["relationship"] == "Ông"
    assert not any(kept.get(name) for name in kept if name.startswith("father_"))

    page.locator("#f-father_full_name").fill("Nguyễn Văn Minh")
    page.locator("#f-relationship").select_option("Cha")

    expect(_part(page, "father_full_name")).to_have_attribute("data-locked", "true")
    expect(page.locator("#f-father_full_name")).to_have_text("Nguyễn Văn An")
    kept = Dossier.objects.get(pk=dossier.pk).form_values
    assert kept["relationship"] == "Cha"
    assert not {name for name in kept if name.startswith("father_")}
