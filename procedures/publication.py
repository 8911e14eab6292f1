"""Drafting, approving and publishing an agency's list of dossier components
replaced by electronic data (danh mục thành phần hồ sơ được thay thế), as
Resolution 66.7/2025/NQ-CP and Dispatch 159/TTg-CĐS require of every province
and commune. The moves and who may make them are in `procedures.list_workflow`;
every service here locks the list's row, checks the table, applies the move,
records a ReplacementListEvent and tells the people concerned."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import Agency, Role, User
from portal.notifications.services import notifications_settle, notify
from procedures.exceptions import (
    OpenListExists,
    PublicationConflict,
    PublicationForbidden,
    PublicationInvalid,
)
from procedures.list_workflow import (
    SUPERSEDE,
    Action,
    edit_check,
    may_work_on,
    step_check,
)
from procedures.models import (
    OPEN_LIST_STATUSES,
    ElectronicReplacement,
    ReplacementList,
    ReplacementListEntry,
    ReplacementListEvent,
    ReplacementListStatus,
)
from procedures.selectors import catalog_replacements_for_level, list_level_of

# The fields of an entry copied from the catalog when it is added.
SNAPSHOT_FIELDS = (
    "procedure_code", "procedure_name", "sector_name", "component_code", "component_name",
    "document_type", "source", "fields", "legal_basis", "effective_date",
)  # fmt: skip


def _snapshot(replacement: ElectronicReplacement) -> dict:
    """The catalog text of a replacement, as a list entry keeps it. Expects
    component__procedure__sector loaded."""
    component = replacement.component
    procedure = component.procedure
    return {
        "replacement": replacement,
        "procedure_code": procedure.code,
        "procedure_name": procedure.name,
        "sector_name": procedure.sector.name,
        "component_code": component.code,
        "component_name": component.name,
        "document_type": replacement.document_type,
        "source": replacement.source,
        "fields": list(replacement.fields),
        "legal_basis": replacement.legal_basis,
        "effective_date": replacement.effective_date,
    }


def _event(replacement_list: ReplacementList, action: str, by: User, note: str = ""):
    return ReplacementListEvent.objects.create(
        replacement_list=replacement_list, action=action, actor=by, note=note
    )


def _url(replacement_list: ReplacementList) -> str:
    return reverse("catalog-staff:list-detail", kwargs={"pk": replacement_list.pk})


def _locked(replacement_list: ReplacementList) -> ReplacementList:
    """The list's row, locked until the transaction ends, as it is now."""
    return (
        ReplacementList.objects.select_for_update(of=("self",))
        .select_related("agency", "created_by")
        .get(pk=replacement_list.pk)
    )


def _tell_drafter(replacement_list: ReplacementList, *, by: User, title: str, body: str = ""):
    if replacement_list.created_by_id != by.pk:
        notify(user=replacement_list.created_by, title=title, body=body,
               url=_url(replacement_list))  # fmt: skip


def _approval_asked(replacement_list: ReplacementList) -> str:
    """The action the leaders' "awaiting approval" messages ask for: settled
    for all of them once one decides (approves or returns the list)."""
    return f"replacement_list.approve:{replacement_list.pk}"


def _labels(replacement_list: ReplacementList) -> dict:
    return {"agency": replacement_list.agency.name, "version": replacement_list.version}


@transaction.atomic
def replacement_list_draft_start(*, agency: Agency, by: User) -> ReplacementList:
    """Open the next version of an agency's list, as a draft: the entries of the
    published version (refreshed from the catalog where the replacement is
    still in it), or, before any publication, every catalog replacement in
    force for the procedures of the agency's level. Raises PublicationForbidden,
    PublicationInvalid (an agency that keeps no list) or OpenListExists."""
    if by.role not in (Role.CENTER_STAFF, Role.LEADER) or not may_work_on(user=by, agency=agency):
        raise PublicationForbidden()
    level = list_level_of(agency=agency)
    if level is None:
        raise PublicationInvalid(
            _(
                "Chỉ UBND tỉnh và UBND cấp xã công bố danh mục thành phần hồ sơ được thay thế. "
                "Only provincial and commune People's Committees publish a replacement list."
            )
        )
    # One drafter at a time per agency: the version number and the open-list
    # check below must not interleave with another start.
    Agency.objects.select_for_update().get(pk=agency.pk)
    lists = ReplacementList.objects.filter(agency=agency)
    if open_list := lists.filter(status__in=OPEN_LIST_STATUSES).first():
        raise OpenListExists(version=open_list.version)
    version = (lists.aggregate(last=Max("version"))["last"] or 0) + 1
    published = lists.filter(status=ReplacementListStatus.PUBLISHED).first()
    try:
        with transaction.atomic():
            draft = ReplacementList.objects.create(
                agency=agency, version=version, created_by=by,
                title=f"Danh mục thành phần hồ sơ được thay thế bằng dữ liệu điện tử "
                      f"của {agency.name}",
            )  # fmt: skip
    except IntegrityError:
        raise PublicationConflict(
            _("Danh mục vừa được người khác tạo; hãy tải lại trang. "
              "Someone else just started this list; reload the page.")
        ) from None  # fmt: skip
    if published is not None:
        rows = []
        old_entries = published.entries.select_related("replacement__component__procedure__sector")
        for old in old_entries:
            if old.replacement is not None:
                rows.append(_snapshot(old.replacement))
            else:  # gone from the catalog: kept as published, for the drafter to judge
                rows.append({name: getattr(old, name) for name in SNAPSHOT_FIELDS})
        note = _(
            "Sao chép từ phiên bản %(version)s đang công bố. "
            "Copied from the published version %(version)s."
        ) % {"version": published.version}
    else:
        in_force = catalog_replacements_for_level(level=level).filter(
            effective_date__lte=timezone.localdate()
        )
        rows = [_snapshot(replacement) for replacement in in_force]
        note = _(
            "Lập từ danh mục thủ tục: %(count)s thành phần. "
            "Drawn from the catalog: %(count)s components."
        ) % {"count": len(rows)}
    ReplacementListEntry.objects.bulk_create(
        [ReplacementListEntry(replacement_list=draft, **row) for row in rows], batch_size=500
    )
    _event(draft, Action.DRAFT_STARTED, by, note)
    return draft


def _entry_note(entry: ReplacementListEntry) -> str:
    return f"{entry.procedure_code} · {entry.component_name} ← {entry.document_type}"


@transaction.atomic
def replacement_list_entry_add(
    *, replacement_list: ReplacementList, replacement: ElectronicReplacement, by: User
) -> ReplacementListEntry:
    """Put a catalog replacement on a draft, with its text as the catalog has it
    now. Raises PublicationForbidden, WrongListStatus or PublicationInvalid (not
    a replacement of the agency's level, or already on the list)."""
    locked = _locked(replacement_list)
    edit_check(replacement_list=locked, user=by)
    level = list_level_of(agency=locked.agency)
    replacement = (
        catalog_replacements_for_level(level=level).filter(pk=replacement.pk).first()
        if level
        else None
    )
    if replacement is None:
        raise PublicationInvalid(
            _("Thành phần này không thuộc thủ tục mà cơ quan thực hiện. "
              "This component belongs to no procedure this agency carries out.")
        )  # fmt: skip
    snapshot = _snapshot(replacement)
    already = locked.entries.filter(
        procedure_code=snapshot["procedure_code"], component_code=snapshot["component_code"],
        document_type=snapshot["document_type"],
    )  # fmt: skip
    if already.exists():
        raise PublicationInvalid(
            _("Thành phần này đã có trong danh mục. This component is already on the list.")
        )
    entry = ReplacementListEntry.objects.create(replacement_list=locked, **snapshot)
    _event(locked, Action.ENTRY_ADDED, by, _entry_note(entry))
    return entry


@transaction.atomic
def replacement_list_entry_remove(
    *, replacement_list: ReplacementList, entry: ReplacementListEntry, by: User
) -> None:
    """Take an entry off a draft. Raises PublicationForbidden, WrongListStatus
    or PublicationInvalid (an entry of another list)."""
    locked = _locked(replacement_list)
    edit_check(replacement_list=locked, user=by)
    if entry.replacement_list_id != locked.pk:
        raise PublicationInvalid(_("Mục này không thuộc danh mục. This entry is not on the list."))
    deleted, _rows = ReplacementListEntry.objects.filter(pk=entry.pk).delete()
    if deleted:
        _event(locked, Action.ENTRY_REMOVED, by, _entry_note(entry))


@transaction.atomic
def replacement_list_submit(*, replacement_list: ReplacementList, by: User) -> ReplacementList:
    """Submit a draft for approval; the leaders of the agency and of the bodies
    above it are told. Raises PublicationForbidden, WrongListStatus or
    PublicationInvalid (an empty list)."""
    locked = _locked(replacement_list)
    step_check(replacement_list=locked, action=Action.SUBMIT, user=by)
    if not locked.entries.exists():
        raise PublicationInvalid(_("Danh mục chưa có thành phần nào. The list has no entry yet."))
    locked.status, locked.submitted_at = ReplacementListStatus.SUBMITTED, timezone.now()
    locked.save(update_fields=["status", "submitted_at"])
    _event(locked, Action.SUBMIT, by)
    ancestors = [locked.agency.path[: i + 1] for i, c in enumerate(locked.agency.path) if c == "/"]
    leaders = User.objects.filter(
        role=Role.LEADER, is_active=True, agency__path__in=ancestors
    ).exclude(pk=by.pk)
    for leader in leaders:
        notify(
            user=leader,
            title=_("Danh mục thay thế chờ phê duyệt: %(agency)s, phiên bản %(version)s. "
                    "Replacement list awaiting approval: %(agency)s, version %(version)s.")
            % _labels(locked),
            url=_url(locked), action=_approval_asked(locked),
        )  # fmt: skip
    return locked


@transaction.atomic
def replacement_list_return(
    *, replacement_list: ReplacementList, by: User, reason: str
) -> ReplacementList:
    """A leader sends a submitted (or approved, not yet published) list back to
    draft, saying why. Raises PublicationForbidden, WrongListStatus or
    PublicationInvalid (no reason)."""
    locked = _locked(replacement_list)
    step_check(replacement_list=locked, action=Action.RETURN, user=by, reason=reason)
    locked.status = ReplacementListStatus.DRAFT
    locked.submitted_at = locked.approved_at = locked.approved_by = None
    locked.save(update_fields=["status", "submitted_at", "approved_at", "approved_by"])
    _event(locked, Action.RETURN, by, reason.strip())
    notifications_settle(action=_approval_asked(locked))
    _tell_drafter(
        locked, by=by, body=reason.strip(),
        title=_("Danh mục thay thế được trả lại để chỉnh sửa: %(agency)s, phiên bản %(version)s. "
                "Replacement list returned for changes: %(agency)s, version %(version)s.")
        % _labels(locked),
    )  # fmt: skip
    return locked


@transaction.atomic
def replacement_list_approve(*, replacement_list: ReplacementList, by: User) -> ReplacementList:
    """A leader whose subtree holds the agency approves a submitted list they
    did not draft, edit or submit. Raises PublicationForbidden,
    OwnDraftApproval or WrongListStatus."""
    locked = _locked(replacement_list)
    step_check(replacement_list=locked, action=Action.APPROVE, user=by)
    locked.status, locked.approved_by, locked.approved_at = (
        ReplacementListStatus.APPROVED, by, timezone.now()
    )  # fmt: skip
    locked.save(update_fields=["status", "approved_by", "approved_at"])
    _event(locked, Action.APPROVE, by)
    notifications_settle(action=_approval_asked(locked))
    _tell_drafter(
        locked, by=by,
        title=_("Danh mục thay thế đã được phê duyệt: %(agency)s, phiên bản %(version)s. "
                "Replacement list approved: %(agency)s, version %(version)s.")
        % _labels(locked),
    )  # fmt: skip
    return locked


# How far ahead a version may be scheduled. A published list tells the public
# which papers they stop bringing from its date; a date further than a year
# ahead would announce a list drawn from a catalog that changes meanwhile
# (procedures are amended, data sources join through the year) and leave the
# version in force looking stale, and it is almost always a mistyped year
# (31/12/9999) that would keep the new version from ever taking over.
PUBLISH_AHEAD_YEARS = 1


def latest_effective_date(*, today: datetime.date) -> datetime.date:
    """The last effective date a version published `today` may have."""
    try:
        return today.replace(year=today.year + PUBLISH_AHEAD_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + PUBLISH_AHEAD_YEARS, day=28)


def _superseded_as_of(effective_date: datetime.date, *, now: datetime.datetime):
    """When the version in force stops being so: now, or the first moment of
    the new version's effective date when it is scheduled."""
    if effective_date <= timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.datetime.combine(effective_date, datetime.time.min))


def _effective_date_check(
    *, effective_date: datetime.date, previous: ReplacementList | None, today: datetime.date
) -> None:
    if effective_date < today:
        raise PublicationInvalid(
            _("Ngày có hiệu lực không được ở trong quá khứ. "
              "The effective date cannot be in the past.")
        )  # fmt: skip
    # Versions take effect in the order they are published: an earlier date
    # would bring this version in before the one it follows, which then never
    # or only briefly applies. A version scheduled beyond the bound (published
    # before it existed, e.g. for 31/12/9999) would block every later version
    # for good: the next one may replace it before its date.
    latest = latest_effective_date(today=today)
    last = previous.effective_date if previous is not None else None
    if last is not None and last <= latest and effective_date < last:
        raise PublicationInvalid(
            _("Ngày có hiệu lực không được trước ngày %(date)s, ngày có hiệu lực của phiên bản "
              "%(version)s. The effective date cannot be before %(date)s, when version "
              "%(version)s takes effect.")
            % {"date": previous.effective_date.strftime("%d/%m/%Y"), "version": previous.version}
        )  # fmt: skip
    if effective_date > latest:
        raise PublicationInvalid(
            _("Ngày có hiệu lực không được sau ngày %(date)s (tối đa một năm kể từ hôm nay). "
              "The effective date cannot be after %(date)s (at most one year from today).")
            % {"date": latest.strftime("%d/%m/%Y")}
        )  # fmt: skip


@transaction.atomic
def replacement_list_publish(
    *, replacement_list: ReplacementList, by: User, effective_date: datetime.date
) -> ReplacementList:
    """Publish an approved list from `effective_date`: today, or a later date up
    to a year ahead and not before the previous version's. The previous version
    is marked superseded as of that date, in the same transaction, and stays the
    one in force until then (`procedures.selectors.replacement_lists_in_force`
    reads that from the dates: no task flips anything on the day). Raises
    PublicationForbidden, WrongListStatus (not approved, or already published
    by someone else) or PublicationInvalid (a date out of those bounds)."""
    locked = _locked(replacement_list)
    step_check(replacement_list=locked, action=Action.PUBLISH, user=by)
    now = timezone.now()
    previous_status, superseded_status = SUPERSEDE
    previous = list(
        ReplacementList.objects.select_for_update(of=("self",))
        .filter(agency_id=locked.agency_id, status=previous_status)
        .exclude(pk=locked.pk)
    )
    _effective_date_check(
        effective_date=effective_date, previous=previous[0] if previous else None,
        today=timezone.localdate(now),
    )  # fmt: skip
    superseded_at = _superseded_as_of(effective_date, now=now)
    for old in previous:
        old.status, old.superseded_at = superseded_status, superseded_at
        old.save(update_fields=["status", "superseded_at"])
        note = _(
            "Được thay thế bởi phiên bản %(version)s từ ngày %(date)s. "
            "Superseded by version %(version)s from %(date)s."
        ) % {"version": locked.version, "date": effective_date.strftime("%d/%m/%Y")}
        _event(old, Action.SUPERSEDED, by, note)
    locked.status, locked.published_at, locked.effective_date = (
        ReplacementListStatus.PUBLISHED, now, effective_date
    )  # fmt: skip
    try:
        with transaction.atomic():
            locked.save(update_fields=["status", "published_at", "effective_date"])
    except IntegrityError:
        raise PublicationConflict(
            _("Một phiên bản khác vừa được công bố; hãy tải lại trang. "
              "Another version was just published; reload the page.")
        ) from None  # fmt: skip
    _event(locked, Action.PUBLISH, by, effective_date.isoformat())
    # No approval is awaited any more, even for a list approved before approving
    # settled the leaders' messages.
    notifications_settle(action=_approval_asked(locked))
    _tell_drafter(
        locked, by=by,
        title=_("Danh mục thay thế đã được công bố: %(agency)s, phiên bản %(version)s, hiệu lực "
                "từ %(date)s. Replacement list published: %(agency)s, version %(version)s, in "
                "force from %(date)s.")
        % {**_labels(locked), "date": effective_date.strftime("%d/%m/%Y")},
    )  # fmt: skip
    return locked
