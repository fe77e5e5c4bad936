"""Interview reads: who may sit on a panel, one interview, lists with their scorecards.

Every list costs a fixed number of queries, whatever its length: the
interviews, then one query for all their panels and one for all their
scorecards. Interviewers see only their own scorecard; people who may read
assessments (HR, recruiters, hiring managers) see the whole panel's.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import (
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import get_scoped_or_404, scoped
from recruiting.interviews import scorecards
from recruiting.models import Application, Assessment, AssessmentDimensionScore, Interview, Job

MAX_PANEL = 10


def interviewer_choices(*, job: Job) -> QuerySet[User]:
    """Who may interview for `job`: active people holding the interviewer or HR admin
    role, and the job's own recruiters and hiring managers."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(groups__name__in=[Role.INTERVIEWER.value, Role.HR_ADMIN.value])
            | Q(pk__in=job.recruiters.values("pk"))
            | Q(pk__in=job.hiring_managers.values("pk"))
        )
        .distinct()
        .order_by("full_name", "email")
    )


def interview_get(*, viewer: User, pk: int) -> Interview:
    """One interview the viewer may see (404 otherwise), with its application's people."""
    return get_scoped_or_404(
        Interview.objects.select_related(
            "application__candidate", "application__job", "application__stage", "scheduled_by"
        ),
        viewer,
        pk=pk,
    )


def interview_get_for_panelist(*, viewer: User, pk: int) -> Interview:
    """An interview the viewer sits on (404 for anyone else, HR included)."""
    return get_scoped_or_404(
        Interview.objects.filter(interviewers=viewer).select_related(
            "application__candidate", "application__job"
        ),
        viewer,
        pk=pk,
    )


@dataclass(frozen=True)
class Seat:
    interviewer: User | None  # None: someone since taken off the panel
    scorecard: Assessment | None

    @property
    def recommendation(self) -> str:
        """The scorecard's recommendation in words ("Strong yes" ...), or ""."""
        raw = self.scorecard.vendor_verdict_raw if self.scorecard is not None else ""
        if raw not in scorecards.Recommendation.values:
            return ""
        return str(scorecards.Recommendation(raw).label)


@dataclass(frozen=True)
class InterviewCard:
    """An interview with its panel and the scorecards the viewer may read."""

    interview: Interview
    panel: list[Seat]
    # Scorecards of people since taken off the panel: they did interview.
    former: list[Seat] = field(default_factory=list)
    # False for an interviewer: the other panelists' scorecards are not shown.
    shows_all: bool = True

    @property
    def awaiting_scorecards(self) -> bool:
        """Begun and not completed: the panel's scorecards are due."""
        return (
            self.interview.status == Interview.Status.SCHEDULED
            and self.interview.starts_at <= timezone.now()
        )

    def seat_of(self, user: User) -> Seat | None:
        return next((seat for seat in self.panel if seat.interviewer == user), None)

    @property
    def submitted(self) -> int:
        return sum(1 for seat in self.panel if seat.scorecard is not None)


def interview_cards(
    *, viewer: User, interviews: Sequence[Interview], with_dimensions: bool = False
) -> list[InterviewCard]:
    """Panels and readable scorecards for these interviews, in two queries."""
    if not interviews:
        return []
    ids = [interview.pk for interview in interviews]
    through = Interview.interviewers.through
    panels: dict[int, list[User]] = defaultdict(list)
    for row in (
        through.objects.filter(interview_id__in=ids)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    ):
        panels[row.interview_id].append(row.user)
    shows_all = viewer.has_perm("recruiting.view_assessment")
    found = _scorecards(viewer, ids, with_dimensions, shows_all)
    cards = []
    for interview in interviews:
        seats = [
            Seat(person, found.pop(scorecards.external_id(interview.pk, person.pk), None))
            for person in panels[interview.pk]
        ]
        prefix = f"{scorecards.panel_key(interview.pk)}:"
        former = [Seat(None, card) for key, card in found.items() if key.startswith(prefix)]
        cards.append(InterviewCard(interview, seats, former, shows_all))
    return cards


def _scorecards(
    viewer: User, ids: list[int], with_dimensions: bool, shows_all: bool
) -> dict[str, Assessment]:
    rows = Assessment.objects.filter(
        source=scorecards.SOURCE,
        kind=Assessment.Kind.INTERVIEW_FEEDBACK,
        external_interview_id__in=[scorecards.panel_key(pk) for pk in ids],
    )
    if not shows_all:
        # An interviewer forms their own view: the others' stay hidden, as in a
        # panel where nobody reads another's feedback before writing their own.
        rows = rows.filter(entered_by=viewer)
    if with_dimensions:
        rows = rows.prefetch_related(
            Prefetch(
                "dimension_scores",
                queryset=AssessmentDimensionScore.objects.select_related("dimension").order_by(
                    "dimension__code"
                ),
            )
        )
    return {row.external_id: row for row in rows}


def profile_interview_cards(
    *, viewer: User, applications: Sequence[Application]
) -> list[InterviewCard]:
    """The interviews of the profile's applications, newest first (three queries)."""
    if not applications:
        return []
    interviews = list(
        scoped(Interview.objects.filter(application__in=list(applications)), viewer)
        .select_related("application__job")
        .order_by("-starts_at", "-pk")
    )
    return interview_cards(viewer=viewer, interviews=interviews)


def _ends_at() -> ExpressionWrapper:
    length = ExpressionWrapper(
        F("duration_minutes") * Value(timedelta(minutes=1)), output_field=DurationField()
    )
    return ExpressionWrapper(F("starts_at") + length, output_field=DateTimeField())


def interview_list(
    *, viewer: User, mine: bool, upcoming: bool, now: datetime
) -> QuerySet[Interview]:
    """Upcoming (scheduled, not yet over; soonest first) or past and cancelled (latest first).

    `mine`: only those the viewer sits on; otherwise every interview in the
    viewer's scope (an interviewer's scope is their own anyway).
    """
    interviews = scoped(Interview.objects.all(), viewer)
    if mine:
        interviews = interviews.filter(interviewers=viewer)
    interviews = interviews.annotate(ends_at=_ends_at()).select_related(
        "application__candidate", "application__job"
    )
    ahead = Q(status=Interview.Status.SCHEDULED, ends_at__gt=now)
    if upcoming:
        return interviews.filter(ahead).order_by("starts_at", "pk")
    return interviews.exclude(ahead).order_by("-starts_at", "-pk")
