"""Every endpoint x every role: the status each gets, and 404 (never 403) for rows out of scope.

Rows of job X are visible to HR admins, X's recruiter and X's hiring manager;
only the first two may change them. Recruiter Y, interviewers and employees
see nothing of X: every URL naming X's rows answers 404, as if they did not
exist. Lists answer 200 to everyone signed in, with or without X's row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

from tests.recruiting.api.conftest import ROLE_NAMES, World, token_client

pytestmark = pytest.mark.django_db

Build = Callable[[World], Any]

# Who reads X's rows, who changes them; everyone else gets 404, anonymous 401.
READ = {"hr_admin": 200, "recruiter_x": 200, "hiring_manager_x": 200}
WRITE_DENIED = {"hiring_manager_x": 403}
# Starting new rows (a job, a candidate) is for HR admins and recruiters.
RECRUITERS_ONLY = {"hiring_manager_x": 403, "interviewer": 403, "employee": 403}


@dataclass
class Endpoint:
    name: str
    method: str
    url: Build
    statuses: dict[str, int]
    body: Build = field(default=lambda w: {})
    listed: Build | None = None  # for lists: the id of X's row
    anonymous: int = 401

    def expected(self, role: str) -> int:
        if role == "anonymous":
            return self.anonymous
        return self.statuses.get(role, 404)


def _read(ok: int = 200) -> dict[str, int]:
    return dict.fromkeys(READ, ok)


def _write(ok: int) -> dict[str, int]:
    return {"hr_admin": ok, "recruiter_x": ok, **WRITE_DENIED}


def _list(name: str, listed: Build) -> Endpoint:
    everyone = dict.fromkeys(ROLE_NAMES, 200)
    return Endpoint(name, "get", lambda w: reverse(name), everyone, listed=listed)


def _detail(name: str, pk: Build) -> Endpoint:
    return Endpoint(name, "get", lambda w: reverse(name, kwargs={"pk": pk(w)}), _read())


def _on(name: str, pk: Build) -> Build:
    return lambda w: reverse(name, kwargs={"pk": pk(w)})


def _stage(w: World, position: int = 2) -> int:
    return w.job_x.stages.get(position=position).pk


ENDPOINTS = [
    _list("api:job-list", lambda w: w.job_x.pk),
    _detail("api:job-detail", lambda w: w.job_x.pk),
    _list("api:stage-list", lambda w: _stage(w)),
    _detail("api:stage-detail", lambda w: _stage(w)),
    _list("api:candidate-list", lambda w: w.candidate_x.pk),
    _detail("api:candidate-detail", lambda w: w.candidate_x.pk),
    _list("api:application-list", lambda w: w.application_x.pk),
    _detail("api:application-detail", lambda w: w.application_x.pk),
    _list("api:transition-list", lambda w: w.application_x.transitions.get().pk),
    _detail("api:transition-detail", lambda w: w.application_x.transitions.get().pk),
    _list("api:assessment-list", lambda w: w.assessment_x.pk),
    _detail("api:assessment-detail", lambda w: w.assessment_x.pk),
    _list("api:note-list", lambda w: w.note_x.pk),
    _detail("api:note-detail", lambda w: w.note_x.pk),
    Endpoint(
        "api:job-list",
        "post",
        lambda w: reverse("api:job-list"),
        {"hr_admin": 201, "recruiter_x": 201, "recruiter_y": 201, **RECRUITERS_ONLY},
        body=lambda w: {
            "title": "数据分析师",
            "department": w.job_x.department_id,
            "channel": "campus",
            "stages": [{"name": "网申", "kind": "applied"}],
        },
    ),
    Endpoint(
        "api:job-status",
        "post",
        _on("api:job-status", lambda w: w.job_x.pk),
        _write(200),
        body=lambda w: {"status": "on_hold"},
    ),
    Endpoint(
        "api:candidate-list",
        "post",
        lambda w: reverse("api:candidate-list"),
        {"hr_admin": 201, "recruiter_x": 201, **RECRUITERS_ONLY},
        body=lambda w: {"full_name": "李雷", "email": "lilei@example.com", "job": w.job_x.pk},
    ),
    Endpoint(
        "api:application-list",
        "post",
        lambda w: reverse("api:application-list"),
        _write(201),
        body=lambda w: {"job": w.job_x.pk, "candidate": w.candidate_w.pk},
    ),
    Endpoint(
        "api:application-move",
        "post",
        _on("api:application-move", lambda w: w.application_x.pk),
        _write(200),
        body=lambda w: {"to_stage": _stage(w)},
    ),
    # Allowed writers reach the hire service, which refuses: no offer was accepted.
    Endpoint(
        "api:application-hire",
        "post",
        _on("api:application-hire", lambda w: w.application_x.pk),
        _write(400),
        body=lambda w: {},
    ),
    Endpoint(
        "api:application-reject",
        "post",
        _on("api:application-reject", lambda w: w.application_x.pk),
        _write(200),
        body=lambda w: {"reason": "not_qualified"},
    ),
    Endpoint(
        "api:application-bulk-move",
        "post",
        lambda w: reverse("api:application-bulk-move"),
        _write(200),
        body=lambda w: {"application_ids": [w.application_x.pk], "to_stage": _stage(w)},
    ),
    Endpoint(
        "api:application-bulk-reject",
        "post",
        lambda w: reverse("api:application-bulk-reject"),
        _write(200),
        body=lambda w: {"application_ids": [w.application_x.pk], "reason": "no_show"},
    ),
    Endpoint(
        "api:application-written-test",
        "post",
        _on("api:application-written-test", lambda w: w.application_x.pk),
        _write(200),
        body=lambda w: {"score": "75.5"},
    ),
    Endpoint(
        "api:assessment-list",
        "post",
        lambda w: reverse("api:assessment-list"),
        _write(201),
        body=lambda w: {
            "application": w.application_x.pk,
            "source": "acme",
            "external_id": "vendor-2",
            "kind": "ai_interview",
            "status": "completed",
            "overall_score": 66,
        },
    ),
    Endpoint(
        "api:note-list",
        "post",
        lambda w: reverse("api:note-list"),
        _write(201),
        body=lambda w: {"candidate": w.candidate_x.pk, "body": "二面表现稳定"},
    ),
    # The API's map is for the roles that use the API, not for employees.
    Endpoint(
        "api:schema",
        "get",
        lambda w: reverse("api:schema"),
        {**dict.fromkeys(ROLE_NAMES, 200), "employee": 403},
    ),
    Endpoint(
        "api:root",
        "get",
        lambda w: reverse("api:root"),
        {**dict.fromkeys(ROLE_NAMES, 200), "employee": 403},
    ),
    Endpoint(
        "api:docs",
        "get",
        lambda w: reverse("api:docs"),
        {**dict.fromkeys(ROLE_NAMES, 200), "employee": 403},
        # A page for people: a signed-out visit goes to the sign-in page (issue 14, point 19).
        anonymous=302,
    ),
]
CASES = [
    pytest.param(endpoint, role, id=f"{endpoint.method} {endpoint.name} as {role}")
    for endpoint in ENDPOINTS
    for role in ROLE_NAMES
]


@pytest.mark.parametrize(("endpoint", "role"), CASES)
def test_access(world: World, endpoint: Endpoint, role: str) -> None:
    """Each role gets exactly its status; rows out of scope are 404, never 403."""
    # Given a caller in this role
    client = token_client(world.users[role])

    # When they call the endpoint
    method = getattr(client, endpoint.method)
    response = method(endpoint.url(world), endpoint.body(world), format="json")

    # Then the status is the one of the matrix, with a JSON body for refusals
    assert response.status_code == endpoint.expected(role), response.content[:300]
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json")
        assert set(response.json()) == {"message", "errors"}
    # And a list holds X's row exactly when the role may read X
    if endpoint.listed is not None and response.status_code == 200:
        ids = [row["id"] for row in response.json()["results"]]
        assert (endpoint.listed(world) in ids) is (role in READ)


@pytest.mark.parametrize("role", ["interviewer", "employee"])
@pytest.mark.parametrize("name", sorted({e.name for e in ENDPOINTS if e.listed is not None}))
def test_lists_are_empty_for_roles_without_jobs(world: World, name: str, role: str) -> None:
    """Interviewers and employees see no recruiting rows at all (later issues widen this)."""
    response = token_client(world.users[role]).get(reverse(name))

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_every_api_url_is_in_the_matrix() -> None:
    """A new endpoint fails here until someone decides who may call it."""
    from tests.employees.api.test_access_matrix import ENDPOINTS as EMPLOYEE_ENDPOINTS
    from tests.url_rules.api import API

    # The employees resources have their own matrix (roles there are people in an org).
    employees = {endpoint.name.split(" ")[0] for endpoint in EMPLOYEE_ENDPOINTS}
    assert {endpoint.name for endpoint in ENDPOINTS} | employees == API | {"api:docs"}
