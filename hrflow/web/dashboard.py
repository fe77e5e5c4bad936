"""What the dashboard shows a user; later issues add their panels here.

Each panel is a template plus the data it needs, built only for users whose
roles may see it, with a fixed number of queries.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import scoped
from hrflow.core.health import run_health_checks
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
    # The checks can take a second when a worker is down, so the panel loads
    # them after the page (htmx) instead of holding the whole dashboard back.
    return Panel(title=_("System status"), template="web/panels/system_loader.html")


def system_status_for(user: User) -> dict[str, Any]:
    """Health of database, Redis, worker and beat; HR admins only (PermissionDenied else)."""
    if not user.has_role(Role.HR_ADMIN):
        raise PermissionDenied
    checks = run_health_checks()
    heartbeat = cache.get(BEAT_HEARTBEAT_CACHE_KEY) if checks["redis"]["ok"] else None
    return {
        "checks": checks,
        "beat_heartbeat": parse_datetime(heartbeat) if heartbeat else None,
    }
