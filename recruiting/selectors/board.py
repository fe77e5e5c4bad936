"""The pipeline board of a job: columns by stage, cards loaded a page at a time.

A column shows its count (from the tallies the database keeps, not a count of
the job's applications) and its first page of cards; more pages load on
demand. Each page is a fixed number of queries whatever the job's size, and
uses the (job, stage, status, stage_entered_at) index, so 100,000 applications
in a job cost no more than 100.
"""

from dataclasses import dataclass

from django.db.models import Sum

from recruiting.models import Application, ApplicationTally, Job, Stage

# Enough to work a column; more load on demand. Rendering, not SQL, is the
# cost of a card, so the first page stays small (tests/bench/pages.py).
CARDS_PER_PAGE = 20


@dataclass(frozen=True)
class Column:
    stage: Stage
    count: int
    cards: list[Application]
    next_offset: int | None


def board_columns(*, job: Job, status: str = Application.Status.ACTIVE) -> list[Column]:
    """Every stage of the job with its count and first page of cards (3 queries + 1 per stage)."""
    stages = list(job.stages.order_by("position"))
    counts = dict(
        ApplicationTally.objects.filter(job=job, status=status)
        .values_list("stage_id")
        .annotate(count=Sum("count"))
    )
    return [
        board_column(stage=stage, count=counts.get(stage.pk, 0), status=status) for stage in stages
    ]


def board_column(*, stage: Stage, count: int, offset: int = 0, status: str = "active") -> Column:
    cards = list(
        Application.objects.filter(job_id=stage.job_id, stage=stage, status=status)
        .select_related("candidate")
        .order_by("stage_entered_at", "pk")[offset : offset + CARDS_PER_PAGE]
    )
    following = offset + CARDS_PER_PAGE
    return Column(stage, count, cards, following if following < count else None)


def board_stage_count(*, stage: Stage, status: str = "active") -> int:
    total = ApplicationTally.objects.filter(stage=stage, status=status).aggregate(
        total=Sum("count")
    )["total"]
    return total or 0
