"""`{{ message|language_parts }}`: a "Vietnamese. English." message with its
part in the other language than the page's marked (portal.core.language_parts)."""

from django import template

from portal.core.language_parts import mark_language_parts

register = template.Library()


@register.filter(is_safe=True)
def language_parts(text):
    return mark_language_parts(text)
