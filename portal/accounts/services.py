"""Writes on accounts: assigning staff roles by personal ID."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from portal.accounts.exceptions import AccountError
from portal.accounts.models import (
    PERSONAL_ID_RE,
    ROLES_WITH_AGENCY,
    Agency,
    Role,
    User,
    personal_id_validator,
)

ASSIGNABLE_ROLES = frozenset(Role) - {Role.ADMINISTRATOR}


def _checked_personal_id(personal_id: str) -> str:
    personal_id = (personal_id or "").strip()
    if not PERSONAL_ID_RE.fullmatch(personal_id):
        raise AccountError(str(personal_id_validator.message), field="personal_id")
    return personal_id


def _checked_role(role: str) -> Role:
    if role not in {r.value for r in ASSIGNABLE_ROLES}:
        known = ", ".join(sorted(r.value for r in ASSIGNABLE_ROLES))
        raise AccountError(
            _(
                "Vai trò không hợp lệ: %(role)s (dùng một trong: %(known)s). "
                "Unknown role: %(role)s (use one of: %(known)s)."
            )
            % {"role": role, "known": known},
            field="role",
        )
    return Role(role)


def _checked_agency(role: Role, agency_code: str | None) -> Agency | None:
    if role not in ROLES_WITH_AGENCY:
        return None
    if not agency_code:
        raise AccountError(
            _(
                "Cán bộ phải thuộc một cơ quan: hãy chỉ rõ mã cơ quan. "
                "Staff must belong to an agency: give its code."
            ),
            field="agency",
        )
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        raise AccountError(
            _("Không có cơ quan mã %(code)s. There is no agency with code %(code)s.")
            % {"code": agency_code},
            field="agency",
        )
    return agency


@transaction.atomic
def staff_assign(
    *, personal_id: str, role: str, agency_code: str | None = None, full_name: str = ""
) -> User:
    """Give the person with this personal ID a role (and agency). Creates the
    account if the person never logged in; they log in through VNeID and land
    in it. Raises AccountError and changes nothing on bad input."""
    personal_id = _checked_personal_id(personal_id)
    checked_role = _checked_role(role)
    agency = _checked_agency(checked_role, agency_code)
    user = User.objects.select_for_update().filter(personal_id=personal_id).first()
    if user is not None and user.role == Role.ADMINISTRATOR:
        raise AccountError(
            _(
                "Không thể đổi vai trò của quản trị viên ở đây. "
                "An administrator's role cannot be changed here."
            ),
            field="role",
        )
    if user is None:
        user = User(username=personal_id, personal_id=personal_id)
        user.set_unusable_password()
    user.role = checked_role
    user.agency = agency
    if full_name:
        user.full_name = full_name
    user.save()
    return user
