"""Who may act for whom: oneself, or a parent for a child of their household
(as the National Population Database records it). Authorisations and legal
representatives of businesses come with the citizen journey."""

from __future__ import annotations

from django.utils.translation import gettext as _

from datasources.purposes import Purpose, PurposeKind
from datasources.services import lookup
from dossiers.exceptions import NoRightToAct
from dossiers.models import ActingBasis
from portal.accounts.models import Agency, User

CHILD_RELATIONS = frozenset({"con"})


def acting_right_check(*, applicant: User, subject: str, basis: str, agency: Agency) -> None:
    """Raises NoRightToAct unless the applicant may start a procedure for `subject`."""
    if subject == applicant.personal_id and basis == ActingBasis.SELF:
        return
    if basis != ActingBasis.PARENT:
        raise NoRightToAct(
            _(
                "Chỉ được làm thủ tục cho chính mình hoặc cho con. "
                "You may act only for yourself or for your child."
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
