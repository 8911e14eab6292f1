from django import template

from datasources.exceptions import UnknownField

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
