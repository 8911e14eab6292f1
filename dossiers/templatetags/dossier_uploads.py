"""The upload limits, for the components panel wherever it is included."""

from django import template

from dossiers import attachments

register = template.Library()


@register.simple_tag
def upload_rules() -> attachments.UploadRules:
    return attachments.upload_rules()
