"""Satisfaction surveys: when a candidate is asked, and what they answered overall.

The rule for when a survey is due lives here once, so the portal page (which
shows the form or a note) and the answering service (which refuses an answer
that is not due) cannot disagree.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count

from recruiting.models import Application, Assessment, SurveyResponse

Moment = SurveyResponse.Moment
RATINGS = (1, 2, 3, 4, 5)


def survey_is_due(*, application: Application, moment: str) -> bool:
    """Whether the candidate has lived through `moment` on this application.

    After the AI interview: an AI interview of it was completed. After the
    decision: it ended in a hire or a rejection (a withdrawal is the
    candidate's own decision, and a merged application is not theirs to rate).
    """
    if moment == Moment.AFTER_AI_INTERVIEW:
        return application.assessments.filter(
            kind=Assessment.Kind.AI_INTERVIEW, status=Assessment.Status.COMPLETED
        ).exists()
    if moment == Moment.AFTER_DECISION:
        return application.status in (Application.Status.HIRED, Application.Status.REJECTED)
    return False


def survey_answer_get(*, application: Application, moment: str) -> SurveyResponse | None:
    return application.survey_responses.filter(moment=moment).first()


@dataclass(frozen=True)
class MomentSummary:
    moment: str
    count: int = 0
    average: float | None = None
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))


def survey_summary(*, since: datetime | None = None) -> dict[str, MomentSummary]:
    """Per moment: how many answered, the average rating and how many gave each rating.

    One grouped query whatever the number of answers; every moment is present,
    with a count of 0 and no average when nobody answered it.
    """
    answers = SurveyResponse.objects.all()
    if since is not None:
        answers = answers.filter(created_at__gte=since)
    counts = {moment: dict.fromkeys(RATINGS, 0) for moment in Moment.values}
    for row in answers.order_by().values("moment", "rating").annotate(n=Count("pk")):
        if row["moment"] in counts and row["rating"] in RATINGS:
            counts[row["moment"]][row["rating"]] = row["n"]
    summary = {}
    for moment, distribution in counts.items():
        total = sum(distribution.values())
        average = (
            round(sum(rating * n for rating, n in distribution.items()) / total, 2)
            if total
            else None
        )
        summary[moment] = MomentSummary(moment, total, average, distribution)
    return summary
