"""What the dashboard shows a user; later issues add their panels here.

Each panel is a template plus the data it needs, built only for users whose
roles may see it, with a fixed number of queries.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from redis import RedisError

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import scoped
from hrflow.core.health import HEALTH_PROBE_STALE_AFTER, health_probe_last
from hrflow.core.tasks import BEAT_HEARTBEAT_CACHE_KEY
from hrflow.org.models import Department, Location
from recruiting.selectors.jobs import recruiting_summary


@dataclass(frozen=True)
class Panel:
    title: Any
    template: str
    data: dict[str, Any] = field(default_factory=dict)


def dashboard_panels_for(user: User) -> list[Panel]:
    panels = []
    if user.has_perm("recruiting.view_job"):
        panels.append(
            Panel(
                title=_("Recruiting"),
                template="web/panels/recruiting.html",
                data=recruiting_summary(viewer=user),
            )
        )
    panels.append(_organisation_panel(user))
    if user.has_role(Role.HR_ADMIN):
        panels.append(_system_panel())
    return panels


def _organisation_panel(user: User) -> Panel:
    return Panel(
        title=_("Organisation"),
        template="web/panels/organisation.html",
        data={
            "departments": scoped(Department.objects.active(), user).count(),
            "locations": scoped(Location.objects.active(), user).count(),
            "people": scoped(User.objects.filter(is_active=True), user).count(),
        },
    )


def _system_panel() -> Panel:
    # Loaded after the page (htmx) and again every 30 s, so the age stays current.
    return Panel(title=_("System status"), template="web/panels/system_loader.html")


def system_status_for(user: User, *, now: datetime) -> dict[str, Any]:
    """What the last background probe saw, and how long ago; HR admins only (PermissionDenied
    else). Reads Redis only: no ping of a worker or the broker while the page waits (one
    takes a second when no worker answers); the `core.health_probe` task checks instead."""
    if not user.has_role(Role.HR_ADMIN):
        raise PermissionDenied
    try:
        probe = health_probe_last()
        heartbeat = cache.get(BEAT_HEARTBEAT_CACHE_KEY)
    except RedisError:
        return {"redis_reachable": False, "probe": None, "beat_heartbeat": None}
    checked_at = parse_datetime(probe["checked_at"]) if probe else None
    return {
        "redis_reachable": True,
        "probe": probe,
        "checked_at": checked_at,
        # No probe for a while: no worker (or no scheduler) runs tasks.
        "stale": checked_at is None or now - checked_at > HEALTH_PROBE_STALE_AFTER,
        "beat_heartbeat": parse_datetime(heartbeat) if heartbeat else None,
    }
