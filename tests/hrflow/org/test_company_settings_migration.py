"""Org 0003 copies the company's name and time zone from notifications' settings row
before notifications 0004 drops them; migrating back puts them back."""

from datetime import time

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("org", "0001_initial"), ("notifications", "0003_message_request")]
AFTER = [
    ("org", "0003_company_from_notification_settings"),
    ("notifications", "0004_company_fields_moved_to_org"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _migrate_to_latest() -> None:
    """Every later test needs the whole schema back."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _old_settings_row(apps, **values):
    row, _created = apps.get_model(
        "notifications", "NotificationSettings"
    ).objects.update_or_create(
        pk=1,
        defaults={
            "quiet_hours_start": time(22),
            "quiet_hours_end": time(7),
            "rejection_delay_hours": 12,
            **values,
        },
    )
    return row


@pytest.mark.django_db(transaction=True)
def test_the_name_and_time_zone_move_to_org_and_back():
    old = _migrate(BEFORE)
    try:
        _old_settings_row(old, company_name="示例科技", time_zone="Europe/Berlin")
        new = _migrate(AFTER)
        company = new.get_model("org", "CompanySettings").objects.get()
        policy = new.get_model("notifications", "NotificationSettings").objects.get()
        # The weekly pattern starts at its defaults; the sending policy stays as it was.
        moved = (company.pk, company.company_name, company.time_zone, company.working_days)
        kept = (policy.quiet_hours_start, policy.quiet_hours_end, policy.rejection_delay_hours)
        assert not hasattr(policy, "company_name")

        back = _migrate(BEFORE)
        restored = back.get_model("notifications", "NotificationSettings").objects.get()
    finally:
        _migrate_to_latest()

    assert moved == (1, "示例科技", "Europe/Berlin", [1, 2, 3, 4, 5])
    assert kept == (time(22), time(7), 12)
    assert (restored.company_name, restored.time_zone) == ("示例科技", "Europe/Berlin")


@pytest.mark.django_db(transaction=True)
def test_without_a_settings_row_nothing_is_copied_and_the_defaults_stay():
    old = _migrate(BEFORE)
    try:
        old.get_model("notifications", "NotificationSettings").objects.all().delete()
        new = _migrate(AFTER)
        rows = new.get_model("org", "CompanySettings").objects.count()
    finally:
        _migrate_to_latest()

    assert rows == 0  # made with the same defaults on first use
