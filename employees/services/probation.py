"""The probation decision: pass, extend within the legal maximum, or end with a reason.

Each outcome is one service: it records the decision on the review (kept for the
analytics of what predicted a passed probation) and makes its consequence as
dated changes: regular status from the day after probation, a later end of
probation on the contract (and the next review), or the person leaving with
the contract ended.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import Assignment, EmployeeStatus, Outcome, ProbationReview
from employees.selectors.contracts import probation_latest_end
from employees.services.assignments import assignment_change
from employees.services.contracts import contract_end
from employees.services.outcomes import outcome_record
from employees.services.probation_reviews import probation_review_open
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError


@transaction.atomic
def probation_pass(
    *, review: ProbationReview, actor: User | None, early: bool = False, reason: str = ""
) -> ProbationReview:
    """Regular from the day after probation ends, or from today when passed early."""
    review = _open_review(review)
    today = timezone.localdate()
    if early and today > review.ends_on:
        raise ApplicationError(
            _("The probation ended on %(day)s; it can no longer be passed early.")
            % {"day": review.ends_on.isoformat()},
            extra={"field": "early"},
        )
    valid_from = today if early else review.ends_on + timedelta(days=1)
    assignment_change(
        employee=review.employee,
        valid_from=valid_from,
        change=Assignment.Change.PROBATION_PASSED,
        actor=actor,
        reason=reason,
        status=EmployeeStatus.REGULAR,
    )
    return _decided(review, ProbationReview.Outcome.PASSED, actor, reason, regular_from=valid_from)


@transaction.atomic
def probation_extend(
    *, review: ProbationReview, new_end_date: date, reason: str, actor: User | None
) -> ProbationReview:
    """A later end of probation, only while it runs and only within the longest
    probation the contract's term allows (art. 19, counted from its first day)."""
    review = _open_review(review)
    contract = review.contract
    today = timezone.localdate()
    if today > review.ends_on:
        raise ApplicationError(
            _("The probation ended on %(day)s; it can no longer be extended.")
            % {"day": review.ends_on.isoformat()}
        )
    if new_end_date <= review.ends_on:
        raise ApplicationError(
            _("The new end must come after %(day)s.") % {"day": review.ends_on.isoformat()},
            extra={"field": "new_end_date"},
        )
    latest = probation_latest_end(contract)
    if latest is None or new_end_date > latest:
        raise ApplicationError(
            _(
                "The whole probation may not go past %(day)s: that is the longest this "
                "contract's term allows (Labour Contract Law art. 19)."
            )
            % {"day": latest.isoformat() if latest else review.ends_on.isoformat()},
            extra={"field": "new_end_date"},
        )
    if not reason.strip():
        raise ApplicationError(_("Say why the probation is extended."), extra={"field": "reason"})
    contract.probation_ends_on = new_end_date
    contract.save(update_fields=["probation_ends_on", "updated_at"])
    review.new_end_date = new_end_date
    decided = _decided(review, ProbationReview.Outcome.EXTENDED, actor, reason)
    probation_review_open(contract=contract, on=today)
    return decided


@transaction.atomic
def probation_end(
    *, review: ProbationReview, last_day: date, reason: str, actor: User | None
) -> ProbationReview:
    """End the employment during probation: leaving from today, left from the last
    day (within probation), the contract ended early with the same reason."""
    review = _open_review(review)
    today = timezone.localdate()
    if not reason.strip():
        raise ApplicationError(
            _("Say why the employment ends during probation."), extra={"field": "reason"}
        )
    if last_day < today or last_day > review.ends_on:
        raise ApplicationError(
            _("The last day must lie between today and the end of probation (%(day)s).")
            % {"day": review.ends_on.isoformat()},
            extra={"field": "last_day"},
        )
    if last_day > today:
        assignment_change(
            employee=review.employee,
            valid_from=today,
            change=Assignment.Change.LEAVING,
            actor=actor,
            reason=reason,
            status=EmployeeStatus.LEAVING,
        )
    assignment_change(
        employee=review.employee,
        valid_from=last_day,
        change=Assignment.Change.LEAVING,
        actor=actor,
        reason=reason,
        status=EmployeeStatus.LEFT,
    )
    contract_end(contract=review.contract, ended_on=last_day, reason=reason, actor=actor)
    return _decided(review, ProbationReview.Outcome.ENDED, actor, reason, last_day=last_day)


def _open_review(review: ProbationReview) -> ProbationReview:
    """The review locked, refused if someone decided it meanwhile (two managers, or a
    manager and HR, at once: the second is told, nothing happens twice)."""
    locked = (
        ProbationReview.objects.select_for_update(of=("self",))
        .select_related("contract", "employee")
        .get(pk=review.pk)
    )
    if locked.outcome:
        raise ApplicationError(_("This probation has been decided already."))
    return locked


def _decided(
    review: ProbationReview,
    outcome: str,
    actor: User | None,
    reason: str,
    **extra: date,
) -> ProbationReview:
    review.outcome = outcome
    review.decided_by = actor
    review.decided_at = timezone.now()
    review.reason = reason.strip()
    review.full_clean(exclude=["employee", "contract", "decided_by"])
    review.save(
        update_fields=[
            "outcome", "decided_by", "decided_at", "reason", "new_end_date", "updated_at",
        ]
    )  # fmt: skip
    audit_record(
        actor=actor,
        action=f"employees.probation_{outcome}",
        target=review.employee,
        changes={
            "review": review.pk,
            "ends_on": review.ends_on.isoformat(),
            "new_end_date": review.new_end_date.isoformat() if review.new_end_date else None,
            "reason": review.reason,
            **{key: value.isoformat() for key, value in extra.items()},
        },
    )
    if outcome != ProbationReview.Outcome.EXTENDED:
        # An extension decides nothing yet: the outcome is the pass or end after it.
        outcome_record(
            employee=review.employee,
            kind=Outcome.Kind.PROBATION,
            occurred_on=timezone.localdate(),
            origin_ref=f"employees.probationreview:{review.pk}",
            passed=outcome == ProbationReview.Outcome.PASSED,
            reason=review.reason[:500],
        )
    return review
