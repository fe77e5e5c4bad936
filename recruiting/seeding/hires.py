"""The hired applications the employee seed turns into employees, with their AI interview.

Read from recruiting's own rows (employees never reads recruiting): each hired
application not yet an employee, with its completed AI interview, the start date
of its accepted offer (the first day at work, as application_hire takes it), and
each dimension score's percentile among the applicants to the same job who did
that interview (the applicant pool), computed in one query with window functions.
"""

from decimal import Decimal

from django.db import connection

from employees.models import Employee
from employees.seeding.plan import PipelineHire, PipelineScore
from hrflow.competencies.models import Dimension
from recruiting.models import Application, Assessment, AssessmentDimensionScore, Offer

POOL_SQL = """
    WITH pool AS (
        SELECT app.id AS application_id, a.id AS assessment_id, dim.code,
               d.vendor_label, d.score,
               percent_rank() OVER (PARTITION BY app.job_id, d.dimension_id ORDER BY d.score)
                   AS percentile,
               count(*) OVER (PARTITION BY app.job_id, d.dimension_id) AS pool_size
        FROM {scores} d
        JOIN {assessments} a ON a.id = d.assessment_id
        JOIN {applications} app ON app.id = a.application_id
        JOIN {dimensions} dim ON dim.id = d.dimension_id
        WHERE a.kind = %s AND a.status = %s AND d.score IS NOT NULL
    )
    SELECT application_id, assessment_id, code, vendor_label, score, percentile, pool_size
    FROM pool WHERE application_id = ANY(%s)
    ORDER BY application_id, code
"""


def pipeline_hires_for_seed(limit: int) -> list[PipelineHire]:
    """Up to `limit` hired applications with a completed AI interview, not yet employees."""
    taken = Employee.objects.filter(source_application_id__isnull=False).values(
        "source_application_id"
    )
    assessments = {
        a.application_id: a
        for a in Assessment.objects.filter(
            kind=Assessment.Kind.AI_INTERVIEW,
            status=Assessment.Status.COMPLETED,
            application__status=Application.Status.HIRED,
        )
        .exclude(application_id__in=taken)
        .select_related("application__candidate", "application__job")
        .order_by("application_id")[:limit]
    }
    starts = dict(
        Offer.objects.filter(application_id__in=list(assessments), status=Offer.Status.ACCEPTED)
        .order_by("application_id", "created_at")
        .values_list("application_id", "start_date")
    )
    scores: dict[int, list[PipelineScore]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            POOL_SQL.format(
                scores=AssessmentDimensionScore._meta.db_table,
                assessments=Assessment._meta.db_table,
                applications=Application._meta.db_table,
                dimensions=Dimension._meta.db_table,
            ),
            [Assessment.Kind.AI_INTERVIEW, Assessment.Status.COMPLETED, list(assessments)],
        )
        for application_id, _aid, code, label, score, percentile, size in cursor.fetchall():
            scores.setdefault(application_id, []).append(
                PipelineScore(
                    dimension_code=code,
                    vendor_label=label or code,
                    score=score,
                    pool_percentile=(Decimal(percentile) * 100).quantize(Decimal("0.01")),
                    pool_size=size,
                )
            )
    return [
        PipelineHire(
            application_id=application_id,
            candidate_id=a.application.candidate_id,
            full_name=a.application.candidate.full_name,
            phone=a.application.candidate.phone,
            email=a.application.candidate.email,
            job_title=a.application.job.title,
            department_id=a.application.job.department_id,
            hired_at=a.application.stage_entered_at,
            assessment_id=a.pk,
            vendor=a.source,
            completed_at=a.completed_at or a.application.stage_entered_at,
            overall_score=a.overall_score,
            scores=tuple(scores.get(application_id, ())),
            start_date=starts.get(application_id),
        )
        for application_id, a in assessments.items()
    ]
