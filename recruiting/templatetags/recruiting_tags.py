from typing import Any

from django import template

from recruiting.sources import source_label

register = template.Library()


@register.filter
def dictget(mapping: dict[str, Any], key: str) -> Any:
    """`{{ scores|dictget:code }}`: a dict lookup by a variable key."""
    return mapping.get(key)


@register.filter
def expired(moment: str | None) -> bool:
    """`{% if video.expires_at|expired %}`: an ISO time (as stored in media) in the past."""
    from datetime import datetime

    from django.utils import timezone

    if not moment:
        return False
    try:
        when = datetime.fromisoformat(moment)
    except ValueError:
        return False
    return when < timezone.now()


@register.filter(name="source_label")
def source_label_filter(code: str | None) -> str:
    """`{{ application.source|source_label }}`: a known source by its name, else as given."""
    return source_label(code) if code else "—"
