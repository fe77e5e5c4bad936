from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitingConfig(AppConfig):
    name = "recruiting"
    verbose_name = _("Recruiting")

    def ready(self) -> None:
        """Hand the lower layers what recruiting adds to them: its notices, periodic
        tasks, menu, dashboard panel and the processing of stored webhooks."""
        from hrflow.core.dashboard_panels import dashboard_panel_register
        from hrflow.core.schedules import schedule_register
        from hrflow.notifications.people import person_resolver_register
        from hrflow.notifications.requests import message_request_handler_register
        from hrflow.web.navigation import nav_items_register
        from integrations.webhooks import inbox_drainer_register
        from recruiting import lookups  # noqa: F401  (registers the `ilike` lookup)
        from recruiting.dashboard import recruiting_panel
        from recruiting.navigation import RECRUITING_NAV_ITEMS
        from recruiting.notices import notices_register
        from recruiting.people import candidates_named
        from recruiting.schedules import RECRUITING_SCHEDULE
        from recruiting.services.portal_access import LINK_REQUEST_KIND, portal_link_send
        from recruiting.vendors.inbox import webhook_inbox_drainer_start

        message_request_handler_register(LINK_REQUEST_KIND, portal_link_send)
        notices_register()
        person_resolver_register(candidates_named)
        schedule_register(RECRUITING_SCHEDULE)
        nav_items_register(RECRUITING_NAV_ITEMS)
        dashboard_panel_register("recruiting", recruiting_panel, order=10)
        inbox_drainer_register(webhook_inbox_drainer_start)

        from recruiting.hiring.onboarding import onboarding_plans_for_hires
        from recruiting.hiring.services import (
            applications_hire_by_move,
            hired_handler_register,
            hired_results_carry,
        )
        from recruiting.interviews.services import application_interviews_cancel
        from recruiting.models import StageKind
        from recruiting.services.applications import (
            closing_handler_register,
            stage_entry_handler_register,
            stage_takeover_register,
        )
        from recruiting.services.assessments import recorded_handler_register
        from recruiting.vendors.invites import invites_queue

        # Entering an AI-interview stage invites to it (the vendor path sits above moves);
        # an application that ends has its scheduled interviews cancelled.
        stage_entry_handler_register(invites_queue)
        closing_handler_register(application_interviews_cancel)
        stage_takeover_register(StageKind.HIRED, applications_hire_by_move)
        recorded_handler_register(hired_results_carry)
        # A new employee gets their onboarding plan in the hire's transaction.
        hired_handler_register(onboarding_plans_for_hires)

        from employees.openings import openings_provider_register
        from recruiting.openings import open_jobs_by_position

        # A vacant position shows the open job that fills it.
        openings_provider_register(open_jobs_by_position)

        from hrflow.accounts.roles import role_permissions_register
        from recruiting.role_grants import RECRUITING_GRANTS

        role_permissions_register(RECRUITING_GRANTS)

        from employees.records.links import hire_source_link_register
        from recruiting.hiring.links import candidate_profile_link

        hire_source_link_register(candidate_profile_link)
