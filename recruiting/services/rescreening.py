"""People's actions that change what the screening rules read, and the rules run after them.

The recording services (interviewers' scorecards, a rescheduled panel, a written
test HR enters) record and say whether the application's counted results changed;
this module is the one place that then runs the application's rules, in the same
transaction, as recruiting.services.vendor_results does after a vendor's results.
So the services below screening never call it, and nothing needs a function-local
import to dodge the circle applications -> interviews -> scorecards -> assessments
-> screening -> applications.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction

from hrflow.accounts.models import User
from recruiting.contracts import DimensionResult
from recruiting.models import Application, Assessment, Interview
from recruiting.services.assessments import written_test_record
from recruiting.services.interviews import InterviewPlan, interview_update
from recruiting.services.scorecards import Scorecard, scorecard_record
from recruiting.services.screening import applications_screen


@transaction.atomic
def scorecard_submit(*, interview: Interview, interviewer: User, card: Scorecard) -> Assessment:
    """Store (or update) the interviewer's scorecard; a change the rules read runs them."""
    recorded = scorecard_record(interview=interview, interviewer=interviewer, card=card)
    if recorded.rescreen:
        applications_screen(application_ids={interview.application_id})
    return recorded.assessment


@transaction.atomic
def interview_change(*, interview: Interview, plan: InterviewPlan, actor: User | None) -> Interview:
    """Change a scheduled interview; if that completes its panel, the rules run."""
    updated = interview_update(interview=interview, plan=plan, actor=actor)
    if updated.panel_settled:
        applications_screen(application_ids={updated.interview.application_id})
    return updated.interview


@transaction.atomic
def written_test_enter(
    *,
    application: Application,
    score: Decimal,
    actor: User | None,
    dimensions: Sequence[DimensionResult] = (),
) -> Assessment:
    """HR enters (or corrects) a written-test score by hand; a change runs the rules."""
    assessment, changed = written_test_record(
        application=application, score=score, actor=actor, dimensions=tuple(dimensions)
    )
    if changed:
        applications_screen(application_ids={application.pk})
    return assessment
