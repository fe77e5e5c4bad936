"""The hire: lossless, idempotent, all-or-nothing, and reachable from every surface."""

import hashlib
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from employees.models import (
    Assignment,
    Employee,
    EmployeeConsent,
    EmployeeDocument,
    EmployeeNote,
    EmployeeStatus,
    HiredAssessment,
    HiredDimensionScore,
    HireSnapshot,
    SkillEvidence,
)
from hrflow.core.errors import ApplicationError
from recruiting.contracts import AssessmentResult, DimensionResult
from recruiting.hiring.services import application_hire
from recruiting.models import Application, Assessment, Offer, StageKind
from recruiting.models.applications import StageTransition
from recruiting.services.applications import application_move
from recruiting.services.assessments import record_assessment_result
from tests.employees.hire_scene import AI_DIMENSIONS, hire_scene, media_files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_hire_carries_everything_and_loses_nothing() -> None:
    scene = hire_scene()
    application = scene.application
    candidate = application.candidate

    outcome = application_hire(application=application, actor=scene.recruiter)

    employee = outcome.employee
    assert outcome.created
    # The person.
    assert (employee.full_name, employee.personal_email, employee.phone) == (
        candidate.full_name, candidate.email, candidate.phone,
    )  # fmt: skip
    assert employee.source_application_id == application.pk
    assert employee.hire_date == scene.offer.start_date
    # Every file: same count, same bytes, same checksum, its own copy.
    sources = (
        [(r.file, r.sha256, r.size, r.original_name) for r in candidate.resumes.all()]
        + [(d.file, d.sha256, d.size, d.original_name) for d in candidate.documents.all()]
        + [(scene.offer.letter, scene.offer.letter_sha256, scene.offer.letter_size,
            scene.offer.letter_name)]
    )  # fmt: skip
    copies = list(EmployeeDocument.objects.filter(employee=employee))
    assert len(sources) == len(copies) == 4
    assert sorted((s[1], s[2], s[3]) for s in sources) == sorted(
        (c.sha256, c.size, c.original_name) for c in copies
    )
    for copy in copies:
        data = copy.file.read()
        assert hashlib.sha256(data).hexdigest() == copy.sha256
        assert copy.file.name not in {source[0].name for source in sources}
    assert {c.kind for c in copies} == {"resume", "id_document", "offer_letter"}
    # Notes and consents, with their versions.
    assert sorted(
        EmployeeNote.objects.filter(employee=employee).values_list("body", flat=True)
    ) == (sorted(candidate.notes.values_list("body", flat=True)))
    assert sorted(
        EmployeeConsent.objects.filter(employee=employee).values_list("kind", "notice_version")
    ) == sorted(candidate.consents.values_list("kind", "notice_version"))
    # The offer's terms and the application's full history.
    snapshot = HireSnapshot.objects.get(employee=employee)
    assert snapshot.record["offer"]["salary"] == "25k x 14"
    assert snapshot.record["offer"]["position_title"] == "后端开发工程师"
    history = StageTransition.objects.filter(application=application).exclude(
        to_status=Application.Status.HIRED
    )
    assert len(snapshot.record["history"]) == history.count() >= 3
    # Every assessment with its dimension scores, raw scores and links.
    source_results = Assessment.objects.filter(application=application)
    carried = HiredAssessment.objects.filter(employee=employee)
    assert carried.count() == source_results.count() == 3
    ai = carried.get(kind="ai_interview")
    assert ai.report_url == scene.ai.media["report_url"]
    assert ai.media["videos"] == scene.ai.media["videos"]
    assert ai.raw == scene.ai.raw
    assert ai.model_version == "v3.2"
    assert ai.overall_score == scene.ai.overall_score
    carried_scores = HiredDimensionScore.objects.filter(assessment__employee=employee)
    assert sorted(
        carried_scores.values_list(
            "dimension_code", "vendor_key", "score", "raw_score", "raw_scale"
        )
    ) == sorted(
        scene.ai.dimension_scores.values_list(
            "dimension__code", "vendor_key", "score", "raw_score", "raw_scale"
        ).union(
            scene.scorecard.dimension_scores.values_list(
                "dimension__code", "vendor_key", "score", "raw_score", "raw_scale"
            )
        )
    )
    # The application ends as hired, in the hired stage, and says so in its history.
    application.refresh_from_db()
    assert application.status == Application.Status.HIRED
    assert application.stage.kind == StageKind.HIRED
    assert (
        history.model.objects.filter(
            application=application, to_status=Application.Status.HIRED
        ).count()
        == 1
    )


def test_skills_come_from_every_ai_dimension_with_source_and_pool_percentile() -> None:
    scene = hire_scene()
    rival = hire_scene(job=scene.application.job)  # a second applicant to the same job
    rival.ai.dimension_scores.update(score=50)

    employee = application_hire(application=scene.application).employee

    evidence = SkillEvidence.objects.filter(employee=employee, source="ai_interview")
    assert sorted(evidence.values_list("dimension_code", flat=True)) == sorted(
        code for code, *_rest in AI_DIMENSIONS
    )
    safety = evidence.get(dimension_code="safety_awareness")
    assert (safety.score, safety.raw_score, safety.raw_scale) == (40, "2", "1-5")
    assert safety.competency.code == "safety_awareness"
    assert safety.model_version == "v3.2"
    assert safety.vendor_dimension == "安全意识"
    assert safety.hired_assessment.report_url == scene.ai.media["report_url"]
    assert safety.assessed_at == scene.ai.completed_at
    # Against one rival at 50: safety (40) is below it, communication (90) above.
    assert safety.pool_size == 2
    assert safety.pool_percentile == 25
    assert evidence.get(dimension_code="communication").pool_percentile == 75
    # Written tests and scorecards are evidence too.
    assert SkillEvidence.objects.filter(employee=employee, source="written_test").count() == 1
    assert SkillEvidence.objects.filter(employee=employee, source="interview_feedback").count() == 1


def test_hiring_twice_makes_one_employee_and_one_copy_of_everything() -> None:
    scene = hire_scene()
    first = application_hire(application=scene.application)
    counts = _counts()
    files = media_files()

    second = application_hire(application=scene.application)

    assert not second.created
    assert second.employee.pk == first.employee.pk
    assert _counts() == counts
    assert media_files() == files
    assert Employee.objects.count() == 1


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Employee, EmployeeDocument, EmployeeNote, EmployeeConsent, HiredAssessment,
            HiredDimensionScore, SkillEvidence, Assignment, HireSnapshot, StageTransition,
        )
    )  # fmt: skip


def test_a_hire_that_fails_half_way_leaves_nothing_files_included() -> None:
    scene = hire_scene()
    before_files = media_files()
    before = _counts()
    # The last file to copy is not what was uploaded: found only after three copies.
    Offer.objects.filter(pk=scene.offer.pk).update(letter_sha256="0" * 64)

    with pytest.raises(ApplicationError, match="not the one that was uploaded"):
        application_hire(application=scene.application)

    assert media_files() == before_files
    assert _counts() == before
    scene.application.refresh_from_db()
    assert scene.application.status == Application.Status.ACTIVE


def test_no_hire_without_an_accepted_offer() -> None:
    scene = hire_scene()
    Offer.objects.filter(pk=scene.offer.pk).update(status=Offer.Status.DECLINED)

    with pytest.raises(ApplicationError, match="not accepted an offer"):
        application_hire(application=scene.application)
    assert not Employee.objects.exists()


def test_moving_a_card_into_the_hired_stage_hires_through_the_same_service() -> None:
    scene = hire_scene()
    hired_stage = scene.application.job.stages.get(kind=StageKind.HIRED)

    application_move(application=scene.application, to_stage=hired_stage, actor=scene.recruiter)

    employee = Employee.objects.get(source_application_id=scene.application.pk)
    assert employee.documents.count() == 4


def test_moving_a_card_without_an_offer_into_hired_is_refused_and_moves_nothing() -> None:
    scene = hire_scene()
    Offer.objects.filter(pk=scene.offer.pk).delete()
    hired_stage = scene.application.job.stages.get(kind=StageKind.HIRED)

    with pytest.raises(ApplicationError, match="cannot be hired yet"):
        application_move(application=scene.application, to_stage=hired_stage)
    scene.application.refresh_from_db()
    assert scene.application.stage.kind == StageKind.OFFER


def test_a_future_start_is_pre_boarding_until_the_first_day_then_probation() -> None:
    scene = hire_scene(start_in_days=10)
    employee = application_hire(application=scene.application).employee
    today = timezone.localdate()
    start = scene.offer.start_date

    assert Assignment.objects.as_of(today).get(employee=employee).status == (
        EmployeeStatus.PRE_BOARDING
    )
    assert Assignment.objects.as_of(start).get(employee=employee).status == EmployeeStatus.PROBATION
    assert not Assignment.objects.as_of(today - timedelta(days=1)).filter(employee=employee)


def test_a_result_revised_after_the_hire_adds_evidence_and_keeps_the_old() -> None:
    scene = hire_scene()
    employee = application_hire(application=scene.application).employee
    t0 = timezone.now() - timedelta(days=1)

    def result(score: str, updated: datetime) -> AssessmentResult:
        return AssessmentResult(
            source="vuesim:demo", external_id="late-1", kind="ai_interview", status="completed",
            overall_score=Decimal(score), completed_at=t0, vendor_updated_at=updated,
            dimensions=(DimensionResult("safety_awareness", Decimal(score), score, "0-100"),),
        )  # fmt: skip

    application = Application.objects.get(pk=scene.application.pk)
    record_assessment_result(result=result("55", t0), application=application)
    record_assessment_result(result=result("70", t0 + timedelta(hours=1)), application=application)

    late = SkillEvidence.objects.filter(
        employee=employee, dimension_code="safety_awareness", hired_assessment__external_id="late-1"
    )
    assert sorted(late.values_list("score", flat=True)) == [55, 70]
    # The evidence carried at hire is still there, untouched.
    assert SkillEvidence.objects.get(
        employee=employee, dimension_code="safety_awareness", hired_assessment__external_id=(
            scene.ai.external_id
        ),
    ).score == 40  # fmt: skip


def test_the_sweep_removes_copies_a_killed_hire_left_and_keeps_the_rest() -> None:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from hrflow.core.stored_files_sweep import stored_files_sweep

    scene = hire_scene()
    employee = application_hire(application=scene.application).employee
    kept = set(employee.documents.values_list("file", flat=True))
    orphan = default_storage.save("employees/orphan.pdf", ContentFile(b"%PDF-1.4 left behind"))

    assert stored_files_sweep(now=timezone.now()) == 0  # too young: may be mid-transaction
    assert stored_files_sweep(now=timezone.now() + timedelta(days=1)) == 1

    assert not default_storage.exists(orphan)
    assert all(default_storage.exists(name) for name in kept)
