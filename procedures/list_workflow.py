"""The publication workflow of a replacement list as one transitions table.

    draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published ──▶ superseded
      ▲                   │                     │                  (when the next version
      └──────return───────┴─────────────────────┘                   of the agency is published)

Who may take a step: service-center staff and leaders, for an agency they may
see (`agencies_visible_to`). Drafting (start, add or remove entries, submit)
is theirs; returning and approving belong to a leader whose subtree holds the
agency, and never to someone who drafted, edited or submitted that list (four
eyes); publishing needs an approved list. The guards raise domain errors; the
services in `procedures.publication` lock the row and apply the move."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.accounts.models import Agency, Role, User
from portal.accounts.selectors import agencies_visible_to
from procedures.exceptions import (
    OwnDraftApproval,
    PublicationForbidden,
    PublicationInvalid,
    WrongListStatus,
)
from procedures.models import ReplacementList, ReplacementListEvent
from procedures.models import ReplacementListStatus as S

WORKFLOW_ROLES = frozenset({Role.CENTER_STAFF, Role.LEADER})


class Action:
    DRAFT_STARTED = "draft_started"
    ENTRY_ADDED = "entry_added"
    ENTRY_REMOVED = "entry_removed"
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"
    PUBLISH = "publish"
    SUPERSEDED = "superseded"


ACTION_LABELS = {
    Action.DRAFT_STARTED: gettext_lazy("Draft started"),
    Action.ENTRY_ADDED: gettext_lazy("Entry added"),
    Action.ENTRY_REMOVED: gettext_lazy("Entry removed"),
    Action.SUBMIT: gettext_lazy("Submitted for approval"),
    Action.RETURN: gettext_lazy("Returned for changes"),
    Action.APPROVE: gettext_lazy("Approved"),
    Action.PUBLISH: gettext_lazy("Published"),
    Action.SUPERSEDED: gettext_lazy("Superseded"),
}

# Whoever took one of these steps is an author of the list and may not approve it.
AUTHOR_ACTIONS = (Action.DRAFT_STARTED, Action.ENTRY_ADDED, Action.ENTRY_REMOVED, Action.SUBMIT)


@dataclass(frozen=True)
class Step:
    action: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    reason_required: bool = False
    not_by_author: bool = False  # the four-eyes rule


def _step(action, sources, target, roles, **options) -> Step:
    return Step(action, frozenset(sources), target, frozenset(roles), **options)


STEPS: dict[str, Step] = {
    step.action: step
    for step in (
        _step(Action.SUBMIT, {S.DRAFT}, S.SUBMITTED, WORKFLOW_ROLES),
        _step(Action.RETURN, {S.SUBMITTED, S.APPROVED}, S.DRAFT, {Role.LEADER},
              reason_required=True),
        _step(Action.APPROVE, {S.SUBMITTED}, S.APPROVED, {Role.LEADER}, not_by_author=True),
        _step(Action.PUBLISH, {S.APPROVED}, S.PUBLISHED, WORKFLOW_ROLES),
    )
}  # fmt: skip

# Entries change only while the list is a draft, by the roles that draft it.
EDITABLE_STATUSES = frozenset({S.DRAFT})
EDIT_ROLES = WORKFLOW_ROLES
# Publishing the next version moves the published one here, in the same transaction.
SUPERSEDE = (S.PUBLISHED, S.SUPERSEDED)


def may_work_on(*, user: User, agency: Agency) -> bool:
    """Is this user center staff or a leader who may see this agency?"""
    if not user.is_authenticated or user.role not in WORKFLOW_ROLES:
        return False
    return agencies_visible_to(user=user).filter(pk=agency.pk).exists()


def authors_of(*, replacement_list: ReplacementList) -> set[int]:
    """The ids of the users who drafted, edited or submitted this list."""
    actors = ReplacementListEvent.objects.filter(
        replacement_list=replacement_list, action__in=AUTHOR_ACTIONS
    ).values_list("actor_id", flat=True)
    return {replacement_list.created_by_id, *actors}


def edit_check(*, replacement_list: ReplacementList, user: User) -> None:
    """Raises PublicationForbidden or WrongListStatus unless `user` may change the entries."""
    if user.role not in EDIT_ROLES or not may_work_on(user=user, agency=replacement_list.agency):
        raise PublicationForbidden()
    if replacement_list.status not in EDITABLE_STATUSES:
        raise WrongListStatus(status=replacement_list.status)


def step_check(
    *, replacement_list: ReplacementList, action: str, user: User, reason: str = ""
) -> Step:
    """The step `user` asks for, if the table allows it now. Raises
    PublicationForbidden (role, agency), WrongListStatus, OwnDraftApproval or
    PublicationInvalid (no reason)."""
    step = STEPS.get(action)
    if step is None:
        raise PublicationInvalid(_("Thao tác không hợp lệ. Unknown action."))
    if user.role not in step.roles or not may_work_on(user=user, agency=replacement_list.agency):
        raise PublicationForbidden()
    if replacement_list.status not in step.sources:
        raise WrongListStatus(status=replacement_list.status)
    if step.not_by_author and user.pk in authors_of(replacement_list=replacement_list):
        raise OwnDraftApproval()
    if step.reason_required and not reason.strip():
        raise PublicationInvalid(_("Cần nêu lý do. A reason is required."))
    return step


def allowed_actions(*, replacement_list: ReplacementList, user: User) -> set[str]:
    """What the pages offer this user now: the steps of the table that would
    pass their guards, and "edit" while the entries may change."""
    if user.role not in WORKFLOW_ROLES or not may_work_on(
        user=user, agency=replacement_list.agency
    ):
        return set()
    allowed = set()
    if replacement_list.status in EDITABLE_STATUSES and user.role in EDIT_ROLES:
        allowed.add("edit")
    authors: set[int] | None = None
    for step in STEPS.values():
        if user.role not in step.roles or replacement_list.status not in step.sources:
            continue
        if step.not_by_author:
            if authors is None:
                authors = authors_of(replacement_list=replacement_list)
            if user.pk in authors:
                continue
        allowed.add(step.action)
    return allowed
