"""Optimistic concurrency for the official's dossier page: each of its action
forms carries the dossier's status and assignee as the page showed them, and
a move sent from a page that no longer tells the truth (a colleague took the
dossier, or moved it on, since it was opened) is refused with what changed,
instead of being carried out on a dossier the official did not see.

A request without them (a script, an agency API call that sends neither)
claims nothing seen: the transitions table's own checks still apply to it.
The agency API may claim either one alone."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _

from dossiers.exceptions import DossierChanged, DossierError
from dossiers.models import Dossier, DossierStatus
from portal.core.keys import key_or_none


@dataclass(frozen=True)
class SeenState:
    """What the page showed of the dossier when it was drawn. `status` None:
    no status claimed; `assignee_claimed` False: no assignee claimed."""

    status: str | None
    assigned_to_id: int | None
    assignee_claimed: bool = True


def seen_state_parse(data: Mapping) -> SeenState | None:
    """The state a form says its page showed (`seen_status`, `seen_assigned_to`),
    or None when it says nothing. Raises DossierError for a malformed one."""
    status = data.get("seen_status")
    if status is None:
        return None
    assignee = data.get("seen_assigned_to") or ""
    assigned_to_id = key_or_none(assignee) if assignee else None
    if status not in DossierStatus.values or (assignee and assigned_to_id is None):
        raise DossierError(
            _("Biểu mẫu không hợp lệ; hãy tải lại trang. The form is not valid; reload the page.")
        )
    return SeenState(status=status, assigned_to_id=assigned_to_id)


def dossier_unchanged_check(*, dossier: Dossier, seen: SeenState | None) -> None:
    """Lock the dossier's row for the caller's transaction and compare it with
    what the page showed. Raises DossierChanged saying what changed (its new
    status, who has it now); nothing when `seen` is None."""
    if seen is None:
        return
    # The row alone: a locked row that a colleague changed meanwhile is read
    # again as they left it, but a table joined to it would still be read as
    # it was before (PostgreSQL), so who has it now is read once it is locked.
    status, assigned_to_id = (
        Dossier.objects.select_for_update()
        .filter(pk=dossier.pk)
        .values_list("status", "assigned_to_id")
        .get()
    )
    changes_vi, changes_en = [], []
    if seen.status is not None and status != seen.status:
        # Each half of the message names the status in its own language.
        label = DossierStatus(status).label
        with translation.override("vi"):
            changes_vi.append(f"hồ sơ nay ở trạng thái “{label}”")
        with translation.override("en"):
            changes_en.append(f"it is now “{label}”")
    if seen.assignee_claimed and assigned_to_id != seen.assigned_to_id:
        if assigned_to_id is None:
            changes_vi.append("hồ sơ nay không giao cho ai")
            changes_en.append("it is no longer assigned to anyone")
        else:
            name = _assignee_name(assigned_to_id)
            changes_vi.append(f"hồ sơ nay do {name} xử lý")
            changes_en.append(f"it is now with {name}")
    if changes_vi:
        # Not "reload the page": the refusal is drawn with the dossier as it is
        # now, at the address the form was posted to, which a reload posts again.
        raise DossierChanged(
            _("Hồ sơ đã thay đổi từ khi bạn mở trang: %(vi)s. Chưa thực hiện thao tác nào; "
              "hãy xem hồ sơ như hiện nay rồi làm lại nếu vẫn cần. "
              "The dossier changed since you opened this page: %(en)s. Nothing was done; "
              "look at the dossier as it is now and act again if still needed.")
            % {"vi": "; ".join(changes_vi), "en": "; ".join(changes_en)}
        )  # fmt: skip


def _assignee_name(user_id: int) -> str:
    full_name, username = (
        get_user_model().objects.filter(pk=user_id).values_list("full_name", "username").get()
    )
    return full_name or username
