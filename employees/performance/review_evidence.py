"""A closed review's competency ratings become skill evidence (source "review").

The manager's rating of a competency is the most reliable observation of a current
level we have (employees.skills.levels), and the course-effect report compares review
evidence before and after a course: without these rows both would rest on the AI
interview alone. One row per review and competency, drawn from the review
("employees.review:<pk>"), so closing can never add it twice. A rating is recorded
as the score of its level (`level_to_score`), so it reads back as the same level.
"""

from collections.abc import Sequence
from datetime import datetime

from employees.models import Review, ReviewAnswer, ReviewerKind
from employees.skills.levels import level_to_score
from employees.skills.services import EvidenceIn
from hrflow.competencies.models import Competency


def review_evidence(reviews: Sequence[Review], assessed_at: datetime) -> list[EvidenceIn]:
    """Evidence rows for the manager's competency ratings of these (loaded) reviews."""
    by_pk = {review.pk: review for review in reviews}
    rated = list(
        ReviewAnswer.objects.filter(
            review_id__in=by_pk,
            reviewer_kind=ReviewerKind.MANAGER,
            competency__isnull=False,
            rating__isnull=False,
        ).values_list("review_id", "competency_id", "rating")
    )
    competencies = Competency.objects.in_bulk({competency_id for _r, competency_id, _v in rated})
    return [
        EvidenceIn(
            employee=by_pk[review_id].employee,
            competency=competencies[competency_id],
            score=level_to_score(rating, competencies[competency_id].levels),
            assessed_at=assessed_at,
            origin_ref=f"employees.review:{review_id}",
        )
        for review_id, competency_id, rating in rated
        if competency_id is not None and rating is not None
    ]
