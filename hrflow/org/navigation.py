"""The organisation's section of the staff menu, registered from `OrgConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from hrflow.web.navigation import NavItem

ORG_NAV_ITEMS = (
    NavItem(
        _("Departments"),
        "org:department-list",
        "folder-tree",
        permission="org.change_department",
        order=930,
    ),
    NavItem(
        _("Locations"),
        "org:location-list",
        "map-pin",
        permission="org.change_location",
        order=940,
    ),
    NavItem(
        _("Company"),
        "org:company-settings",
        "building-2",
        permission="org.change_companysettings",
        order=950,
    ),
)
