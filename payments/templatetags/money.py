"""Amounts of money as Vietnamese pages write them: 1.250.000 ₫."""

from django import template

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """Whole đồng with dots between thousands."""
    if amount is None:
        return ""
    return f"{int(amount):,}".replace(",", ".") + " ₫"
