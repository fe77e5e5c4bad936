from typing import Any

from django import template

register = template.Library()


@register.filter
def dictget(mapping: dict[str, Any], key: str) -> Any:
    """`{{ scores|dictget:code }}`: a dict lookup by a variable key."""
    return mapping.get(key)
