"""The training pages end to end: the supervisor's suggestions and enrolling from them,
completing, the employee's own page, HR's catalogue and requirements; scope and queries."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from employees.models import (
    CompetencyRequirement,
    Course,
    CourseSession,
    Enrolment,
    SkillEvidence,
    TrainingSettings,
)
from employees.training.services import enrolments_create
from hrflow.accounts.roles import Role
from tests.employees.training.scene import workshop_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db
TEAM = reverse("employees:training-team")
ENROL = reverse("employees:training-enrol")


def _english(client, user):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)


def test_the_supervisor_reads_who_scored_low_and_the_suggested_course(client):
    w = workshop_make(reports=12, percentiles=[10, 15, 25, 60, 70])
    _english(client, w.boss_user)

    page = client.get(TEAM).content.decode()

    assert "3 of your 12 people scored low on Safety awareness in the AI interview" in page
    assert "Safe operating practice" in page
    assert page.count('data-testid="suggested-person"') == 3


def test_the_sentence_reads_in_chinese_too(client):
    w = workshop_make(reports=4, percentiles=[10])
    client.force_login(w.boss_user)
    with translation.override("zh-hans"):
        page = client.get(TEAM, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "安全生产操作规范" in page
    assert "4 名下属中有 1 人" in page


def test_someone_who_manages_nobody_sees_no_suggestions(client):
    workshop_make(reports=3, percentiles=[10, 10, 10])
    client.force_login(UserFactory(roles=[Role.EMPLOYEE]))
    page = client.get(TEAM).content.decode()
    assert 'data-testid="no-suggestions"' in page
    assert 'data-testid="suggested-person"' not in page


@pytest.mark.parametrize("size", [3, 30])
def test_the_team_page_reads_the_same_queries_at_any_size(client, size, django_assert_num_queries):
    w = workshop_make(reports=size, percentiles=[10] * size)
    CompetencyRequirement.objects.create(job_family="production", competency=w.hands_on, level=2)
    talk = Course.objects.get(code="communication-basics")
    enrolments_create(employees=w.reports[:2], course=talk, actor=None)
    TrainingSettings.current()
    client.force_login(w.boss_user)
    client.get(TEAM)  # the session and menu caches warm
    with django_assert_num_queries(16):
        response = client.get(TEAM)
    assert response.content.decode().count('data-testid="suggested-person"') == 2 * size


def test_one_action_enrols_the_listed_people_and_again_enrols_nobody_twice(client):
    w = workshop_make(reports=3, percentiles=[10, 10, 80])
    course = Course.objects.get(code="safety-basics")
    client.force_login(w.boss_user)
    form = {"course": course.pk, "people": [p.pk for p in w.reports[:2]], "reason": "weak"}

    assert client.post(ENROL, form).status_code == 302
    client.post(ENROL, form)

    enrolled = Enrolment.objects.filter(course=course)
    assert sorted(enrolled.values_list("employee_id", flat=True)) == [p.pk for p in w.reports[:2]]
    assert {e.enrolled_by for e in enrolled} == {w.boss_user}


def test_another_teams_employee_is_404_and_nobody_is_enrolled(client):
    w = workshop_make(reports=2)
    other = workshop_make(reports=1)
    client.force_login(w.boss_user)
    form = {
        "course": Course.objects.get(code="safety-basics").pk,
        "people": [w.reports[0].pk, other.reports[0].pk],
    }
    assert client.post(ENROL, form).status_code == 404
    assert not Enrolment.objects.exists()


def test_a_full_session_is_refused_with_a_message(client):
    w = workshop_make(reports=3)
    course = Course.objects.get(code="safety-basics")
    start = timezone.now() + timedelta(days=3)
    session = CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + timedelta(hours=4), seats=2
    )
    _english(client, w.boss_user)
    form = {"course": course.pk, "session": session.pk, "people": [p.pk for p in w.reports]}
    response = client.post(ENROL, form, follow=True)
    assert "2 seats left" in response.content.decode()
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("people", ["²", "٣", "1" + "0" * 20, "a\x00b", "NaN", "-1", "", "1e9"])
def test_hostile_people_ids_change_nothing(client, people):
    w = workshop_make(reports=1)
    client.force_login(w.boss_user)
    form = {"course": Course.objects.get(code="safety-basics").pk, "people": [people]}
    # A NUL is refused by the request guard (400) before the view.
    assert client.post(ENROL, form).status_code in (302, 400, 404)
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("course", ["²", "1" + "0" * 20, "NaN", "a\x00b", "999999"])
def test_hostile_course_ids_change_nothing(client, course):
    w = workshop_make(reports=1)
    client.force_login(w.boss_user)
    response = client.post(ENROL, {"course": course, "people": [w.reports[0].pk]})
    assert response.status_code in (302, 400, 404)
    assert not Enrolment.objects.exists()


def _enrolment(w):
    course = Course.objects.get(code="special-operations")
    return enrolments_create(employees=[w.reports[0]], course=course, actor=None)[0]


def test_the_manager_marks_completed_and_the_certificate_follows(client):
    w = workshop_make(reports=1)
    enrolment = _enrolment(w)
    client.force_login(w.boss_user)
    url = reverse("employees:training-enrolment-complete", kwargs={"pk": enrolment.pk})

    client.post(url, {"completed_on": timezone.localdate().isoformat(), "result": "90"})

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert enrolment.certificate.expires_on is not None
    assert SkillEvidence.objects.filter(employee=w.reports[0], source="training").count() == 2


def test_the_employee_cannot_complete_their_own_nor_another_manager_theirs(client):
    w = workshop_make(reports=1)
    other = workshop_make(reports=1)
    own_user = UserFactory(roles=[Role.EMPLOYEE])
    w.reports[0].user = own_user
    w.reports[0].save(update_fields=["user"])
    enrolment = _enrolment(w)
    url = reverse("employees:training-enrolment-complete", kwargs={"pk": enrolment.pk})
    for user in (own_user, other.boss_user):
        client.force_login(user)
        assert (
            client.post(url, {"completed_on": timezone.localdate().isoformat()}).status_code == 404
        )
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED


@pytest.mark.parametrize(
    "form",
    [
        {"completed_on": "²"},
        {"completed_on": "2026-01-01", "result": "NaN"},
        {"completed_on": "2026-01-01", "result": "1e999999"},
        {"completed_on": "2026-01-01", "result": "101"},
        {"completed_on": "9999-12-31"},
        {"completed_on": "a\x00b"},
    ],
)
def test_bad_completion_input_changes_nothing(client, form):
    w = workshop_make(reports=1)
    enrolment = _enrolment(w)
    client.force_login(w.boss_user)
    url = reverse("employees:training-enrolment-complete", kwargs={"pk": enrolment.pk})
    assert client.post(url, form).status_code in (302, 400)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED


def test_the_employee_sees_their_suggestions_and_enrolments_on_the_phone_page(client):
    w = workshop_make(reports=1, percentiles=[10])
    own_user = UserFactory(roles=[Role.EMPLOYEE])
    w.reports[0].user = own_user
    w.reports[0].save(update_fields=["user"])
    enrolments_create(employees=w.reports, course=Course.objects.get(code="hands-on-workshop"),
                      actor=None)  # fmt: skip
    _english(client, own_user)

    page = client.get(reverse("employees:training-mine")).content.decode()
    me = client.get(reverse("employees:me")).content.decode()

    assert "Safe operating practice" in page
    assert page.count('data-testid="me-enrolment"') == 1
    assert 'data-testid="me-suggestion"' in me  # the self-service section


def test_hr_adds_a_course_with_what_it_builds(client):
    hr = UserFactory(roles=[Role.HR_ADMIN])
    client.force_login(hr)
    safety = CompetencyRequirement._meta.get_field("competency").related_model.objects.get(
        code="safety_awareness"
    )
    form = {
        "code": "forklift", "title_zh": "叉车操作", "title_en": "Forklift", "delivery": "classroom",
        "provider": "external", "certificate_name": "叉车证", "certificate_months": "48",
        "is_active": "on", "competency_0": safety.pk, "level_0": "3",
    }  # fmt: skip
    response = client.post(reverse("employees:training-course-create"), form)
    course = Course.objects.get(code="forklift")
    assert response.status_code == 302
    assert [(b.competency, b.level) for b in course.builds.all()] == [(safety, 3)]


@pytest.mark.parametrize("level", ["0", "6", "²", "NaN", "1" + "0" * 20])
def test_a_course_attesting_a_level_off_the_scale_is_refused(client, level):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    safety = CompetencyRequirement._meta.get_field("competency").related_model.objects.get(
        code="safety_awareness"
    )
    form = {
        "code": "bad", "title_zh": "坏", "title_en": "Bad", "delivery": "online",
        "provider": "internal", "competency_0": safety.pk, "level_0": level,
    }  # fmt: skip
    assert client.post(reverse("employees:training-course-create"), form).status_code == 400
    assert not Course.objects.filter(code="bad").exists()


def test_hr_sets_a_requirement_on_the_page(client):
    w = workshop_make(reports=0)
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    url = reverse("employees:skills-requirements")
    client.post(url, {"job_family": "production", "competency": w.safety.pk, "level": "3"})
    assert CompetencyRequirement.objects.get(job_family="production").level == 3
    page = client.get(url).content.decode()
    assert page.count('data-testid="requirement-row"') == 1


@pytest.mark.parametrize("size", [2, 20])
def test_the_course_list_reads_the_same_queries_at_any_size(
    client, size, django_assert_num_queries
):
    hr = UserFactory(roles=[Role.HR_ADMIN])
    for n in range(size):
        Course.objects.create(code=f"c{n}", title_zh="课", title_en="C", delivery="online",
                              provider="internal")  # fmt: skip
    client.force_login(hr)
    client.get(reverse("employees:training-courses"))
    with django_assert_num_queries(7):
        response = client.get(reverse("employees:training-courses"))
    assert response.content.decode().count('data-testid="course-row"') == size + 4


def test_hr_completes_anyones_enrolment_from_the_course_page(client):
    w = workshop_make(reports=2)
    course = Course.objects.get(code="special-operations")
    enrolments_create(employees=w.reports, course=course, actor=None)
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    page = client.get(reverse("employees:training-course", kwargs={"pk": course.pk}))
    first = Enrolment.objects.filter(course=course).order_by("pk").first()
    url = reverse("employees:training-enrolment-complete", kwargs={"pk": first.pk})

    response = client.post(
        url, {"completed_on": timezone.localdate().isoformat(), "back": "course"}
    )

    assert page.content.decode().count('data-testid="enrolment-row"') == 2
    assert response.url == reverse("employees:training-course", kwargs={"pk": course.pk})
    first.refresh_from_db()
    assert first.status == Enrolment.Status.COMPLETED


@pytest.mark.parametrize(
    "form",
    [
        {"competency": "²", "level": "2", "job_family": "x"},
        {"competency": "1" + "0" * 20, "level": "2", "job_family": "x"},
        {"level": "NaN", "job_family": "x"},
        {"level": "٣", "job_family": "a\x00b"},
        {"level": "2"},  # neither a position nor a family
    ],
)
def test_bad_requirement_input_is_a_form_error_and_changes_nothing(client, form):
    w = workshop_make(reports=0)
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    data = {"competency": w.safety.pk, **form}
    response = client.post(reverse("employees:skills-requirements"), data)
    assert response.status_code == 400
    assert not CompetencyRequirement.objects.exists()


def _sessions(course, *seats, days=3):
    """Upcoming sessions of `course`, one per seat count, a day apart from `days` on."""
    made = []
    for n, count in enumerate(seats):
        start = timezone.now() + timedelta(days=days + n)
        made.append(
            CourseSession.objects.create(
                course=course, starts_at=start, ends_at=start + timedelta(hours=4), seats=count
            )
        )
    return made


def _offers(page):
    """The options of the first suggestion group's select: (value, selected, disabled)."""
    select = page.split('name="course"', 1)[1].split("</select>", 1)[0]
    return [
        (value, " selected" in attrs, " disabled" in attrs)
        for value, attrs in re.findall(r'<option value="([^"]+)"([^>]*)>', select)
    ]


def test_the_team_page_offers_the_sessions_and_picks_the_earliest_that_seats_everyone(client):
    w = workshop_make(reports=3, percentiles=[10, 10, 10])
    course = Course.objects.get(code="safety-basics")
    full, small, roomy, later = _sessions(course, 1, 2, 5, 9)
    enrolments_create(employees=[w.boss], course=course, session=full, actor=None)
    _english(client, w.boss_user)

    page = client.get(TEAM).content.decode()

    offers = {value: (selected, disabled) for value, selected, disabled in _offers(page)}
    assert offers[f"{course.pk}:{full.pk}"] == (False, True)  # shown, not choosable
    assert offers[f"{course.pk}:{small.pk}"] == (False, False)
    assert offers[f"{course.pk}:{roomy.pk}"] == (True, False)  # earliest with 3 seats
    assert offers[f"{course.pk}:{later.pk}"] == (False, False)
    assert str(course.pk) not in offers  # a course with sessions is taken by session
    assert "full" in page
    assert "5 seats left" in page


def test_a_course_without_upcoming_sessions_is_offered_as_before(client):
    w = workshop_make(reports=2, percentiles=[10, 10])
    course = Course.objects.get(code="safety-basics")
    _sessions(course, 9, days=-10)  # past
    client.force_login(w.boss_user)

    offers = _offers(client.get(TEAM).content.decode())

    assert (str(course.pk), True, False) in offers


def test_the_chosen_session_gets_the_enrolments(client):
    w = workshop_make(reports=3, percentiles=[10, 10, 10])
    course = Course.objects.get(code="safety-basics")
    first, second = _sessions(course, 5, 5)
    client.force_login(w.boss_user)
    form = {"course": f"{course.pk}:{second.pk}", "people": [p.pk for p in w.reports[:2]]}

    assert client.post(ENROL, form).status_code == 302

    assert sorted(second.enrolments.values_list("employee_id", flat=True)) == [
        p.pk for p in w.reports[:2]
    ]
    assert not first.enrolments.exists()


def test_a_full_chosen_session_is_refused_with_the_message_and_nobody_is_enrolled(client):
    w = workshop_make(reports=2)
    course = Course.objects.get(code="safety-basics")
    [session] = _sessions(course, 1)
    enrolments_create(employees=[w.boss], course=course, session=session, actor=None)
    _english(client, w.boss_user)
    form = {"course": f"{course.pk}:{session.pk}", "people": [p.pk for p in w.reports]}

    response = client.post(ENROL, form, follow=True)

    assert "This session is full" in response.content.decode()
    assert not Enrolment.objects.filter(employee__in=w.reports).exists()


def test_every_session_full_disables_the_action(client):
    w = workshop_make(reports=1, percentiles=[10])
    CompetencyRequirement.objects.all().delete()
    for course in Course.objects.exclude(code="safety-basics"):
        course.is_active = False
        course.save(update_fields=["is_active"])
    course = Course.objects.get(code="safety-basics")
    [session] = _sessions(course, 1)
    enrolments_create(employees=[w.boss], course=course, session=session, actor=None)
    client.force_login(w.boss_user)

    page = client.get(TEAM).content.decode()

    assert 'data-testid="sessions-full"' in page
    assert 'data-testid="enrol" disabled' in page


@pytest.mark.parametrize(
    "course", ["1:²", "1:", ":1", "1:2:3", "1:" + "9" * 11, "1:0", "0:1", "1:a\x00b"]
)
def test_hostile_course_session_values_change_nothing(client, course):
    w = workshop_make(reports=1)
    client.force_login(w.boss_user)
    response = client.post(ENROL, {"course": course, "people": [w.reports[0].pk]})
    assert response.status_code in (302, 400, 404)
    assert not Enrolment.objects.exists()


def test_a_session_of_another_course_is_404_and_nobody_is_enrolled(client):
    w = workshop_make(reports=1)
    [other] = _sessions(Course.objects.get(code="hands-on-workshop"), 9)
    client.force_login(w.boss_user)
    course = Course.objects.get(code="safety-basics")
    response = client.post(
        ENROL, {"course": f"{course.pk}:{other.pk}", "people": [w.reports[0].pk]}
    )
    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def test_a_past_session_posted_by_hand_is_refused_and_nobody_is_enrolled(client):
    w = workshop_make(reports=2)
    course = Course.objects.get(code="safety-basics")
    [past] = _sessions(course, 9, days=-10)
    _english(client, w.boss_user)
    form = {"course": f"{course.pk}:{past.pk}", "people": [p.pk for p in w.reports]}

    response = client.post(ENROL, form, follow=True)

    assert "This session has already started" in response.content.decode()
    assert not Enrolment.objects.exists()
