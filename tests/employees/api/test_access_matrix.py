"""Every employees endpoint x every role: the status each gets; 404 (never 403) out of scope.

HR admins see and change everything. Manager M sees themselves and their direct
report E, may read E but not change E's job record or contacts (403). E sees
themselves and may change their own contacts. The recruiter (no employee record)
sees no employee: every URL naming one answers 404. The org's structure
(departments, positions) is readable by every signed-in role; only HR admins
change it. The outbound event feed is for HR admins' tokens only.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

from tests.employees.api.scene import ROLES, Org
from tests.recruiting.api.conftest import token_client

pytestmark = pytest.mark.django_db

Build = Callable[[Org], Any]
EVERYONE = dict.fromkeys(ROLES[:-1], 200)


@dataclass
class Endpoint:
    name: str
    method: str
    url: Build
    statuses: dict[str, int]
    body: Build = field(default=lambda o: {})

    def expected(self, role: str) -> int:
        return 401 if role == "anonymous" else self.statuses.get(role, 404)


def _url(name: str, pk: Build | None = None) -> Build:
    if pk is None:
        return lambda o: reverse(name)
    return lambda o: reverse(name, kwargs={"pk": pk(o)})


def _employee(o: Org) -> int:
    return o.employee.pk


ENDPOINTS = [
    Endpoint("api:employee-list", "get", _url("api:employee-list"), EVERYONE),
    Endpoint(
        "api:employee-detail",
        "get",
        _url("api:employee-detail", _employee),
        {"hr_admin": 200, "manager": 200, "employee": 200},
    ),
    Endpoint(
        "api:employee-detail (other)",
        "get",
        _url("api:employee-detail", lambda o: o.other.pk),
        {"hr_admin": 200},
    ),
    Endpoint(
        "api:employee-job-change",
        "post",
        _url("api:employee-job-change", _employee),
        {"hr_admin": 201, "manager": 403, "employee": 403},
        body=lambda o: {
            "valid_from": "2025-01-01",
            "change": "promotion",
            "job_title": "高级工程师",
        },
    ),
    Endpoint(
        "api:employee-contacts",
        "patch",
        _url("api:employee-contacts", _employee),
        {"hr_admin": 200, "manager": 403, "employee": 200},
        body=lambda o: {"phone": "13800138000"},
    ),
    Endpoint("api:position-list", "get", _url("api:position-list"), EVERYONE),
    Endpoint(
        "api:position-list (create)",
        "post",
        _url("api:position-list"),
        {"hr_admin": 201, "manager": 403, "employee": 403, "recruiter": 403},
        body=lambda o: {"code": "api-new", "title": "测试工程师", "department": o.dept_b.pk},
    ),
    Endpoint(
        "api:position-detail",
        "get",
        _url("api:position-detail", lambda o: o.position.pk),
        EVERYONE,
    ),
    Endpoint(
        "api:position-detail (update)",
        "patch",
        _url("api:position-detail", lambda o: o.position.pk),
        {"hr_admin": 200, "manager": 403, "employee": 403, "recruiter": 403},
        body=lambda o: {"headcount": 3},
    ),
    Endpoint("api:department-list", "get", _url("api:department-list"), EVERYONE),
    Endpoint(
        "api:department-detail",
        "get",
        _url("api:department-detail", lambda o: o.dept_a.pk),
        EVERYONE,
    ),
    Endpoint("api:contract-list", "get", _url("api:contract-list"), EVERYONE),
    Endpoint(
        "api:contract-detail",
        "get",
        _url("api:contract-detail", lambda o: o.contract.pk),
        {"hr_admin": 200, "manager": 200, "employee": 200},
    ),
    Endpoint(
        "api:contract-detail (other)",
        "get",
        _url("api:contract-detail", lambda o: o.other_contract.pk),
        {"hr_admin": 200},
    ),
    Endpoint(
        "api:event-list",
        "get",
        _url("api:event-list"),
        {"hr_admin": 200, "manager": 403, "employee": 403, "recruiter": 403},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method} {e.name}")
def test_each_role_gets_its_status(org: Org, endpoint: Endpoint, role: str) -> None:
    client = token_client(org.users[role])

    response = getattr(client, endpoint.method)(endpoint.url(org), endpoint.body(org))

    assert response.status_code == endpoint.expected(role), response.content
    if response.status_code >= 400:
        assert set(response.json()) == {"message", "errors"}


LISTED = {
    "hr_admin": {"E900001", "E900002", "E900003"},
    "manager": {"E900001", "E900002"},
    "employee": {"E900002"},
    "recruiter": set(),
}


@pytest.mark.parametrize("role", LISTED)
def test_the_employee_list_holds_exactly_the_callers_scope(org: Org, role: str) -> None:
    response = token_client(org.users[role]).get(reverse("api:employee-list"))

    assert {row["number"] for row in response.json()["results"]} == LISTED[role]


@pytest.mark.parametrize(
    ("role", "expected"),
    [("hr_admin", 2), ("manager", 1), ("employee", 1), ("recruiter", 0)],
)
def test_the_contract_list_follows_the_employees_scope(org: Org, role: str, expected: int) -> None:
    response = token_client(org.users[role]).get(reverse("api:contract-list"))

    assert len(response.json()["results"]) == expected


def test_an_id_in_the_body_outside_the_scope_is_refused_like_a_missing_one(org: Org) -> None:
    """A manager-change naming an employee the caller cannot see: 'does not exist'."""
    from hrflow.accounts.roles import Role
    from tests.hrflow.factories import UserFactory

    # An HR admin sees everyone, so use an invalid id instead: the same answer.
    client = token_client(UserFactory(roles=[Role.HR_ADMIN]))

    response = client.post(
        reverse("api:employee-job-change", kwargs={"pk": org.employee.pk}),
        {"valid_from": "2025-01-01", "change": "manager", "manager": 99_999_999},
    )

    assert response.status_code == 400
    assert "manager" in response.json()["errors"]
