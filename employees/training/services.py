"""Training writes: enrol people, cancel or complete an enrolment, warn of lapsing
certificates.

Completion is where training meets skills: it adds skill evidence (source
training) at each level the course attests, and the course's certificate.
"""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import (
    Certificate,
    Course,
    CourseSession,
    Employee,
    Enrolment,
    SkillEvidence,
    TrainingSettings,
)
from employees.periods import months_later
from employees.selectors.positions import seated_on
from employees.skills.levels import level_to_score
from employees.training.access import enrolment_cancel_allowed
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record, audit_record_many
from hrflow.core.errors import ApplicationError
from hrflow.notifications.staff import staff_notify

CERTIFICATE_EXPIRING = "certificate_expiring"


@transaction.atomic
def enrolments_create(
    *,
    employees: Sequence[Employee],
    course: Course,
    session: CourseSession | None = None,
    reason: str = "",
    actor: User | None,
) -> list[Enrolment]:
    """Enrol each person in the course (and session); who is enrolled already is skipped.

    The course row is locked first, then the session's: two managers enrolling at
    once into the last seats queue behind each other, so the seat count below is
    the true one (a cancellation only frees seats, so it takes neither lock).
    Returns the new enrolments.
    """
    Course.objects.select_for_update().get(pk=course.pk)
    if not course.is_active:
        raise ApplicationError(_("This course is no longer offered."), extra={"field": "course"})
    if session is not None and session.course_id != course.pk:
        raise ApplicationError(_("Choose a session of this course."), extra={"field": "session"})
    if session is not None:
        session = CourseSession.objects.select_for_update().get(pk=session.pk)
        # The team page only offers sessions still to come; a hand-made POST or an API
        # call must not book one that has begun or is over.
        if session.starts_at <= timezone.now():
            raise ApplicationError(
                _("This session has already started: choose one still to come."),
                extra={"field": "session"},
            )
    already = set(
        Enrolment.objects.filter(
            course=course, status=Enrolment.Status.ENROLLED, employee__in=employees
        ).values_list("employee_id", flat=True)
    )
    new = [e for e in {e.pk: e for e in employees}.values() if e.pk not in already]
    if session is not None and new:
        taken = session.enrolments.exclude(status=Enrolment.Status.CANCELLED).count()
        if taken >= session.seats:
            raise ApplicationError(
                _("This session is full: choose another one."), extra={"field": "session"}
            )
        if taken + len(new) > session.seats:
            raise ApplicationError(
                _("The session has %(left)s seats left; %(asked)s were asked for.")
                % {"left": max(session.seats - taken, 0), "asked": len(new)},
                extra={"field": "session"},
            )
    reason = reason.strip()[:300]
    created = Enrolment.objects.bulk_create(
        Enrolment(employee=e, course=course, session=session, reason=reason, enrolled_by=actor)
        for e in new
    )
    audit_record_many(
        actor=actor,
        action="employees.enrolment_create",
        changes_by_target=[
            (e.employee, {"course": course.code, "session": session.pk if session else None,
                          "reason": reason})
            for e in created
        ],
    )  # fmt: skip
    return created


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment, actor: User | None) -> Enrolment:
    """Cancel an open enrolment: its seat is free again and the person may be enrolled
    anew. Cancelling a cancelled one changes nothing; a completed one is refused, since
    its skill evidence and certificate stand."""
    # The state guard under the row lock: a double submit, or a completion racing
    # the cancel, leaves one outcome and one audit row.
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course", "employee")
        .get(pk=enrolment.pk)
    )
    if enrolment.status == Enrolment.Status.CANCELLED:
        return enrolment
    if enrolment.status == Enrolment.Status.COMPLETED:
        raise ApplicationError(
            _("This course is completed already; a completed enrolment cannot be cancelled.")
        )
    if not enrolment_cancel_allowed(enrolment, actor):
        raise ApplicationError(
            _("Someone else enrolled you in this course; ask them or HR to cancel it.")
        )
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="employees.enrolment_cancel",
        target=enrolment.employee,
        changes={"course": enrolment.course.code, "session": enrolment.session_id},
    )
    return enrolment


@transaction.atomic
def enrolment_complete(
    *,
    enrolment: Enrolment,
    completed_on: date,
    result: Decimal | None = None,
    actor: User | None,
) -> Enrolment:
    """Mark the enrolment completed: skill evidence for each competency the course
    builds, and its certificate where it certifies."""
    # The state guard under the row lock makes a double submit complete it once.
    enrolment = Enrolment.objects.select_for_update().select_related("course").get(pk=enrolment.pk)
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise ApplicationError(_("Only an open enrolment can be completed."))
    if completed_on > timezone.localdate():
        raise ApplicationError(
            _("The completion date cannot be in the future."), extra={"field": "completed_on"}
        )
    if result is not None and not (result.is_finite() and Decimal(0) <= result <= Decimal(100)):
        raise ApplicationError(_("A result is between 0 and 100."), extra={"field": "result"})
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.completed_on = completed_on
    enrolment.result = result
    enrolment.save(update_fields=["status", "completed_on", "result", "updated_at"])
    course = enrolment.course
    observed = timezone.make_aware(datetime.combine(completed_on, time(12)))
    SkillEvidence.objects.bulk_create(
        [
            SkillEvidence(
                employee_id=enrolment.employee_id,
                competency=builds.competency,
                source=SkillEvidence.Source.TRAINING,
                score=level_to_score(builds.level, builds.competency.levels),
                assessed_at=observed,
                origin_ref=f"employees.enrolment:{enrolment.pk}",
            )
            for builds in course.builds.select_related("competency")
        ],
        ignore_conflicts=True,
    )
    certificate = None
    if course.certificate_name:
        certificate = Certificate.objects.create(
            employee_id=enrolment.employee_id,
            course=course,
            enrolment=enrolment,
            name=course.certificate_name,
            issued_on=completed_on,
            expires_on=(
                months_later(completed_on, course.certificate_months)
                if course.certificate_months
                else None
            ),
        )
    audit_record(
        actor=actor,
        action="employees.enrolment_complete",
        target=enrolment.employee,
        changes={
            "course": course.code,
            "completed_on": completed_on.isoformat(),
            "result": str(result) if result is not None else None,
            "certificate_expires_on": (
                certificate.expires_on.isoformat()
                if certificate and certificate.expires_on
                else None
            ),
        },
    )
    return enrolment


def certificates_expiry_warn(*, on: date) -> int:
    """Tell the holder and their manager of each certificate lapsing within the
    company's warning days; each certificate once. Returns how many messages were queued."""
    horizon = on + timedelta(days=TrainingSettings.current().certificate_warn_days)
    due = Certificate.objects.filter(
        warned_at__isnull=True, expires_on__gt=on, expires_on__lte=horizon,
        employee__left_on__isnull=True,
    ).values_list("pk", flat=True)  # fmt: skip
    return sum(_certificate_warn(pk, on) for pk in due)


@transaction.atomic
def _certificate_warn(certificate_id: int, on: date) -> int:
    # warned_at set under the row lock, and the outbox keyed per certificate: a run
    # that crashes half-way or runs twice warns nobody twice.
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("employee__user")
        .filter(pk=certificate_id, warned_at__isnull=True)
        .first()
    )
    if certificate is None or certificate.expires_on is None:
        return 0
    employee = certificate.employee
    manager = (
        seated_on(on)
        .filter(employee=employee, manager__isnull=False)
        .select_related("manager__user")
        .first()
    )
    people = [employee.user, manager.manager.user if manager and manager.manager else None]
    expires_on = certificate.expires_on
    queued = staff_notify(
        people=[p for p in people if p is not None and p.email],
        event=CERTIFICATE_EXPIRING,
        key=f"{CERTIFICATE_EXPIRING}:{certificate.pk}",
        values=lambda: {
            "certificate_name": certificate.name,
            "employee_name": employee.shown_name,
            "expires_on": expires_on.isoformat(),
            "training_link": settings.HRFLOW_PUBLIC_URL.rstrip("/")
            + reverse("employees:training-mine"),
        },
    )
    certificate.warned_at = timezone.now()
    certificate.save(update_fields=["warned_at"])
    return queued
