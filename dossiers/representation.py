"""Who may act for whom: oneself; a parent for a child of their household (as
the National Population Database records it); or someone the subject has
authorised (ủy quyền) on the portal, for this procedure or any, today."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from datasources.purposes import Purpose, PurposeKind
from datasources.services import lookup
from dossiers.exceptions import NoRightToAct
from dossiers.models import ActingBasis, Authorisation
from portal.accounts.models import Agency, User
from procedures.models import Procedure

CHILD_RELATIONS = frozenset({"con"})


def authorisation_in_force(
    *, agent: User, principal_personal_id: str, procedure: Procedure | None = None
) -> Authorisation | None:
    """The authorisation letting `agent` act for this principal today (for this
    procedure, or for any), if there is one."""
    today = timezone.localdate()
    authorisations = Authorisation.objects.filter(
        agent_personal_id=agent.personal_id, principal__personal_id=principal_personal_id,
        revoked_at__isnull=True, valid_from__lte=today, valid_until__gte=today,
    )  # fmt: skip
    if procedure is not None:
        authorisations = authorisations.filter(Q(procedure=procedure) | Q(procedure__isnull=True))
    return authorisations.order_by("-created_at").first()


def acting_right_check(
    *, applicant: User, subject: str, basis: str, agency: Agency, procedure: Procedure | None = None
) -> Authorisation | None:
    """Raises NoRightToAct unless the applicant may start a procedure for
    `subject`; returns the authorisation relied on, if any."""
    if subject == applicant.personal_id and basis == ActingBasis.SELF:
        return None
    if basis == ActingBasis.AUTHORISATION:
        authorisation = authorisation_in_force(
            agent=applicant, principal_personal_id=subject, procedure=procedure
        )
        if authorisation is None:
            raise NoRightToAct(
                _(
                    "Người này chưa ủy quyền cho bạn làm thủ tục này (hoặc ủy quyền đã hết hạn). "
                    "This person has not authorised you for this procedure, or the "
                    "authorisation has expired."
                )
            )
        return authorisation
    if basis != ActingBasis.PARENT:
        raise NoRightToAct(
            _(
                "Chỉ được làm thủ tục cho chính mình, cho con hoặc theo ủy quyền. "
                "You may act only for yourself, for your child or under an authorisation."
            )
        )
    # Reading the applicant's own household record, to establish the right.
    purpose = Purpose(
        kind=PurposeKind.DOSSIER,
        reference="new",
        label=_("Xác minh quyền làm thủ tục thay cho con"),
        agency_id=agency.pk,
        applicant_id=applicant.pk,
        subject_personal_ids=frozenset({applicant.personal_id}),
    )
    result = lookup(source="population", subject=applicant.personal_id,
                    fields=["household_members"], actor=applicant, purpose=purpose)  # fmt: skip
    members = result.values.get("household_members") or []
    if not any(m.get("personal_id") == subject and m.get("relation") in CHILD_RELATIONS
               for m in members):  # fmt: skip
        raise NoRightToAct(
            _(
                "Theo CSDL quốc gia về dân cư, người này không phải là con trong hộ của bạn. "
                "The National Population Database does not list this person as your child."
            )
        )
    return None
