"""Submitting over HTTP while other requests submit at the same moment: a
double click, a retry, several tabs. The same draft gets exactly one code
and one submission; different drafts get different, consecutive codes; no
request fails. Run on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import re
import threading

import pytest
import requests
from django.test import Client
from django.utils import timezone

from dossiers.models import Dossier, DossierEvent, DossierStatus
from tests.dossiers.factories import DossierFactory
from tests.procedures.factories import FormDefinitionFactory, ProcedureFactory, eform_fields

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
WORKERS = 8
TYPED = {"phone": "0912345678"}


@pytest.fixture
def procedure(db):
    return ProcedureFactory(code="1.000001", agency_kinds=["commune_committee"], fee_vnd=0,
                            processing_days=3)  # fmt: skip


def _draft(citizen, procedure, unit) -> Dossier:
    """A draft whose data the citizen has confirmed, ready to submit."""
    return DossierFactory(applicant=citizen, procedure=procedure, agency=unit,
                          form=FormDefinitionFactory(fields=eform_fields("phone")),
                          preview_confirmed_at=timezone.now())  # fmt: skip


def _browser_cookies(base_url: str, user) -> dict[str, str]:
    """The citizen's session and CSRF cookies, as one browser holds them."""
    client = Client()
    client.force_login(user, backend=LOGIN)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    session.get(f"{base_url}/", timeout=15)
    return {"sessionid": client.cookies["sessionid"].value,
            "csrftoken": session.cookies["csrftoken"]}  # fmt: skip


def _submit_at_once(base_url: str, cookies: dict[str, str], dossiers: list[Dossier]):
    """One thread per dossier in the list (repeat one to submit it several
    times), each with its own connection, all let go together."""
    start = threading.Barrier(len(dossiers))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def submit(dossier: Dossier) -> None:
        session = requests.Session()
        for name, value in cookies.items():
            session.cookies.set(name, value)
        data = {**TYPED, "csrfmiddlewaretoken": cookies["csrftoken"]}
        try:
            start.wait(timeout=15)
            response = session.post(f"{base_url}/dossiers/{dossier.pk}/submit/", data=data,
                                    allow_redirects=False, timeout=30)  # fmt: skip
            statuses.append(response.status_code)
        except BaseException as error:  # surfaced by the assertions
            errors.append(error)

    threads = [threading.Thread(target=submit, args=(dossier,)) for dossier in dossiers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return statuses


def _number(code: str) -> int:
    match = re.fullmatch(rf"11311-{timezone.localdate():%y%m%d}-(\d{{4}})", code)
    assert match, code
    return int(match.group(1))


def test_the_same_draft_submitted_at_once_gets_one_code_and_one_submission(
    live_server, citizen, procedure, hong_bang_ward
):
    draft = _draft(citizen, procedure, hong_bang_ward)
    cookies = _browser_cookies(live_server.url, citizen)

    statuses = _submit_at_once(live_server.url, cookies, [draft] * WORKERS)

    assert len(statuses) == WORKERS and all(200 <= s < 400 for s in statuses), statuses
    draft.refresh_from_db()
    assert draft.status == DossierStatus.SUBMITTED
    assert _number(draft.code) == 1
    assert DossierEvent.objects.filter(dossier=draft, action="submit").count() == 1
    assert DossierEvent.objects.filter(dossier=draft).count() == 1
    assert list(Dossier.objects.exclude(code=None).values_list("code", flat=True)) == [draft.code]
    assert draft.form_values == TYPED


def test_different_drafts_submitted_at_once_get_distinct_consecutive_codes(
    live_server, citizen, procedure, hong_bang_ward
):
    drafts = [_draft(citizen, procedure, hong_bang_ward) for _ in range(WORKERS)]
    cookies = _browser_cookies(live_server.url, citizen)

    statuses = _submit_at_once(live_server.url, cookies, drafts)

    assert len(statuses) == WORKERS and all(200 <= s < 400 for s in statuses), statuses
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert sorted(_number(code) for code in codes) == list(range(1, WORKERS + 1))
    assert set(Dossier.objects.values_list("status", flat=True)) == {DossierStatus.SUBMITTED}
    assert DossierEvent.objects.filter(action="submit").count() == WORKERS
