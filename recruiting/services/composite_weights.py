"""HR sets what a job's composite score is made of (recruiting/composite.py)."""

from django.db import connection, transaction
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record, diff_fields
from hrflow.core.errors import ApplicationError
from recruiting.models import Job

WHOLE = 100


@transaction.atomic
def job_set_composite_weights(
    *, job: Job, ai_interview: int, written_test: int, resume_match: int, actor: User | None
) -> Job:
    """Set the three weights (percent, adding up to 100) and recompute the job's composites
    in the same transaction, so the sheet never ranks by the old weights."""
    weights = {
        "weight_ai_interview": ai_interview,
        "weight_written_test": written_test,
        "weight_resume_match": resume_match,
    }
    if any(not 0 <= value <= WHOLE for value in weights.values()):
        raise ApplicationError(_("Each weight lies between 0 and 100."))
    if sum(weights.values()) != WHOLE:
        raise ApplicationError(
            _("The weights add up to %(total)s%%; they must add up to 100%%.")
            % {"total": sum(weights.values())}
        )
    job = Job.objects.select_for_update().get(pk=job.pk)
    changes = diff_fields(job, weights)
    if not changes:
        return job
    for field, value in weights.items():
        setattr(job, field, value)
    # Checked above (and by the constraint); not full_clean(): an unrelated field of an
    # older job that no longer validates must not block the weights.
    job.save(update_fields=[*changes, "updated_at"])
    _job_composites_refresh(job.pk)
    audit_record(
        actor=actor, action="recruiting.job_set_composite_weights", target=job, changes=changes
    )
    return job


def _job_composites_refresh(job_id: int) -> None:
    """Recompute the job's stored composites under its new weights: one UPDATE, through the
    same SQL function the trigger uses (migration 0026); unchanged rows are not written."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE recruiting_application
            SET composite = recruiting_composite(
                job_id, ai_score, written_test_score, resume_match_score)
            WHERE job_id = %s
              AND composite IS DISTINCT FROM recruiting_composite(
                job_id, ai_score, written_test_score, resume_match_score)
            """,
            [job_id],
        )
