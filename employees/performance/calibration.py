"""Calibration and closing a cycle: HR moves ratings with a reason, then closes.

Closing scores every review once more, fixes each final rating (HR's calibrated
one, else the manager's, else the one the score earns), finishes the reviews and
writes one review outcome per employee for analytics and the manager's competency
ratings as skill evidence, in a fixed number of statements. After that no rating
changes; the employee acknowledges their review.
"""

from datetime import datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import Calibration, Outcome, Review, ReviewCycle, SkillEvidence
from employees.models.performance import RATING_MAX
from employees.performance.kpi import reviews_score_save
from employees.performance.outcome_details import review_details
from employees.performance.review_evidence import review_evidence
from employees.performance.rows_update import rows_update
from employees.performance.scoring import rating_for
from employees.skills.services import skill_evidence_add_many
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.bulk_rows import instances_copy
from hrflow.core.errors import ApplicationError

REASON_MAX = 500


@transaction.atomic
def review_rating_calibrate(*, review: Review, rating: int, reason: str, actor: User) -> Review:
    """HR sets the final rating, saying why; refused once the cycle is closed."""
    review = (
        Review.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=review.pk)
    )
    if review.cycle.status == ReviewCycle.Status.CLOSED:
        raise ApplicationError(_("The cycle is closed: final ratings are locked."))
    if not 1 <= rating <= RATING_MAX:
        raise ApplicationError(
            _("A rating is from 1 to %(max)s.") % {"max": RATING_MAX}, extra={"field": "rating"}
        )
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX or "\x00" in reason:
        raise ApplicationError(
            _("Say why the rating changes (at most %(max)s characters).") % {"max": REASON_MAX},
            extra={"field": "reason"},
        )
    old = review.final_rating if review.final_rating is not None else review.manager_rating
    Calibration.objects.create(
        review=review, old_rating=old, new_rating=rating, reason=reason, actor=actor
    )
    review.final_rating = rating
    review.save(update_fields=["final_rating", "updated_at"])
    audit_record(
        actor=actor,
        action="employees.review_calibrate",
        target=review,
        changes={"rating": [old, rating], "reason": reason},
    )
    return review


@transaction.atomic
def review_cycle_close(*, cycle: ReviewCycle, actor: User | None) -> ReviewCycle:
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status == ReviewCycle.Status.CLOSED:
        raise ApplicationError(_("This cycle is closed already."))
    reviews = list(Review.objects.filter(cycle=cycle).select_related("cycle", "employee"))
    scored = reviews_score_save(reviews)
    unrated = []
    for review in reviews:
        if review.final_rating is None:
            review.final_rating = review.manager_rating or (
                rating_for(review.score, cycle.rating_bounds) if review.score is not None else None
            )
        if review.final_rating is None:
            unrated.append(review.employee.full_name)
    if unrated:
        raise ApplicationError(
            _("No rating and no score yet for %(names)s: rate them before closing.")
            % {"names": "、".join(unrated[:10])}
        )
    for review in reviews:
        review.stage = Review.Stage.FINISHED
    rows_update(Review, ["final_rating", "stage"], reviews)
    today = timezone.localdate()
    details = review_details(reviews, scored.goals)
    outcomes = [
        Outcome(
            employee_id=review.employee_id,
            kind=Outcome.Kind.REVIEW,
            occurred_on=today,
            review_id=review.pk,
            cycle_kind=cycle.kind,
            rating=review.final_rating,
            score=review.score,
            details=details[review.pk],
            origin_ref=f"employees.review:{review.pk}",
            reason="",
            recorded_at=timezone.now(),
        )
        for review in reviews
    ]
    instances_copy(
        Outcome,
        ["employee", "kind", "occurred_on", "review", "cycle_kind", "rating", "score",
         "details", "origin_ref", "reason", "recorded_at"],
        outcomes,
    )  # fmt: skip
    skill_evidence_add_many(
        rows=review_evidence(reviews, assessed_at=_observed_at(cycle)),
        source=SkillEvidence.Source.REVIEW,
        actor=actor,
    )
    cycle.status = ReviewCycle.Status.CLOSED
    cycle.closed_at = timezone.now()
    cycle.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(
        actor=actor,
        action="employees.review_cycle_close",
        target=cycle,
        changes={"reviews": len(reviews)},
    )
    return cycle


def _observed_at(cycle: ReviewCycle) -> datetime:
    """When a review's competency ratings were observed: the last day of the period
    they judge, not the day HR closed the cycle (often weeks later). A course finished
    after the period then counts as newer evidence than the review, and the course
    effect report compares it with the review it followed. A cycle closed before its
    period ended is dated at the close."""
    period_end = timezone.make_aware(datetime.combine(cycle.period_end, time(23, 59)))
    return min(timezone.now(), period_end)


@transaction.atomic
def review_acknowledge(*, review: Review, user: User) -> Review:
    """The employee says they have read their finished review (once)."""
    review = (
        Review.objects.select_for_update(of=("self",)).select_related("employee").get(pk=review.pk)
    )
    if review.employee.user_id != user.pk:
        raise ApplicationError(_("Only the employee acknowledges their review."))
    if review.stage != Review.Stage.FINISHED:
        raise ApplicationError(_("The review is not finished yet."))
    if review.acknowledged_at is not None:
        raise ApplicationError(_("You have acknowledged this review already."))
    review.acknowledged_at = timezone.now()
    review.save(update_fields=["acknowledged_at", "updated_at"])
    audit_record(actor=user, action="employees.review_acknowledge", target=review)
    return review


@transaction.atomic
def review_cycle_calibration_start(*, cycle: ReviewCycle, actor: User | None) -> ReviewCycle:
    """From writing to calibration: every review scored afresh for HR to compare."""
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != ReviewCycle.Status.OPEN:
        raise ApplicationError(_("Only an open cycle goes to calibration."))
    reviews_score_save(list(Review.objects.filter(cycle=cycle).select_related("cycle")))
    cycle.status = ReviewCycle.Status.CALIBRATION
    cycle.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="employees.review_cycle_calibration", target=cycle)
    return cycle
