from django import template

from datasources import registry
from datasources.exceptions import UnknownField, UnknownSource

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None


@register.filter
def source_field(source, name: str):
    if source is None:
        return None
    try:
        return source.field(name)
    except UnknownField:
        return None


@register.filter
def field_labels(source, names) -> str:
    """The data read, by their names in the page language, not their codes."""
    labels = []
    for name in names or ():
        field = source_field(source, name)
        labels.append(str(field.label) if field else registry.part_label(name))
    return ", ".join(labels)


@register.filter
def source_name(code: str) -> str:
    """A source's name in the page language (pages never show its code)."""
    try:
        return registry.source(code).name
    except UnknownSource:
        return code
