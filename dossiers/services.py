"""Writes on dossiers along the citizen journey: start a draft (which starts
its prefill), confirm the data, fill in what no source holds, submit, pay,
withdraw, answer a supplement request; and the retention of drafts."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers import eforms, stated_parts
from dossiers.codes import dossier_code_issue
from dossiers.exceptions import (
    DossierError,
    FormInvalid,
    LockedValueChanged,
    TakenAtTheDesk,
)
from dossiers.models import (
    ActingBasis,
    Attachment,
    Authorisation,
    Channel,
    DataGap,
    Dossier,
    DossierStatus,
    PrefillSource,
)
from dossiers.prefill import prefill_overdue_close, prefill_retry, prefill_start
from dossiers.representation import acting_right_check, authorisation_still_in_force
from dossiers.result_delivery import DeliveryRequest, delivery_draft_fields, delivery_fields
from dossiers.signing import signature_requests_settle
from dossiers.states import transition, transition_possible_check
from portal.accounts.models import Agency, User
from portal.core.working_days import due_date
from portal.notifications.services import notify
from procedures.models import DossierComponent, ElectronicReplacement, FormDefinition, Procedure


def applicant_change_check(dossier: Dossier, by: User) -> None:
    """Raises DossierError unless `by` is the applicant, and TakenAtTheDesk
    while the draft is being taken at the desk: the citizen sees it there, but
    changing, uploading to, submitting or discarding it online would pull it
    from under the official working on it. Every online write checks this."""
    if dossier.applicant_id != by.pk:
        raise DossierError(
            _("Chỉ người nộp hồ sơ được làm việc này. Only the applicant may do this.")
        )
    if dossier.taken_at_the_desk:
        raise TakenAtTheDesk(
            _("Hồ sơ này đang được cán bộ tiếp nhận tại Bộ phận một cửa: cán bộ sẽ hoàn thiện và "
              "nộp hồ sơ. Bạn xem được hồ sơ nhưng không sửa, nộp hay xóa trực tuyến được. This "
              "dossier is being received at the one-stop desk: the official completes and "
              "submits it. You can see it, but not change, submit or discard it online.")
        )  # fmt: skip


def _draft_check(dossier: Dossier) -> None:
    if dossier.status != DossierStatus.DRAFT:
        raise DossierError(
            _("Hồ sơ đã được nộp, không sửa được nữa. The dossier was submitted and is closed.")
        )


def online_change_check(dossier: Dossier, by: User) -> None:
    """Whether the applicant may still change the draft online, before reading
    what they sent: raises DossierError (not theirs, submitted), TakenAtTheDesk
    and NoRightToAct (the authorisation it was started under ended)."""
    applicant_change_check(dossier, by)
    _draft_check(dossier)
    authorisation_still_in_force(dossier=dossier, agent=by)


def procedure_form(procedure: Procedure) -> FormDefinition | None:
    """The newest version of the e-form of the procedure's first component that has one."""
    component = (
        DossierComponent.objects.filter(procedure=procedure, form__isnull=False)
        .select_related("form")
        .order_by("position", "id")
        .first()
    )
    if component is None:
        return None
    assert component.form is not None  # filtered on form__isnull=False
    return FormDefinition.objects.filter(code=component.form.code).order_by("-version").first()


def prefill_needs(*, procedure: Procedure, form: FormDefinition | None,
                  on: datetime.date) -> dict[str, list[str]]:  # fmt: skip
    """What to read from which source: the form's bindings and the fields of
    every replacement in force for the procedure's components."""
    needs = form.bindings() if form else {}
    replacements = ElectronicReplacement.objects.filter(
        component__procedure=procedure, effective_date__lte=on
    )
    for replacement in replacements:
        fields = needs.setdefault(replacement.source, [])
        fields.extend(name for name in replacement.fields if name not in fields)
    return needs


def dossier_draft_start(
    *,
    applicant: User,
    procedure: Procedure,
    agency: Agency,
    needs: dict[str, list[str]] | None = None,
    subject_personal_id: str | None = None,
    acting_basis: str = ActingBasis.SELF,
    prefill_countdown: float | None = None,
    reader: User | None = None,
) -> Dossier:
    """A draft for the applicant (or for someone they may act for), whose
    prefill starts in the background once the draft is committed. A register
    read to check the right to act is `reader`'s (the official at the desk) or
    the applicant's. Raises NoRightToAct, DossierError and ValidationError;
    nothing is created then."""
    if not procedure.active:
        raise DossierError(
            _("Thủ tục này không còn được thực hiện. This procedure is no longer offered.")
        )
    if agency.kind not in procedure.agency_kinds:
        raise DossierError(
            _(
                "Cơ quan này không giải quyết thủ tục này. "
                "This agency does not handle this procedure."
            )
        )
    # With neither (an applicant without a personal ID), full_clean() below refuses the blank.
    subject_personal_id = subject_personal_id or applicant.personal_id or ""
    form = procedure_form(procedure)
    dossier = Dossier(
        procedure=procedure,
        form=form,
        agency=agency,
        applicant=applicant,
        subject_personal_id=subject_personal_id,
        acting_basis=acting_basis,
    )
    dossier.full_clean(exclude=["applicant", "agency", "procedure", "form", "authorisation"])
    dossier.authorisation = acting_right_check(
        applicant=applicant, subject=subject_personal_id, basis=acting_basis, agency=agency,
        procedure=procedure, reader=reader,
    )  # fmt: skip
    if needs is None:
        needs = prefill_needs(procedure=procedure, form=form, on=timezone.localdate())
    with transaction.atomic():
        dossier.save()
        prefill_start(dossier=dossier, needs=needs, countdown=prefill_countdown)
    return dossier


@transaction.atomic
def dossier_preview_confirm(*, dossier: Dossier, by: User) -> Dossier:
    """The applicant has seen which data came from which source, and how fresh,
    and agrees to its use. Raises DossierError while a source is still being
    read; one that has not answered in time no longer holds it up (the
    official verifies its data later, as for a source that is down)."""
    applicant_change_check(dossier, by)
    _draft_check(dossier)
    authorisation_still_in_force(dossier=dossier, agent=by)
    snapshot = getattr(dossier, "prefill", None)
    if snapshot is not None:
        prefill_overdue_close(snapshot=snapshot)
    if snapshot is not None and not snapshot.is_finished:
        raise DossierError(
            _(
                "Đang đọc dữ liệu từ các nguồn; vui lòng đợi. "
                "The sources are still being read; please wait."
            )
        )
    dossier.preview_confirmed_at = timezone.now()
    dossier.save(update_fields=["preview_confirmed_at", "updated_at"])
    return dossier


def _posted_values_check(dossier: Dossier, values: Mapping, *,
                         parts: dict[str, PrefillSource] | None = None) -> dict:  # fmt: skip
    """The typed values, cleaned. Raises LockedValueChanged and FormInvalid
    (also when what the applicant states changed the parts their page showed)."""
    posted = stated_parts.posted_form(dossier=dossier, values=values, parts=parts)
    changed = eforms.locked_values_changed(fields=posted.fields, data=posted.values)
    if changed:
        raise LockedValueChanged(fields=changed)
    cleaned, errors = eforms.typed_values_clean(fields=posted.fields, data=posted.values)
    errors = {**stated_parts.relocked_errors(posted), **errors}
    if errors:
        raise FormInvalid(errors=errors)
    return cleaned


@transaction.atomic
def dossier_form_keep(*, dossier: Dossier, by: User, values: Mapping,
                      delivery: DeliveryRequest | None = None) -> dict[str, str]:  # fmt: skip
    """Keep what the applicant typed so far, to go on later (the save button,
    and the form saving as the applicant types): every valid value, and a
    blank one too, since a draft may be incomplete; locked values are never
    taken from the input. A value the form's rules refuse is not kept: the
    refused ones are returned with why, per field. `delivery`, how they will
    receive the result, is kept alike (result_delivery.delivery_draft_fields).
    Raises DossierError (not a draft, not the applicant's) and TakenAtTheDesk."""
    applicant_change_check(dossier, by)
    _draft_check(dossier)
    authorisation_still_in_force(dossier=dossier, agent=by)
    posted = stated_parts.posted_form(dossier=dossier, values=values)
    values = posted.values
    cleaned, errors = eforms.typed_values_clean(fields=posted.fields, data=values)
    # A blank value is kept as blank, required or not; an invalid one is refused.
    blank = [name for name in errors if not str(values.get(name) or "").strip()]
    cleaned.update({name: values.get(name) for name in blank})
    # A part the statement now locks lives in the snapshot: nothing typed for it is kept.
    locked = {field.name for field in posted.fields if field.locked}
    kept = {name: value for name, value in dossier.form_values.items()
            if not (name in posted.stated and name in locked)}  # fmt: skip
    dossier.form_values = {**kept, **cleaned}
    chosen, delivery_refused = delivery_draft_fields(procedure=dossier.procedure, request=delivery)
    for name, value in chosen.items():
        setattr(dossier, name, value)
    dossier.save(update_fields=["form_values", *chosen, "updated_at"])
    refused = {name: error for name, error in errors.items() if name not in cleaned}
    return {**refused, **delivery_refused}


@transaction.atomic
def dossier_form_save(*, dossier: Dossier, by: User, values: Mapping) -> Dossier:
    """Save what the applicant typed, every field checked: raises FormInvalid.
    To keep only the valid values and go on later, see dossier_form_keep."""
    applicant_change_check(dossier, by)
    _draft_check(dossier)
    authorisation_still_in_force(dossier=dossier, agent=by)
    cleaned = _posted_values_check(dossier, values)
    dossier.form_values = {**dossier.form_values, **cleaned}
    dossier.save(update_fields=["form_values", "updated_at"])
    return dossier


class _RightToReadFirst(Exception):
    """The draft's right to act is held by a source: read it before submitting."""

    def __init__(self, dossier: Dossier) -> None:
        super().__init__()
        self.dossier = dossier


def dossier_submit(*, dossier: Dossier, by: User, values: Mapping,
                   delivery: DeliveryRequest | None = None) -> Dossier:  # fmt: skip
    """Submit the draft. Idempotent: a repeated request (a double click, a
    retry) returns the dossier already submitted. The server re-checks every
    locked value against the snapshot and refuses a changed one, and the
    applicant's right to act for the subject: a parent's or a legal
    representative's read again from its source (submission_right). Only the
    `dossier`'s pk is used: it is read again under its row lock, and only as
    `by`'s own (Dossier.DoesNotExist otherwise, as for one that does not exist).
    Raises DossierError, TakenAtTheDesk (a draft the desk is taking),
    NoRightToAct (the authorisation it was started under was revoked or has
    expired; the child came of age or left the household; the register names
    another legal representative), LockedValueChanged, FormInvalid,
    TransitionRefused; nothing is changed then. A source that cannot be read
    now does not stop it: the dossier records that its right was not read
    again, for the unit to verify (submission_right.right_not_read_record).
    `delivery`: how the applicant receives the result, among the ways the
    procedure offers (result_delivery; FormInvalid otherwise)."""
    from dossiers.submission_right import acting_right_recheck

    try:
        return _dossier_submit(dossier=dossier, by=by, values=values, right_read=False,
                               delivery=delivery)  # fmt: skip
    except _RightToReadFirst as pending:
        # Read outside the transaction and its row lock: the access log keeps the
        # read whatever follows, and nobody waits on the source meanwhile.
        unread = acting_right_recheck(dossier=pending.dossier, by=by)
    return _dossier_submit(dossier=dossier, by=by, values=values, right_read=True,
                           right_unread=unread, delivery=delivery)  # fmt: skip


def _dossier_submit(*, dossier: Dossier, by: User, values: Mapping, right_read: bool,
                    right_unread: str | None = None,
                    delivery: DeliveryRequest | None = None) -> Dossier:  # fmt: skip
    from dossiers.evidence import component_evidence_record, components_status
    from dossiers.fees import fee_ahead  # it reads the desk's rate from dossiers.counter
    from dossiers.submission_right import right_not_read_record, right_read_needed

    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("procedure", "form", "agency")
            # Most online dossiers have no uploads (data replaces the papers)
            # and no data gap recorded: then neither is read.
            .annotate(
                has_uploads=Exists(Attachment.objects.filter(dossier_id=OuterRef("pk"))),
                has_gaps=Exists(DataGap.objects.filter(dossier_id=OuterRef("pk"))),
            )
            .get(pk=dossier.pk, applicant_id=by.pk)
        )
        dossier.applicant = by  # the same user: the notice below needs no query for them
        if dossier.status != DossierStatus.DRAFT and dossier.submitted_at is not None:
            return dossier  # already submitted by the same applicant: the same dossier
        applicant_change_check(dossier, by)
        _draft_check(dossier)
        authorisation = authorisation_still_in_force(dossier=dossier, agent=by)
        if dossier.preview_confirmed_at is None:
            raise DossierError(
                _(
                    "Hãy xem và xác nhận dữ liệu lấy từ các nguồn trước khi nộp. "
                    "Review and confirm the data from the sources before submitting."
                )
            )
        if right_read_needed(dossier) and not right_read:
            raise _RightToReadFirst(dossier)  # nothing written yet: nothing to roll back
        # The prefilled parts are read once, for the locked values and the components.
        parts = eforms.prefill_parts(dossier=dossier)
        cleaned = _posted_values_check(dossier, values, parts=parts)
        if delivery is None and dossier.result_delivery:
            # The choice kept with the draft, checked as if sent now (its address may be blank).
            delivery = DeliveryRequest(how=dossier.result_delivery,
                                       address=dossier.delivery_address)  # fmt: skip
        chosen = delivery_fields(procedure=dossier.procedure, request=delivery)
        statuses = components_status(
            dossier=dossier, parts=parts, uploads=None if dossier.has_uploads else [],
            gaps=None if dossier.has_gaps else [],
            procedure_updated_at=dossier.procedure.updated_at,  # read afresh, under the lock
        )  # fmt: skip
        missing = [status.component for status in statuses if status.missing]
        if missing:
            raise DossierError(
                _("Còn thiếu giấy tờ: %(names)s. Documents still missing: %(names)s.")
                % {"names": "; ".join(component.name for component in missing)}
            )
        # A draft has no evidence yet: it is recorded at submission, as here.
        component_evidence_record(dossier=dossier, statuses=statuses, recorded=[])
        now = timezone.now()
        procedure = dossier.procedure
        changes: dict[str, Any] = {
            "submitted_at": now,
            "form_values": {**dossier.form_values, **cleaned},
            # The fee the form told the applicant before they submitted: the online rate.
            "fee_vnd": fee_ahead(dossier=dossier).amount_vnd,
            **chosen,
        }
        if authorisation is not None:  # the one in force now (the first may have been renewed)
            changes["authorisation"] = authorisation
        if not changes["fee_vnd"]:
            changes["due_date"] = due_date(now, procedure.processing_days)
        # The code last: the unit's counter stays locked from here to the commit.
        changes["code"] = dossier_code_issue(agency=dossier.agency, day=timezone.localdate(now))
        action = "request_fee" if changes["fee_vnd"] else "submit"
        transition(dossier=dossier, action=action, by=by, **changes)
        if right_unread:  # with the submission, or not at all
            right_not_read_record(dossier=dossier, source=right_unread, by=by)
        _submitted_notify(dossier)
    return dossier


def _submitted_notify(dossier: Dossier, *, fee_paid: bool = False) -> None:
    """Tell the applicant: recorded with a fee to pay, sent on once it is paid, or submitted."""
    from django.urls import reverse

    if dossier.status == DossierStatus.FINANCIAL_OBLIGATION:
        body = _(
            "Hồ sơ %(code)s đã được ghi nhận. Vui lòng nộp phí, lệ phí %(fee)s đồng để hồ sơ "
            "được chuyển đến cơ quan giải quyết. Dossier %(code)s was recorded. Please pay the "
            "fee of %(fee)s đồng for it to be sent on to the unit that handles it."
        ) % {"code": dossier.code, "fee": f"{dossier.fee_vnd:,}".replace(",", ".")}
    elif dossier.status == DossierStatus.RECEIVED:  # at the desk, received as submitted
        due = dossier.due_date
        assert due is not None  # set on submission
        body = _(
            "Hồ sơ %(code)s đã được %(agency)s tiếp nhận. Ngày hẹn trả kết quả: %(due)s. "
            "Dossier %(code)s was received by %(agency)s. Appointment date: %(due)s."
        ) % {"code": dossier.code, "agency": dossier.agency.name,
             "due": due.strftime("%d/%m/%Y")}  # fmt: skip
    else:
        due = dossier.due_date
        assert due is not None  # set on submission, or once the fee is paid
        body = _(
            "Hồ sơ %(code)s đã được nộp đến %(agency)s. Ngày hẹn trả kết quả: %(due)s. "
            "Dossier %(code)s was submitted to %(agency)s. Appointment date: %(due)s."
        ) % {"code": dossier.code, "agency": dossier.agency.name,
             "due": due.strftime("%d/%m/%Y")}  # fmt: skip
    if dossier.status == DossierStatus.FINANCIAL_OBLIGATION:
        title = _("Đã ghi nhận hồ sơ %(code)s: chờ nộp phí. Dossier %(code)s recorded: fee to pay.")
    elif fee_paid:
        title = _(
            "Hồ sơ %(code)s đã được chuyển đến cơ quan giải quyết. "
            "Dossier %(code)s was sent on to the unit that handles it."
        )
    elif dossier.status == DossierStatus.RECEIVED:
        title = _("Đã tiếp nhận hồ sơ %(code)s. Dossier %(code)s received.")
    else:
        title = _("Đã nộp hồ sơ %(code)s. Dossier %(code)s submitted.")
    notify(
        user=dossier.applicant,
        title=title % {"code": dossier.code},
        body=body,
        url=reverse("dossiers:track", kwargs={"pk": dossier.pk}),
    )


@transaction.atomic
def dossier_fee_paid(*, dossier: Dossier, by: User | None = None) -> Dossier:
    """The fee was paid, online (the payment platform's word: no one is named)
    or at the desk (`by`, the official who took it): the dossier waiting for it
    goes on as submitted, its deadline counted from now. A dossier taken at the
    counter whose fee the desk took is received at once by that official, as
    one with no fee is on submission (dossiers.counter.counter_receive); paid
    online later, it waits for the unit as an online dossier does. Idempotent:
    a repeated confirmation changes nothing."""
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure", "agency")
        .get(pk=dossier.pk)
    )
    if dossier.status == DossierStatus.FINANCIAL_OBLIGATION:
        transition(
            dossier=dossier, action="fee_paid", by=by,
            due_date=due_date(timezone.now(), dossier.procedure.processing_days),
        )  # fmt: skip
        if by is not None and dossier.channel == Channel.COUNTER:
            from dossiers.counter import counter_receive  # the counter builds on this module

            counter_receive(dossier=dossier, by=by)
        else:
            _submitted_notify(dossier, fee_paid=True)
    return dossier


def dossier_prefill_retry(*, dossier: Dossier, by: User) -> Dossier:
    """The applicant has the sources that were unavailable read again, for
    their draft: a submitted dossier's data is what it was submitted with (the
    official reads a source again from the workspace, in their own name).
    Raises DossierError and TakenAtTheDesk as applicant_change_check."""
    applicant_change_check(dossier, by)
    _draft_check(dossier)
    authorisation_still_in_force(dossier=dossier, agent=by)
    snapshot = getattr(dossier, "prefill", None)
    if snapshot is not None:
        prefill_retry(snapshot=snapshot)
    return dossier


def dossier_withdraw_check(*, dossier: Dossier, by: User) -> None:
    """Raises TransitionRefused when `by` may not withdraw the dossier now (not
    theirs, or decided, returned, closed), so that it is said before a reason is asked."""
    transition_possible_check(dossier=dossier, action="withdraw", by=by)


@transaction.atomic
def dossier_withdraw(*, dossier: Dossier, by: User, reason: str) -> Dossier:
    """The applicant withdraws a submitted dossier (status 7), with a reason.
    Withdrawn while it awaited the signature, nothing is left for its leaders to sign."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    awaited_signature = dossier.status == DossierStatus.AWAITING_SIGNATURE
    transition(dossier=dossier, action="withdraw", by=by, reason=reason)
    if awaited_signature:
        signature_requests_settle(dossier=dossier)
    return dossier


@transaction.atomic
def dossier_draft_discard(*, dossier: Dossier, by: User) -> None:
    """The applicant drops a draft: nothing of it is kept."""
    applicant_change_check(dossier, by)
    _draft_check(dossier)
    _draft_delete(dossier)


def drafts_purge(*, older_than: datetime.timedelta) -> int:
    """Delete drafts never submitted, with their prefilled data and uploads
    (Decree 13/2023: keep personal data no longer than needed). The access
    log keeps its entries: it is the citizen's record of who read what."""
    cutoff = timezone.now() - older_than
    stale = Dossier.objects.filter(status=DossierStatus.DRAFT, updated_at__lt=cutoff)
    count = 0
    for dossier in stale.iterator():
        with transaction.atomic():
            _draft_delete(dossier)
            count += 1
    return count


def _draft_delete(dossier: Dossier) -> None:
    files = [attachment.file for attachment in dossier.attachments.all()]
    dossier.delete()
    # The files go once the rows are gone for good.
    transaction.on_commit(lambda: [file.delete(save=False) for file in files])


@transaction.atomic
def authorisation_record(
    *, principal: User, agent_personal_id: str, valid_from: datetime.date,
    valid_until: datetime.date, procedure: Procedure | None = None,
) -> Authorisation:  # fmt: skip
    """The principal authorises someone to do procedures for them. Raises
    ValidationError for a malformed ID or period, DossierError for oneself."""
    if agent_personal_id == principal.personal_id:
        raise DossierError(
            _("Không thể tự ủy quyền cho chính mình. You cannot authorise yourself.")
        )
    if valid_until < valid_from or valid_until < timezone.localdate():
        raise DossierError(
            _(
                "Thời hạn ủy quyền không hợp lệ. "
                "The authorisation's period is invalid or already over."
            )
        )
    authorisation = Authorisation(
        principal=principal, agent_personal_id=agent_personal_id, procedure=procedure,
        valid_from=valid_from, valid_until=valid_until,
    )  # fmt: skip
    authorisation.full_clean()
    authorisation.save()
    return authorisation


@transaction.atomic
def authorisation_revoke(*, authorisation: Authorisation, by: User) -> Authorisation:
    """The principal ends an authorisation; dossiers already submitted under it go on."""
    if authorisation.principal_id != by.pk:
        raise DossierError(
            _(
                "Chỉ người ủy quyền được thu hồi ủy quyền. "
                "Only the principal may revoke the authorisation."
            )
        )
    if authorisation.revoked_at is None:
        authorisation.revoked_at = timezone.now()
        authorisation.save(update_fields=["revoked_at"])
    return authorisation
