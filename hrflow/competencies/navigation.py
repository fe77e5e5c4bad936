"""The catalogue's entry in the staff menu, registered from `CompetenciesConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from hrflow.web.navigation import NavItem

COMPETENCIES_NAV_ITEMS = (
    NavItem(
        _("Competencies"),
        "competencies:competency-list",
        "award",
        permission="competencies.change_competency",
        order=945,
    ),
)
