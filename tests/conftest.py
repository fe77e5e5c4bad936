"""Fixtures every test may use: isolated media, a real Celery worker, a real browser."""

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = [
    # First: the worker fixture imports these.
    "tests.fixtures.smtp_capture",
    "tests.fixtures.notification_sims",
    "tests.fixtures.celery_worker",
    "tests.fixtures.browser",
    # Vendor connections and signed deliveries, for the vendor path, flows and pages.
    "tests.fixtures.vendor_connections",
    # Signed-in Django admin clients and admin page URLs.
    "tests.fixtures.admin_site",
]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path: Path) -> None:
    """Uploaded files of a test land in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache (the test Redis database)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """The migration-installed catalogue (templates, reasons, dimensions, channels,
    competencies, legal rules, metrics, the holiday calendar, leave types), present in
    every database test even after a transactional test flushed the tables."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db" if not _transactional(request) else "transactional_db")
    from django.apps import apps

    from employees.leave.types_data import install_leave_types
    from employees.legal_data import install_legal_rules
    from employees.metrics.catalogue import install_metrics
    from employees.offboarding_data import install_offboarding_defaults
    from employees.onboarding_data import install_onboarding_defaults
    from employees.training.catalogue import install_training_defaults
    from employees.worktime.calendar_data import install_calendars
    from hrflow.competencies.catalogue import install_competencies
    from recruiting.catalogue import install_hiring_channels, install_reference_data

    install_reference_data(apps)
    install_hiring_channels(apps)
    install_competencies(apps)
    install_legal_rules(apps)
    install_onboarding_defaults(apps)
    install_offboarding_defaults(apps)
    install_metrics(apps)
    install_training_defaults(apps)
    install_calendars(apps)
    install_leave_types(apps)


@pytest.fixture(autouse=True)
def _worker_quiet_before_flush(request: pytest.FixtureRequest) -> Iterator[None]:
    """A transactional test ends only once the session's Celery worker is idle.

    Otherwise the worker may still be recording or sending what the test left
    (a wake-up after its last commit) while the test's tables are emptied, and
    the TRUNCATE and the worker's transaction deadlock. That holds for a test
    that never asked for the worker too: once an earlier test started it, it
    takes whatever a later test enqueues. Set up after the database fixture, so
    this runs before its flush.
    """
    if not _transactional(request):
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from tests.fixtures.celery_worker import session_worker_running, wait_for_idle_worker

    if session_worker_running():
        wait_for_idle_worker()


def _transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or False))
