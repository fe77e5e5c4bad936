"""Skill evidence from assessments: vendor dimension -> our dimension -> competency.

The first link is the vendor connection's mapping (integrations), already applied
when the result was recorded; the second is `DimensionMapping`, which HR edits.
A dimension with no competency gives no evidence (and is still kept with the
carried assessment). Evidence is only ever added.
"""

from employees.contracts import HiredResult
from employees.models import Employee, HiredAssessment, SkillEvidence
from hrflow.competencies.models import DimensionMapping

# Which assessments speak of skills, and as what source.
SOURCES = {
    "ai_interview": SkillEvidence.Source.AI_INTERVIEW,
    "written_test": SkillEvidence.Source.WRITTEN_TEST,
    "interview_feedback": SkillEvidence.Source.INTERVIEW,
}
# A written test scored only overall measures the job's professional skill.
WRITTEN_TEST_OVERALL_DIMENSION = "professional_skill"


def competency_by_dimension() -> dict[str, int]:
    return dict(DimensionMapping.objects.values_list("dimension__code", "competency_id"))


def skill_evidence_from_results(
    *,
    employee: Employee,
    result: HiredResult,
    carried: HiredAssessment | None,
    job_title: str,
    mapping: dict[str, int] | None = None,
) -> int:
    """Add the evidence one result gives; returns how many rows were added."""
    rows = skill_evidence_rows(
        employee=employee,
        result=result,
        carried=carried,
        job_title=job_title,
        mapping=competency_by_dimension() if mapping is None else mapping,
    )
    created = SkillEvidence.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created)


def skill_evidence_rows(
    *,
    employee: Employee,
    result: HiredResult,
    carried: HiredAssessment | None,
    job_title: str,
    mapping: dict[str, int],
) -> list[SkillEvidence]:
    """The evidence one result gives, not saved yet (a bulk hire saves everyone's at once)."""
    source = SOURCES.get(result.kind)
    if source is None or result.status != "completed":
        return []
    rows = [
        SkillEvidence(
            employee=employee,
            competency_id=mapping[dimension.dimension_code],
            source=source,
            dimension_code=dimension.dimension_code,
            vendor_name=result.vendor_name,
            vendor_dimension=dimension.vendor_label or dimension.vendor_key,
            model_version=result.model_version,
            score=dimension.score,
            raw_score=dimension.raw_score,
            raw_scale=dimension.raw_scale,
            pool_percentile=dimension.pool_percentile,
            pool_size=dimension.pool_size,
            job_title=job_title,
            assessed_at=result.completed_at,
            hired_assessment=carried,
            origin_ref=result.origin_ref,
        )
        for dimension in result.dimensions
        if dimension.score is not None and dimension.dimension_code in mapping
    ]
    if (
        not result.dimensions
        and result.kind == "written_test"
        and result.overall_score is not None
        and WRITTEN_TEST_OVERALL_DIMENSION in mapping
    ):
        rows.append(
            SkillEvidence(
                employee=employee,
                competency_id=mapping[WRITTEN_TEST_OVERALL_DIMENSION],
                source=source,
                dimension_code=WRITTEN_TEST_OVERALL_DIMENSION,
                vendor_name=result.vendor_name,
                model_version=result.model_version,
                score=result.overall_score,
                raw_score=result.overall_raw,
                raw_scale=result.overall_scale,
                pool_percentile=result.overall_percentile,
                pool_size=result.pool_size,
                job_title=job_title,
                assessed_at=result.completed_at,
                hired_assessment=carried,
                origin_ref=result.origin_ref,
            )
        )
    return rows
