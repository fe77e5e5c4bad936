"""What one review's page shows to whom.

The employee sees their own answers, and the manager's answers, rating and the
pooled peer and upward views once the review is finished; the manager the review
names and HR see them all along. Peer and upward answers are only ever pooled.
"""

from collections import defaultdict
from typing import Any

from employees.models import Review, ReviewAnswer, ReviewCycle, ReviewerKind, TemplateSection
from employees.performance.kpi import reviews_score
from employees.performance.selectors import review_answers_pooled
from hrflow.accounts.models import User


def review_sees_all(review: Review, user: User) -> bool:
    """Whether `user` sees the manager's answers and rating, the final rating and the
    pooled peer and upward views: the manager the review names and HR all along,
    anyone else who may see the review (the employee) once it is finished. The page
    and the API both ask here."""
    is_manager = review.manager is not None and review.manager.user_id == user.pk
    return (
        is_manager
        or user.has_perm("employees.change_reviewcycle")
        or review.stage == Review.Stage.FINISHED
    )


def review_page_context(
    review: Review, user: User, sections: list[TemplateSection]
) -> dict[str, Any]:
    is_employee = review.employee.user_id == user.pk
    is_manager = review.manager is not None and review.manager.user_id == user.pk
    is_hr = user.has_perm("employees.change_reviewcycle")
    open_cycle = review.cycle.status != ReviewCycle.Status.CLOSED
    finished = review.stage == Review.Stage.FINISHED
    sees_all = review_sees_all(review, user)
    kinds = [ReviewerKind.SELF] + ([ReviewerKind.MANAGER] if sees_all else [])
    answers: dict[str, dict[int, list[ReviewAnswer]]] = defaultdict(lambda: defaultdict(list))
    for answer in ReviewAnswer.objects.filter(
        review=review, reviewer_kind__in=kinds
    ).select_related("competency"):
        answers[answer.reviewer_kind][answer.section_id].append(answer)
    if open_cycle:
        # While the cycle runs, the page scores from the values and ratings as they are
        # now (in memory, nothing saved): a manager sees what 3 incidents earn before
        # submitting. Stored scores are written on submit, calibration and close.
        goals = reviews_score([review]).goals
    else:
        goals = list(review.goals.select_related("metric"))
    return {
        "review": review,
        "sections": sections,
        "goals": goals,
        "answer_blocks": [
            (
                kind,
                [
                    (section, answers[kind][section.pk])
                    for section in sections
                    if answers[kind].get(section.pk)
                ],
            )
            for kind in kinds
            if kind in answers
        ],
        "sees_all": sees_all,
        "peer": review_answers_pooled(review, ReviewerKind.PEER) if sees_all else None,
        "upward": review_answers_pooled(review, ReviewerKind.UPWARD) if sees_all else None,
        "can_self": is_employee
        and open_cycle
        and review.cycle.self_review
        and review.self_submitted_at is None,
        "can_manage": is_manager
        and open_cycle
        and review.manager_submitted_at is None
        and (review.self_submitted_at is not None or not review.cycle.self_review),
        "can_acknowledge": is_employee and finished and review.acknowledged_at is None,
        "can_ask": is_hr
        and open_cycle
        and (review.cycle.peer_review or review.cycle.upward_review),
    }
