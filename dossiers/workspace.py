"""The official's use cases in the workspace: take a dossier, move it through
the lifecycle, assign it, and re-read a source to compare with the snapshot.
Status changes go through `transition()`; nothing here writes a status itself."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from datasources import registry
from datasources.bindings import part_source
from datasources.exceptions import LookupRefused
from datasources.fetching import FetchStatus
from datasources.services import lookup
from dossiers.assignees import may_be_assigned
from dossiers.eforms import value_shown
from dossiers.exceptions import DossierError, TransitionRefused
from dossiers.models import (
    Dossier,
    DossierEvent,
    DossierStatus,
    PrefillSource,
    SourceRefetch,
)
from dossiers.prefill_subjects import part_read
from dossiers.purposes import dossier_purpose, values_for_dossier
from dossiers.stale_pages import SeenState, dossier_unchanged_check
from dossiers.states import Actor, actor_kind, transition
from dossiers.workspace_selectors import OPEN_STATUSES, unit_officials
from portal.accounts.models import Role, User

# The moves an official makes from the dossier view (supplement requests have their own page).
WORKSPACE_ACTIONS = (
    "receive",
    "refuse_at_reception",
    "start_processing",
    "propose_approval",
    "propose_not_resolve",
    "approve",
    "send_back_for_review",
    "not_resolve",
    "return_result",
    "stop_processing",
)


class AssignmentRefused(DossierError):
    """The dossier cannot be assigned to this person, or not by this user."""


class LeaderNotAssignable(AssignmentRefused):
    """The person named is a leader: leaders sign dossiers, they do not work them."""


class RefetchRefused(DossierError):
    """The source cannot be re-read for this dossier."""


def dossier_act(*, dossier: Dossier, action: str, by: User, reason: str = "",
                seen: SeenState | None = None) -> DossierEvent:  # fmt: skip
    """One workspace move through the transitions table, from a page that showed
    the dossier as `seen` (if given). Raises TransitionRefused, DossierChanged."""
    if action not in WORKSPACE_ACTIONS:
        raise TransitionRefused(_("Thao tác không hợp lệ. Unknown action."))
    with transaction.atomic():
        dossier_unchanged_check(dossier=dossier, seen=seen)
        return transition(dossier=dossier, action=action, by=by, reason=reason)


def dossier_receive(*, dossier: Dossier, by: User) -> DossierEvent:
    return dossier_act(dossier=dossier, action="receive", by=by)


def dossier_refuse_at_reception(*, dossier: Dossier, by: User, reason: str) -> DossierEvent:
    return dossier_act(dossier=dossier, action="refuse_at_reception", by=by, reason=reason)


def dossier_start_processing(*, dossier: Dossier, by: User) -> DossierEvent:
    return dossier_act(dossier=dossier, action="start_processing", by=by)


def dossier_return_result(*, dossier: Dossier, by: User) -> DossierEvent:
    return dossier_act(dossier=dossier, action="return_result", by=by)


def dossier_stop_processing(*, dossier: Dossier, by: User, reason: str) -> DossierEvent:
    return dossier_act(dossier=dossier, action="stop_processing", by=by, reason=reason)


@transaction.atomic
def dossier_assign(*, dossier: Dossier, to: User, by: User,
                   seen: SeenState | None = None) -> Dossier:  # fmt: skip
    """Give the dossier to an official of its unit, from a page that showed it
    as `seen` (if given). Raises LeaderNotAssignable when `to` is a leader,
    AssignmentRefused when `by` may not act on it, `to` is not an official of
    the unit, or the dossier is closed; DossierChanged when a
    colleague took it or moved it on since the page was opened."""
    if actor_kind(dossier=dossier, user=by) != Actor.OFFICIAL:
        raise AssignmentRefused(
            _("Bạn không được phân công hồ sơ này. You may not assign this dossier.")
        )
    if to.role == Role.LEADER:
        raise LeaderNotAssignable(
            _("Lãnh đạo ký duyệt hồ sơ, không được phân công xử lý hồ sơ; hãy chọn một cán bộ. "
              "Leaders sign dossiers; they are not assigned to process them. Choose an official.")
        )  # fmt: skip
    if not unit_officials(dossier=dossier).filter(pk=to.pk).exists():
        raise AssignmentRefused(
            _("Chỉ phân công cho cán bộ của đơn vị tiếp nhận hồ sơ. "
              "A dossier can be assigned only to an official of its unit.")
        )  # fmt: skip
    dossier_unchanged_check(dossier=dossier, seen=seen)
    updated = Dossier.objects.filter(pk=dossier.pk, status__in=OPEN_STATUSES).update(assigned_to=to)
    if updated != 1:
        raise AssignmentRefused(
            _("Hồ sơ đã kết thúc hoặc chưa được nộp, không thể phân công. "
              "The dossier is closed or not submitted; it cannot be assigned.")
        )  # fmt: skip
    dossier.assigned_to = to
    return dossier


@transaction.atomic
def dossier_take(*, dossier: Dossier, by: User) -> Dossier:
    """Take the dossier for oneself, from the queue: only one nobody else has
    taken meanwhile (the queue the official chose from may be stale), so that
    two officials taking it at once never silently take it from each other.
    Raises AssignmentRefused naming who has it; the dossier page reassigns it."""
    if actor_kind(dossier=dossier, user=by) != Actor.OFFICIAL:
        raise AssignmentRefused(
            _("Bạn không được phân công hồ sơ này. You may not assign this dossier.")
        )
    free = Dossier.objects.filter(pk=dossier.pk).filter(
        Q(assigned_to__isnull=True) | Q(assigned_to=by)
    )
    if not free.filter(status__in=OPEN_STATUSES).select_for_update().exists():
        holder = (
            Dossier.objects.filter(pk=dossier.pk)
            .values_list("assigned_to__full_name", "assigned_to__username")
            .first()
        )
        if holder and (holder[0] or holder[1]):
            raise AssignmentRefused(
                _("Hồ sơ đã được %(name)s nhận xử lý; không nhận thay. "
                  "%(name)s has already taken this dossier; it was not taken from them.")
                % {"name": holder[0] or holder[1]}
            )  # fmt: skip
    return dossier_assign(dossier=dossier, to=by, by=by)


@dataclass(frozen=True)
class BulkOutcome:
    dossier: Dossier
    done: bool
    message: str


BULK_ACTIONS = ("receive", "assign_to_me")


def bulk_actions_for(user: User) -> tuple[str, ...]:
    """The queue's moves on selected dossiers this user is offered: a leader
    receives, but takes none, as leaders sign dossiers and are never assigned."""
    return BULK_ACTIONS if may_be_assigned(user) else ("receive",)


def dossiers_bulk(*, dossiers: Iterable[Dossier], action: str, by: User) -> list[BulkOutcome]:
    """Receive, or take, each selected dossier where lawful; each one on its own,
    so that a refusal for one leaves the others done. Never raises for an item;
    raises LeaderNotAssignable, nothing done, when a leader would take them."""
    if action not in BULK_ACTIONS:
        raise TransitionRefused(_("Thao tác không hợp lệ. Unknown action."))
    if action not in bulk_actions_for(by):
        raise LeaderNotAssignable(
            _("Lãnh đạo ký duyệt hồ sơ, không nhận hồ sơ để xử lý: không có hồ sơ nào được "
              "giao cho bạn. Leaders sign dossiers; they do not take them to process: no "
              "dossier was assigned to you.")
        )  # fmt: skip
    outcomes = []
    for dossier in dossiers:
        try:
            if action == "receive":
                dossier_receive(dossier=dossier, by=by)
            else:
                dossier_take(dossier=dossier, by=by)
        except DossierError as error:
            outcomes.append(BulkOutcome(dossier, False, error.message))
        else:
            outcomes.append(BulkOutcome(dossier, True, ""))
    return outcomes


@dataclass(frozen=True)
class ValueComparison:
    name: str
    snapshot_value: Any
    current_value: Any
    # As the official reads them: the field's label, coded values in words,
    # dates as dd/mm/yyyy, a record's parts joined.
    label: str = ""
    snapshot_shown: str = ""
    current_shown: str = ""

    @property
    def differs(self) -> bool:
        return self.snapshot_value != self.current_value


def _value_comparison(source: str, name: str, snapshot: Any, current: Any) -> ValueComparison:
    try:
        known = registry.source(part_source(source)[0]).field(name)
    except LookupRefused:
        return ValueComparison(name, snapshot, current, name, value_shown(snapshot),
                               value_shown(current))  # fmt: skip
    return ValueComparison(
        name, snapshot, current, known.label,
        value_shown(known.value_label(snapshot)), value_shown(known.value_label(current)),
    )  # fmt: skip


@dataclass(frozen=True)
class RefetchComparison:
    """What a source said when read again next to what the dossier's snapshot
    kept. The snapshot is never overwritten: the official sees both."""

    source_code: str
    source_name: str
    status: str  # the FetchStatus of the re-read
    snapshot_record_id: str
    snapshot_fetched_at: datetime.datetime | None
    current_record_id: str
    current_fetched_at: datetime.datetime | None
    rows: list[ValueComparison] = field(default_factory=list)
    read_by_name: str = ""
    read_at: datetime.datetime | None = None

    @property
    def found(self) -> bool:
        return self.status in (FetchStatus.OK, FetchStatus.CACHED)

    @property
    def differences(self) -> list[ValueComparison]:
        return [row for row in self.rows if row.differs]


def _plain(value: Any) -> Any:
    return value.get("value") if isinstance(value, dict) and "value" in value else value


def source_refetch(*, dossier: Dossier, source: str, by: User) -> SourceRefetch:
    """Read `source` again for this dossier, bypassing the cache, as `by` (logged,
    purpose-bound), and keep what it said next to the snapshot's values, for
    `refetch_comparison` to show as often as asked without reading it again.
    Not one transaction: the access is logged whatever follows. Raises
    RefetchRefused for a user who may not act on the dossier (its unit's
    officials and leader only) or a source the dossier was not prefilled from,
    LookupRefused / LookupDenied as `lookup` does."""
    if actor_kind(dossier=dossier, user=by) != Actor.OFFICIAL:
        raise RefetchRefused(
            _("Bạn không được thực hiện thao tác này. You may not take this action.")
        )
    if dossier.status == DossierStatus.DRAFT:
        raise RefetchRefused(_("Hồ sơ chưa được nộp. The dossier has not been submitted."))
    part = PrefillSource.objects.filter(snapshot__dossier=dossier, source=source).first()
    if part is None or not part.fields:
        raise RefetchRefused(
            _("Hồ sơ không dùng dữ liệu từ nguồn này. This dossier uses no data from this source.")
        )
    source_code, subject = part_read(dossier, source)  # the applicant's own part: their record
    result = lookup(
        source=source_code, subject=subject, fields=part.fields, actor=by,
        purpose=dossier_purpose(dossier), use_cache=False,
    )  # fmt: skip
    current = values_for_dossier(dossier, result.values)
    return SourceRefetch.objects.create(
        dossier=dossier, source=source, fields=list(part.fields), status=result.status,
        snapshot_values={name: _plain(part.values.get(name)) for name in part.fields},
        snapshot_record_id=part.record_id, snapshot_fetched_at=part.fetched_at,
        current_values={name: current.get(name) for name in part.fields},
        current_record_id=result.record_id, current_fetched_at=result.fetched_at, read_by=by,
    )  # fmt: skip


def refetch_comparison(*, refetch: SourceRefetch) -> RefetchComparison:
    """A kept re-read, field by field as the official reads them. Reads no source."""
    rows = [
        _value_comparison(refetch.source, name, refetch.snapshot_values.get(name),
                          refetch.current_values.get(name))
        for name in refetch.fields
    ]  # fmt: skip
    try:
        source_name = registry.source(part_source(refetch.source)[0]).name
    except LookupRefused:  # a source withdrawn since: its code
        source_name = refetch.source
    return RefetchComparison(
        source_code=refetch.source, source_name=source_name, status=refetch.status,
        snapshot_record_id=refetch.snapshot_record_id,
        snapshot_fetched_at=refetch.snapshot_fetched_at,
        current_record_id=refetch.current_record_id,
        current_fetched_at=refetch.current_fetched_at, rows=rows,
        read_by_name=refetch.read_by.full_name, read_at=refetch.read_at,
    )  # fmt: skip
