"""Submitting a dossier online takes a fixed, small number of queries, and
everything the submission owes is committed by the request itself: the
dossier with its code and due date, its event, its evidence, the notice."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dossiers.attachments import attachment_add
from dossiers.models import ComponentEvidence, ComponentEvidenceKind, DossierEvent, DossierStatus
from portal.core.working_days import due_date
from portal.notifications.models import Notification
from procedures.models import ComponentRequirement
from procedures.structure import procedure_components
from tests.accounts.factories import CitizenFactory, WardFactory
from tests.dossiers.factories import DossierFactory, PrefillSourceFactory
from tests.procedures.factories import (
    DossierComponentFactory,
    ElectronicReplacementFactory,
    FormDefinitionFactory,
    ProcedureFactory,
    residence_form_fields,
)

pytestmark = pytest.mark.django_db

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
ADDRESS = "Số 12 phố Hoàng Văn Thụ, phường Hồng Bàng, Hải Phòng"
POSTED = {"full_name": "Nguyễn Văn An", "permanent_address": ADDRESS, "phone": "0912345678"}
# The session and its user (2); under the row lock: the user's own dossier
# with its procedure, form and unit, and whether it has uploads, evidence or
# data gaps already (1), the prefilled parts (1), the evidence (1), the next
# code (1), the move and its event (2), the notice (1).
# The procedure's components with their replacements are kept in memory
# (two more queries, once per process and change of the procedure).
SUBMIT_QUERIES = 9


def _draft(*, fee_vnd: int = 0):
    """A permanent-residence draft as the browser leaves it before submitting:
    its data confirmed, the residence confirmation replaced by that data."""
    procedure = ProcedureFactory(fee_vnd=fee_vnd, processing_days=3)
    form = FormDefinitionFactory(fields=residence_form_fields())
    DossierComponentFactory(procedure=procedure, position=1, form=form)
    residence = DossierComponentFactory(procedure=procedure, position=2)
    ElectronicReplacementFactory(component=residence, fields=["permanent_address"])
    citizen = CitizenFactory(email="an@example.vn", full_name="Nguyễn Văn An")
    dossier = DossierFactory(applicant=citizen, procedure=procedure, form=form,
                             agency=WardFactory(), preview_confirmed_at=timezone.now())  # fmt: skip
    PrefillSourceFactory(dossier=dossier, found={"full_name": "Nguyễn Văn An",
                                                 "permanent_address": ADDRESS})  # fmt: skip
    return citizen, dossier


def _submit_counted(client, dossier) -> int:
    """POST the submission; the number of queries, without the savepoint
    around it that the test's own transaction adds."""
    # The working-day calendar and the procedure's components are kept, as on a running server.
    due_date(timezone.now(), 1)
    procedure_components(dossier.procedure_id)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/dossiers/{dossier.pk}/submit/", POSTED)
    assert response.status_code == 302
    assert response["Location"] == f"/dossiers/{dossier.pk}/"
    return len([q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]])


def test_a_submission_takes_a_fixed_number_of_queries(client, django_capture_on_commit_callbacks):
    citizen, dossier = _draft()
    client.force_login(citizen, backend=LOGIN)

    with django_capture_on_commit_callbacks() as callbacks:
        assert _submit_counted(client, dossier) == SUBMIT_QUERIES

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.code.endswith("-0001") and dossier.due_date is not None
    assert DossierEvent.objects.filter(dossier=dossier, action="submit").count() == 1
    assert ComponentEvidence.objects.filter(dossier=dossier).count() == 1  # the replaced one
    assert Notification.objects.filter(user=citizen, title__contains=dossier.code).exists()
    assert len(callbacks) == 1  # the e-mail leaves once the submission is committed


def test_a_submission_that_owes_a_fee_takes_no_more_queries(client):
    citizen, dossier = _draft(fee_vnd=50_000)
    client.force_login(citizen, backend=LOGIN)

    assert _submit_counted(client, dossier) == SUBMIT_QUERIES

    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.FINANCIAL_OBLIGATION and dossier.fee_vnd == 50_000


def test_the_queries_do_not_grow_with_the_dossiers_components(client):
    citizen, dossier = _draft()
    for position in range(3, 8):
        component = DossierComponentFactory(procedure=dossier.procedure, position=position)
        ElectronicReplacementFactory(component=component, fields=["permanent_address"])
    client.force_login(citizen, backend=LOGIN)

    assert _submit_counted(client, dossier) == SUBMIT_QUERIES
    assert ComponentEvidence.objects.filter(dossier=dossier).count() == 6


def test_a_dossier_with_uploads_reads_them_once(client):
    citizen, dossier = _draft()
    lease = DossierComponentFactory(procedure=dossier.procedure, position=3,
                                    requirement=ComponentRequirement.REQUIRED)  # fmt: skip
    for name in ("hop-dong-1.pdf", "hop-dong-2.pdf"):
        upload = SimpleUploadedFile(name, b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
        attachment_add(dossier=dossier, component=lease, upload=upload, by=citizen)
    client.force_login(citizen, backend=LOGIN)

    assert _submit_counted(client, dossier) == SUBMIT_QUERIES + 1

    evidence = ComponentEvidence.objects.get(dossier=dossier, component=lease)
    assert evidence.kind == ComponentEvidenceKind.UPLOAD
