"""Recruiting's dashboard panel, registered from `RecruitingConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from hrflow.accounts.models import User
from hrflow.core.dashboard_panels import Panel
from recruiting.selectors.jobs import recruiting_summary


def recruiting_panel(user: User) -> Panel | None:
    if not user.has_perm("recruiting.view_job"):
        return None
    return Panel(
        title=_("Recruiting"),
        template="recruiting/dashboard_panel.html",
        data=recruiting_summary(viewer=user),
    )
