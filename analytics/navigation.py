"""Analytics' item in the staff menu."""

from django.utils.translation import gettext_lazy as _

from hrflow.web.navigation import NavItem

ANALYTICS_NAV_ITEMS = (
    NavItem(
        _("Reports"),
        "analytics:index",
        "chart-pie",
        permission="analytics.view_reports",
        order=170,
    ),
)
