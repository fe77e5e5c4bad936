"""Satisfaction surveys: a candidate rates the process once per moment of an application.

The answers feed the candidate-experience report (recruiting.selectors.surveys
survey_summary), so each application counts once per moment: a second answer
is refused and the first one kept, rather than letting a candidate outvote
others by answering again.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from recruiting.lock_objects import applications_lock
from recruiting.models import Application, Candidate, SurveyResponse
from recruiting.selectors.surveys import RATINGS, survey_answer_get, survey_is_due

COMMENT_MAX = 2000


@transaction.atomic
def survey_answer(
    *,
    application: Application,
    candidate: Candidate,
    moment: str,
    rating: object,
    comment: str = "",
) -> SurveyResponse:
    """Record the candidate's rating (1-5) and comment for `moment` of their application."""
    if application.candidate_id != candidate.pk or application.status == Application.Status.MERGED:
        raise ApplicationError(_("This application is not yours."))
    if moment not in SurveyResponse.Moment.values:
        raise ApplicationError(_("There is no such survey."), extra={"field": "moment"})
    # bool is an int in Python: True must not pass as a rating of 1.
    if isinstance(rating, bool) or not isinstance(rating, int) or rating not in RATINGS:
        raise ApplicationError(_("Choose a rating from 1 to 5."), extra={"field": "rating"})
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ApplicationError(
            _("Please keep your comment to at most %(max)d characters.") % {"max": COMMENT_MAX},
            extra={"field": "comment"},
        )
    # Two submits at once (a double tap) queue here; the second then finds the first.
    locked = applications_lock([application.pk]).get()
    if not survey_is_due(application=locked, moment=moment):
        raise ApplicationError(_("This survey is not open for this application yet."))
    if survey_answer_get(application=locked, moment=moment) is not None:
        raise ApplicationError(_("You have already answered this survey. Thank you!"))
    response = SurveyResponse(application=locked, moment=moment, rating=rating, comment=comment)
    response.full_clean()
    response.save()
    audit_record(
        actor=None,
        action="recruiting.survey_answered",
        target=response,
        changes={"application": application.pk, "moment": moment, "rating": rating},
    )
    return response
