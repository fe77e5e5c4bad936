from datetime import timedelta
from unittest import mock

import pytest
from celery.app.control import Control
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hrflow.accounts.roles import Role
from hrflow.core.health import health_probe_store
from tests.hrflow.factories import DepartmentFactory, LocationFactory, UserFactory

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("web:dashboard")


def test_dashboard_greets_the_user_with_their_roles(client):
    user = UserFactory(full_name="李娜", roles=[Role.RECRUITER])
    client.force_login(user)

    response = client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Welcome, 李娜" in html
    assert "Recruiter" in html


def test_dashboard_speaks_chinese_by_default(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))

    html = client.get(DASHBOARD).content.decode()

    assert "工作台" in html
    assert "您的角色" in html
    assert "HR管理员" in html


def test_system_status_is_for_hr_admins_only(client):
    client.force_login(UserFactory(roles=[Role.EMPLOYEE]))
    assert "System status" not in client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    assert "System status" in client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_status_panel_body_lists_the_checks_for_hr_admins(client, settings):
    health_probe_store(now=timezone.now(), worker="celery@web-1")
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))

    response = client.get(reverse("web:system-status"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["data"]["redis_reachable"] is True
    assert "Database" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.EMPLOYEE])
def test_status_panel_body_is_404_for_everyone_else(client, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("web:system-status")).status_code == 404


def test_organisation_counts_are_scoped_to_the_viewer(client):
    """An employee counts only themselves among people; an HR admin counts everyone."""
    employee = UserFactory(roles=[Role.EMPLOYEE])
    UserFactory.create_batch(3, roles=[Role.EMPLOYEE])
    DepartmentFactory.create_batch(2)
    client.force_login(employee)

    response = client.get(DASHBOARD)

    panel = response.context["panels"][-1]
    assert panel.data == {"departments": 2, "locations": 0, "people": 1}


def _queries_for(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_data(client):
    admin = UserFactory(roles=[Role.HR_ADMIN])
    baseline = _queries_for(client, admin)

    UserFactory.create_batch(20, roles=[Role.RECRUITER])
    DepartmentFactory.create_batch(10)
    LocationFactory.create_batch(5)

    assert _queries_for(client, admin) == baseline


def test_admin_link_shows_only_for_admin_site_users(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    assert 'href="/admin/"' not in client.get(DASHBOARD).content.decode()

    client.force_login(UserFactory(roles=[Role.HR_ADMIN], is_staff=True))
    assert 'href="/admin/"' in client.get(DASHBOARD).content.decode()


def test_recruiting_panel_counts_only_the_viewers_jobs(client):
    from recruiting.services.applications import application_reject
    from tests.recruiting.factories import ApplicationFactory, JobFactory, reason

    recruiter = UserFactory(roles=[Role.RECRUITER])
    mine = JobFactory()
    mine.recruiters.add(recruiter)
    ApplicationFactory(job=mine)
    application_reject(application=ApplicationFactory(job=mine), reason=reason())
    ApplicationFactory(job=JobFactory())  # someone else's job
    client.force_login(recruiter)

    panel = client.get(DASHBOARD).context["panels"][0]

    assert panel.data == {"open_jobs": 1, "active": 1, "new": 2, "pool": 1}


def test_employees_see_no_recruiting_panel(client):
    client.force_login(UserFactory(roles=[Role.EMPLOYEE]))
    titles = [str(panel.title) for panel in client.get(DASHBOARD).context["panels"]]
    assert "Recruiting" not in titles
    assert "招聘" not in titles


def test_status_panel_never_pings_a_worker_or_the_broker_in_the_request(client):
    """No worker runs here: the panel shows the last background probe, never waits on one."""
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))

    with mock.patch.object(Control, "ping", autospec=True, wraps=Control.ping) as ping:
        dashboard = client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en")
        status = client.get(reverse("web:system-status"), HTTP_ACCEPT_LANGUAGE="en")

    assert (dashboard.status_code, status.status_code) == (200, 200)
    assert ping.call_count == 0
    assert "No status check has run yet" in status.content.decode()


def test_status_panel_shows_the_last_probe_and_its_age(client):
    from datetime import timedelta

    health_probe_store(now=timezone.now() - timedelta(minutes=2), worker="celery@web-1")
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))

    response = client.get(reverse("web:system-status"), HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.context["data"]["probe"]["checks"]["database"]["ok"] is True
    assert "Checked 2 minutes ago by celery@web-1" in html


@pytest.mark.parametrize(
    ("flags", "sees_milliseconds"),
    [({}, False), ({"is_staff": True}, True), ({"is_staff": True, "is_superuser": True}, True)],
)
def test_database_and_redis_latencies_are_for_system_admins_only(client, flags, sees_milliseconds):
    """HR reads "running"; whoever runs the servers (admin-site access) also reads the ms."""
    health_probe_store(now=timezone.now(), worker="celery@web-1")
    client.force_login(UserFactory(roles=[Role.HR_ADMIN], **flags))

    html = client.get(reverse("web:system-status"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "运行中" in html
    assert (" ms" in html) is sees_milliseconds
    assert "刚刚" in html  # checked seconds ago: not "0 分钟前"
    assert "0 分钟" not in html


def test_a_probe_older_than_three_runs_shows_the_worker_down(client):
    health_probe_store(now=timezone.now() - timedelta(minutes=10), worker="celery@web-1")
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))

    html = client.get(reverse("web:system-status"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<li class="down">' in html
    assert "no status check for a while" in html
