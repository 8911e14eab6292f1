"""A parent starting a dossier for a child does not have to know the child's
ID number: the portal offers the children of the parent's household, as the
National Population Database records them, read (and logged) only when the
parent chooses "my child": fetched into the form then, or shown as a second
step without JavaScript, with no error until the list was offered."""

from __future__ import annotations

import re

import pytest

from dossiers.models import ActingBasis, Dossier
from portal.audit.models import AccessLog
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db(transaction=True)

LOGIN = "portal.accounts.backends.VNeIDSessionBackend"
AN = "031090001234"
KHANG = "031218000321"
THU = "031192004321"  # An's wife: in the household, not his child


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen, backend=LOGIN)
    return client


@pytest.fixture
def procedure(db):
    return ProcedureFactory(code="1.004222", agency_kinds=["commune_committee"])


def _start(client, procedure, unit, follow=False, **data):
    return client.post(f"/dossiers/start/{procedure.code}/",
                       {"province": "31", "agency": unit.pk, **data}, follow=follow)  # fmt: skip


def _household_reads() -> int:
    return AccessLog.objects.filter(subject_personal_id=AN, source="population").count()


def test_a_parent_who_types_no_number_is_shown_their_children_without_an_error(
    gateway_live, signed_in, procedure, hong_bang_ward
):
    # Without JavaScript, Start with "my child" and no number is the second step:
    # the household's children, to choose from, not a refusal; on a page of its
    # own, asked for "my child" by a GET that a reload repeats without posting.
    posted = _start(signed_in, procedure, hong_bang_ward, acting_basis=ActingBasis.PARENT)
    assert posted.status_code == 303
    assert posted["Location"] == (f"/dossiers/start/{procedure.code}/?province=31"
                                  f"&agency={hong_bang_ward.pk}&acting_basis=parent")  # fmt: skip
    response = signed_in.get(posted["Location"])

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="my-children"' in page
    assert f'name="child" id="child-{KHANG}" value="{KHANG}"' in page
    assert "Nguyễn Minh Khang" in page and THU not in page  # children only
    assert 'name="children_offered"' in page
    assert 'data-testid="choose-child-step"' in page
    assert "Choose your child from your household, or enter" not in page  # no error yet
    assert "is-invalid" not in page and 'role="alert"' not in page
    assert f'value="{hong_bang_ward.pk}" selected' in page  # the unit chosen is kept
    assert re.search(r'<input type="radio" name="acting_basis" value="parent"[^>]* checked', page)
    assert "Trẻ mới sinh chưa đăng ký khai sinh" in page  # the birth itself: as oneself
    assert not Dossier.objects.exists()
    log = AccessLog.objects.get(subject_personal_id=AN, source="population")
    assert log.purpose_label == "Xác minh quyền làm thủ tục thay cho con"
    assert log.fields == ["household_members"]


def test_choosing_my_child_fetches_the_household_children_into_the_form(
    gateway_live, signed_in, procedure
):
    url = f"/dossiers/start/{procedure.code}/children/"
    start_page = signed_in.get(f"/dossiers/start/{procedure.code}/?province=31").content.decode()

    response = signed_in.get(url, {"acting_basis": ActingBasis.PARENT}, HTTP_HX_REQUEST="true")

    assert f'hx-get="{url}"' in start_page and 'id="household-children"' in start_page
    assert response.status_code == 200
    fragment = response.content.decode()
    assert f'id="child-{KHANG}"' in fragment and THU not in fragment
    assert 'name="children_offered"' in fragment and "<html" not in fragment
    assert _household_reads() == 1


def test_choosing_another_basis_empties_the_children_and_reads_nothing(
    gateway_live, signed_in, procedure
):
    url = f"/dossiers/start/{procedure.code}/children/"

    response = signed_in.get(url, {"acting_basis": ActingBasis.SELF}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200 and response.content == b""
    assert _household_reads() == 0


def test_no_child_chosen_once_the_children_were_shown_is_refused(
    gateway_live, signed_in, procedure, hong_bang_ward
):
    response = _start(signed_in, procedure, hong_bang_ward, acting_basis=ActingBasis.PARENT,
                      children_offered="on")  # fmt: skip

    assert response.status_code == 400
    page = response.content.decode()
    assert "Chọn con của bạn trong danh sách hộ gia đình" in page
    assert f'id="child-{KHANG}"' in page  # offered again, next to the error
    assert not Dossier.objects.exists()


def test_choosing_the_child_starts_the_dossier_for_them(
    gateway_live, signed_in, procedure, hong_bang_ward
):
    response = _start(signed_in, procedure, hong_bang_ward, acting_basis=ActingBasis.PARENT,
                      child=KHANG)  # fmt: skip

    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.subject_personal_id, dossier.acting_basis) == (KHANG, ActingBasis.PARENT)


def test_someone_else_posted_as_the_child_is_still_refused(
    gateway_live, signed_in, procedure, hong_bang_ward
):
    response = _start(signed_in, procedure, hong_bang_ward, acting_basis=ActingBasis.PARENT,
                      child=THU)  # fmt: skip

    assert response.status_code == 400
    page = response.content.decode()
    assert "không phải là con trong hộ của bạn" in page
    assert f'id="child-{KHANG}"' in page  # the real children, to choose again
    assert not Dossier.objects.exists()


def test_a_child_typed_by_number_who_is_not_in_the_household_is_refused(
    gateway_live, signed_in, procedure, hong_bang_ward
):
    response = _start(signed_in, procedure, hong_bang_ward, acting_basis=ActingBasis.PARENT,
                      subject_personal_id=THU)  # fmt: skip

    assert response.status_code == 400
    assert "không phải là con trong hộ của bạn" in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_household_is_read_only_when_the_parent_asks(
    gateway_live, signed_in, procedure, hong_bang_ward
):
    page = signed_in.get(f"/dossiers/start/{procedure.code}/?province=31").content.decode()
    _start(signed_in, procedure, hong_bang_ward, acting_basis=ActingBasis.SELF)

    assert 'data-testid="my-children"' not in page
    assert _household_reads() == 0


def test_an_unreadable_population_database_says_to_type_the_number(
    signed_in, procedure, hong_bang_ward, settings
):
    settings.GATEWAY_URL = "http://127.0.0.1:9/gateway"  # nobody listens there
    settings.GATEWAY_RETRIES = 0

    response = _start(signed_in, procedure, hong_bang_ward, acting_basis=ActingBasis.PARENT,
                      follow=True)  # fmt: skip

    assert response.status_code == 200
    assert "không đọc được CSDL quốc gia về dân cư" in response.content.decode()
    assert not Dossier.objects.exists()


# The household is read once for each time the parent asks, not for each reload.


def test_reloading_the_choose_a_child_step_reads_the_household_once(
    gateway_live, signed_in, procedure, hong_bang_ward
):
    posted = _start(signed_in, procedure, hong_bang_ward, acting_basis=ActingBasis.PARENT)
    step = signed_in.get(posted["Location"])
    reloads = [signed_in.get(posted["Location"]) for _ in range(2)]
    # "My child" chosen again in the live form, and the list shown again with an error.
    live = signed_in.get(f"/dossiers/start/{procedure.code}/children/",
                         {"acting_basis": ActingBasis.PARENT}, HTTP_HX_REQUEST="true")  # fmt: skip
    no_child = _start(signed_in, procedure, hong_bang_ward, acting_basis=ActingBasis.PARENT,
                      children_offered="on")  # fmt: skip

    assert [r.status_code for r in (step, *reloads, live, no_child)] == [200, 200, 200, 200, 400]
    assert all(f'id="child-{KHANG}"' in r.content.decode()
               for r in (step, *reloads, live, no_child))  # fmt: skip
    assert _household_reads() == 1
    log = AccessLog.objects.get(subject_personal_id=AN, source="population")
    assert log.purpose_label == "Xác minh quyền làm thủ tục thay cho con"


def test_the_household_is_read_again_once_the_kept_answer_is_old(
    gateway_live, signed_in, procedure, hong_bang_ward
):
    from dossiers import start_answers

    url = f"/dossiers/start/{procedure.code}/?province=31&acting_basis=parent"
    signed_in.get(url)
    session = signed_in.session
    session[start_answers.SESSION_KEY]["population"]["at"] -= start_answers.KEPT_SECONDS + 1
    session.save()

    again = signed_in.get(url)

    assert f'id="child-{KHANG}"' in again.content.decode()
    assert _household_reads() == 2


def test_the_household_kept_for_the_step_is_dropped_once_the_dossier_starts(
    gateway_live, signed_in, procedure, hong_bang_ward
):
    from dossiers import start_answers

    signed_in.get(f"/dossiers/start/{procedure.code}/?province=31&acting_basis=parent")
    kept = signed_in.session[start_answers.SESSION_KEY]["population"]["rows"]
    assert kept == [{"personal_id": KHANG, "full_name": "Nguyễn Minh Khang"}]  # only what is shown

    started = _start(signed_in, procedure, hong_bang_ward, acting_basis=ActingBasis.PARENT,
                     child=KHANG, children_offered="on")  # fmt: skip

    assert started.status_code == 302 and Dossier.objects.get().subject_personal_id == KHANG
    assert start_answers.SESSION_KEY not in signed_in.session
