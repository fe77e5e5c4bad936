"""What the apps register upward from `ready()`: every one of them is there, in order.

Core names no higher app (import-linter checks the imports); these check that the
apps' registrations arrive, so the dashboard, menu, schedule, notices and webhook
processing are what they were when core named them itself.
"""

import pytest

from hrflow.accounts.roles import Role
from hrflow.core.dashboard_panels import dashboard_panels_for
from hrflow.core.schedules import registered_schedule
from hrflow.notifications.events import EVENTS, SAMPLE_VALUES
from hrflow.web.navigation import nav_items_for
from recruiting import task_names
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_app_registers_its_periodic_tasks():
    assert [spec.name for spec in registered_schedule()] == [
        "Beat heartbeat",
        "System status probe",
        "Clear expired sessions",
        "Sweep orphaned file copies",
        "Deliver notifications",
        "Push events to webhook subscribers",
        "Onboarding reminders",
        "Missing labour contracts",
        "Labour contracts ending",
        "Probation reviews",
        "Certificates expiring",
        "Leavers' sign-in accounts",
        "Vendor syncs",
        "Analytics refresh",
        "Analytics full rebuild",
        "Analytics weekly digest",
    ]


def test_every_task_a_service_sends_by_name_is_a_task_the_worker_knows():
    from hrflow.celery import app

    app.loader.import_default_modules()
    names = [
        value for key, value in vars(task_names).items() if key.isupper() and isinstance(value, str)
    ]
    assert len(names) == 7
    # Every name but the resume reader's is vendor work, routed to the integrations queue.
    assert set(task_names.VENDOR_TASKS) == set(names) - {task_names.RESUME_READ}
    for name in [*names, *task_names.FORMER_NAMES]:
        assert name in app.tasks, name
    assert set(task_names.FORMER_NAMES.values()) == set(task_names.VENDOR_TASKS)


def test_the_notices_of_accounts_and_recruiting_are_registered_with_samples():
    assert {
        "password_reset",
        "account_invite",
        "application_received",
        "integration_alert",
    } <= set(EVENTS)
    # every app's, the new account's welcome, the digest, the two of leave, the two of
    # attendance and the payslip among them
    assert len(EVENTS) == 36
    for event in EVENTS.values():
        assert set(event.variables) <= set(SAMPLE_VALUES), event.code


def test_the_menu_keeps_its_order_across_apps():
    admin = UserFactory(roles=[Role.HR_ADMIN], is_staff=True)
    assert [item.url_name for item in nav_items_for(admin)] == [
        "web:dashboard",
        "recruiting:job-list",
        "recruiting:candidate-list",
        "recruiting:review-queue",
        "recruiting:talent-pool",
        "recruiting:deletion-requests",
        "recruiting:interview-list",
        "recruiting:integration-list",
        "analytics:index",
        "employees:employee-list",
        "employees:onboarding-plans",
        "employees:leavers",
        "employees:offboarding-template",
        "employees:onboarding-my-tasks",
        "employees:offboarding-my-tasks",
        "employees:contract-list",
        "employees:contract-unwritten",
        "employees:probation-list",
        "employees:legal-rule-list",
        "employees:performance-cycles",
        "employees:performance-my-reviews",
        "employees:metric-list",
        "employees:performance-templates",
        "employees:org-chart",
        "employees:my-team",
        "employees:time-approvals",
        "employees:time-calendar",
        "employees:attendance-import",
        "employees:training-team",
        "employees:position-list",
        "employees:training-courses",
        "employees:skills-requirements",
        "employees:pay-salaries",
        "employees:payroll-runs",
        "employees:pay-components",
        "notifications:template-list",
        "accounts:staff-list",
        "org:department-list",
        "org:location-list",
        "competencies:competency-list",
        "org:company-settings",
        "admin:index",
    ]


def test_the_dashboard_shows_each_apps_panel_to_whom_it_concerns():
    admin = UserFactory(roles=[Role.HR_ADMIN])
    interviewer = UserFactory(roles=[Role.INTERVIEWER])
    assert [panel.template for panel in dashboard_panels_for(admin)] == [
        "recruiting/dashboard_panel.html",
        "org/dashboard_panel.html",
        "web/panels/system_loader.html",
    ]
    assert [panel.template for panel in dashboard_panels_for(interviewer)] == [
        "org/dashboard_panel.html"
    ]


def test_a_stored_webhook_wakes_recruitings_drainer():
    from integrations import webhooks

    assert webhooks._drainer_start, "recruiting registers how a drainer starts"
    from recruiting.vendors.inbox import webhook_inbox_drainer_start

    assert webhooks._drainer_start[0] is webhook_inbox_drainer_start


def test_a_move_into_a_stage_runs_the_vendor_invitations():
    from recruiting.services import applications
    from recruiting.vendors.invites import invites_queue

    assert applications._stage_entry_handlers == [invites_queue]


def test_an_application_that_ends_cancels_its_interviews():
    from recruiting.interviews.services import application_interviews_cancel
    from recruiting.services import applications

    assert applications._closing_handlers == [application_interviews_cancel]
