"""The applicant's answer to a supplement request: what it asks, with what was
handed in for each item since, and the completed dossier sent back where the
request found it: to processing, its due date moved by the working days the
request waited, or, asked before reception, to be received, due as if
submitted then. Online the applicant answers (supplement_answer); at the
one-stop desk an official receives it for them (dossiers.counter_supplements),
through the same completion (supplement_complete)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.exceptions import DossierError, TransitionRefused
from dossiers.models import Attachment, Dossier, DossierStatus, SupplementRequest
from dossiers.states import supplement_asked_from, transition
from dossiers.supplement_requests import component_names
from portal.accounts.models import User
from portal.core.working_days import due_date, received_on, working_days_add, working_days_between
from portal.notifications.services import notify
from procedures.models import DossierComponent


@dataclass(frozen=True)
class AskedItem:
    component: DossierComponent
    uploads: int  # files uploaded for it since the request
    paper_seen: bool = False  # its paper seen at the desk, no copy kept

    @property
    def answered(self) -> bool:
        return self.uploads > 0 or self.paper_seen


def supplement_open(*, dossier: Dossier) -> SupplementRequest | None:
    """The dossier's supplement request not yet answered, if any."""
    return (
        SupplementRequest.objects.filter(dossier=dossier, answered_at__isnull=True)
        .select_related("requested_by")
        .first()
    )


def supplement_items(*, supplement: SupplementRequest) -> list[AskedItem]:
    """Each component asked for, with the files uploaded for it since the request."""
    counts: dict[int, int] = {}
    for component_id in Attachment.objects.filter(
        dossier_id=supplement.dossier_id, uploaded_at__gte=supplement.created_at
    ).values_list("component_id", flat=True):
        counts[component_id] = counts.get(component_id, 0) + 1
    # Papers are seen only at the desk: no query for a request answered online or still open.
    seen = (
        set(supplement.papers_seen.values_list("pk", flat=True))
        if supplement.received_by_id
        else set()
    )
    return [
        AskedItem(component=component, uploads=counts.get(component.pk, 0),
                  paper_seen=component.pk in seen)
        for component in supplement.components.order_by("position", "id")
    ]  # fmt: skip


@transaction.atomic
def supplement_answer(*, dossier: Dossier, by: User) -> SupplementRequest:
    """The applicant, having uploaded every item asked for, sends the dossier
    back where the request found it: to processing (status 4 again), its due
    date moved by the time the request waited for them; or, asked for before
    reception, to be received (status 1 again), due as if submitted now. Both
    the applicant and the official who asked are told. Raises DossierError
    when not the applicant or an item has no new upload; TransitionRefused
    when nothing is asked or the status does not allow it."""
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure")
        .get(pk=dossier.pk)
    )
    if locked.applicant_id != by.pk:
        raise DossierError(
            _("Chỉ người nộp hồ sơ được làm việc này. Only the applicant may do this.")
        )
    supplement = supplement_open(dossier=locked)
    if supplement is None or locked.status != DossierStatus.SUPPLEMENT_REQUESTED:
        # The dossier's state, not the input, refuses it (a 409 over the API).
        raise TransitionRefused(
            _("Hồ sơ không có yêu cầu bổ sung nào đang chờ. No supplement request is waiting.")
        )
    missing = [item.component for item in supplement_items(supplement=supplement)
               if not item.answered]  # fmt: skip
    if missing:
        raise DossierError(
            _(
                "Hãy tải lên trước khi gửi lại: %(components)s. Upload these before sending the "
                "dossier back: %(components)s."
            )
            % {"components": component_names(missing)}  # fmt: skip
        )
    supplement_complete(dossier=dossier, locked=locked, supplement=supplement, by=by)
    return supplement


# What the event of a completion brought to the desk says, for the history and the national portal.
RECEIVED_AT_DESK_NOTE = "Nhận hồ sơ bổ sung tại Bộ phận tiếp nhận và trả kết quả"


def supplement_complete(
    *, dossier: Dossier, locked: Dossier, supplement: SupplementRequest, by: User,
    at_desk: bool = False,
) -> None:  # fmt: skip
    """Send the completed dossier back where the request found it, `locked`
    (the caller's row lock) and `dossier` (the caller's copy) both moved: its
    due date counted again or moved, the request answered, the evidence
    recorded, the applicant and the official who asked told. The caller
    checked that every item asked is answered; `at_desk`, the official `by`
    received it at the one-stop desk on the applicant's behalf."""
    before_reception = supplement_asked_from(locked) == DossierStatus.SUBMITTED
    now = timezone.now()
    changes = {}
    # The time the applicant took is not the unit's (Decree 61/2018). Complete
    # only now, a dossier not yet received is due as one submitted now (its
    # reception keeps that date, as for any online dossier); one being
    # processed has its date moved by the working days the request waited.
    if before_reception:
        changes["due_date"] = due_date(now, locked.procedure.processing_days)
    elif locked.due_date is not None:
        waited = supplement_waited_days(supplement=supplement, answered_at=now)
        changes["due_date"] = working_days_add(locked.due_date, waited)
    action = "resubmit_for_reception" if before_reception else "resubmit"
    note = RECEIVED_AT_DESK_NOTE if at_desk else ""
    transition(dossier=locked, action=action, by=by, reason=note, **changes)
    dossier.status, dossier.due_date = locked.status, locked.due_date
    supplement.answered_at = now
    fields = ["answered_at"]
    if at_desk:
        supplement.received_by = by
        fields.append("received_by")
    supplement.save(update_fields=fields)
    from dossiers.counter import evidence_with_papers_record

    evidence_with_papers_record(
        dossier=locked,
        seen_now=set(supplement.papers_seen.values_list("pk", flat=True)) if at_desk else set(),
    )
    if supplement.requested_by_id != by.pk:
        notify(
            user=supplement.requested_by,
            title=_("Hồ sơ %(reference)s đã được bổ sung. Dossier %(reference)s was supplemented.")
            % {"reference": locked.reference},
            url=reverse("workspace:dossier", kwargs={"pk": locked.pk}),
        )
    if at_desk:
        title = _(
            "Đã nhận hồ sơ bổ sung %(reference)s tại Bộ phận tiếp nhận và trả kết quả. The "
            "supplement to dossier %(reference)s was received at the one-stop desk."
        )
    else:
        title = _("Đã gửi lại hồ sơ %(reference)s. Dossier %(reference)s was sent back.")
    notify(
        user=locked.applicant,
        title=title % {"reference": locked.reference},
        body=supplement_answered_notice(dossier=locked),
        url=reverse("dossiers:track", kwargs={"pk": locked.pk}),
    )


def supplement_waited_days(*, supplement: SupplementRequest,
                           answered_at: datetime.datetime) -> int:  # fmt: skip
    """The working days the request, asked in processing, held the dossier:
    the days after the one the request counts on up to the one the answer
    counts on. Both count alike, on their own day before the desk's cut-off,
    otherwise on the next working day, so that a request and its answer made
    the same evening move nothing. A due date moves by them."""
    return working_days_between(received_on(supplement.created_at), received_on(answered_at))


def supplement_answered_notice(*, dossier: Dossier) -> str:
    """What the applicant is told once the completed dossier is back with the
    unit: whether it waits for reception or goes on in processing, and when
    the result is due."""
    if dossier.status == DossierStatus.SUBMITTED:
        notice = _(
            "Hồ sơ %(reference)s đã được bổ sung và đang chờ đơn vị tiếp nhận. "
            "Dossier %(reference)s was completed and waits to be received by the unit."
        )
    else:
        notice = _(
            "Hồ sơ %(reference)s đã được bổ sung và được đơn vị tiếp tục xử lý. "
            "Dossier %(reference)s was completed and the unit goes on processing it."
        )
    notice %= {"reference": dossier.reference}
    if dossier.due_date is None:
        return notice
    appointment = _("Ngày hẹn trả kết quả: %(date)s. Appointment date: %(date)s.") % {
        "date": dossier.due_date.strftime("%d/%m/%Y")
    }
    return f"{notice} {appointment}"
