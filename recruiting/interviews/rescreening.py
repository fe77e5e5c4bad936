"""Interviewers' scorecards and a changed panel, and the screening rules run after them.

The interview services record and say whether what the application's rules read has
changed (a scorecard that counts, a panel completed by a move to an earlier time);
these orchestrating services then run the rules in the same transaction, as
recruiting.vendors.results does after a vendor's results. Interviews sit above
screening, so the recording services stay free of it.
"""

from django.db import transaction

from hrflow.accounts.models import User
from recruiting.interviews.scorecard_services import Scorecard, scorecard_record
from recruiting.interviews.services import InterviewPlan, interview_update
from recruiting.models import Assessment, Interview
from recruiting.screening.services import applications_screen


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
