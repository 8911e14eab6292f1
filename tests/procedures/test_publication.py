"""Publishing the list of dossier components replaced by electronic data:
staff draft, a leader approves, publishing supersedes the previous version."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from portal.notifications.models import Notification
from procedures import publication
from procedures.exceptions import (
    OpenListExists,
    OwnDraftApproval,
    PublicationForbidden,
    PublicationInvalid,
    WrongListStatus,
)
from procedures.models import ReplacementList, ReplacementListEntry, ReplacementListStatus
from tests.accounts.factories import CitizenFactory
from tests.procedures.publication_steps import approved_list, published_list, submitted_list

pytestmark = pytest.mark.django_db

S = ReplacementListStatus


def _keys(replacement_list):
    return {entry.key for entry in replacement_list.entries.all()}


def test_a_first_draft_takes_the_commune_replacements_in_force(
    catalog, center_staff, hong_bang_ward
):
    draft = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)

    assert (draft.version, draft.status, draft.created_by) == (1, S.DRAFT, center_staff)
    assert _keys(draft) == {
        ("1.001193", "xac-nhan-cu-tru", "residence_confirmation"),
        ("1.001193", "giay-ket-hon", "marriage_certificate"),
        ("1.004194", "so-ho-khau", "household_membership"),
    }
    entry = draft.entries.get(component_code="so-ho-khau")
    assert entry.replacement == catalog.replacements.stay_household
    assert (entry.procedure_name, entry.sector_name, entry.source) == (
        "Đăng ký thường trú", "Cư trú", "population",
    )  # fmt: skip
    assert list(draft.events.values_list("action", "actor")) == [("draft_started", center_staff.pk)]


def test_a_province_draft_takes_the_province_level_procedures(catalog, center_staff, hai_phong):
    draft = publication.replacement_list_draft_start(agency=hai_phong, by=center_staff)

    assert _keys(draft) == {("1.002809", "gcn-qsdd", "land_use_certificate")}


def test_staff_draft_a_leader_approves_and_publishing_supersedes_the_previous_version(
    catalog, center_staff, leader, ward_leader, hong_bang_ward
):
    today = timezone.localdate()
    draft = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)
    submitted = publication.replacement_list_submit(replacement_list=draft, by=center_staff)
    assert submitted.status == S.SUBMITTED and submitted.submitted_at is not None
    told = Notification.objects.filter(title__contains="chờ phê duyệt")
    assert {note.user for note in told} == {leader, ward_leader}

    approved = publication.replacement_list_approve(replacement_list=submitted, by=leader)
    assert (approved.status, approved.approved_by) == (S.APPROVED, leader)
    first = publication.replacement_list_publish(
        replacement_list=approved, by=leader, effective_date=today
    )
    assert (first.status, first.effective_date) == (S.PUBLISHED, today)
    assert Notification.objects.filter(
        user=center_staff, title__contains="đã được công bố"
    ).exists()

    second = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)
    assert second.version == 2 and _keys(second) == _keys(first)
    publication.replacement_list_entry_add(
        replacement_list=second, replacement=catalog.replacements.stay_identity, by=center_staff
    )
    publication.replacement_list_entry_remove(
        replacement_list=second, entry=second.entries.get(component_code="giay-ket-hon"),
        by=center_staff,
    )  # fmt: skip
    publication.replacement_list_submit(replacement_list=second, by=center_staff)
    publication.replacement_list_approve(replacement_list=second, by=ward_leader)
    publication.replacement_list_publish(
        replacement_list=second, by=ward_leader, effective_date=today + datetime.timedelta(days=7)
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.SUPERSEDED, S.PUBLISHED)
    assert first.superseded_at is not None
    assert ReplacementList.objects.filter(agency=hong_bang_ward, status=S.PUBLISHED).count() == 1
    assert ("1.004194", "giay-to-nhan-than", "identity_information") in _keys(second)
    assert ("1.001193", "giay-ket-hon", "marriage_certificate") in _keys(first)
    assert list(second.events.values_list("action", flat=True)) == [
        "draft_started", "entry_added", "entry_removed", "submit", "approve", "publish",
    ]  # fmt: skip
    assert list(first.events.values_list("action", flat=True))[-1] == "superseded"


def test_a_new_draft_takes_the_catalog_text_and_the_published_one_keeps_its_own(
    catalog, center_staff, leader, hong_bang_ward
):
    first = published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    replacement = catalog.replacements.birth_residence
    replacement.legal_basis = "Nghị định 104/2022/NĐ-CP"
    replacement.save()

    second = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)

    key = {"component_code": "xac-nhan-cu-tru"}
    assert second.entries.get(**key).legal_basis == "Nghị định 104/2022/NĐ-CP"
    assert first.entries.get(**key).legal_basis == "Nghị quyết 66.7/2025/NQ-CP"


def test_an_entry_whose_replacement_left_the_catalog_is_kept_as_published(
    catalog, center_staff, leader, hong_bang_ward
):
    published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    catalog.replacements.birth_marriage.delete()

    second = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)

    kept = second.entries.get(component_code="giay-ket-hon")
    assert kept.replacement is None and kept.document_type == "marriage_certificate"


@pytest.mark.parametrize("stage", ["draft", "submitted", "approved"])
def test_an_agency_has_one_open_list_at_a_time(
    stage, catalog, center_staff, leader, hong_bang_ward
):
    if stage == "draft":
        publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)
    elif stage == "submitted":
        submitted_list(agency=hong_bang_ward, staff=center_staff)
    else:
        approved_list(agency=hong_bang_ward, staff=center_staff, leader=leader)

    with pytest.raises(OpenListExists):
        publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)
    assert ReplacementList.objects.filter(agency=hong_bang_ward).count() == 1


@pytest.mark.parametrize("stage", ["draft", "submitted"])
def test_publishing_without_approval_is_refused(stage, catalog, center_staff, hong_bang_ward):
    replacement_list = publication.replacement_list_draft_start(
        agency=hong_bang_ward, by=center_staff
    )
    if stage == "submitted":
        publication.replacement_list_submit(replacement_list=replacement_list, by=center_staff)

    with pytest.raises(WrongListStatus):
        publication.replacement_list_publish(
            replacement_list=replacement_list, by=center_staff,
            effective_date=timezone.localdate(),
        )  # fmt: skip
    replacement_list.refresh_from_db()
    assert replacement_list.status == stage and replacement_list.published_at is None


def test_a_leader_cannot_approve_their_own_draft(catalog, ward_leader, leader, hong_bang_ward):
    draft = publication.replacement_list_draft_start(agency=hong_bang_ward, by=ward_leader)
    publication.replacement_list_submit(replacement_list=draft, by=ward_leader)

    with pytest.raises(OwnDraftApproval) as refused:
        publication.replacement_list_approve(replacement_list=draft, by=ward_leader)
    assert "chính mình" in refused.value.message and refused.value.http_status == 403
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED and draft.approved_by is None

    publication.replacement_list_approve(replacement_list=draft, by=leader)
    draft.refresh_from_db()
    assert draft.status == S.APPROVED


@pytest.mark.parametrize("authored_by", ["submit", "entry_add"])
def test_a_leader_who_submitted_or_edited_a_list_cannot_approve_it(
    authored_by, catalog, center_staff, ward_leader, hong_bang_ward
):
    draft = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)
    if authored_by == "entry_add":
        publication.replacement_list_entry_add(
            replacement_list=draft, replacement=catalog.replacements.stay_identity, by=ward_leader
        )
        publication.replacement_list_submit(replacement_list=draft, by=center_staff)
    else:
        publication.replacement_list_submit(replacement_list=draft, by=ward_leader)

    with pytest.raises(OwnDraftApproval):
        publication.replacement_list_approve(replacement_list=draft, by=ward_leader)


def test_officials_citizens_and_another_province_may_not_draft(
    catalog, commune_official, ha_noi_staff, hong_bang_ward
):
    for outsider in (commune_official, CitizenFactory(), ha_noi_staff):
        with pytest.raises(PublicationForbidden):
            publication.replacement_list_draft_start(agency=hong_bang_ward, by=outsider)
    assert not ReplacementList.objects.exists()


def test_only_a_leader_above_the_agency_approves(
    catalog, center_staff, ward_leader, le_chan_ward, commune_official
):
    submitted = submitted_list(agency=le_chan_ward, staff=center_staff)

    for outsider in (ward_leader, center_staff, commune_official):  # another ward; not leaders
        with pytest.raises(PublicationForbidden):
            publication.replacement_list_approve(replacement_list=submitted, by=outsider)
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_entries_change_only_while_the_list_is_a_draft(catalog, center_staff, hong_bang_ward):
    submitted = submitted_list(agency=hong_bang_ward, staff=center_staff)

    with pytest.raises(WrongListStatus):
        publication.replacement_list_entry_add(
            replacement_list=submitted, replacement=catalog.replacements.stay_identity,
            by=center_staff,
        )  # fmt: skip
    with pytest.raises(WrongListStatus):
        publication.replacement_list_entry_remove(
            replacement_list=submitted, entry=submitted.entries.first(), by=center_staff
        )
    assert submitted.entries.count() == 3


def test_an_entry_must_be_of_the_agency_level_and_only_once(catalog, center_staff, hong_bang_ward):
    draft = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)

    with pytest.raises(PublicationInvalid):  # a province-level procedure
        publication.replacement_list_entry_add(
            replacement_list=draft, replacement=catalog.replacements.licence_land, by=center_staff
        )
    with pytest.raises(PublicationInvalid):  # already on it
        publication.replacement_list_entry_add(
            replacement_list=draft, replacement=catalog.replacements.birth_residence,
            by=center_staff,
        )  # fmt: skip
    assert draft.entries.count() == 3


def test_an_empty_list_cannot_be_submitted(center_staff, hong_bang_ward):
    draft = publication.replacement_list_draft_start(agency=hong_bang_ward, by=center_staff)

    with pytest.raises(PublicationInvalid):
        publication.replacement_list_submit(replacement_list=draft, by=center_staff)
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_a_returned_list_is_a_draft_again_and_the_drafter_reads_why(
    catalog, center_staff, leader, hong_bang_ward
):
    submitted = submitted_list(agency=hong_bang_ward, staff=center_staff)
    with pytest.raises(PublicationInvalid):
        publication.replacement_list_return(replacement_list=submitted, by=leader, reason="  ")

    returned = publication.replacement_list_return(
        replacement_list=submitted, by=leader, reason="Thiếu thủ tục đăng ký kết hôn"
    )

    assert returned.status == S.DRAFT and returned.submitted_at is None
    assert returned.events.last().note == "Thiếu thủ tục đăng ký kết hôn"
    note = Notification.objects.get(user=center_staff, title__contains="trả lại")
    assert note.body == "Thiếu thủ tục đăng ký kết hôn"
    publication.replacement_list_entry_add(
        replacement_list=returned, replacement=catalog.replacements.stay_identity, by=center_staff
    )


def test_an_approved_list_can_be_returned_before_publication(
    catalog, center_staff, leader, hong_bang_ward
):
    approved = approved_list(agency=hong_bang_ward, staff=center_staff, leader=leader)

    returned = publication.replacement_list_return(
        replacement_list=approved, by=leader, reason="Chờ Nghị định mới"
    )

    assert (returned.status, returned.approved_by, returned.approved_at) == (S.DRAFT, None, None)


def test_the_effective_date_cannot_be_in_the_past(catalog, center_staff, leader, hong_bang_ward):
    approved = approved_list(agency=hong_bang_ward, staff=center_staff, leader=leader)

    with pytest.raises(PublicationInvalid):
        publication.replacement_list_publish(
            replacement_list=approved, by=center_staff,
            effective_date=timezone.localdate() - datetime.timedelta(days=1),
        )  # fmt: skip
    approved.refresh_from_db()
    assert approved.status == S.APPROVED


def test_only_people_s_committees_keep_a_list(center_staff):
    with pytest.raises(PublicationInvalid):
        publication.replacement_list_draft_start(agency=center_staff.agency, by=center_staff)


def _race(workers: int, work) -> tuple[list, list]:
    start = threading.Barrier(workers)
    results, errors = [], []

    def run():
        try:
            start.wait(timeout=10)
            results.append(work())
        except Exception as error:  # collected for the assertions
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_double_publish_leaves_one_published_list(
    catalog, center_staff, leader, ward_leader, hong_bang_ward
):
    first = published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    second = approved_list(agency=hong_bang_ward, staff=center_staff, leader=leader)

    results, errors = _race(4, lambda: publication.replacement_list_publish(
        replacement_list=second, by=center_staff, effective_date=timezone.localdate()
    ))  # fmt: skip

    assert len(results) == 1
    assert len(errors) == 3 and all(isinstance(error, WrongListStatus) for error in errors)
    assert list(
        ReplacementList.objects.filter(agency=hong_bang_ward).values_list("version", "status")
    ) == [(2, S.PUBLISHED), (1, S.SUPERSEDED)]
    assert first.events.filter(action="superseded").count() == 1
    assert second.events.filter(action="publish").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_draft_starts_open_one_draft(catalog, center_staff, hong_bang_ward):
    results, errors = _race(4, lambda: publication.replacement_list_draft_start(
        agency=hong_bang_ward, by=center_staff
    ))  # fmt: skip

    assert len(results) == 1 and len(errors) == 3
    assert ReplacementList.objects.filter(agency=hong_bang_ward).count() == 1
    assert ReplacementListEntry.objects.count() == 3


# --- The leaders' "awaiting approval" messages, settled once a leader decides.


def _approval_requests(replacement_list):
    return Notification.objects.filter(
        title__contains="chờ phê duyệt", url__endswith=f"/lists/{replacement_list.pk}/"
    )


def test_the_approval_request_is_done_for_every_leader_once_one_approves(
    catalog, center_staff, leader, ward_leader, hong_bang_ward
):
    submitted = submitted_list(agency=hong_bang_ward, staff=center_staff)
    asked = _approval_requests(submitted)
    assert {note.user for note in asked.filter(read_at__isnull=True)} == {leader, ward_leader}

    approved = publication.replacement_list_approve(replacement_list=submitted, by=ward_leader)

    assert asked.count() == 2 and not asked.filter(done_at__isnull=True).exists()
    assert not asked.filter(read_at__isnull=True).exists()
    # The drafter's news of the approval is no request: it stays new.
    told = Notification.objects.get(user=center_staff, title__contains="đã được phê duyệt")
    assert (told.read_at, told.done_at) == (None, None)
    publication.replacement_list_publish(
        replacement_list=approved, by=center_staff, effective_date=timezone.localdate()
    )
    assert not leader.notifications.filter(read_at__isnull=True).exists()


def test_a_returned_list_settles_its_request_and_a_new_submission_asks_again(
    catalog, center_staff, leader, ward_leader, hong_bang_ward
):
    submitted = submitted_list(agency=hong_bang_ward, staff=center_staff)
    publication.replacement_list_return(
        replacement_list=submitted, by=leader, reason="Thiếu thành phần. Missing a component."
    )
    assert not _approval_requests(submitted).filter(done_at__isnull=True).exists()

    publication.replacement_list_submit(replacement_list=submitted, by=center_staff)

    waiting = _approval_requests(submitted).filter(done_at__isnull=True, read_at__isnull=True)
    assert {note.user for note in waiting} == {leader, ward_leader}


def test_the_demo_s_published_lists_leave_no_approval_request_waiting(
    catalog, center_staff, leader, ward_leader, hai_phong, hong_bang_ward
):
    from procedures.demo import demo_replacement_lists_publish

    published = demo_replacement_lists_publish()

    assert published and all(rl.status == S.PUBLISHED for rl in published)
    asked = Notification.objects.filter(title__contains="chờ phê duyệt")
    assert asked.exists() and not asked.filter(read_at__isnull=True).exists()
    assert not asked.filter(done_at__isnull=True).exists()


def test_approval_requests_sent_before_they_named_their_action_are_settled_if_decided(
    catalog, center_staff, leader, hong_bang_ward
):
    """The data migration for the messages already sent: named, and settled
    where the list no longer awaits approval."""
    import importlib

    from django.apps import apps

    decided = published_list(agency=hong_bang_ward, staff=center_staff, leader=leader)
    waiting = submitted_list(agency=hong_bang_ward, staff=center_staff)  # version 2
    Notification.objects.all().delete()
    old = {
        rl.pk: Notification.objects.create(
            user=leader, url=f"/staff/catalog/lists/{rl.pk}/",
            title=f"Danh mục thay thế chờ phê duyệt: phiên bản {rl.version}. "
            "Replacement list awaiting approval.",
        )
        for rl in (decided, waiting)
    }  # fmt: skip
    migration = importlib.import_module(
        "portal.notifications.migrations.0005_settle_past_approval_requests"
    )

    migration.settle_past_approval_requests(apps, None)

    past, current = (Notification.objects.get(pk=old[rl.pk].pk) for rl in (decided, waiting))
    assert past.action == f"replacement_list.approve:{decided.pk}"
    assert past.done_at is not None and past.read_at is not None
    assert current.action == f"replacement_list.approve:{waiting.pk}"
    assert (current.done_at, current.read_at) == (None, None)
