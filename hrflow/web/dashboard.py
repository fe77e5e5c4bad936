"""The system-status panel of the dashboard (HR admins), registered from `WebConfig.ready()`.

Other apps register their own panels (hrflow.core.dashboard_panels).
"""

from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from redis import RedisError

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.core.dashboard_panels import Panel
from hrflow.core.health import HEALTH_PROBE_STALE_AFTER, health_probe_last
from hrflow.core.tasks import BEAT_HEARTBEAT_CACHE_KEY


def system_panel(user: User) -> Panel | None:
    if not user.has_role(Role.HR_ADMIN):
        return None
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
        # Milliseconds mean something to whoever runs the servers, not to HR.
        "show_latency": user.is_superuser or user.is_staff,
        "probe": probe,
        "checked_at": checked_at,
        # No probe for a while: no worker (or no scheduler) runs tasks.
        "stale": checked_at is None or now - checked_at > HEALTH_PROBE_STALE_AFTER,
        "beat_heartbeat": parse_datetime(heartbeat) if heartbeat else None,
    }
