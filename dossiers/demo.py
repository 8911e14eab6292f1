"""The demo citizen's own past dossier: a residence confirmation (CT07) that
phường Hồng Bàng issued and returned, so that on first login An finds it in
his dossiers, its result in his document store, and the tracking page asking
him to rate the handling. Only the submission is written directly (no source
is read while seeding); every later move is the official's, through the
services, as on the workspace."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from dossiers.codes import dossier_code_issue
from dossiers.models import Dossier
from dossiers.results import ReturnChannel, dossier_approve_with_result, result_return
from dossiers.states import transition
from dossiers.workspace import dossier_receive, dossier_start_processing
from portal.accounts.models import Agency, User
from portal.core.working_days import due_date
from procedures.models import Procedure

CITIZEN = "031090001234"  # Nguyễn Văn An
OFFICIAL = "031188002468"  # Lê Thị Hoa, UBND phường Hồng Bàng
UNIT = "11311"
PROCEDURE = "1.010039"  # Xác nhận thông tin về cư trú


def demo_citizen_dossier_ensure() -> Dossier | None:
    """An's returned residence confirmation; nothing when he has it already
    (or the demo accounts, the unit or the catalog are not loaded)."""
    citizen = User.objects.filter(personal_id=CITIZEN).first()
    official = User.objects.filter(personal_id=OFFICIAL).first()
    unit = Agency.objects.filter(code=UNIT).first()
    procedure = Procedure.objects.filter(code=PROCEDURE, active=True).first()
    if None in (citizen, official, unit, procedure):
        return None
    if Dossier.objects.filter(applicant=citizen, procedure=procedure).exists():
        return None
    with transaction.atomic():
        now = timezone.now()
        dossier = Dossier.objects.create(
            procedure=procedure, agency=unit, applicant=citizen, subject_personal_id=CITIZEN,
            preview_confirmed_at=now,
            form_values={"request": "Xác nhận nơi thường trú để bổ sung hồ sơ vay vốn"},
        )  # fmt: skip
        transition(
            dossier=dossier, action="submit", by=citizen, submitted_at=now,
            code=dossier_code_issue(agency=unit, day=timezone.localdate(now)),
            due_date=due_date(now, procedure.processing_days),
        )  # fmt: skip
    dossier_receive(dossier=dossier, by=official)
    dossier_start_processing(dossier=dossier, by=official)
    dossier_approve_with_result(dossier=dossier, by=official)
    return result_return(dossier=dossier, by=official, how=ReturnChannel.ONLINE)
