"""What a proposed rule would do to a job's current and past applications, decided nothing."""

from decimal import Decimal

import pytest

from recruiting.models import Application, ScreeningDecision
from recruiting.screening.rules import MissingPolicy, Part, RuleSpec, Source
from recruiting.screening.selectors import rule_what_if
from recruiting.services.applications import application_reject
from recruiting.services.assessments import record_assessment_result
from tests.recruiting.factories import ApplicationFactory, JobFactory, reason
from tests.recruiting.screening.test_services import T0

pytestmark = pytest.mark.django_db
CAMPUS = RuleSpec(
    (Part(Source.AI_OVERALL, Decimal(1)),), MissingPolicy.REWEIGHT, Decimal(80), Decimal(60)
)


def _with_result(job, score, *, kind="ai_interview", dimensions=()):
    from recruiting.contracts import AssessmentResult

    application = ApplicationFactory(job=job)
    record_assessment_result(
        result=AssessmentResult(
            source="conn:whatif",
            external_id=f"{kind}-{application.pk}",
            kind=kind,
            status="completed",
            overall_score=Decimal(score),
            dimensions=dimensions,
            completed_at=T0,
            vendor_updated_at=T0,
        ),
        application=application,
    )
    return application


def test_each_outcome_is_counted_for_current_and_past_applications():
    job = JobFactory()
    for score in ("95", "81", "80", "70", "59"):
        _with_result(job, score)
    ended = _with_result(job, "40")
    application_reject(application=ended, reason=reason())
    ApplicationFactory(job=job)  # no score yet

    what_if = rule_what_if(job=job, spec=CAMPUS)

    assert what_if.current == {"advance": 3, "hold": 1, "reject": 1, "waiting": 1}
    assert what_if.past == {"reject": 1}
    assert what_if.total == 7
    assert not ScreeningDecision.objects.exists()  # a preview decides nothing
    assert Application.objects.filter(job=job, status="active").count() == 6


def test_the_preview_costs_the_same_queries_for_few_or_many_applications(
    django_assert_num_queries,
):
    few, many = JobFactory(), JobFactory()
    logic = Part(Source.AI_DIMENSION, Decimal(1), "logical_thinking")
    spec = RuleSpec(
        (logic, Part(Source.INTERVIEW_FEEDBACK, Decimal(1))),
        MissingPolicy.REWEIGHT,
        Decimal(80),
        None,
    )
    from recruiting.contracts import DimensionResult

    dims = (DimensionResult("logical_thinking", Decimal("90"), "4.5", "1-5"),)
    _with_result(few, "50", dimensions=dims)
    for _ in range(6):
        application = _with_result(many, "50", dimensions=dims)
    feedback = _with_result(many, "70", kind="interview_feedback")

    with django_assert_num_queries(2):
        small = rule_what_if(job=few, spec=spec)
    with django_assert_num_queries(2):
        large = rule_what_if(job=many, spec=spec)

    assert small.current == {"advance": 1}  # logical thinking 90
    # six with the dimension 90 only; one with feedback 70 only (no AI result)
    assert large.current == {"advance": 6, "hold": 1}
    assert application.job == feedback.job
