"""Correction requests: one request per wrong value, routed to the database
owner, who corrects it (the source then serves the corrected value) or
rejects it with a reason. Everyone who flagged it is told the outcome."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from datasources import registry
from datasources.exceptions import CorrectionError, SourceUnavailable
from datasources.fetching import cached_record_forget
from datasources.models import CorrectionFlag, CorrectionRequest, CorrectionStatus
from datasources.purposes import Purpose
from datasources.services import lookup
from portal.accounts.models import Agency, Role, User
from portal.notifications.services import notify


def _recorded_value(*, source: str, subject: str, field: str, by: User, purpose: Purpose) -> Any:
    result = lookup(source=source, subject=subject, fields=[field], actor=by, purpose=purpose)
    return result.values.get(field) if result.found else None


def correction_flag(
    *,
    source: str,
    subject: str,
    field: str,
    by: User,
    purpose: Purpose,
    note: str = "",
    proposed_value: Any = None,
) -> CorrectionRequest:
    """Say that `field` of `subject` in `source` is wrong. Joins the open request
    for that value if there is one, else opens one for the source's owner.
    Raises LookupRefused (bad source, field or ID) or LookupDenied (the flagger
    may not read this person's data for this purpose), both logged by the
    lookup of the value as the source holds it."""
    recorded = _recorded_value(source=source, subject=subject, field=field, by=by, purpose=purpose)
    owner = Agency.objects.filter(code=registry.source(source).owner_agency_code).first()
    if owner is None:
        # The agencies were not loaded (manage.py load_agencies): nobody to send it to.
        raise SourceUnavailable(
            _(
                "Chưa có cơ quan chủ quản của nguồn dữ liệu này để nhận yêu cầu điều chỉnh. "
                "This source's owner agency is not set up to receive corrections."
            )
        )
    for _attempt in range(2):
        try:
            with transaction.atomic():
                request, created = CorrectionRequest.objects.select_for_update().get_or_create(
                    subject_personal_id=subject, source=source, field=field,
                    status=CorrectionStatus.OPEN,
                    defaults={"owner_agency": owner, "recorded_value": recorded,
                              "proposed_value": proposed_value},
                )  # fmt: skip
                if not created and request.proposed_value is None and proposed_value is not None:
                    # The first to say what is right, though not the first to flag it.
                    request.proposed_value = proposed_value
                    request.save(update_fields=["proposed_value"])
                CorrectionFlag.objects.create(
                    request=request, flagged_by=by, purpose_type=purpose.kind,
                    purpose_id=purpose.reference, note=note, proposed_value=proposed_value,
                )  # fmt: skip
                return request
        except IntegrityError:
            # Another flag opened the same request at the same moment: join it.
            continue
    raise CorrectionError(_("Vui lòng thử lại. Please try again."))


def _owner_check(*, request: CorrectionRequest, by: User) -> None:
    if by.role != Role.DATA_OWNER or by.agency_id != request.owner_agency_id:
        raise CorrectionError(
            _(
                "Chỉ cơ quan chủ quản dữ liệu xử lý yêu cầu này. "
                "Only the database owner handles this request."
            )
        )


def _already_handled() -> CorrectionError:
    return CorrectionError(_("Yêu cầu này đã được xử lý. This request has already been handled."))


def correction_decision_check(*, request: CorrectionRequest, by: User) -> None:
    """Whether `by` may decide the request now, nothing changed: raises
    CorrectionError (not its owner, or decided meanwhile). The queue asks to
    confirm only a decision that passes."""
    _owner_check(request=request, by=by)
    if request.status != CorrectionStatus.OPEN:
        raise _already_handled()


def _resolve(*, request: CorrectionRequest, by: User, status: str, **values) -> CorrectionRequest:
    updated = CorrectionRequest.objects.filter(pk=request.pk, status=CorrectionStatus.OPEN).update(
        status=status, resolved_by=by, resolved_at=timezone.now(), **values
    )
    if not updated:
        raise _already_handled()
    request.refresh_from_db()
    return request


def _field_labels(request: CorrectionRequest) -> dict[str, str]:
    """The field's name in each half of a notice, whatever the request's language."""
    field = registry.source(request.source).field(request.field)
    return {"field_vi": field.label_vi, "field_en": field.label_en}


def _notify_flaggers(request: CorrectionRequest, *, title: str, body: str) -> None:
    """Tell each flagger, in both languages, Vietnamese first, as the portal's
    other notices; the owner's note or reason goes as typed."""
    flaggers = {flag.flagged_by for flag in request.flags.select_related("flagged_by")}
    url = reverse("datasources:corrections")  # where each reads the decision on what they flagged
    for user in flaggers:
        notify(user=user, title=title, body=body, url=url)


@transaction.atomic
def correction_accept(
    *, request: CorrectionRequest, by: User, corrected_value: Any, note: str = ""
) -> CorrectionRequest:
    """The owner corrects the value in its database; from now on the source
    serves it. Raises CorrectionError."""
    from datasources.gateway.services import record_correction_apply

    _owner_check(request=request, by=by)
    request = _resolve(request=request, by=by, status=CorrectionStatus.ACCEPTED,
                       corrected_value=corrected_value, resolution_note=note)  # fmt: skip
    record_correction_apply(
        source=request.source, subject=request.subject_personal_id, field=request.field,
        value=corrected_value, note=note,
    )  # fmt: skip
    transaction.on_commit(
        lambda: cached_record_forget(
            source_code=request.source, subject=request.subject_personal_id
        )
    )
    _notify_flaggers(
        request,
        title=_("Dữ liệu đã được điều chỉnh: %(field_vi)s. Data corrected: %(field_en)s.")
        % _field_labels(request),
        body=note,
    )
    return request


@transaction.atomic
def correction_reject(*, request: CorrectionRequest, by: User, reason: str) -> CorrectionRequest:
    """The owner finds the value right; the reason is required and told to the flaggers."""
    _owner_check(request=request, by=by)
    if not reason.strip():
        raise CorrectionError(
            _("Hãy nêu lý do từ chối. Give the reason for rejecting the request.")
        )
    request = _resolve(request=request, by=by, status=CorrectionStatus.REJECTED,
                       resolution_note=reason.strip())  # fmt: skip
    _notify_flaggers(
        request,
        title=_("Yêu cầu điều chỉnh bị từ chối: %(field_vi)s. Correction rejected: %(field_en)s.")
        % _field_labels(request),  # fmt: skip
        body=reason.strip(),
    )
    return request
