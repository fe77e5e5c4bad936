"""Hire: an application with an accepted offer becomes an employee, in one transaction.

The one hire service every surface calls: the profile's Hire button, a card moved
into the job's hired stage (board, bulk move, API move), the API's hire action.
It locks the application, checks the offer (and the background check where the
job has one), builds the frozen HireRecord and hands it to employees in the same
transaction; then ends the application as hired. Idempotent: a second hire of the
same application returns the same employee and changes nothing. Storage writes
are guarded, so a hire that fails half-way leaves no copied file behind.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.lock_objects import employee_lock
from employees.models import Employee
from employees.services.hires import employees_receive_hires, results_carry
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record_many
from hrflow.core.errors import ApplicationError
from hrflow.core.file_guard import files_removed_on_failure
from recruiting.hiring.checks import hire_inputs_check, hire_problems
from recruiting.hiring.record import HireChoices, hire_record_build, hire_records_build
from recruiting.lock_objects import applications_lock
from recruiting.models import Application, Stage, StageKind
from recruiting.models.applications import StageTransition
from recruiting.offers.models import Offer

Status = Application.Status


@dataclass(frozen=True)
class HireOutcome:
    employee: Employee
    created: bool


def application_hire(
    *,
    application: Application,
    actor: User | None = None,
    start_date: date | None = None,
    employment_type: str = "",
    department_id: int | None = None,
    position_id: int | None = None,
    manager_id: int | None = None,
    reason: str = "",
) -> HireOutcome:
    """Hire the application's candidate (or return the employee an earlier hire made)."""
    choices = HireChoices(
        start_date=start_date,
        employment_type=employment_type,
        department_id=department_id,
        position_id=position_id,
        manager_id=manager_id,
    )
    return applications_hire(
        application_ids=[application.pk], actor=actor, reason=reason, choices=choices
    )[0]


def applications_hire(
    *,
    application_ids: Sequence[int],
    actor: User | None,
    reason: str = "",
    choices: HireChoices | None = None,
    name_who: bool = False,
) -> list[HireOutcome]:
    """Hire many applications in one transaction, all or none: a thousand cost a fixed
    number of statements plus their files, not a round of queries each. `choices`
    (what HR chose on the form) apply to a single hire only. With `name_who`, a
    refusal names the candidate it is about (a board move of several cards)."""
    ids = list(dict.fromkeys(application_ids))
    with files_removed_on_failure(), transaction.atomic():
        locked = list(applications_lock(ids).select_related("candidate", "job"))
        if len(locked) != len(ids):
            raise ApplicationError(_("This application no longer exists."))
        earlier = {
            employee.source_application_id: employee
            for employee in Employee.objects.filter(source_application_id__in=ids)
        }
        todo = [application for application in locked if application.pk not in earlier]
        offers = accepted_offers(todo)
        problems = hire_problems(todo, accepted=offers.keys())
        for application in todo:
            # An application marked hired by hand, with no offer here, has no terms to carry.
            problem = problems.get(application.pk) or (
                "" if application.pk in offers else _("The candidate has not accepted an offer.")
            )
            if problem and name_who:
                problem = _("%(name)s cannot be hired yet: %(problem)s") % {
                    "name": application.candidate.shown_name,
                    "problem": problem,
                }
            if problem:
                raise ApplicationError(problem)
        if choices is not None and len(todo) == 1:
            hire_inputs_check(
                application=todo[0],
                actor=actor,
                start_date=choices.start_date or offers[todo[0].pk].start_date,
                employment_type=choices.employment_type,
                department_id=choices.department_id,
                position_id=choices.position_id,
                manager_id=choices.manager_id,
            )
        records = hire_records_build(
            applications=todo,
            offers=offers,
            choices={application.pk: choices for application in todo} if choices else None,
        )
        received = {
            outcome.employee.source_application_id: outcome
            for outcome in employees_receive_hires(records=records, actor=actor)
        }
        # An application marked hired before its employee record was made (an import,
        # a hire recorded by hand) gets its employee now; its history already ends.
        _end_as_hired([a for a in todo if a.status != Status.HIRED], actor, reason)
        audit_record_many(
            actor=actor,
            action="recruiting.application_hire",
            changes_by_target=[
                (application, {"employee": received[application.pk].employee.pk})
                for application in todo
            ],
        )
        fresh = [
            (received[application.pk].employee, application)
            for application in todo
            if received[application.pk].created
        ]
        if fresh:
            for handler in _hired_handlers:
                handler(hires=fresh)
    return [
        HireOutcome(employee=earlier[pk], created=False)
        if pk in earlier
        else HireOutcome(employee=received[pk].employee, created=received[pk].created)
        for pk in ids
    ]


def accepted_offer(application: Application) -> Offer | None:
    return (
        application.offers.filter(status=Offer.Status.ACCEPTED)
        .order_by("-responded_at", "-pk")
        .first()
    )


def accepted_offers(applications: Sequence[Application]) -> dict[int, Offer]:
    """{application id: its latest accepted offer}, for those that have one."""
    found: dict[int, Offer] = {}
    for offer in Offer.objects.filter(
        application__in=[application.pk for application in applications],
        status=Offer.Status.ACCEPTED,
    ).order_by("application_id", "-responded_at", "-pk"):
        found.setdefault(offer.application_id, offer)
    return found


def _end_as_hired(applications: list[Application], actor: User | None, reason: str) -> None:
    """Into the job's hired stage (where it has one) with the status hired, in the history."""
    if not applications:
        return
    hired_stages: dict[int, int] = {}
    for stage_id, job_id in (
        Stage.objects.filter(
            job_id__in={application.job_id for application in applications},
            kind=StageKind.HIRED,
        )
        .order_by("-position")
        .values_list("pk", "job_id")
    ):
        hired_stages[job_id] = stage_id  # ordered last to first: the first one stays
    now = timezone.now()
    StageTransition.objects.bulk_create(
        StageTransition(
            application=application,
            from_stage_id=application.stage_id,
            to_stage_id=hired_stages.get(application.job_id, application.stage_id),
            from_status=application.status,
            to_status=Status.HIRED,
            actor=actor,
            reason=reason,
            created_at=now,
        )
        for application in applications
    )
    moved: dict[int, list[int]] = {}
    stayed = []
    for application in applications:
        to_stage_id = hired_stages.get(application.job_id, application.stage_id)
        if to_stage_id != application.stage_id:
            moved.setdefault(to_stage_id, []).append(application.pk)
        else:
            stayed.append(application.pk)
    for to_stage_id, pks in moved.items():
        Application.objects.filter(pk__in=pks).update(
            status=Status.HIRED, updated_at=now, stage_id=to_stage_id, stage_entered_at=now
        )
    if stayed:
        Application.objects.filter(pk__in=stayed).update(status=Status.HIRED, updated_at=now)


def applications_hire_by_move(
    *, application_ids: Sequence[int], to_stage: Stage, actor: User | None, reason: str
) -> int:
    """Cards moved into a hired stage are hired, together through `applications_hire`.

    All or none: one application that cannot be hired (no accepted offer) refuses
    the whole move with its reason, as the board shows it.
    """
    with files_removed_on_failure(), transaction.atomic():
        todo = []
        for application in Application.objects.filter(pk__in=application_ids).order_by("pk"):
            if application.status == Status.HIRED:
                continue
            if application.job_id != to_stage.job_id:
                raise ApplicationError(_("Some applications are not in this job."))
            todo.append(application.pk)
        applications_hire(application_ids=todo, actor=actor, reason=reason, name_who=True)
    return len(todo)


def hired_results_carry(*, application_ids: Sequence[int]) -> None:
    """The registered form of `hired_results_add` (handlers return nothing)."""
    hired_results_add(application_ids=application_ids)


def hired_results_add(*, application_ids: Sequence[int]) -> int:
    """A result that arrives (or is revised) after the hire adds to the employee's file:
    new assessments and their skill evidence; nothing carried before is overwritten."""
    added = 0
    for application in Application.objects.filter(
        pk__in=application_ids, status=Status.HIRED
    ).select_related("candidate", "job"):
        employee = Employee.objects.filter(source_application_id=application.pk).first()
        offer = accepted_offer(application)
        if employee is None or offer is None:
            continue
        with transaction.atomic():
            # One carrier per employee at a time: two results at once would both find
            # the other's assessment missing and collide on its unique key.
            employee_lock(employee.pk)
            record = hire_record_build(
                application=application, offer=offer, start_date=employee.hire_date
            )
            added += results_carry(employee=employee, record=record)
    return added


class HiredHandler(Protocol):
    def __call__(self, *, hires: Sequence[tuple[Employee, Application]]) -> None: ...


# What else follows a hire, registered upward (onboarding plans): called in the hire's
# transaction, once per hire call with every new employee it made.
_hired_handlers: list[HiredHandler] = []


def hired_handler_register(handler: HiredHandler) -> None:
    if handler not in _hired_handlers:
        _hired_handlers.append(handler)
