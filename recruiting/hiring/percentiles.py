"""Where a hire's scores stood among everyone assessed for the same job.

Percentile rank = (scores below + half the ties) / all scores x 100, over the
completed assessments of the same kind at the same job: the applicant pool only
hrflow sees, which later tells the supervisor "bottom 30 % on safety awareness".
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection

from recruiting.models import Assessment

HUNDRED = Decimal(100)
STEP = Decimal("0.01")

# One statement for all the assessments of a hire (or a thousand hires): each scored
# dimension against the same dimension of every completed assessment of its kind at
# its job. The pool is counted per distinct score first, so the join stays small.
_DIMENSIONS_SQL = """
WITH mine AS (
    SELECT s.id, s.dimension_id, s.score, a.kind, app.job_id
      FROM recruiting_assessmentdimensionscore s
      JOIN recruiting_assessment a ON a.id = s.assessment_id
      JOIN recruiting_application app ON app.id = a.application_id
     WHERE s.assessment_id = ANY(%(ids)s)
       AND s.score IS NOT NULL AND s.dimension_id IS NOT NULL
), tallied AS (
    SELECT s.dimension_id, a.kind, app.job_id, s.score, count(*) AS n
      FROM recruiting_assessmentdimensionscore s
      JOIN recruiting_assessment a ON a.id = s.assessment_id AND a.status = 'completed'
      JOIN recruiting_application app ON app.id = a.application_id
     WHERE s.score IS NOT NULL
       AND app.job_id IN (SELECT job_id FROM mine)
       AND s.dimension_id IN (SELECT dimension_id FROM mine)
     GROUP BY 1, 2, 3, 4
)
SELECT mine.id,
       coalesce(sum(t.n) FILTER (WHERE t.score < mine.score), 0),
       coalesce(sum(t.n) FILTER (WHERE t.score = mine.score), 0),
       sum(t.n)
  FROM mine
  JOIN tallied t
    ON t.dimension_id = mine.dimension_id AND t.kind = mine.kind AND t.job_id = mine.job_id
 GROUP BY mine.id
"""

_OVERALL_SQL = """
WITH mine AS (
    SELECT a.id, a.overall_score AS score, a.kind, app.job_id
      FROM recruiting_assessment a
      JOIN recruiting_application app ON app.id = a.application_id
     WHERE a.id = ANY(%(ids)s) AND a.overall_score IS NOT NULL
), tallied AS (
    SELECT a.kind, app.job_id, a.overall_score AS score, count(*) AS n
      FROM recruiting_assessment a
      JOIN recruiting_application app ON app.id = a.application_id
     WHERE a.status = 'completed' AND a.overall_score IS NOT NULL
       AND app.job_id IN (SELECT job_id FROM mine)
     GROUP BY 1, 2, 3
)
SELECT mine.id,
       coalesce(sum(t.n) FILTER (WHERE t.score < mine.score), 0),
       coalesce(sum(t.n) FILTER (WHERE t.score = mine.score), 0),
       coalesce(sum(t.n), 0)
  FROM mine
  LEFT JOIN tallied t ON t.kind = mine.kind AND t.job_id = mine.job_id
 GROUP BY mine.id
"""

# (percentile, pool size)
Rank = tuple[Decimal | None, int | None]


def percentile_rank(below: int, ties: int, total: int) -> Decimal | None:
    if total <= 0:
        return None
    value = (Decimal(below) + Decimal(ties) / 2) / Decimal(total) * HUNDRED
    return value.quantize(STEP, rounding=ROUND_HALF_UP)


def dimension_percentiles_many(assessments: Sequence[Assessment]) -> dict[int, Rank]:
    """{dimension score id: (percentile, pool size)} for every scored dimension of the
    assessments; a score with no pool (no dimension, no completed peers) is absent."""
    return _ranks(_DIMENSIONS_SQL, assessments)


def overall_percentiles_many(assessments: Sequence[Assessment]) -> dict[int, Rank]:
    """{assessment id: (percentile, pool size)} for the assessments with an overall score."""
    return _ranks(_OVERALL_SQL, assessments)


def _ranks(sql: str, assessments: Sequence[Assessment]) -> dict[int, Rank]:
    ids = [assessment.pk for assessment in assessments]
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(sql, {"ids": ids})
        return {
            pk: (percentile_rank(int(below), int(ties), int(total)), int(total))
            for pk, below, ties, total in cursor.fetchall()
        }
