"""Applications: apply, move through the pipeline, reject to the talent pool, recall.

Every change of stage or status writes a StageTransition in the same
transaction, so the timeline and the time spent in each stage are always known.
Bulk moves are set-based: one UPDATE and one bulk INSERT of transitions.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from recruiting.lock_objects import applications_lock
from recruiting.models import Application, Candidate, Job, RejectionReason, Stage
from recruiting.models.applications import StageTransition
from recruiting.services.candidate_notices import applications_notify, stage_entry_notify
from recruiting.services.candidates import candidate_create

Status = Application.Status


@transaction.atomic
def application_create(
    *,
    candidate: Candidate,
    job: Job,
    source: str = "",
    referrer: User | None = None,
    actor: User | None = None,
    applied_at: datetime | None = None,
    acknowledge: bool = False,
) -> Application:
    """Put a candidate into a job's first stage; a second application to one job is refused.

    `acknowledge` tells the candidate we received it: for applications the
    candidate made (careers site, API), not for people HR adds or imports.
    """
    if job.status == Job.Status.CLOSED:
        raise ApplicationError(_("This job is closed."), extra={"field": "job"})
    if candidate.merged_into_id:
        raise ApplicationError(_("This candidate record was merged into another."))
    if job.applications.filter(candidate=candidate).exclude(status=Status.MERGED).exists():
        raise ApplicationError(
            _("This candidate has already applied to this job."), extra={"field": "job"}
        )
    first_stage = job.stages.order_by("position").first()
    if first_stage is None:
        raise ApplicationError(_("This job has no pipeline."), extra={"field": "job"})
    when = applied_at or timezone.now()
    application = Application(
        candidate=candidate,
        job=job,
        stage=first_stage,
        source=source[:60],
        referrer=referrer,
        applied_at=when,
        stage_entered_at=when,
    )
    application.full_clean(validate_constraints=False)
    application.save()
    StageTransition.objects.create(
        application=application,
        to_stage=first_stage,
        to_status=Status.ACTIVE,
        actor=actor,
        reason=source,
        created_at=when,
    )
    if acknowledge:
        applications_notify(applications=[application], event="application_received", key="new")
    return application


@transaction.atomic
def application_move(
    *,
    application: Application,
    to_stage: Stage,
    actor: User | None = None,
    reason: str = "",
    rule: str = "",
) -> Application:
    """Move one active application to another stage of its job (its own stage: no-op)."""
    if application.stage_id == to_stage.pk and application.status == Status.ACTIVE:
        return application
    outcome = application_bulk_move(
        application_ids=[application.pk], to_stage=to_stage, actor=actor, reason=reason, rule=rule
    )
    if not outcome.moved:
        raise ApplicationError(_("Only an active application can be moved."))
    application.refresh_from_db()
    return application


class StageTakeover(Protocol):
    def __call__(
        self, *, application_ids: Sequence[int], to_stage: Stage, actor: User | None, reason: str
    ) -> int: ...


# Stages whose entry is a business action of its own, registered from
# RecruitingConfig.ready() by the package that owns it: a card moved into a hired
# stage is hired by recruiting.hiring (which moves it), never just moved.
_stage_takeovers: dict[str, StageTakeover] = {}


def stage_takeover_register(kind: str, takeover: StageTakeover) -> None:
    _stage_takeovers[kind] = takeover


class StageEntryHandler(Protocol):
    def __call__(self, *, application_ids: Sequence[int], stage: Stage) -> None: ...


class ClosingHandler(Protocol):
    def __call__(self, *, application_ids: set[int], actor: User | None, reason: str) -> int: ...


# What else happens when applications end (rejected, withdrawn), registered from
# RecruitingConfig.ready() by the parts above this module: recruiting.interviews
# cancels their scheduled interviews.
_closing_handlers: list[ClosingHandler] = []


def closing_handler_register(handler: ClosingHandler) -> None:
    if handler not in _closing_handlers:
        _closing_handlers.append(handler)


# What else happens when applications enter a stage, registered from
# RecruitingConfig.ready() by the parts above this module (recruiting.vendors invites
# to an AI interview), so a move never imports them.
_stage_entry_handlers: list[StageEntryHandler] = []


def stage_entry_handler_register(handler: StageEntryHandler) -> None:
    if handler not in _stage_entry_handlers:
        _stage_entry_handlers.append(handler)


@dataclass(frozen=True)
class MoveOutcome:
    moved: int  # applications that changed stage
    # Candidate messages the move queued (entering the offer stage, passing the AI interview).
    told: int


@transaction.atomic
def application_bulk_move(
    *,
    application_ids: Sequence[int],
    to_stage: Stage,
    actor: User | None = None,
    reason: str = "",
    rule: str = "",
) -> MoveOutcome:
    """Move active applications of `to_stage`'s job into it; how many moved, how many told.

    Applications already in that stage, or no longer active, are left alone
    (so a repeated request is harmless). A stage with a takeover (hired) hands
    the move to it.
    """
    takeover = _stage_takeovers.get(to_stage.kind)
    if takeover is not None:
        moved = takeover(
            application_ids=application_ids, to_stage=to_stage, actor=actor, reason=reason
        )
        return MoveOutcome(moved=moved, told=0)
    # One locking statement, in pk order, before anything is decided: two bulk
    # actions on overlapping cards then queue instead of deadlocking.
    locked = list(
        applications_lock(application_ids).values_list("pk", "job_id", "stage_id", "status")
    )
    if len(locked) != len(set(application_ids)) or any(
        job_id != to_stage.job_id for _pk, job_id, _stage, _status in locked
    ):
        raise ApplicationError(_("Some applications are not in this job."))
    movable = [
        (pk, stage_id)
        for pk, _job, stage_id, status in locked
        if status == Status.ACTIVE and stage_id != to_stage.pk
    ]
    if not movable:
        return MoveOutcome(moved=0, told=0)
    now = timezone.now()
    Application.objects.filter(pk__in=[pk for pk, _stage in movable]).update(
        stage=to_stage, stage_entered_at=now, updated_at=now
    )
    StageTransition.objects.bulk_create(
        StageTransition(
            application_id=pk,
            from_stage_id=from_stage,
            to_stage=to_stage,
            from_status=Status.ACTIVE,
            to_status=Status.ACTIVE,
            actor=actor,
            rule=rule,
            reason=reason,
            created_at=now,
        )
        for pk, from_stage in movable
    )
    audit_record(
        actor=actor,
        action="recruiting.application_move",
        target=to_stage.job,
        changes={"to_stage": to_stage.pk, "applications": [pk for pk, _stage in movable]},
    )
    for handler in _stage_entry_handlers:
        handler(application_ids=[pk for pk, _stage in movable], stage=to_stage)
    told = stage_entry_notify(
        application_ids=[pk for pk, _stage in movable], from_stages=dict(movable), to_stage=to_stage
    )
    return MoveOutcome(moved=len(movable), told=told)


@transaction.atomic
def application_bulk_reject(
    *,
    application_ids: Sequence[int],
    reason: RejectionReason,
    actor: User | None = None,
    note: str = "",
    rule: str = "",
) -> int:
    """End active applications with a reason and archive them to the talent pool."""
    if not reason.is_active:
        raise ApplicationError(_("This rejection reason is no longer used."))
    return _end(application_ids, Status.REJECTED, actor, note, rule, reason)


@transaction.atomic
def application_reject(
    *,
    application: Application,
    reason: RejectionReason,
    actor: User | None = None,
    note: str = "",
    rule: str = "",
) -> Application:
    if not application_bulk_reject(
        application_ids=[application.pk], reason=reason, actor=actor, note=note, rule=rule
    ):
        raise ApplicationError(_("Only an active application can be rejected."))
    application.refresh_from_db()
    return application


@transaction.atomic
def application_withdraw(
    *, application: Application, actor: User | None = None, note: str = ""
) -> Application:
    """The candidate stepped back; the application goes to the talent pool."""
    if not _end([application.pk], Status.WITHDRAWN, actor, note, "", None):
        raise ApplicationError(_("Only an active application can be withdrawn."))
    application.refresh_from_db()
    return application


def _end(
    ids: Sequence[int],
    status: str,
    actor: User | None,
    note: str,
    rule: str,
    reason: RejectionReason | None,
) -> int:
    rows = list(applications_lock(ids).filter(status=Status.ACTIVE).values_list("pk", "stage_id"))
    if not rows:
        return 0
    now = timezone.now()
    Application.objects.filter(pk__in=[pk for pk, _stage in rows]).update(
        status=status, rejection_reason=reason, archived_at=now, updated_at=now
    )
    StageTransition.objects.bulk_create(
        StageTransition(
            application_id=pk,
            from_stage_id=stage,
            to_stage_id=stage,
            from_status=Status.ACTIVE,
            to_status=status,
            actor=actor,
            rule=rule,
            reason=note,
            rejection_reason=reason,
            created_at=now,
        )
        for pk, stage in rows
    )
    audit_record(
        actor=actor,
        action=f"recruiting.application_{status}",
        target=None,
        changes={"applications": [pk for pk, _stage in rows], "reason": reason and reason.code},
    )
    # Their scheduled interviews are cancelled (calendars updated, no reminder to
    # someone who is out).
    for handler in _closing_handlers:
        handler(application_ids={pk for pk, _stage in rows}, actor=actor, reason=note)
    # Rejected: the (delayed) notice; withdrawn: the candidate stepped back, so
    # they hear that their profile stays in the talent pool.
    applications_notify(
        applications=[Application(pk=pk) for pk, _stage in rows],
        event="rejected" if status == Status.REJECTED else "talent_pool_archived",
        key="end",
    )
    return len(rows)


@transaction.atomic
def talent_pool_recall(
    *, application: Application, job: Job, actor: User | None = None
) -> Application:
    """Bring an archived candidate into another open job, in one action."""
    if application.archived_at is None:
        raise ApplicationError(_("Only a candidate in the talent pool can be recalled."))
    if job.status != Job.Status.OPEN:
        raise ApplicationError(_("Recall into an open job."), extra={"field": "job"})
    recalled = application_create(
        candidate=application.candidate, job=job, source="talent_pool", actor=actor
    )
    audit_record(
        actor=actor,
        action="recruiting.talent_pool_recall",
        target=recalled,
        changes={"from_application": application.pk},
    )
    return recalled


@transaction.atomic
def candidate_apply(
    *,
    job: Job,
    full_name: str,
    source: str = "",
    referrer: User | None = None,
    actor: User | None = None,
    **candidate_fields: Any,
) -> Application:
    """HR adds a new person straight into a job: one candidate record and its application.

    A failed application (closed job, ...) leaves no candidate behind.
    """
    candidate = candidate_create(full_name=full_name, actor=actor, **candidate_fields)
    return application_create(
        candidate=candidate, job=job, source=source, referrer=referrer, actor=actor
    )
