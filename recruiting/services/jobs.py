"""Jobs and their pipelines: create, edit, open and close, edit the stages."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.core.audit import audit_record, diff_fields
from hrflow.core.errors import ApplicationError
from recruiting.composite import COMPONENTS, default_weights
from recruiting.models import HiringChannel, Job, PipelineTemplate, Stage, StageKind
from recruiting.models.job_posting import POSTING_FIELDS

JOB_FIELDS = {
    "title",
    "department",
    "position",
    "location",
    "employment_type",
    "headcount",
    "description",
    "requirements",
    "channel",
    # China job basics; Job.clean() judges them together.
    *POSTING_FIELDS,
}


@transaction.atomic
def job_create(
    *,
    title: str,
    department: Any,
    channel: str,
    template: PipelineTemplate | None = None,
    stages: Sequence[tuple[str, str]] | None = None,
    recruiters: Iterable[User] = (),
    hiring_managers: Iterable[User] = (),
    actor: User | None = None,
    **fields: Any,
) -> Job:
    """Create a draft job with its pipeline, copied from `template` or given as `stages`."""
    unknown = set(fields) - JOB_FIELDS
    if unknown:
        raise ApplicationError(_("Unknown job fields: %s.") % ", ".join(sorted(unknown)))
    recruiters, hiring_managers = list(recruiters), list(hiring_managers)
    _check_team(recruiters, hiring_managers)
    stage_specs = list(stages) if stages is not None else _template_stages(template)
    _check_pipeline(stage_specs)
    weights = default_weights(kind for _name, kind in stage_specs)
    job = Job(
        title=title.strip(),
        department=department,
        channel=channel,
        **{component.weight_field: weights[component.key] for component in COMPONENTS},
        **fields,
    )
    job.full_clean()
    job.save()
    job.recruiters.set(recruiters)
    job.hiring_managers.set(hiring_managers)
    Stage.objects.bulk_create(
        Stage(job=job, name=name, kind=kind, position=index)
        for index, (name, kind) in enumerate(stage_specs)
    )
    audit_record(actor=actor, action="recruiting.job_create", target=job)
    return job


def _check_team(recruiters: list[User], hiring_managers: list[User]) -> None:
    """Only people holding the role can be named: scoping grants access by role and job."""
    if any(not user.has_role(Role.RECRUITER, Role.HR_ADMIN) for user in recruiters):
        raise ApplicationError(
            _("Only recruiters can be named as a job's recruiters."), extra={"field": "recruiters"}
        )
    if any(not user.has_role(Role.HIRING_MANAGER, Role.HR_ADMIN) for user in hiring_managers):
        raise ApplicationError(
            _("Only hiring managers can be named as a job's hiring managers."),
            extra={"field": "hiring_managers"},
        )


def _template_stages(template: PipelineTemplate | None) -> list[tuple[str, str]]:
    if template is None:
        raise ApplicationError(_("Choose a pipeline template or give the stages."))
    return [(stage.name, stage.kind) for stage in template.stages.order_by("position")]


def _check_pipeline(stages: Sequence[tuple[str, str]]) -> None:
    """A pipeline starts with an 'applied' stage and has unique, non-empty names."""
    if not stages:
        raise ApplicationError(_("A pipeline needs at least one stage."), extra={"field": "stages"})
    names = [name.strip() for name, _kind in stages]
    if any(not name for name in names) or len(set(names)) != len(names):
        raise ApplicationError(
            _("Stage names must be filled in and different."), extra={"field": "stages"}
        )
    kinds = [kind for _name, kind in stages]
    if any(kind not in StageKind.values for kind in kinds):
        raise ApplicationError(_("Unknown stage kind."), extra={"field": "stages"})
    if kinds[0] != StageKind.APPLIED:
        raise ApplicationError(
            _("The first stage must be of kind 'applied'."), extra={"field": "stages"}
        )


@transaction.atomic
def job_update(
    *,
    job: Job,
    actor: User | None = None,
    recruiters: Iterable[User] | None = None,
    hiring_managers: Iterable[User] | None = None,
    **fields: Any,
) -> Job:
    """Change a job's fields and team; every change goes to the audit trail."""
    unknown = set(fields) - JOB_FIELDS
    if unknown:
        raise ApplicationError(_("Unknown job fields: %s.") % ", ".join(sorted(unknown)))
    recruiters = list(recruiters) if recruiters is not None else None
    hiring_managers = list(hiring_managers) if hiring_managers is not None else None
    _check_team(recruiters or [], hiring_managers or [])
    job = Job.objects.select_for_update().get(pk=job.pk)
    changes = diff_fields(job, fields)
    for field, value in fields.items():
        setattr(job, field, value)
    if changes:
        job.full_clean()
        job.save(update_fields=[*changes, "updated_at"])
    for name, people in (("recruiters", recruiters), ("hiring_managers", hiring_managers)):
        if people is None:
            continue
        before = sorted(getattr(job, name).values_list("pk", flat=True))
        after = sorted(user.pk for user in people)
        if before != after:
            getattr(job, name).set(after)
            changes[name] = [before, after]
    if changes:
        audit_record(actor=actor, action="recruiting.job_update", target=job, changes=changes)
    return job


ALLOWED_STATUS_CHANGES: dict[str, set[str]] = {
    Job.Status.DRAFT: {Job.Status.OPEN, Job.Status.CLOSED},
    Job.Status.OPEN: {Job.Status.ON_HOLD, Job.Status.CLOSED},
    Job.Status.ON_HOLD: {Job.Status.OPEN, Job.Status.CLOSED},
    Job.Status.CLOSED: {Job.Status.OPEN},
}


# Who may put a job on the public careers site (HR admins by default).
PUBLISH = "recruiting.publish_job"


@transaction.atomic
def job_set_status(*, job: Job, status: str, actor: User | None = None) -> Job:
    """Open, hold, close or reopen a job; open and close times are kept."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if status == job.status:
        return job
    if status == Job.Status.OPEN and actor is not None and not actor.has_perm(PUBLISH):
        raise ApplicationError(
            _("Opening a job puts it on the public careers site: ask HR to open it."),
            extra={"field": "status"},
        )
    if status not in ALLOWED_STATUS_CHANGES.get(job.status, set()):
        raise ApplicationError(
            _("A %(from)s job cannot become %(to)s.")
            % {"from": job.get_status_display(), "to": Job.Status(status).label},
            extra={"field": "status"},
        )
    before = job.status
    job.status = status
    now = timezone.now()
    if status == Job.Status.OPEN:
        job.opened_at = job.opened_at or now
        job.closed_at = None
    elif status == Job.Status.CLOSED:
        job.closed_at = now
    job.save(update_fields=["status", "opened_at", "closed_at", "updated_at"])
    audit_record(
        actor=actor,
        action="recruiting.job_set_status",
        target=job,
        changes={"status": [before, status]},
    )
    return job


@transaction.atomic
def job_set_stages(
    *, job: Job, stages: Sequence[tuple[int | None, str, str]], actor: User | None = None
) -> list[Stage]:
    """Replace the pipeline's order, names and kinds; (stage id or None for new, name, kind).

    A stage left out is removed, which is refused while applications sit in it.
    """
    _check_pipeline([(name, kind) for _pk, name, kind in stages])
    current = {stage.pk: stage for stage in Stage.objects.select_for_update().filter(job=job)}
    kept_ids = {pk for pk, _name, _kind in stages if pk is not None}
    if kept_ids - set(current):
        raise ApplicationError(_("A stage belongs to another job."), extra={"field": "stages"})
    removed = [stage for pk, stage in current.items() if pk not in kept_ids]
    if removed and job.applications.filter(stage__in=removed).exists():
        raise ApplicationError(
            _("Move the applications out of a stage before removing it."),
            extra={"field": "stages"},
        )
    Stage.objects.filter(pk__in=[stage.pk for stage in removed]).delete()
    result = []
    for position, (pk, name, kind) in enumerate(stages):
        stage = current[pk] if pk is not None else Stage(job=job)
        stage.name, stage.kind, stage.position = name.strip(), kind, position
        stage.save()  # positions are a deferred unique constraint: swaps are fine
        result.append(stage)
    audit_record(
        actor=actor,
        action="recruiting.job_set_stages",
        target=job,
        changes={"stages": [stage.name for stage in result]},
    )
    return result


@transaction.atomic
def hiring_channel_set_public(
    *, code: str, is_public: bool, actor: User | None = None
) -> HiringChannel:
    """Show a hiring channel's jobs to outside visitors on the careers site, or keep them in."""
    if code not in Job.Channel.values:
        raise ApplicationError(_("Unknown hiring channel."), extra={"field": "code"})
    channel, _created = HiringChannel.objects.select_for_update().get_or_create(code=code)
    if channel.is_public != is_public:
        before = channel.is_public
        channel.is_public = is_public
        channel.save(update_fields=["is_public"])
        audit_record(
            actor=actor,
            action="recruiting.hiring_channel_set_public",
            target=channel,
            changes={"is_public": [before, is_public]},
        )
    return channel
