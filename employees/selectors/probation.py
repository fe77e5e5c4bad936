"""Reading probation reviews: what waits for the signed-in manager, or for HR."""

from django.db.models import QuerySet
from django.utils import timezone

from employees.models import Assignment, ProbationReview
from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404, scoped


def probation_reviews_list(*, viewer: User, decided: bool = False) -> QuerySet[ProbationReview]:
    """Open reviews (or decided ones) the viewer may decide: HR admins all, a manager
    those of their current direct reports; soonest due first."""
    rows = scoped(ProbationReview.objects.all(), viewer).select_related(
        "employee", "contract", "decided_by"
    )
    if decided:
        return rows.exclude(outcome="").order_by("-decided_at", "-pk")
    return rows.filter(outcome="").order_by("due_on", "pk")


def probation_review_get(*, viewer: User, pk: int) -> ProbationReview:
    """One review the viewer may decide, else 404 like a missing one."""
    return get_scoped_or_404(
        ProbationReview.objects.select_related("employee", "contract", "decided_by"),
        viewer,
        pk=pk,
    )


def is_line_manager(user: User) -> bool:
    """Whether anyone reports to the user today (line management is a fact of the org,
    not a role: employees/models/scoping.py)."""
    if not user.is_authenticated:
        return False
    return Assignment.objects.as_of(timezone.localdate()).filter(manager__user=user).exists()
