"""What a person sees of screening: the review queue."""

from django.db.models import QuerySet

from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped
from recruiting.models import ScreeningDecision


def review_queue(*, viewer: User, job_id: int | None = None) -> QuerySet[ScreeningDecision]:
    """Decisions waiting for a person, oldest first, within what the viewer may see."""
    queue = scoped(ScreeningDecision.objects.all(), viewer).filter(
        state=ScreeningDecision.State.REVIEW
    )
    if job_id is not None:
        queue = queue.filter(application__job_id=job_id)
    return queue.select_related(
        "application__candidate",
        "application__job",
        "application__stage",
        "version__rule",
        "version__reject_reason",
    ).order_by("created_at", "pk")
