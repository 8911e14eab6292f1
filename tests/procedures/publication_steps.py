"""Moving a list through its workflow in a test, through the services."""

from django.utils import timezone

from procedures import publication


def submitted_list(*, agency, staff):
    draft = publication.replacement_list_draft_start(agency=agency, by=staff)
    return publication.replacement_list_submit(replacement_list=draft, by=staff)


def approved_list(*, agency, staff, leader):
    submitted = submitted_list(agency=agency, staff=staff)
    return publication.replacement_list_approve(replacement_list=submitted, by=leader)


def published_list(*, agency, staff, leader, effective_date=None):
    approved = approved_list(agency=agency, staff=staff, leader=leader)
    return publication.replacement_list_publish(
        replacement_list=approved, by=staff, effective_date=effective_date or timezone.localdate()
    )
