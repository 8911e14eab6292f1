import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from portal.accounts.models import Role, User
from tests.accounts.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad", ["12345678901", "1234567890123", "03109000123A", " 31090001234"])
def test_personal_id_must_be_exactly_twelve_digits(bad):
    user = User(username="x", personal_id=bad, role=Role.CITIZEN)

    with pytest.raises(ValidationError) as error:
        user.full_clean()

    assert "12 chữ số" in str(error.value) and "12 digits" in str(error.value)


def test_a_valid_personal_id_passes():
    CitizenFactory.build(personal_id="031090001234").full_clean(exclude=["password"])


def test_staff_without_an_agency_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="o", personal_id="031188000001", role=Role.OFFICIAL)


def test_an_unknown_role_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="r", personal_id="031188000002", role="mayor")


def test_personal_ids_are_unique():
    CitizenFactory(personal_id="031090001234")

    with pytest.raises(IntegrityError), transaction.atomic():
        CitizenFactory(personal_id="031090001234", username="other")


def test_agency_path_follows_the_tree(hong_bang_ward, hai_phong):
    assert hai_phong.path == "31/"
    assert hong_bang_ward.path == "31/11311/"
    assert hong_bang_ward.is_within(hai_phong)
    assert not hai_phong.is_within(hong_bang_ward)
