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
def source_name(code: str) -> str:
    """A source's name in the page language (pages never show its code)."""
    try:
        return registry.source(code).name
    except UnknownSource:
        return code
