"""Training through /api/v1/: the catalogue, enrolments by scope, completion, skills;
documented in the OpenAPI schema."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from employees.models import CompetencyRequirement, Course, Enrolment
from employees.training.services import enrolments_create
from hrflow.accounts.roles import Role
from tests.employees.training.scene import workshop_make
from tests.hrflow.factories import UserFactory
from tests.recruiting.api.conftest import token_client

pytestmark = pytest.mark.django_db
ENROLMENTS = "/api/v1/enrolments/"


def _with_user(employee):
    employee.user = UserFactory(roles=[Role.EMPLOYEE])
    employee.save(update_fields=["user"])
    return employee.user


def test_everyone_reads_the_catalogue_and_only_hr_adds_a_course():
    hr = UserFactory(roles=[Role.HR_ADMIN])
    body = {
        "code": "forklift", "title_zh": "叉车操作", "title_en": "Forklift",
        "delivery": "classroom", "provider": "external",
        "builds": [{"competency": "safety_awareness", "level": 3}],
    }  # fmt: skip
    listed = token_client(UserFactory(roles=[Role.EMPLOYEE])).get("/api/v1/courses/")
    refused = token_client(UserFactory(roles=[Role.EMPLOYEE])).post(
        "/api/v1/courses/", body, format="json"
    )
    created = token_client(hr).post("/api/v1/courses/", body, format="json")

    assert listed.status_code == 200
    assert "safety-basics" in {c["code"] for c in listed.json()["results"]}
    assert refused.status_code == 403
    assert created.status_code == 201
    assert created.json()["builds"] == [{"competency": "safety_awareness", "level": 3}]


def test_enrolments_are_scoped_hr_all_manager_reports_employee_self():
    w = workshop_make(reports=2)
    other = workshop_make(reports=1)
    course = Course.objects.get(code="safety-basics")
    enrolments_create(employees=[*w.reports, *other.reports], course=course, actor=None)
    me = _with_user(w.reports[0])

    def seen(user):
        response = token_client(user).get(ENROLMENTS)
        return {row["employee"] for row in response.json()["results"]}

    assert seen(UserFactory(roles=[Role.HR_ADMIN])) == {p.pk for p in [*w.reports, *other.reports]}
    assert seen(w.boss_user) == {p.pk for p in w.reports}
    assert seen(me) == {w.reports[0].pk}


def test_a_manager_enrols_their_reports_and_another_teams_id_is_404():
    w = workshop_make(reports=2)
    other = workshop_make(reports=1)
    course = Course.objects.get(code="safety-basics")
    client = token_client(w.boss_user)

    refused = client.post(
        ENROLMENTS,
        {"employees": [w.reports[0].pk, other.reports[0].pk], "course": course.pk},
        format="json",
    )
    created = client.post(
        ENROLMENTS, {"employees": [p.pk for p in w.reports], "course": course.pk}, format="json"
    )
    again = client.post(
        ENROLMENTS, {"employees": [p.pk for p in w.reports], "course": course.pk}, format="json"
    )

    assert refused.status_code == 404
    assert (created.status_code, len(created.json())) == (201, 2)
    assert (again.status_code, again.json()) == (201, [])
    assert Enrolment.objects.count() == 2


@pytest.mark.parametrize(
    "body",
    [
        {"employees": ["²"], "course": 1},
        {"employees": [10**20], "course": 1},
        {"employees": [], "course": 1},
        {"employees": [1], "course": "NaN"},
        {"employees": "x", "course": 1},
        {"employees": [1], "course": 1, "reason": "a\x00b"},
    ],
)
def test_bad_enrolment_bodies_are_400_and_enrol_nobody(body):
    w = workshop_make(reports=1)
    response = token_client(w.boss_user).post(ENROLMENTS, body, format="json")
    assert response.status_code == 400
    assert not Enrolment.objects.exists()


def test_the_manager_completes_and_the_employee_cannot():
    w = workshop_make(reports=1)
    me = _with_user(w.reports[0])
    [enrolment] = enrolments_create(
        employees=w.reports, course=Course.objects.get(code="safety-basics"), actor=None
    )
    url = f"/api/v1/enrolments/{enrolment.pk}/complete/"
    body = {"completed_on": "2026-01-05", "result": "75.5"}

    assert token_client(me).post(url, body, format="json").status_code == 404
    done = token_client(w.boss_user).post(url, body, format="json")

    assert (done.status_code, done.json()["status"]) == (200, "completed")
    enrolment.refresh_from_db()
    assert enrolment.result == Decimal("75.50")
    bad = token_client(w.boss_user).post(url, body, format="json")
    assert bad.status_code == 400  # completed already


def test_skills_show_level_source_and_gap_within_scope():
    w = workshop_make(reports=1, percentiles=[50])
    other = workshop_make(reports=1)
    CompetencyRequirement.objects.create(job_family="production", competency=w.safety, level=4)
    person = w.reports[0]

    rows = token_client(w.boss_user).get(f"/api/v1/employees/{person.pk}/skills/").json()
    hidden = token_client(other.boss_user).get(f"/api/v1/employees/{person.pk}/skills/")

    assert rows == [
        {
            "competency": "safety_awareness", "level": 3, "levels": 5, "required": 4, "gap": 1,
            "source": "ai_interview", "assessed_at": rows[0]["assessed_at"],
        }
    ]  # fmt: skip
    assert hidden.status_code == 404


def test_the_schema_documents_the_training_endpoints():
    response = token_client(UserFactory(roles=[Role.HR_ADMIN])).get(
        reverse("api:schema"), {"format": "json"}
    )
    schema = json.loads(response.content)
    validate_schema(schema)
    assert {
        "/api/v1/courses/",
        "/api/v1/courses/{id}/",
        "/api/v1/enrolments/",
        "/api/v1/enrolments/{id}/complete/",
        "/api/v1/employees/{id}/skills/",
    } <= set(schema["paths"])
