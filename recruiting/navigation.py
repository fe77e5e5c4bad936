"""Recruiting's sections of the staff menu, registered from `RecruitingConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from hrflow.web.navigation import NavItem

RECRUITING_NAV_ITEMS = (
    NavItem(
        _("Jobs"),
        "recruiting:job-list",
        "briefcase-business",
        permission="recruiting.view_job",
        order=100,
    ),
    NavItem(
        _("Candidates"),
        "recruiting:candidate-list",
        "users",
        permission="recruiting.view_candidate",
        order=110,
    ),
    NavItem(
        _("Review queue"),
        "recruiting:review-queue",
        "clipboard-check",
        permission="recruiting.change_application",
        order=120,
    ),
    NavItem(
        _("Talent pool"),
        "recruiting:talent-pool",
        "user-round-search",
        permission="recruiting.view_application",
        order=130,
    ),
    NavItem(
        _("Erasure requests"),
        "recruiting:deletion-requests",
        "eraser",
        permission="recruiting.change_candidate",
        order=140,
    ),
    NavItem(
        _("My interviews"),
        "recruiting:interview-list",
        "calendar-days",
        permission="recruiting.view_interview",
        order=150,
    ),
    NavItem(
        _("Integrations"),
        "recruiting:integration-list",
        "plug",
        permission="integrations.view_vendorconnection",
        order=160,
    ),
)
