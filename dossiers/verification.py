"""Verification from the source (xác minh từ nguồn): a component electronic
data replaces whose source had not answered when the dossier was submitted
(still pending, down, not read, or published after the dossier was started)
is verified by an official of the unit, who reads that source for the
replacement's fields, purpose-bound and logged like any lookup. What the
source holds then becomes the component's evidence: the data, with its record
and fetch time, or a data gap (the official may then record it and ask for
the paper). A source that does not answer changes nothing: try again later."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from datasources.fetching import FetchStatus
from datasources.registry import source_name
from datasources.services import lookup
from dossiers.evidence import (
    _EMPTY,
    ComponentStatus,
    _evidence_for,
    components_status,
)
from dossiers.exceptions import DossierError, TransitionRefused
from dossiers.models import (
    ComponentEvidence,
    ComponentVerification,
    Dossier,
    DossierStatus,
    VerificationOutcome,
)
from dossiers.prefill_subjects import part_read
from dossiers.purposes import dossier_purpose, values_for_dossier
from dossiers.stale_pages import SeenState, dossier_unchanged_check
from dossiers.states import official_check
from dossiers.workspace_selectors import OPEN_STATUSES
from portal.accounts.models import User
from portal.core.both_languages import choice_in_both_languages

# While the unit still works the dossier towards its result.
VERIFY_STATUSES = OPEN_STATUSES


class VerificationRefused(TransitionRefused):
    """The component cannot be verified now: the dossier's status, or it is
    not awaiting verification (any more)."""


class SourceNotAnswering(DossierError):
    """The source did not answer the verification: nothing was recorded."""


def _awaiting(dossier: Dossier, component_id: int) -> ComponentStatus:
    status = next((s for s in components_status(dossier=dossier)
                   if s.component.pk == component_id), None)  # fmt: skip
    if status is None:
        raise DossierError(
            _(
                "Giấy tờ này không thuộc thủ tục của hồ sơ. "
                "This document is not part of the dossier's procedure."
            )
        )
    if not status.to_verify:
        raise VerificationRefused(
            _(
                "“%(component)s” không chờ xác minh từ nguồn. "
                "“%(component)s” is not awaiting verification from a source."
            )
            % {"component": status.component.name}
        )
    return status


def component_verify(*, dossier: Dossier, component_id: int, by: User,
                     seen: SeenState | None = None) -> ComponentVerification:  # fmt: skip
    """Read the source replacing the component for its fields, as `by`, for
    this dossier (logged, bypassing the cache), and record what it holds as the
    component's evidence. Raises DossierError (not an official of the unit, not
    a component of the procedure), VerificationRefused (a status where the unit
    no longer works the dossier, a component not awaiting verification),
    DossierChanged (not as `seen`), LookupRefused / LookupDenied as `lookup`
    does, and SourceNotAnswering when the source did not answer (nothing
    recorded). Not one transaction: the read is logged whatever follows."""
    official_check(dossier=dossier, by=by)
    with transaction.atomic():
        dossier_unchanged_check(dossier=dossier, seen=seen)
    if dossier.status not in VERIFY_STATUSES:
        raise VerificationRefused(
            _(
                "Hồ sơ đang ở trạng thái “%(status_vi)s”, không thể xác minh từ nguồn. "
                "The dossier is “%(status_en)s”; it cannot be verified from a source now."
            )
            % choice_in_both_languages(DossierStatus, dossier.status, "status")
        )
    status = _awaiting(dossier, component_id)
    replacement = status.replacement
    fields = list(replacement.fields)
    result = lookup(
        source=replacement.source, subject=part_read(dossier, replacement.source)[1], fields=fields,
        actor=by, purpose=dossier_purpose(dossier), use_cache=False,
    )  # fmt: skip
    if not result.found and result.status != FetchStatus.NOT_FOUND:
        raise SourceNotAnswering(
            _(
                "%(source)s chưa phản hồi; chưa có gì thay đổi. Hãy thử lại sau. "
                "%(source)s did not answer; nothing changed. Try again later."
            )
            % {"source": source_name(replacement.source)}
        )
    values = values_for_dossier(dossier, result.values) if result.found else {}
    found = any(values.get(name) not in _EMPTY for name in fields)
    return _verification_save(
        dossier=dossier, status=status, by=by, fields=fields,
        outcome=VerificationOutcome.FOUND if found else VerificationOutcome.NOT_FOUND,
        record_id=result.record_id if result.found else "",
        fetched_at=result.fetched_at or timezone.now(),
    )  # fmt: skip


def _verification_save(
    *, dossier: Dossier, status: ComponentStatus, by: User, fields: list[str], outcome: str,
    record_id: str, fetched_at: datetime.datetime,
) -> ComponentVerification:  # fmt: skip
    component = status.component
    try:
        with transaction.atomic():
            # Under the dossier's lock: still open, and nobody verified it meanwhile.
            locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
            if locked.status not in VERIFY_STATUSES:
                raise VerificationRefused(
                    _(
                        "Hồ sơ vừa được người khác cập nhật; hãy tải lại trang. "
                        "The dossier was just changed by someone else; reload the page."
                    )
                )
            verification = ComponentVerification.objects.create(
                dossier=dossier, component=component, source=status.replacement.source,
                fields=fields, outcome=outcome, record_id=record_id[:64], fetched_at=fetched_at,
                verified_by=by,
            )  # fmt: skip
            now = next(s for s in components_status(dossier=dossier)
                       if s.component.pk == component.pk)  # fmt: skip
            values = _evidence_for(now)
            if values is not None:
                ComponentEvidence.objects.update_or_create(
                    dossier=dossier, component=component, defaults=values
                )
    except IntegrityError:
        raise VerificationRefused(
            _(
                "“%(component)s” vừa được xác minh từ nguồn; hãy tải lại trang. "
                "“%(component)s” was just verified from the source; reload the page."
            )
            % {"component": component.name}
        ) from None
    return verification


def verification_words(verification: ComponentVerification, component_name: str) -> str:
    """The history's line for a verification, in plain words."""
    named = {
        "component": component_name,
        "source": source_name(verification.source),
        "record": verification.record_id,
    }
    if verification.found:
        words = _(
            "Đã xác minh “%(component)s” từ %(source)s: nguồn có dữ liệu (bản ghi %(record)s). "
            "“%(component)s” was verified from %(source)s: the source holds the data "
            "(record %(record)s)."
        )
    else:
        words = _(
            "Đã xác minh “%(component)s” từ %(source)s: nguồn không có dữ liệu của người này. "
            "“%(component)s” was verified from %(source)s: the source holds nothing of this for "
            "the person."
        )
    return words % named
