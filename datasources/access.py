"""Who may read whose data for which purpose: the purpose-bound access rule."""

from __future__ import annotations

from django.utils.translation import gettext as _

from datasources.purposes import Purpose, PurposeKind
from portal.accounts.models import Role, User
from portal.accounts.selectors import acts_for_unit, agencies_visible_to

STAFF_ROLES = (Role.OFFICIAL, Role.CENTER_STAFF, Role.LEADER)


def lookup_denial_reason(*, actor: User, subject: str, purpose: Purpose) -> str | None:
    """None when the actor may read the subject's data for the purpose, else why not."""
    if subject not in purpose.subject_personal_ids:
        return _(
            "Người này không phải là chủ thể của hồ sơ. This person is not a subject of the case."
        )
    if actor.role == Role.CITIZEN:
        if purpose.enterprise_code and subject != actor.personal_id:
            # For an enterprise's case its legal representative reads their own records only.
            return _(
                "Chỉ người đại diện theo pháp luật được khai thác dữ liệu cho hồ sơ của doanh "
                "nghiệp. Only the legal representative may read data for an enterprise's case."
            )
        if purpose.applicant_id is not None and purpose.applicant_id == actor.pk:
            return None
        return _(
            "Công dân chỉ được khai thác dữ liệu cho hồ sơ của chính mình. "
            "Citizens may read data only for their own cases."
        )
    if actor.role in STAFF_ROLES:
        # The case's own unit reads for it; a leader above oversees, never reads for it.
        # The service centre serves the whole province (its hotline's complaints).
        if actor.role == Role.CENTER_STAFF:
            own = (
                purpose.agency_id is not None
                and agencies_visible_to(user=actor).filter(pk=purpose.agency_id).exists()
            )
        else:
            own = acts_for_unit(user=actor, agency_id=purpose.agency_id)
        if own:
            return None
        return _(
            "Cán bộ chỉ được khai thác dữ liệu cho hồ sơ của đơn vị mình. "
            "Officials may read data only for cases of their own unit."
        )
    if actor.role == Role.DATA_OWNER:
        if purpose.kind == PurposeKind.CORRECTION and purpose.agency_id == actor.agency_id:
            return None
        return _(
            "Cơ quan chủ quản chỉ khai thác dữ liệu khi xử lý yêu cầu điều chỉnh của mình. "
            "Database owners read data only for their own correction requests."
        )
    return _(
        "Vai trò này không được khai thác dữ liệu cá nhân. This role may not read personal data."
    )
