"""Training through /api/v1/: the catalogue (read, add, change), enrolments by scope,
completion and cancelling, skills; documented in the OpenAPI schema."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.validation import validate_schema
from rest_framework.validators import UniqueValidator

from employees.models import CompetencyRequirement, Course, CourseSession, Enrolment
from employees.training.courses import course_create, course_update
from employees.training.services import enrolment_complete, enrolments_create
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
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
        "/api/v1/enrolments/{id}/cancel/",
        "/api/v1/employees/{id}/skills/",
    } <= set(schema["paths"])
    assert "patch" in schema["paths"]["/api/v1/courses/{id}/"]
    assert "post" in schema["paths"]["/api/v1/enrolments/{id}/cancel/"]


def _course_url(course):
    return f"/api/v1/courses/{course.pk}/"


def test_hr_patches_only_the_fields_sent_and_the_change_is_audited():
    course = Course.objects.get(code="special-operations")
    builds = sorted(course.builds.values_list("competency__code", "level"))

    response = token_client(UserFactory(roles=[Role.HR_ADMIN])).patch(
        _course_url(course), {"title_en": "Special operations", "hours": "36.5"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["title_en"], response.json()["hours"]) == ("Special operations", 36.5)
    course.refresh_from_db()
    assert (course.title_zh, course.certificate_months) == ("特种作业操作证培训", 24)
    assert sorted(course.builds.values_list("competency__code", "level")) == builds
    event = AuditEvent.objects.get(action="employees.course_update")
    assert set(event.changes) == {"title_en", "hours"}


def test_a_patch_with_builds_replaces_what_the_course_builds():
    course = Course.objects.get(code="special-operations")
    response = token_client(UserFactory(roles=[Role.HR_ADMIN])).patch(
        _course_url(course),
        {"builds": [{"competency": "hands_on_ability", "level": 2}]},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["builds"] == [{"competency": "hands_on_ability", "level": 2}]


def test_a_manager_or_an_employee_cannot_patch_a_course():
    w = workshop_make(reports=1)
    course = Course.objects.get(code="safety-basics")
    for user in (w.boss_user, UserFactory(roles=[Role.EMPLOYEE])):
        response = token_client(user).patch(_course_url(course), {"title_en": "X"}, format="json")
        assert response.status_code == 403
    course.refresh_from_db()
    assert course.title_en == "Safe operating practice"
    assert not AuditEvent.objects.filter(action="employees.course_update").exists()


@pytest.mark.parametrize(
    "body",
    [
        {"code": "special-operations"},  # another course's code
        {"code": "not a slug"},
        {"title_en": ""},
        {"title_en": "a\x00b"},
        {"title_zh": "x" * 3000},
        {"delivery": "by-pigeon"},
        {"hours": "NaN"},
        {"hours": "1e999999"},
        {"hours": "-1"},
        {"certificate_months": "²"},
        {"certificate_months": 12},  # lapses, yet names no certificate
        {"is_active": "maybe"},
        {"builds": [{"competency": "safety_awareness", "level": 9}]},
        {"builds": [{"competency": "nope", "level": 2}]},
        {"builds": [{"competency": "safety_awareness", "level": 2}] * 2},
        {"builds": "x"},
    ],
)
def test_bad_patch_values_are_400_and_change_nothing(body):
    course = Course.objects.get(code="safety-basics")
    before = (
        Course.objects.filter(pk=course.pk).values().get(),
        sorted(course.builds.values_list("competency__code", "level")),
    )

    response = token_client(UserFactory(roles=[Role.HR_ADMIN])).patch(
        _course_url(course), body, format="json"
    )

    assert response.status_code == 400, response.json()
    assert response.json()["message"]
    after = (
        Course.objects.filter(pk=course.pk).values().get(),
        sorted(course.builds.values_list("competency__code", "level")),
    )
    assert after == before
    assert not AuditEvent.objects.filter(action="employees.course_update").exists()


def test_patching_a_missing_course_is_404():
    client = token_client(UserFactory(roles=[Role.HR_ADMIN]))
    assert client.patch("/api/v1/courses/999999/", {}, format="json").status_code == 404


def _cancel_url(enrolment):
    return f"/api/v1/enrolments/{enrolment.pk}/cancel/"


def test_the_person_their_manager_and_hr_cancel_and_another_team_gets_404():
    w = workshop_make(reports=3)
    other = workshop_make(reports=1)
    me = _with_user(w.reports[0])
    course = Course.objects.get(code="safety-basics")
    own, reports, anyones = enrolments_create(employees=w.reports, course=course, actor=None)

    hidden = token_client(other.boss_user).post(_cancel_url(own))
    stranger = token_client(UserFactory(roles=[Role.EMPLOYEE])).post(_cancel_url(reports))
    by_self = token_client(me).post(_cancel_url(own))
    by_manager = token_client(w.boss_user).post(_cancel_url(reports))
    by_hr = token_client(UserFactory(roles=[Role.HR_ADMIN])).post(_cancel_url(anyones))

    assert (hidden.status_code, stranger.status_code) == (404, 404)
    assert [r.status_code for r in (by_self, by_manager, by_hr)] == [200, 200, 200]
    assert {r.json()["status"] for r in (by_self, by_manager, by_hr)} == {"cancelled"}
    assert AuditEvent.objects.filter(action="employees.enrolment_cancel").count() == 3


def test_an_employee_cannot_cancel_a_colleagues_enrolment():
    w = workshop_make(reports=2)
    me = _with_user(w.reports[0])
    [_mine, theirs] = enrolments_create(
        employees=w.reports, course=Course.objects.get(code="safety-basics"), actor=None
    )
    assert token_client(me).post(_cancel_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Enrolment.Status.ENROLLED


def test_cancelling_twice_is_harmless_and_a_completed_one_is_refused_with_the_reason():
    w = workshop_make(reports=2)
    course = Course.objects.get(code="safety-basics")
    first, done = enrolments_create(employees=w.reports, course=course, actor=None)
    enrolment_complete(enrolment=done, completed_on=timezone.localdate(), actor=None)
    client = token_client(w.boss_user)

    again = [client.post(_cancel_url(first)) for _ in range(2)]
    refused = client.post(_cancel_url(done), HTTP_ACCEPT_LANGUAGE="en")

    assert [(r.status_code, r.json()["status"]) for r in again] == [(200, "cancelled")] * 2
    assert AuditEvent.objects.filter(action="employees.enrolment_cancel").count() == 1
    assert refused.status_code == 400
    assert "completed" in refused.json()["message"]
    done.refresh_from_db()
    assert done.status == Enrolment.Status.COMPLETED


def test_a_cancel_frees_the_seat_for_someone_else_and_the_person_may_enrol_again():
    w = workshop_make(reports=2)
    course = Course.objects.get(code="safety-basics")
    start = timezone.now() + timedelta(days=5)
    session = CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + timedelta(hours=4), seats=1
    )
    first, second = w.reports
    client = token_client(w.boss_user)
    body = {"course": course.pk, "session": session.pk}
    [taken] = client.post(ENROLMENTS, {**body, "employees": [first.pk]}, format="json").json()

    full = client.post(ENROLMENTS, {**body, "employees": [second.pk]}, format="json")
    client.post(_cancel_url(Enrolment.objects.get(pk=taken["id"])))
    seated = client.post(ENROLMENTS, {**body, "employees": [second.pk]}, format="json")
    # The first person again, without a session this time: the cancel does not block it.
    again = client.post(ENROLMENTS, {"course": course.pk, "employees": [first.pk]}, format="json")

    assert full.status_code == 400
    assert (seated.status_code, len(seated.json())) == (201, 1)
    assert (again.status_code, len(again.json())) == (201, 1)
    assert Enrolment.objects.filter(employee=first, course=course).count() == 2


@pytest.mark.parametrize("pk", ["0", "²", "1" + "0" * 20, "-1"])
def test_a_hostile_cancel_id_is_404_and_changes_nothing(pk):
    w = workshop_make(reports=1)
    enrolments_create(
        employees=w.reports, course=Course.objects.get(code="safety-basics"), actor=None
    )
    response = token_client(UserFactory(roles=[Role.HR_ADMIN])).post(
        f"/api/v1/enrolments/{pk}/cancel/"
    )
    assert response.status_code == 404
    assert not Enrolment.objects.filter(status=Enrolment.Status.CANCELLED).exists()


def test_a_past_session_is_refused_and_nobody_is_enrolled():
    w = workshop_make(reports=2)
    course = Course.objects.get(code="safety-basics")
    start = timezone.now() - timedelta(days=3)
    past = CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + timedelta(hours=4), seats=9
    )
    body = {"course": course.pk, "session": past.pk, "employees": [p.pk for p in w.reports]}

    response = token_client(w.boss_user).post(ENROLMENTS, body, format="json")

    assert response.status_code == 400
    assert "session" in response.json()["errors"]
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("body", [{}, {"title_en": "Safe operating practice"}])
def test_a_patch_that_changes_nothing_writes_no_audit_row(body):
    course = Course.objects.get(code="safety-basics")
    before = Course.objects.filter(pk=course.pk).values().get()

    response = token_client(UserFactory(roles=[Role.HR_ADMIN])).patch(
        _course_url(course), body, format="json"
    )

    assert response.status_code == 200
    assert response.json()["code"] == "safety-basics"
    assert Course.objects.filter(pk=course.pk).values().get() == before
    assert not AuditEvent.objects.filter(action="employees.course_update").exists()


def _skip_the_code_checks(monkeypatch):
    """As two requests giving the same new code at once: both pass the serializer's and
    full_clean's uniqueness checks, and the database refuses the second."""
    monkeypatch.setattr(Course, "validate_unique", lambda self, exclude=None: None)
    monkeypatch.setattr(UniqueValidator, "__call__", lambda self, value, field: None)


def test_a_code_taken_between_the_check_and_the_save_is_refused_as_the_check_does(
    monkeypatch,
):
    course = Course.objects.get(code="safety-basics")
    with pytest.raises(ValidationError) as checked:
        course_update(course=course, fields={"code": "special-operations"}, actor=None)
    before = Course.objects.order_by("pk").values()[::1]
    _skip_the_code_checks(monkeypatch)

    with pytest.raises(ApplicationError) as updated:
        course_update(course=course, fields={"code": "special-operations"}, actor=None)
    with pytest.raises(ApplicationError) as created:
        course_create(
            fields={"code": "special-operations", "title_zh": "重复", "title_en": "Again",
                    "delivery": "classroom", "provider": "external"},
            builds=[], actor=None,
        )  # fmt: skip

    message = checked.value.message_dict["code"][0]
    assert (updated.value.message, updated.value.extra) == (message, {"field": "code"})
    assert (created.value.message, created.value.extra) == (message, {"field": "code"})
    assert Course.objects.order_by("pk").values()[::1] == before


def test_a_code_taken_between_the_check_and_the_save_is_a_400_over_the_api(monkeypatch):
    course = Course.objects.get(code="safety-basics")
    before = Course.objects.order_by("pk").values()[::1]
    _skip_the_code_checks(monkeypatch)
    client = token_client(UserFactory(roles=[Role.HR_ADMIN]))

    patched = client.patch(_course_url(course), {"code": "special-operations"}, format="json")
    created = client.post(
        "/api/v1/courses/",
        {"code": "special-operations", "title_zh": "重复", "title_en": "Again",
         "delivery": "classroom", "provider": "external"},
        format="json",
    )  # fmt: skip

    assert (patched.status_code, created.status_code) == (400, 400)
    assert list(patched.json()["errors"]) == list(created.json()["errors"]) == ["code"]
    assert Course.objects.order_by("pk").values()[::1] == before
    assert not AuditEvent.objects.filter(
        action__in=["employees.course_update", "employees.course_create"]
    ).exists()


def test_training_the_manager_booked_is_not_dropped_by_the_person_but_by_the_manager():
    w = workshop_make(reports=1)
    me = _with_user(w.reports[0])
    course = Course.objects.get(code="safety-basics")
    [booked] = enrolments_create(employees=w.reports, course=course, actor=w.boss_user)

    refused = token_client(me).post(_cancel_url(booked), HTTP_ACCEPT_LANGUAGE="en")

    assert refused.status_code == 400
    assert "ask them or HR" in refused.json()["message"]
    booked.refresh_from_db()
    assert booked.status == Enrolment.Status.ENROLLED
    assert not AuditEvent.objects.filter(action="employees.enrolment_cancel").exists()
    assert token_client(w.boss_user).post(_cancel_url(booked)).status_code == 200
