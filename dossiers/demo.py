"""The demo citizen's own past dossier: a residence confirmation (CT07) that
phường Hồng Bàng issued and returned, so that on first login An finds it in
his dossiers, its result in his document store, and the tracking page asking
him to rate the handling. Only the submission is written directly (no source
is read while seeding); every later move is the official's, through the
services, as on the workspace. The moves are then dated as they would have
happened a few working days back, rather than all at the minute of seeding."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from datasources.demo_people import DEMO_PEOPLE
from dossiers.codes import dossier_code_issue
from dossiers.models import Channel, Dossier, DossierEvent, ResultDocument
from dossiers.prefill_subjects import dossier_parts, part_read
from dossiers.purposes import dossier_purpose
from dossiers.results import (
    ReturnChannel,
    dossier_approve_with_result,
    result_pdf,
    result_return,
)
from dossiers.services import prefill_needs, procedure_form
from dossiers.signing import dossier_propose_approval
from dossiers.states import transition
from dossiers.workspace import dossier_receive, dossier_start_processing
from portal.accounts.models import Agency, Role, User
from portal.audit.models import AccessLog, AccessOutcome
from portal.audit.services import access_log_entry
from portal.core.working_days import due_date, is_working_day
from portal.notifications.models import Notification
from procedures.models import Procedure

CITIZEN = "031090001234"  # Nguyễn Văn An
OFFICIAL = "031188002468"  # Lê Thị Hoa, UBND phường Hồng Bàng
LEADER = "031072006688"  # Đặng Quốc Hùng, Chủ tịch UBND phường Hồng Bàng, who signs
UNIT = "11311"
PROCEDURE = "1.010039"  # Xác nhận thông tin về cư trú
# Working days between the result's return and the day of seeding: the
# dossier is recent, but closed before today.
DAYS_SINCE_RETURN = 2


@dataclass(frozen=True)
class DemoTimeline:
    """When each move of An's dossier happened, in order."""

    started: datetime.datetime  # the draft, before the data was confirmed
    submitted: datetime.datetime  # online, one evening, after the desk's cut-off
    received: datetime.datetime  # the next working morning
    processing: datetime.datetime
    proposed: datetime.datetime  # for the leader's signature, the morning of the due date
    approved: datetime.datetime  # signed on the due date, within the processing time
    returned: datetime.datetime  # online, shortly after
    due: datetime.date  # as counted from the submission


def _at(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _working_days_before(day: datetime.date, days: int) -> datetime.date:
    while days:
        day -= datetime.timedelta(days=1)
        days -= is_working_day(day)
    return day


def demo_timeline(*, today: datetime.date, processing_days: int) -> DemoTimeline:
    """The dossier's moves for a procedure of this processing time, the
    result returned DAYS_SINCE_RETURN working days before today."""
    # Submitted the evening before the working day it counts as received, so
    # that the due date falls DAYS_SINCE_RETURN working days before today.
    received_day = _working_days_before(today, DAYS_SINCE_RETURN + processing_days)
    submitted = _at(_working_days_before(received_day, 1), 20, 14)
    due = due_date(submitted, processing_days)
    return DemoTimeline(
        started=submitted - datetime.timedelta(minutes=9),
        submitted=submitted,
        received=_at(received_day, 8, 7),
        processing=_at(received_day, 8, 41),
        proposed=_at(due, 9, 12),
        approved=_at(due, 9, 52),
        returned=_at(due, 10, 15),
        due=due,
    )


def demo_citizen_dossier_ensure() -> Dossier | None:
    """An's returned residence confirmation; nothing when he has it already
    (or the demo accounts, the unit or the catalog are not loaded)."""
    citizen = User.objects.filter(personal_id=CITIZEN).first()
    official = User.objects.filter(personal_id=OFFICIAL).first()
    leader = User.objects.filter(personal_id=LEADER).first()
    unit = Agency.objects.filter(code=UNIT).first()
    procedure = Procedure.objects.filter(code=PROCEDURE, active=True).first()
    if None in (citizen, official, leader, unit, procedure):
        return None
    if Dossier.objects.filter(applicant=citizen, procedure=procedure).exists():
        return None
    times = demo_timeline(today=timezone.localdate(), processing_days=procedure.processing_days)
    with transaction.atomic():
        dossier = Dossier.objects.create(
            procedure=procedure, agency=unit, applicant=citizen, subject_personal_id=CITIZEN,
            preview_confirmed_at=times.submitted - datetime.timedelta(minutes=2),
            form_values={"request": "Xác nhận nơi thường trú để bổ sung hồ sơ vay vốn"},
        )  # fmt: skip
        transition(
            dossier=dossier, action="submit", by=citizen, submitted_at=times.submitted,
            code=dossier_code_issue(agency=unit, day=timezone.localdate(times.submitted)),
        )  # fmt: skip
    dossier_receive(dossier=dossier, by=official)
    dossier_start_processing(dossier=dossier, by=official)
    dossier_propose_approval(dossier=dossier, by=official)
    dossier_approve_with_result(dossier=dossier, by=leader)
    dossier = result_return(dossier=dossier, by=official, how=ReturnChannel.ONLINE)
    _dossier_dated(dossier=dossier, times=times, official=official, leader=leader)
    return dossier


@transaction.atomic
def _dossier_dated(*, dossier: Dossier, times: DemoTimeline, official: User,
                   leader: User) -> None:  # fmt: skip
    """Give the seeded moves their times (update() leaves auto stamps alone),
    and issue the result again so that its PDF says when it was issued."""
    at = {
        "submit": times.submitted,
        "receive": times.received,
        "start_processing": times.processing,
        "propose_approval": times.proposed,
        "approve": times.approved,
        "return_result": times.returned,
    }
    for event in DossierEvent.objects.filter(dossier=dossier):
        DossierEvent.objects.filter(pk=event.pk).update(at=at[event.action])
    # The due date too: set at submission, it would have had the moves of
    # those past days refused as overdue.
    Dossier.objects.filter(pk=dossier.pk).update(
        due_date=times.due, created_at=times.started, updated_at=times.returned
    )
    # The applicant's one message, the result's return; the staff's, the
    # signature asked of the leader and done, each read when acted upon.
    told = Notification.objects.filter(title__contains=dossier.code)
    told.filter(user=dossier.applicant).update(created_at=times.returned)
    told.filter(user=leader).update(created_at=times.proposed, read_at=times.approved)
    told.filter(user=official).update(created_at=times.approved, read_at=times.returned)
    for result in ResultDocument.objects.filter(dossier=dossier):
        ResultDocument.objects.filter(pk=result.pk).update(
            issued_at=times.approved, returned_at=times.returned
        )
        result.refresh_from_db()
        content = result_pdf(result=result)
        result.file.delete(save=False)
        result.file.save(f"{dossier.code}.pdf", ContentFile(content), save=False)
        result.sha256 = hashlib.sha256(content).hexdigest()
        result.save(update_fields=["file", "sha256"])


def demo_citizen_lookups_ensure() -> int:
    """The access log of the demo citizens' own dossiers: the reads of their
    data each dossier's prefill made when its draft was started, as
    `datasources.services.lookup` logs them (the applicant online, the desk's
    official at the counter; the sources and fields the procedure's form and
    replacements need; the dossier as purpose, named as it was before it had
    a code). Written once per dossier. Returns how many entries were written."""
    from portal.dashboards.demo_history import times_as_given

    citizens = [p.personal_id for p in DEMO_PEOPLE if p.role == Role.CITIZEN]
    dossiers = list(
        Dossier.objects.filter(applicant__personal_id__in=citizens, submitted_at__isnull=False)
        .select_related("procedure", "applicant", "assigned_to", "form")
        .order_by("pk")
    )
    logged = set(
        AccessLog.objects.filter(
            purpose_type="dossier", purpose_id__in=[str(d.pk) for d in dossiers]
        ).values_list("purpose_id", flat=True)
    )
    entries = []
    for dossier in dossiers:
        if str(dossier.pk) in logged:
            continue
        reader = dossier.applicant
        if dossier.channel == Channel.COUNTER and dossier.assigned_to_id:
            reader = dossier.assigned_to
        started = dossier.created_at
        draft = Dossier(pk=dossier.pk, procedure=dossier.procedure, agency_id=dossier.agency_id,
                        applicant=dossier.applicant, acting_basis=dossier.acting_basis,
                        subject_personal_id=dossier.subject_personal_id)  # fmt: skip
        purpose = dossier_purpose(draft)  # the draft had no code yet
        form = dossier.form or procedure_form(dossier.procedure)
        needs = prefill_needs(procedure=dossier.procedure, form=form,
                              on=timezone.localdate(started))  # fmt: skip
        parts = dossier_parts(dossier, needs)
        for position, (part, fields) in enumerate(sorted(parts.items())):
            source, subject = part_read(dossier, part)
            entry = access_log_entry(
                actor=reader, subject_personal_id=subject, source=source,
                fields=fields, purpose_type=purpose.kind, purpose_id=purpose.reference,
                purpose_label=purpose.label, outcome=AccessOutcome.OK,
            )  # fmt: skip
            entry.created_at = started + datetime.timedelta(seconds=2 + position)
            entries.append(entry)
    with times_as_given(AccessLog):
        AccessLog.objects.bulk_create(entries)
    return len(entries)
