"""Nobody handles a complaint about themselves. An official is concerned by a
complaint when the reporter named them, or when they acted on the dossier it
is about (received it, asked for a supplement, decided…) or were assigned it:
the complaint then goes to another official of the unit, never to them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from complaints.exceptions import ComplaintInvalid
from complaints.models import Complaint
from portal.accounts.models import Role, User
from procedures.indexing import fold


def concerned_officials(complaint: Complaint) -> set[int]:
    """The ids of the users the complaint concerns (its dossier's handlers)."""
    if not complaint.dossier_id:
        return set()
    from dossiers.models import Dossier, DossierEvent

    acted = DossierEvent.objects.filter(dossier_id=complaint.dossier_id, actor__isnull=False)
    concerned = set(acted.values_list("actor_id", flat=True))
    dossier = Dossier.objects.filter(pk=complaint.dossier_id)
    concerned.update(
        user_id for user_id in dossier.values_list("assigned_to_id", flat=True) if user_id
    )
    return concerned


def is_concerned(complaint: Complaint, official: User | None) -> bool:
    """Whether `official` is named by the reporter or acted on the dossier."""
    if official is None:
        return False
    return bool(concerned_among(complaint, [official]))


def concerned_among(complaint: Complaint, officials) -> set[int]:
    """The ids of those of `officials` the complaint concerns."""
    named = fold(complaint.official_named or "")
    acted = concerned_officials(complaint)
    return {
        official.pk
        for official in officials
        if official.pk in acted or (named and named == fold(official.full_name or ""))
    }


def not_concerned_check(
    complaint: Complaint, official: User, *, field: str | None = "official"
) -> None:
    """Raises ComplaintInvalid when the complaint is about `official`: the one
    chosen in `field`, or, with none, the user taking the step."""
    if is_concerned(complaint, official):
        raise ComplaintInvalid(
            _(
                "Phản ánh này liên quan đến %(name)s: một cán bộ khác của đơn vị xử lý. "
                "This complaint concerns %(name)s: another official of the unit handles it."
            )
            % {"name": official.full_name or official.username},
            field=field,
        )


def take_up_excluded(*, complaint: Complaint, user: User) -> str:
    """Why this rule keeps `user` from taking the complaint up (as
    complaint_start refuses it), saying who takes it when no one else of the
    unit may; "" when it does not. The workspace shows it instead of the button."""
    handler = complaint.assigned_to if complaint.assigned_to_id else user
    if not is_concerned(complaint, handler):
        return ""
    if handler.pk != user.pk:
        return _(
            "It is assigned to %(name)s, whom it concerns: assign it to another official "
            "of the unit first."
        ) % {"name": handler.full_name or handler.username}
    # Imported here: the selectors read the handling rules, which read this module.
    from complaints.selectors import complaint_assignees

    others = complaint_assignees(complaint=complaint).exclude(pk=user.pk)
    if others.exclude(role=Role.LEADER).exists():
        return _(
            "This complaint concerns you (the reporter names you, or you acted on its "
            "dossier): another official of the unit takes it up."
        )
    if others.exists():
        return _(
            "This complaint concerns you (the reporter names you, or you acted on its "
            "dossier), and no other official of the unit may handle it: it waits for "
            "the unit's leader to take it up or assign it."
        )
    # Leaders above the unit read its complaints but do not handle them
    # (handling.may_handle): the province's service centre does, province-wide.
    return _(
        "This complaint concerns you (the reporter names you, or you acted on its "
        "dossier), and no one else of the unit may handle it: the staff of the "
        "province's public administration service centre, who handle complaints "
        "across the province, take it up."
    )
