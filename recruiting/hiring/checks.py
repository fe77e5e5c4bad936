"""May this application be hired now? One answer for the button, the board and the API."""

from collections.abc import Collection, Sequence
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import Employee, EmploymentType, Position
from employees.services.assignments import START_HORIZON_DAYS
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.selectors import user_roles
from hrflow.core.errors import ApplicationError
from hrflow.org.models import Department
from recruiting.models import Application, Assessment, Stage, StageKind
from recruiting.models.applications import StageTransition
from recruiting.offers.models import Offer


def hire_problem(application: Application) -> str:
    """Why this application cannot be hired now; empty when it can."""
    if application.status == Application.Status.HIRED:
        return ""
    if application.status != Application.Status.ACTIVE:
        return _("Only an active application can be hired.")
    if not application.offers.filter(status=Offer.Status.ACCEPTED).exists():
        return _("The candidate has not accepted an offer.")
    if not background_check_passed(application):
        return _("The background check has not been passed.")
    return ""


def hire_problems(applications: Sequence[Application], accepted: Collection[int]) -> dict[int, str]:
    """`hire_problem` of many applications at once: {application id: why not}, only the
    ones that cannot be hired. `accepted` holds the ids with an accepted offer."""
    checked_jobs = set(
        Stage.objects.filter(
            job_id__in={application.job_id for application in applications},
            kind=StageKind.BACKGROUND_CHECK,
        ).values_list("job_id", flat=True)
    )
    problems = {}
    for application in applications:
        if application.status == Application.Status.HIRED:
            continue
        if application.status != Application.Status.ACTIVE:
            problems[application.pk] = _("Only an active application can be hired.")
        elif application.pk not in accepted:
            problems[application.pk] = _("The candidate has not accepted an offer.")
        elif application.job_id in checked_jobs and not background_check_passed(application):
            problems[application.pk] = _("The background check has not been passed.")
    return problems


def background_check_passed(application: Application) -> bool:
    """Where the job has a background-check stage: the latest check result recommends,
    or (with no check result at all, HR checking by hand) the card went through that
    stage rather than skipping it. A pending or failed result is never passed."""
    checks = list(
        application.job.stages.filter(kind=StageKind.BACKGROUND_CHECK).values_list("pk", flat=True)
    )
    if not checks:
        return True
    latest = (
        application.assessments.filter(kind=Assessment.Kind.BACKGROUND_CHECK)
        .exclude(status__in=[Assessment.Status.CANCELLED, Assessment.Status.DELETED])
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is not None:
        return (
            latest.status == Assessment.Status.COMPLETED
            and latest.vendor_verdict == Assessment.Verdict.PASS
        )
    return (
        application.stage_id in checks
        or StageTransition.objects.filter(application=application, to_stage_id__in=checks).exists()
    )


# A first day further back than this is a record of an old hire, which the import brings,
# not this button; one further out than START_HORIZON_DAYS is almost surely a typo.
START_PAST_DAYS = 366


def hire_manager_choices(application: Application) -> QuerySet[Employee]:
    """Whom the hire may name as manager: the people the job names (its hiring managers
    and its department's head) who work here. HR admins may name anyone who works here."""
    job = application.job
    named = list(job.hiring_managers.values_list("pk", flat=True))
    if job.department.head_id:
        named.append(job.department.head_id)
    return Employee.objects.filter(user_id__in=named, left_on__isnull=True)


def hire_inputs_check(
    *,
    application: Application,
    actor: User | None,
    start_date: date,
    employment_type: str,
    department_id: int | None,
    position_id: int | None,
    manager_id: int | None,
) -> None:
    """Refuse, field by field, what HR chose on the hire form that cannot be."""
    problems: dict[str, str] = {}
    today = timezone.localdate()
    if start_date > today + timedelta(days=START_HORIZON_DAYS):
        problems["start_date"] = _("The start date is more than two years away.")
    elif start_date < today - timedelta(days=START_PAST_DAYS):
        problems["start_date"] = _("The start date is more than a year ago.")
    if employment_type and employment_type not in EmploymentType.values:
        problems["employment_type"] = _("Choose a form of employment from the list.")
    if (
        department_id is not None
        and not Department.objects.filter(pk=department_id, is_active=True).exists()
    ):
        problems["department"] = _("Choose an active department.")
    if position_id is not None:
        position = Position.objects.filter(pk=position_id, is_active=True).first()
        if position is None:
            problems["position"] = _("Choose an active position.")
        elif position.department_id != (department_id or application.job.department_id):
            problems["position"] = _("This position belongs to another department.")
    if manager_id is not None:
        # A recruiter names only whom the job names, as the form offers: anyone else as
        # manager would let that person read the new hire's record.
        managers = (
            Employee.objects.filter(left_on__isnull=True)
            if actor is not None and Role.HR_ADMIN in user_roles(actor)
            else hire_manager_choices(application)
        )
        if not managers.filter(pk=manager_id).exists():
            problems["manager"] = _("Choose a manager who works here.")
    if problems:
        raise ApplicationError(
            _("Some of the hire's details need correcting."), extra={"fields": problems}
        )
