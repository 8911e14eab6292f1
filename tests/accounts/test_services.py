"""Assigning staff roles by personal ID, and every way to get it wrong."""

import pytest

from portal.accounts.exceptions import AccountError
from portal.accounts.models import Role, User
from portal.accounts.services import staff_assign

pytestmark = pytest.mark.django_db


def test_assigning_a_new_official_creates_an_account_without_password(hong_bang_ward):
    user = staff_assign(personal_id="031188002468", role="official", agency_code="11311")

    assert user.role == Role.OFFICIAL and user.agency == hong_bang_ward
    assert not user.has_usable_password()


def test_a_citizen_who_becomes_an_official_keeps_their_account(citizen, hong_bang_ward):
    user = staff_assign(personal_id=citizen.personal_id, role="official", agency_code="11311")

    assert user.pk == citizen.pk
    assert User.objects.get(pk=citizen.pk).role == Role.OFFICIAL


@pytest.mark.parametrize(
    ("personal_id", "role", "agency_code", "field", "words"),
    [
        ("12345", "official", "11311", "personal_id", "12 chữ số"),
        ("0311880024AB", "official", "11311", "personal_id", "12 digits"),
        ("031188002468", "mayor", "11311", "role", "Unknown role"),
        ("031188002468", "administrator", None, "role", "Vai trò không hợp lệ"),
        ("031188002468", "official", "99999", "agency", "no agency with code 99999"),
        ("031188002468", "official", None, "agency", "Staff must belong to an agency"),
    ],
)
def test_bad_input_is_refused_clearly_and_changes_nothing(
    hong_bang_ward, personal_id, role, agency_code, field, words
):
    with pytest.raises(AccountError) as error:
        staff_assign(personal_id=personal_id, role=role, agency_code=agency_code)

    assert error.value.field == field
    assert words in error.value.message
    assert not User.objects.exists()


def test_an_administrator_cannot_be_demoted_here(hong_bang_ward):
    User.objects.create(username="root", personal_id="031188002468", role=Role.ADMINISTRATOR)

    with pytest.raises(AccountError):
        staff_assign(personal_id="031188002468", role="official", agency_code="11311")

    assert User.objects.get(personal_id="031188002468").role == Role.ADMINISTRATOR
