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


def next_version_published_without(*, agency, staff, leader, component_code: str):
    """The agency's next version, drafted from the published one without one
    component's entry, taken through to publication."""
    draft = publication.replacement_list_draft_start(agency=agency, by=staff)
    publication.replacement_list_entry_remove(
        replacement_list=draft, entry=draft.entries.get(component_code=component_code), by=staff
    )
    publication.replacement_list_submit(replacement_list=draft, by=staff)
    publication.replacement_list_approve(replacement_list=draft, by=leader)
    return publication.replacement_list_publish(
        replacement_list=draft, by=staff, effective_date=timezone.localdate()
    )
