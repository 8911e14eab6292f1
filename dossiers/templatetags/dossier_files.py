"""Each component's files with the round they came with, wherever a
dossier's components are listed (the applicant's panel, the official's page)."""

from django import template

from dossiers.attachment_rounds import SubmittedFile, submitted_files

register = template.Library()


@register.simple_tag
def files_by_component(dossier, components) -> dict[int, list[SubmittedFile]]:
    """Component pk → its files, newest first, from `components` (components_status)."""
    attachments = [attachment for item in components for attachment in item.attachments]
    if not attachments:
        return {}
    return submitted_files(dossier=dossier, attachments=attachments)


@register.filter
def files_of(files: dict[int, list[SubmittedFile]], component_pk: int) -> list[SubmittedFile]:
    return files.get(component_pk, [])
