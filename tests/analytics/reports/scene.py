"""Applications with hand-written histories for the report tests: every move, result,
offer, survey answer and hire outcome at a time the test names (local time)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from employees.models import HireSnapshot, Outcome
from recruiting.models import Application, Assessment, Job, Stage, StageTransition, SurveyResponse
from recruiting.offers.models import Offer
from tests.employees.records.scene import employee_make
from tests.recruiting.factories import ApplicationFactory

ACTIVE, REJECTED, WITHDRAWN, HIRED = "active", "rejected", "withdrawn", "hired"


def local(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2025) -> datetime:
    zone = ZoneInfo(timezone.get_default_timezone_name())
    return datetime(year, month, day, hour, minute, tzinfo=zone)


def stage(job: Job, kind: str) -> Stage:
    found = job.stages.filter(kind=kind).order_by("position").first()
    assert found is not None
    return found


def application_with_history(
    job: Job, source: str, applied: datetime, steps: list[tuple[datetime, str, str]]
) -> Application:
    """An application applied at `applied` in the first stage, then each step: (when,
    stage kind it went to, status after it). The factory's own moves are replaced."""
    application = ApplicationFactory(job=job, source=source)
    StageTransition.objects.filter(application=application).delete()
    current, status = stage(job, "applied"), ACTIVE
    StageTransition.objects.create(
        application=application, from_stage=None, to_stage=current, to_status=ACTIVE,
        created_at=applied,
    )  # fmt: skip
    for at, kind, to_status in steps:
        target = stage(job, kind)
        StageTransition.objects.create(
            application=application, from_stage=current, to_stage=target,
            from_status=status, to_status=to_status, created_at=at,
        )  # fmt: skip
        current, status = target, to_status
    Application.objects.filter(pk=application.pk).update(
        applied_at=applied, stage=current, status=status
    )
    application.refresh_from_db()
    return application


def ai_result(application: Application, at: datetime, *, source: str, score: str = "70") -> None:
    Assessment.objects.create(
        application=application, kind=Assessment.Kind.AI_INTERVIEW,
        status=Assessment.Status.COMPLETED, source=source, external_id=f"r{application.pk}",
        overall_score=Decimal(score), completed_at=at, created_at=at,
    )  # fmt: skip


def offer(application: Application, sent: datetime, accepted: datetime | None = None) -> None:
    Offer.objects.create(
        application=application,
        status=Offer.Status.ACCEPTED if accepted else Offer.Status.SENT,
        position_title="工程师", salary="20k", start_date=sent.date(), letter="offer.pdf",
        letter_name="offer.pdf", letter_size=1, letter_sha256="0" * 64, created_at=sent,
        responded_at=accepted,
    )  # fmt: skip


def answer(application: Application, moment: str, rating: int, at: datetime) -> None:
    SurveyResponse.objects.create(
        application=application, moment=moment, rating=rating, created_at=at
    )


def hire_outcome(
    application: Application,
    hired_on: date,
    *,
    rating: int | None = None,
    left_on: date | None = None,
) -> None:
    """The employee hired through the application, their first review and leaving."""
    employee = employee_make(since=hired_on)
    HireSnapshot.objects.create(employee=employee, application_id=application.pk, record={})
    if rating is not None:
        Outcome.objects.create(
            employee=employee, kind=Outcome.Kind.REVIEW, occurred_on=hired_on.replace(day=28),
            rating=rating, origin_ref=f"review:{employee.pk}",
        )  # fmt: skip
    if left_on is not None:
        Outcome.objects.create(
            employee=employee, kind=Outcome.Kind.LEAVING, occurred_on=left_on,
            origin_ref=f"leaving:{employee.pk}",
        )  # fmt: skip
