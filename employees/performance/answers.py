"""Answers to a review: the employee's self review, the manager's review and rating,
and the peer and upward reviewers HR asks.

Each author answers once. Self and manager answers carry their author; a peer's or
an upward reviewer's carry only the kind of reviewer, and their time is kept to the
day (as is the assignment's), so neither a join nor a timestamp ties an answer to
its author.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import (
    Review,
    ReviewAnswer,
    ReviewCycle,
    ReviewerAssignment,
    ReviewerKind,
    SectionKind,
    TemplateSection,
)
from employees.models.performance import RATING_MAX
from employees.performance.kpi import reviews_score_save
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError

COMMENT_MAX = 5000


@dataclass(frozen=True)
class AnswerInput:
    section_id: int
    rating: int | None = None
    comment: str = ""
    competency_id: int | None = None
    goal_id: int | None = None


@transaction.atomic
def review_self_submit(*, review: Review, user: User, answers: Sequence[AnswerInput]) -> Review:
    review = _locked(review)
    if review.employee.user_id != user.pk or not review.cycle.self_review:
        raise ApplicationError(_("Only the employee writes their self review."))
    if review.self_submitted_at is not None:
        raise ApplicationError(_("The self review has been submitted already."))
    _answers_write(review, ReviewerKind.SELF, user, answers)
    review.self_submitted_at = timezone.now()
    review.stage = Review.Stage.MANAGER
    review.save(update_fields=["self_submitted_at", "stage", "updated_at"])
    audit_record(actor=user, action="employees.review_self_submit", target=review)
    return review


@transaction.atomic
def review_manager_submit(
    *, review: Review, user: User, answers: Sequence[AnswerInput], rating: int
) -> Review:
    """The manager the review names answers and rates; the score is computed."""
    review = _locked(review)
    if review.manager is None or review.manager.user_id != user.pk:
        raise ApplicationError(_("Only the manager this review names writes it."))
    if review.manager_submitted_at is not None:
        raise ApplicationError(_("The manager's review has been submitted already."))
    if review.cycle.self_review and review.self_submitted_at is None:
        raise ApplicationError(_("The employee has not submitted their self review yet."))
    if not 1 <= rating <= RATING_MAX:
        raise ApplicationError(
            _("A rating is from 1 to %(max)s.") % {"max": RATING_MAX}, extra={"field": "rating"}
        )
    _answers_write(review, ReviewerKind.MANAGER, user, answers)
    review.manager_rating = rating
    review.manager_submitted_at = timezone.now()
    review.stage = Review.Stage.CALIBRATION
    review.save(update_fields=["manager_rating", "manager_submitted_at", "stage", "updated_at"])
    reviews_score_save([review])
    audit_record(
        actor=user,
        action="employees.review_manager_submit",
        target=review,
        changes={"manager_rating": [None, rating], "score": str(review.score)},
    )
    return review


@transaction.atomic
def reviewer_assign(*, review: Review, reviewer: User, kind: str, actor: User | None) -> None:
    """HR asks someone for a peer or upward view of a review."""
    review = _locked(review)
    allowed = {
        ReviewerKind.PEER: review.cycle.peer_review,
        ReviewerKind.UPWARD: review.cycle.upward_review,
    }
    if not allowed.get(kind):  # type: ignore[call-overload]
        raise ApplicationError(_("This cycle has no such reviews."), extra={"field": "kind"})
    if reviewer.pk == review.employee.user_id:
        raise ApplicationError(_("Nobody reviews themselves this way."))
    if ReviewerAssignment.objects.filter(review=review, reviewer=reviewer).exists():
        raise ApplicationError(_("This person is asked already."))
    ReviewerAssignment.objects.create(review=review, reviewer=reviewer, kind=kind)
    audit_record(
        actor=actor,
        action="employees.reviewer_assign",
        target=review,
        changes={"reviewer": reviewer.pk, "kind": kind},
    )


@transaction.atomic
def review_reviewer_submit(
    *, assignment: ReviewerAssignment, user: User, answers: Sequence[AnswerInput]
) -> None:
    """A peer or upward reviewer answers, without their name on the answers."""
    assignment = (
        ReviewerAssignment.objects.select_for_update(of=("self",))
        .select_related("review__cycle", "review__employee")
        .get(pk=assignment.pk)
    )
    if assignment.reviewer_id != user.pk:
        raise ApplicationError(_("Only the person asked answers."))
    if assignment.submitted_at is not None:
        raise ApplicationError(_("You have answered already."))
    review = assignment.review
    _cycle_open(review.cycle)
    _answers_write(review, assignment.kind, None, answers)
    assignment.submitted_at = _day_only()
    assignment.save(update_fields=["submitted_at"])
    # No audit row naming the reviewer and the review: it would attribute the answers.


def _locked(review: Review) -> Review:
    locked = (
        Review.objects.select_for_update(of=("self",))
        .select_related("cycle", "employee", "manager")
        .get(pk=review.pk)
    )
    _cycle_open(locked.cycle)
    return locked


def _cycle_open(cycle: ReviewCycle) -> None:
    if cycle.status == ReviewCycle.Status.CLOSED:
        raise ApplicationError(_("The cycle is closed: its reviews no longer change."))


def _day_only() -> datetime:
    """Today at midnight in the company's zone: when, to the day only."""
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def _answers_write(
    review: Review, kind: str, author: User | None, answers: Sequence[AnswerInput]
) -> None:
    sections = {
        section.pk: section
        for section in TemplateSection.objects.filter(template_id=review.template_id)
        .prefetch_related("competencies")
    }  # fmt: skip
    goals = set(review.goals.values_list("pk", flat=True))
    seen = set()
    rows = []
    for answer in answers:
        section = sections.get(answer.section_id)
        if section is None:
            raise ApplicationError(_("An answer names a section not in this review."))
        _answer_check(answer, section, goals)
        item = (answer.section_id, answer.competency_id, answer.goal_id)
        if item in seen:
            raise ApplicationError(_("Each item is answered once."))
        seen.add(item)
        rows.append(
            ReviewAnswer(
                review=review,
                reviewer_kind=kind,
                author=author,
                section=section,
                competency_id=answer.competency_id,
                goal_id=answer.goal_id,
                rating=answer.rating,
                comment=answer.comment.strip(),
            )
        )
    if not rows:
        raise ApplicationError(_("Answer at least one item."))
    created = ReviewAnswer.objects.bulk_create(rows)
    if author is None:
        ReviewAnswer.objects.filter(pk__in=[row.pk for row in created]).update(
            submitted_at=_day_only()
        )


def _answer_check(answer: AnswerInput, section: TemplateSection, goals: set[int]) -> None:
    if "\x00" in answer.comment or len(answer.comment) > COMMENT_MAX:
        raise ApplicationError(
            _("A comment is text of at most %(max)s characters.") % {"max": COMMENT_MAX}
        )
    top = RATING_MAX
    if section.kind == SectionKind.COMPETENCIES:
        competency = next(
            (c for c in section.competencies.all() if c.pk == answer.competency_id), None
        )
        if competency is None or answer.goal_id is not None:
            raise ApplicationError(_("Rate only the competencies the section names."))
        top = competency.levels
    elif section.kind == SectionKind.KPI:
        if answer.competency_id is not None or (
            answer.goal_id is not None and answer.goal_id not in goals
        ):
            raise ApplicationError(_("An answer names a goal not in this review."))
    elif answer.competency_id is not None or answer.goal_id is not None or answer.rating:
        raise ApplicationError(_("A comments section takes comments only."))
    if answer.rating is not None and not 1 <= answer.rating <= top:
        raise ApplicationError(_("A rating is from 1 to %(max)s.") % {"max": top})
    if answer.rating is None and not answer.comment.strip():
        raise ApplicationError(_("Give a rating or a comment."))
