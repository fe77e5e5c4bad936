from typing import Any
from urllib.parse import urlsplit

from django import template
from django.utils.translation import gettext as _

from integrations.registry import vendor_choices
from recruiting.sources import source_label
from recruiting.stage_age import stage_age_label

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


@register.filter
def out_of(scale: str) -> str:
    """`{{ assessment.overall_scale|out_of }}`: "1-5" -> "5", the top of a linear scale
    as the vendor declared it ("min-max"); "" for any other kind of scale."""
    low, dash, high = (scale or "").partition("-")
    return high if dash and low and high and not low.startswith("-") else ""


@register.filter
def scale_name(scale: str) -> str:
    """`{{ assessment.overall_scale|scale_name }}`: a non-linear scale in words."""
    names = {"percentile": _("percentile"), "ordinal": _("level")}
    return str(names.get(scale, scale))


@register.filter
def vendor_name(slug: str) -> str:
    """`{{ connection.vendor|vendor_name }}`: "mianshibao" as its adapter names it."""
    return dict(vendor_choices()).get(slug, slug)


@register.filter(name="source_label")
def source_label_filter(code: str | None) -> str:
    """`{{ application.source|source_label }}`: a known source by its name, else as given."""
    return source_label(code) if code else "—"


@register.filter
def web_link(value: Any) -> str:
    """`{% if url|web_link %}`: the address when it is http(s) on a host, else "".

    Stored links came from vendors and the API; a row written before either
    checked its links may hold a javascript: or data: address, which a page
    must never turn into a link (the CSP would block the click, but that is
    the second line). Tabs, newlines and leading spaces, which browsers drop
    from an address, are dropped by urlsplit as well before the scheme is read.
    """
    if not isinstance(value, str):
        return ""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return ""
    return value if parts.scheme in ("http", "https") and parts.hostname else ""


@register.filter
def stage_age(entered_at: Any) -> str:
    """`{{ application.stage_entered_at|stage_age }}`: "3 days in stage", "... just now"."""
    return stage_age_label(entered_at)
