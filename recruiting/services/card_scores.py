"""The scores on an application's card: the result that counts, by the job's retake policy."""

from typing import Any

from django.db import connection
from django.db.models import F

from recruiting.models import Application, Assessment, Job

SCORE_FIELDS: dict[str, str] = {
    Assessment.Kind.AI_INTERVIEW: "ai_score",
    Assessment.Kind.WRITTEN_TEST: "written_test_score",
    Assessment.Kind.RESUME_MATCH: "resume_match_score",
}
# Choices' `.values` builds a new list on every access; these are checked per result.
COUNTED_SCORING = (Assessment.Scoring.FINAL, Assessment.Scoring.REVISED)


def application_refresh_scores(*, application: Application) -> None:
    """Recompute every score shown on the card from the stored results (after a merge)."""
    refresh_card_scores(application_ids={application.pk}, kinds=set(SCORE_FIELDS))


ATTEMPT_ORDER: dict[str, tuple[Any, ...]] = {
    Job.RetakePolicy.LATEST: ("-attempt_no", F("completed_at").desc(nulls_last=True)),
    Job.RetakePolicy.FIRST: ("attempt_no", F("completed_at").asc(nulls_last=True)),
    Job.RetakePolicy.BEST: (F("overall_score").desc(nulls_last=True), "-attempt_no"),
}


def attempt_ordering(policy: str) -> tuple[Any, ...]:
    """The order in which attempts compete to count, first wins (as _CARD_SCORE_SQL)."""
    return (
        *ATTEMPT_ORDER[policy],
        F("completed_at").desc(nulls_last=True),
        F("vendor_updated_at").desc(nulls_last=True),
        "-pk",
    )


def refresh_card_scores(*, application_ids: set[int], kinds: set[str]) -> None:
    """Keep each card's score equal to the result that counts, by its job's retake policy.

    Recomputed rather than copied, so a result corrected to cancelled, partial
    or deleted takes its score off the card instead of leaving a stale one.
    One UPDATE per kind, whatever the number of applications and policies.
    """
    if not application_ids:
        return
    with connection.cursor() as cursor:
        for kind in sorted(kinds):
            cursor.execute(
                _CARD_SCORE_SQL.format(column=connection.ops.quote_name(SCORE_FIELDS[kind])),
                {
                    "kind": kind,
                    "completed": Assessment.Status.COMPLETED,
                    "counted": list(COUNTED_SCORING),
                    "latest": Job.RetakePolicy.LATEST,
                    "first": Job.RetakePolicy.FIRST,
                    "best": Job.RetakePolicy.BEST,
                    "ids": sorted(application_ids),
                },
            )
    # Each application's composite follows its scores by itself: the database trigger
    # recruiting_application_composite (migration 0026) recomputes it on every write.


# The counted attempt of each application, by its job's retake policy: the latest
# (highest attempt number, then latest completed), the first (lowest number, earliest
# completed) or the best (highest score, then highest number). Each policy's keys are
# CASE expressions that are NULL, so tied, under the other policies; the shared tail
# (latest completed, latest vendor update, newest row) breaks what ties remain.
_CARD_SCORE_SQL = """
UPDATE recruiting_application AS app
SET {column} = (
    SELECT a.overall_score FROM recruiting_assessment AS a
    WHERE a.application_id = app.id AND a.kind = %(kind)s AND a.status = %(completed)s
      AND a.scoring_status = ANY(%(counted)s)
    ORDER BY
        CASE WHEN job.retake_policy = %(best)s THEN a.overall_score END DESC NULLS LAST,
        CASE WHEN job.retake_policy IN (%(latest)s, %(best)s) THEN a.attempt_no END DESC,
        CASE WHEN job.retake_policy = %(first)s THEN a.attempt_no END ASC,
        CASE WHEN job.retake_policy = %(latest)s THEN a.completed_at END DESC NULLS LAST,
        CASE WHEN job.retake_policy = %(first)s THEN a.completed_at END ASC NULLS LAST,
        a.completed_at DESC NULLS LAST, a.vendor_updated_at DESC NULLS LAST, a.id DESC
    LIMIT 1
)
FROM recruiting_job AS job
WHERE job.id = app.job_id AND app.id = ANY(%(ids)s)
"""
