"""Opening probation reviews: two weeks before a probation ends, the manager is asked.

One review per contract and probation end (a unique pair), so the daily task and
a contract recorded late can both try; the second finds the first. The manager
hears of it by e-mail through the outbox in the same transaction.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.formats import date_format

from employees.models import Assignment, Contract, EmployeeStatus, ProbationReview
from employees.selectors.contracts import CURRENT
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.notifications.staff import hr_admins, staff_notify

# The manager is asked this many days before the probation's last day (issue 15):
# time to talk with the person and, if it comes to that, end it within probation.
REVIEW_DAYS_BEFORE = 14


@transaction.atomic
def probation_review_open(*, contract: Contract, on: date) -> ProbationReview | None:
    """Open the review of the contract's probation when it is due by `on` and the
    employee is still on probation; None when nothing is due. Idempotent."""
    if contract.probation_ends_on is None or contract.status not in CURRENT:
        return None
    due_on = contract.probation_ends_on - timedelta(days=REVIEW_DAYS_BEFORE)
    if due_on > on:
        return None
    job = Assignment.objects.as_of(on).filter(employee_id=contract.employee_id).first()
    if job is None or job.status != EmployeeStatus.PROBATION:
        return None
    review, created = ProbationReview.objects.get_or_create(
        contract=contract,
        ends_on=contract.probation_ends_on,
        defaults={"employee_id": contract.employee_id, "due_on": due_on},
    )
    if not created:
        return review
    audit_record(
        actor=None,
        action="employees.probation_review_open",
        target=contract.employee,
        changes={"review": review.pk, "ends_on": review.ends_on.isoformat()},
    )
    _manager_notify(review, job)
    return review


def probation_reviews_open(*, on: date) -> int:
    """The daily run: open every review due by `on`. How many were opened."""
    # The contracts come without a review yet, so each one returned is new (a run
    # racing this one would find the other's row through the unique pair).
    opened = 0
    for contract in _contracts_due(on):
        opened += probation_review_open(contract=contract, on=on) is not None
    return opened


def _contracts_due(on: date) -> QuerySet[Contract]:
    return (
        Contract.objects.filter(
            status__in=CURRENT,
            probation_ends_on__isnull=False,
            probation_ends_on__lte=on + timedelta(days=REVIEW_DAYS_BEFORE),
            employee_id__in=Assignment.objects.as_of(on)
            .filter(status=EmployeeStatus.PROBATION)
            .values("employee_id"),
        )
        .exclude(
            Exists(
                ProbationReview.objects.filter(
                    contract=OuterRef("pk"), ends_on=OuterRef("probation_ends_on")
                )
            )
        )
        .select_related("employee")
        .order_by("pk")
    )


def _manager_notify(review: ProbationReview, job: Assignment) -> None:
    """The current manager hears of it; HR admins when the employee has none who can
    sign in, so no review waits unseen."""
    manager = (
        User.objects.filter(is_active=True, employee__pk=job.manager_id, email__gt="").first()
        if job.manager_id
        else None
    )
    people = [manager] if manager is not None else list(hr_admins())
    link = settings.HRFLOW_PUBLIC_URL.rstrip("/") + reverse(
        "employees:probation-decide", args=[review.pk]
    )
    staff_notify(
        people=people,
        event="probation_review_due",
        key=f"probation_review_due:{review.pk}",
        values=lambda: {
            "employee_name": review.employee.full_name,
            "probation_ends_on": date_format(review.ends_on, "DATE_FORMAT"),
            "review_due_on": date_format(review.due_on, "DATE_FORMAT"),
            "link": link,
        },
    )
