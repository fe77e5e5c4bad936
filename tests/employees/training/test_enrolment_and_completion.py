"""Enrolling (idempotent, seats checked), cancelling (seat freed, idempotent),
completing (evidence and certificate), certificate warnings once at 30 days, and
who is not cleared."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from employees.models import (
    Certificate,
    CertificateRequirement,
    Course,
    CourseSession,
    Enrolment,
    SkillEvidence,
)
from employees.skills.selectors import current_levels
from employees.training.clearance import not_cleared
from employees.training.services import (
    certificates_expiry_warn,
    enrolment_cancel,
    enrolment_complete,
    enrolments_create,
)
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from hrflow.notifications.models import OutboxMessage
from tests.employees.training.scene import workshop_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def _session(course, seats):
    start = timezone.now() + timedelta(days=7)
    return CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + timedelta(hours=8), seats=seats
    )


def test_enrolling_twice_enrols_once():
    w = workshop_make(reports=3)
    course = Course.objects.get(code="safety-basics")
    first = enrolments_create(employees=w.reports[:2], course=course, reason="x", actor=w.boss_user)
    again = enrolments_create(employees=w.reports, course=course, reason="x", actor=w.boss_user)
    assert (len(first), [e.employee for e in again]) == (2, [w.reports[2]])
    assert Enrolment.objects.filter(course=course).count() == 3
    assert AuditEvent.objects.filter(action="employees.enrolment_create").count() == 3


def test_a_full_session_refuses_and_enrols_nobody():
    w = workshop_make(reports=3)
    course = Course.objects.get(code="safety-basics")
    session = _session(course, seats=2)
    with pytest.raises(ApplicationError):
        enrolments_create(employees=w.reports, course=course, session=session, actor=None)
    assert not Enrolment.objects.exists()
    enrolments_create(employees=w.reports[:2], course=course, session=session, actor=None)
    assert session.enrolments.count() == 2


def test_a_cancel_frees_its_seat_and_leaves_the_person_free_to_enrol_again():
    w = workshop_make(reports=2)
    course = Course.objects.get(code="safety-basics")
    session = _session(course, seats=1)
    first, second = w.reports
    [seat] = enrolments_create(employees=[first], course=course, session=session, actor=None)
    with pytest.raises(ApplicationError) as full:
        enrolments_create(employees=[second], course=course, session=session, actor=None)
    assert full.value.extra == {"field": "session"}

    enrolment_cancel(enrolment=seat, actor=w.boss_user)
    again = enrolment_cancel(enrolment=seat, actor=w.boss_user)  # harmless

    assert again.status == Enrolment.Status.CANCELLED
    assert AuditEvent.objects.filter(action="employees.enrolment_cancel").count() == 1
    enrolments_create(employees=[second], course=course, session=session, actor=None)
    [anew] = enrolments_create(employees=[first], course=course, actor=None)
    assert anew.status == Enrolment.Status.ENROLLED
    assert session.enrolments.exclude(status="cancelled").get().employee == second


def test_a_completed_enrolment_cannot_be_cancelled():
    w = workshop_make(reports=1)
    [enrolment] = enrolments_create(
        employees=w.reports, course=Course.objects.get(code="safety-basics"), actor=None
    )
    enrolment_complete(enrolment=enrolment, completed_on=timezone.localdate(), actor=None)
    with pytest.raises(ApplicationError):
        enrolment_cancel(enrolment=enrolment, actor=None)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert not AuditEvent.objects.filter(action="employees.enrolment_cancel").exists()


def test_a_cancelled_enrolment_cannot_be_completed():
    w = workshop_make(reports=1)
    [enrolment] = enrolments_create(
        employees=w.reports, course=Course.objects.get(code="special-operations"), actor=None
    )
    enrolment_cancel(enrolment=enrolment, actor=None)
    with pytest.raises(ApplicationError):
        enrolment_complete(enrolment=enrolment, completed_on=timezone.localdate(), actor=None)
    assert not Certificate.objects.exists()


def test_a_session_of_another_course_is_refused():
    w = workshop_make(reports=1)
    other = _session(Course.objects.get(code="hands-on-workshop"), seats=9)
    with pytest.raises(ApplicationError):
        enrolments_create(
            employees=w.reports, course=Course.objects.get(code="safety-basics"), session=other,
            actor=None,
        )  # fmt: skip
    assert not Enrolment.objects.exists()


def test_completion_adds_evidence_at_the_attested_level_and_a_certificate():
    w = workshop_make(reports=1, percentiles=[10])
    person = w.reports[0]
    course = Course.objects.get(code="special-operations")  # safety 4, hands-on 3; 24 months
    [enrolment] = enrolments_create(employees=[person], course=course, actor=None)
    done_on = timezone.localdate() - timedelta(days=3)

    enrolment_complete(enrolment=enrolment, completed_on=done_on, result=Decimal("88"), actor=None)

    levels = current_levels([person.pk])[person.pk]
    assert levels[w.safety.pk].level == 4  # the training outranks the older AI score
    assert levels[w.safety.pk].evidence.source == SkillEvidence.Source.TRAINING
    assert levels[w.hands_on.pk].level == 3
    certificate = Certificate.objects.get(employee=person)
    assert (certificate.name, certificate.issued_on) == ("特种作业操作证", done_on)
    assert certificate.expires_on == done_on.replace(year=done_on.year + 2)


def test_completing_twice_is_refused_and_adds_nothing():
    w = workshop_make(reports=1)
    [enrolment] = enrolments_create(
        employees=w.reports, course=Course.objects.get(code="special-operations"), actor=None
    )
    enrolment_complete(enrolment=enrolment, completed_on=timezone.localdate(), actor=None)
    with pytest.raises(ApplicationError):
        enrolment_complete(enrolment=enrolment, completed_on=timezone.localdate(), actor=None)
    assert Certificate.objects.count() == 1
    assert SkillEvidence.objects.filter(source="training").count() == 2


@pytest.mark.parametrize("result", [Decimal("-1"), Decimal("100.01"), Decimal("NaN")])
def test_a_result_off_the_scale_or_a_future_date_changes_nothing(result):
    w = workshop_make(reports=1)
    [enrolment] = enrolments_create(
        employees=w.reports, course=Course.objects.get(code="safety-basics"), actor=None
    )
    with pytest.raises(ApplicationError):
        enrolment_complete(enrolment=enrolment, completed_on=timezone.localdate(), result=result,
                           actor=None)  # fmt: skip
    with pytest.raises(ApplicationError):
        enrolment_complete(
            enrolment=enrolment, completed_on=timezone.localdate() + timedelta(days=1), actor=None
        )
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert not SkillEvidence.objects.filter(source="training").exists()


def _certified(w, issued_on):
    """The first report holds the course's certificate from `issued_on`; the position needs it."""
    course = Course.objects.get(code="special-operations")
    CertificateRequirement.objects.create(position=w.position, course=course)
    return Certificate.objects.create(
        employee=w.reports[0], course=course, name=course.certificate_name, issued_on=issued_on,
        expires_on=issued_on + timedelta(days=730),
    )  # fmt: skip


def test_a_certificate_is_warned_of_30_days_before_expiry_once_to_holder_and_manager():
    w = workshop_make(reports=1)
    holder_user = UserFactory(email="holder@example.com")
    w.reports[0].user = holder_user
    w.reports[0].save(update_fields=["user"])
    today = timezone.localdate()
    certificate = _certified(w, issued_on=today - timedelta(days=700))  # expires in 30 days

    assert certificates_expiry_warn(on=today - timedelta(days=1)) == 0  # 31 days: not yet
    assert certificates_expiry_warn(on=today) == 2
    assert certificates_expiry_warn(on=today) == 0
    assert certificates_expiry_warn(on=today + timedelta(days=1)) == 0
    recipients = set(
        OutboxMessage.objects.filter(event="certificate_expiring").values_list(
            "recipient", flat=True
        )
    )
    assert recipients == {"holder@example.com", w.boss_user.email}
    certificate.refresh_from_db()
    assert certificate.warned_at is not None


def test_the_holder_is_cleared_until_the_expiry_day_and_the_others_never():
    w = workshop_make(reports=2)
    today = timezone.localdate()
    certificate = _certified(w, issued_on=today - timedelta(days=100))
    holder, other = w.reports

    cleared_today = not_cleared(w.reports, today)
    lapsed = not_cleared(w.reports, certificate.expires_on)

    assert holder.pk not in cleared_today
    assert [c.code for c in cleared_today[other.pk]] == ["special-operations"]
    assert holder.pk in lapsed
    assert holder.pk in not_cleared(w.reports, certificate.issued_on - timedelta(days=1))


def test_the_daily_task_warns_through_the_service_and_a_second_run_sends_nothing():
    from employees.tasks import certificates_expiry_warn_task

    w = workshop_make(reports=1)
    today = timezone.localdate()
    _certified(w, issued_on=today - timedelta(days=710))  # expires in 20 days

    assert certificates_expiry_warn_task() == {
        "queued": 1
    }  # the manager; the holder has no account
    assert certificates_expiry_warn_task() == {"queued": 0}


@pytest.mark.parametrize("hours", [-48, -1])  # over, and begun but not yet ended
def test_a_session_that_has_started_is_refused_and_enrols_nobody(hours):
    w = workshop_make(reports=2)
    course = Course.objects.get(code="safety-basics")
    start = timezone.now() + timedelta(hours=hours)
    session = CourseSession.objects.create(
        course=course, starts_at=start, ends_at=start + timedelta(hours=8), seats=9
    )
    with pytest.raises(ApplicationError) as refused:
        enrolments_create(employees=w.reports, course=course, session=session, actor=None)
    assert refused.value.extra == {"field": "session"}
    assert not Enrolment.objects.exists()
    assert not AuditEvent.objects.filter(action="employees.enrolment_create").exists()
