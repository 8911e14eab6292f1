"""`{% column_label _("Dossier") %}` at the start of each cell of a `.table-stack` table.

Below md such a table reads as one card per row (static/portal/portal.css) and its
headers leave the screen: each cell then shows its column's name above its value.
The name is for sight only (aria-hidden): screen readers keep the table's own
headers. One tag, so that every staff list's cards look and read the same."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def column_label(name) -> str:
    return format_html(
        '<span class="d-block d-md-none small text-body-secondary" aria-hidden="true">{}</span>',
        name,
    )


@register.filter
def with_columns(cells, names):
    """`{% for name, cell in row.cells|with_columns:heads %}`: each cell of a row
    whose columns are named at run time, beside its column's name for column_label."""
    return zip(names, cells, strict=False)
