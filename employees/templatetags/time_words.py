"""Template filters of the time pages: a leave type's name in the reader's language,
hours without trailing zeros."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils import translation

register = template.Library()


@register.filter
def type_name(leave_type: Any) -> str:
    zh = (translation.get_language() or "").startswith("zh")
    return str(leave_type.name_zh if zh else leave_type.name_en)


@register.filter
def hours(value: Decimal | int | None) -> str:
    """8.00 -> "8", 4.50 -> "4.5", -8.00 -> "-8"."""
    if value is None:
        return ""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def minutes_as_hours(value: int | None) -> str:
    """Minutes as hours and minutes: 95 -> "1:35"."""
    minutes = int(value or 0)
    return f"{minutes // 60}:{minutes % 60:02d}"
