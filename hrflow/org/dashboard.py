"""The organisation panel of the dashboard, registered from `OrgConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped
from hrflow.core.dashboard_panels import Panel
from hrflow.org.models import Department, Location


def organisation_panel(user: User) -> Panel:
    return Panel(
        title=_("Organisation"),
        template="org/dashboard_panel.html",
        data={
            "departments": scoped(Department.objects.active(), user).count(),
            "locations": scoped(Location.objects.active(), user).count(),
            "people": scoped(User.objects.filter(is_active=True), user).count(),
        },
    )
