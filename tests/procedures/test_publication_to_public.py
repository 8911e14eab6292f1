"""From draft to the public: center staff draft a list, a leader approves
it, it is published, and citizens find it on the page, in CSV, in JSON and
on the counter poster — and not a moment before."""

import json

import pytest
from django.utils import timezone

from procedures.models import ReplacementList
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    ProcedureFactory,
)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
PUBLIC = "/procedures/replacement-lists/11311/"


@pytest.fixture
def replaced_component(db):
    procedure = ProcedureFactory(code="1.004222", name="Đăng ký thường trú")
    component = DossierComponentFactory(procedure=procedure, code="cu-tru",
                                        name="Giấy xác nhận thông tin về cư trú")  # fmt: skip
    return ElectronicReplacementFactory(component=component).component


def _public_urls() -> list[str]:
    return [PUBLIC, f"{PUBLIC}data.csv", f"{PUBLIC}data.json", f"{PUBLIC}poster/"]


def test_a_list_drafted_by_staff_and_approved_by_a_leader_becomes_public(
    client, center_staff, leader, hong_bang_ward, replaced_component
):
    client.force_login(center_staff, backend=LOGIN)
    client.post(f"/staff/catalog/agencies/{hong_bang_ward.pk}/draft/")
    draft = ReplacementList.objects.get(agency=hong_bang_ward)
    assert draft.entries.get().component_name == "Giấy xác nhận thông tin về cư trú"
    client.post(f"/staff/catalog/lists/{draft.pk}/submit/")

    for url in _public_urls():  # not public while it waits for approval
        assert client.get(url).status_code == 404

    client.force_login(leader, backend=LOGIN)
    client.post(f"/staff/catalog/lists/{draft.pk}/approve/")
    client.force_login(center_staff, backend=LOGIN)
    client.post(f"/staff/catalog/lists/{draft.pk}/publish/",
                {"effective_date": timezone.localdate().isoformat()})  # fmt: skip
    draft.refresh_from_db()
    assert draft.status == "published" and draft.approved_by == leader

    client.logout()
    page, csv, data, poster = (client.get(url) for url in _public_urls())
    assert page.status_code == csv.status_code == data.status_code == poster.status_code == 200
    assert "Giấy xác nhận thông tin về cư trú" in page.content.decode()
    assert "1.004222" in csv.content.decode("utf-8-sig")
    entries = json.dumps(data.json(), ensure_ascii=False)
    assert "Giấy xác nhận thông tin về cư trú" in entries
    poster_html = poster.content.decode()
    assert "<svg" in poster_html and "Giấy xác nhận thông tin về cư trú" in poster_html


def test_staff_cannot_approve_their_own_list_and_nothing_becomes_public(
    client, center_staff, hong_bang_ward, replaced_component
):
    client.force_login(center_staff, backend=LOGIN)
    client.post(f"/staff/catalog/agencies/{hong_bang_ward.pk}/draft/")
    draft = ReplacementList.objects.get(agency=hong_bang_ward)
    client.post(f"/staff/catalog/lists/{draft.pk}/submit/")

    approve = client.post(f"/staff/catalog/lists/{draft.pk}/approve/")
    publish = client.post(f"/staff/catalog/lists/{draft.pk}/publish/",
                          {"effective_date": timezone.localdate().isoformat()})  # fmt: skip

    assert approve.status_code in (403, 409) and publish.status_code in (403, 409)
    draft.refresh_from_db()
    assert draft.status == "submitted"
    client.logout()
    assert client.get(PUBLIC).status_code == 404
