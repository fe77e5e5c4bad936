"""How long the org chart takes at 5,000 employees (issue 15, points 6 and 17).

Prints the median of twenty requests of each page (`-s` shows it); the bound asserted
is loose on purpose, so a busy machine does not fail the suite. `make bench` owns the
strict figure.
"""

import statistics
import time

import pytest
from django.db import connection
from django.urls import reverse

from hrflow.accounts.roles import Role
from tests.employees.org_scene import org_scene
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _median_ms(client, url, params=None, runs=20) -> float:
    client.get(url, params or {})  # warm the caches (templates, translations)
    took = []
    for _ in range(runs):
        started = time.perf_counter()
        assert client.get(url, params or {}).status_code == 200
        took.append((time.perf_counter() - started) * 1000)
    return statistics.median(took)


def test_the_org_chart_at_5000_employees(client):
    scene = org_scene(people=5000, branches=4, depth=4)  # 85 departments, 170 positions
    with connection.cursor() as cursor:
        # As autovacuum would after a bulk load: plans on stale statistics mislead.
        cursor.execute("ANALYZE employees_assignment, employees_employee, employees_position")
    client.force_login(UserFactory(roles=[Role.EMPLOYEE]))
    chart = reverse("employees:org-chart")
    department = reverse("employees:org-chart-department", kwargs={"pk": scene.departments[-1].pk})
    figures = {
        "tree": _median_ms(client, chart),
        "search": _median_ms(client, chart, {"q": scene.employees[-1].full_name[:2]}),
        "department": _median_ms(client, department),
        "positions": 0.0,
    }
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    figures["positions"] = _median_ms(client, reverse("employees:position-list"))
    print("org chart at 5,000 employees, median ms:", {k: round(v, 1) for k, v in figures.items()})
    assert max(figures.values()) < 1000
