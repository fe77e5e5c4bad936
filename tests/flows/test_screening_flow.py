"""A pulled vendor result runs the job's screening rule in the transaction that records it."""

from decimal import Decimal

import pytest

from recruiting.models import ScreeningDecision
from recruiting.screening.rules import MissingPolicy, Part, Source
from recruiting.screening.services import screening_rule_save
from tests.recruiting.vendors.harness import Harness

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["vuesim", "mianshibao"])
def harness(request, db):
    running = Harness(request.param)
    yield running
    running.close()


def _interview_stage(job):
    return job.stages.filter(kind="interview").order_by("position").first()


def test_a_pulled_result_is_screened_once_and_moves_the_card(harness):
    application = harness.applications[0]
    screening_rule_save(
        job=harness.job,
        name="Any score advances",
        parts=[Part(Source.AI_OVERALL, Decimal(1))],
        missing=MissingPolicy.WAIT,
        advance_at=Decimal(0),
        advance_to=_interview_stage(harness.job),
    )
    harness.scenario("S1", application)

    harness.sync_here()
    harness.sync_here()  # the same result again: nothing new

    application.refresh_from_db()
    assert application.stage == _interview_stage(harness.job)
    [decision] = ScreeningDecision.objects.filter(application=application)
    assert (decision.outcome, decision.state) == ("advance", ScreeningDecision.State.APPLIED)
    assert decision.composite == application.ai_score
    transition = application.transitions.order_by("-pk").first()
    assert transition.rule == "Any score advances v1"
