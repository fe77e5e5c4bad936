"""One application's history read the way the reports count it.

Every figure of the recruiting reports, and every drill-down list behind one, reads
applications through `journey_of`, so a list always holds exactly what its figure
counted. The rules (docs: docs/ANALYTICS.md, "hrflow metric definitions"):

- An accidental move undone within minutes (A → B, then B → A within `bounce`) is
  ignored, both halves: Ashby detects such moves; counting them would inflate stage
  entries and split a stage's time in two.
- HR handling time is the time the next action was HR's: in applied, screening and
  interview stages all of it; in AI interview, written test and background check only
  after the result arrived (before, the candidate or vendor had to act); in the offer
  stage before the offer went out and after the candidate answered. Only intervals that
  ended count (an open stage would make yesterday's figure grow by itself), and only for
  applications that ended (hired, rejected, withdrawn).
- An AI result "passed" when the application left the stage it was in when the result
  arrived for a later stage, "failed" when it was rejected there; otherwise it is not
  judged yet (still waiting, or withdrawn).
- First feedback after the AI interview: the first move (on, or a rejection) after the
  result arrived; the candidate hears of each (notifications).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from recruiting.selectors.reporting import (
    ACTIVE,
    AI_INTERVIEW_KIND,
    HIRED,
    MANUAL_SOURCE,
    OFFER_ACCEPTED,
    REJECTED,
    STAGE_KINDS,
    WITHDRAWN,
    ApplicationRecord,
    Move,
    Result,
)

DEFAULT_BOUNCE = timedelta(minutes=10)
ORDER = {kind: position for position, kind in enumerate(STAGE_KINDS)}
# Stages where the candidate or a vendor acts until the stage's result arrives.
WAITING_FOR_RESULT = {"ai_interview": "ai_interview", "written_test": "written_test",
                      "background_check": "background_check"}  # fmt: skip
HR_STAGES = {"applied", "screening", "interview"}
ENDED = (HIRED, REJECTED, WITHDRAWN)
# Milestones a time-to-hire may start or end at, in the order they happen.
MILESTONES = ("applied", "ai_result", "interview", "offer_sent", "offer_accepted", "hired")


@dataclass
class Segment:
    kind: str
    start: datetime
    end: datetime | None = None
    # How the stage was left: "on" (a later stage), "back", or an end status.
    left: str = ""


@dataclass
class Journey:
    record: ApplicationRecord
    segments: list[Segment] = field(default_factory=list)
    status: str = ACTIVE
    ended_at: datetime | None = None
    # Moves after bounce removal, for the activity report.
    moves: list[Move] = field(default_factory=list)
    milestones: dict[str, datetime] = field(default_factory=dict)
    ai_result: Result | None = None
    ai_passed: bool | None = None
    ai_stage_kind: str = ""
    rule_version: str = ""
    first_feedback_at: datetime | None = None
    hr_seconds: float | None = None

    @property
    def reached(self) -> list[str]:
        seen: list[str] = []
        for segment in self.segments:
            if segment.kind not in seen:
                seen.append(segment.kind)
        return seen

    @property
    def furthest(self) -> str:
        return max(self.reached, key=lambda kind: ORDER.get(kind, -1), default="")

    @property
    def ai_manual(self) -> bool:
        return self.ai_result is not None and self.ai_result.source == MANUAL_SOURCE

    @property
    def vendor(self) -> str:
        """The AI result's source; before it arrives, the vendor the candidate was
        invited by."""
        return self.ai_result.source if self.ai_result is not None else self.record.invited_by

    def left_forward(self, kind: str) -> bool:
        return any(s.kind == kind and s.left == "on" for s in self.segments)

    def ended_in(self, kind: str) -> str:
        """The end status if the application ended while in `kind`, else ""."""
        last = self.segments[-1] if self.segments else None
        if last is not None and last.kind == kind and last.left in ENDED:
            return last.left
        return ""


def moves_without_bounces(moves: list[Move], bounce: timedelta) -> list[Move]:
    """The moves with every A → B undone by B → A within `bounce` left out."""
    kept: list[Move] = []
    for move in moves:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and previous.from_kind
            and previous.to_status == ACTIVE
            and move.to_status == ACTIVE
            and move.from_kind == previous.to_kind
            and move.to_kind == previous.from_kind
            and move.at - previous.at <= bounce
        ):
            kept.pop()
            continue
        kept.append(move)
    return kept


def journey_of(record: ApplicationRecord, *, bounce: timedelta = DEFAULT_BOUNCE) -> Journey:
    journey = Journey(record=record)
    journey.moves = moves_without_bounces(record.moves, bounce)
    _segments_build(journey)
    _milestones_find(journey)
    _ai_judge(journey)
    journey.hr_seconds = _hr_seconds(journey) if journey.status in ENDED else None
    return journey


def _segments_build(journey: Journey) -> None:
    record = journey.record
    current = Segment(record.first_stage_kind, record.applied_at)
    segments = [current]
    status = ACTIVE
    for move in journey.moves:
        if not move.from_kind and move.to_kind == current.kind and move.to_status == ACTIVE:
            continue  # the application's creation
        if move.to_status in ENDED:
            if current.end is None:
                current.end, current.left = move.at, move.to_status
            status, journey.ended_at = move.to_status, move.at
            if move.to_status == HIRED and move.to_kind != current.kind:
                # Hiring moves the card into the hired stage: that stage is reached.
                current.left = "on"
                current = Segment(move.to_kind, move.at, move.at, HIRED)
                segments.append(current)
            continue
        if status in ENDED:
            # Reopened: a new stretch starts in the stage it was reopened into.
            status, journey.ended_at = ACTIVE, None
            current = Segment(move.to_kind, move.at)
            segments.append(current)
            continue
        if move.to_kind == current.kind:
            continue
        current.end = move.at
        forward = ORDER.get(move.to_kind, 0) > ORDER.get(current.kind, 0)
        current.left = "on" if forward else "back"
        current = Segment(move.to_kind, move.at)
        segments.append(current)
    journey.segments, journey.status = segments, status
    if status == ACTIVE and record.status in ENDED:
        # An end written without a move (older data): trust the application's status.
        journey.status = record.status


def _first_entry(journey: Journey, kind: str) -> datetime | None:
    return next((s.start for s in journey.segments if s.kind == kind), None)


def _milestones_find(journey: Journey) -> None:
    record, found = journey.record, journey.milestones
    found["applied"] = record.applied_at
    ai = next((r for r in record.results if r.kind == AI_INTERVIEW_KIND), None)
    journey.ai_result = ai
    if ai is not None:
        found["ai_result"] = ai.received_at
    interview = _first_entry(journey, "interview")
    if interview is not None:
        found["interview"] = interview
    if record.offers:
        found["offer_sent"] = record.offers[0].sent_at
        accepted = next(
            (o for o in record.offers if o.status == OFFER_ACCEPTED and o.responded_at), None
        )
        if accepted is not None and accepted.responded_at is not None:
            found["offer_accepted"] = accepted.responded_at
    if journey.status == HIRED and journey.ended_at is not None:
        found["hired"] = journey.ended_at


def _segment_at(journey: Journey, moment: datetime) -> Segment | None:
    for segment in journey.segments:
        if segment.start <= moment and (segment.end is None or moment < segment.end):
            return segment
    return None


def _ai_judge(journey: Journey) -> None:
    result = journey.ai_result
    if result is None:
        return
    segment = _segment_at(journey, result.received_at) or journey.segments[-1]
    journey.ai_stage_kind = segment.kind
    # A result that arrives after the stage moved on was judged by nobody: it counts
    # where the card was then.
    if segment.left == "on":
        journey.ai_passed = True
    elif segment.left == REJECTED:
        journey.ai_passed = False
    decisions = [d for d in journey.record.decisions if d.at >= result.received_at]
    # The rule that judged the result: the first decision after it arrived, else the last.
    decisions = decisions or journey.record.decisions[-1:]
    journey.rule_version = decisions[0].rule_version if decisions else ""
    after = [m.at for m in journey.moves if m.at >= result.received_at and m.from_kind]
    journey.first_feedback_at = min(after) if after else None


def _hr_seconds(journey: Journey) -> float:
    total = 0.0
    results = journey.record.results
    offers = journey.record.offers
    for segment in journey.segments:
        if segment.end is None or segment.kind == "hired":
            continue
        start, end = segment.start, segment.end
        if segment.kind in HR_STAGES:
            total += (end - start).total_seconds()
        elif segment.kind in WAITING_FOR_RESULT:
            wanted = WAITING_FOR_RESULT[segment.kind]
            arrived = [
                r.received_at for r in results if r.kind == wanted and start <= r.received_at < end
            ]
            if arrived:
                total += (end - min(arrived)).total_seconds()
        elif segment.kind == "offer":
            sent = [o for o in offers if start <= o.sent_at < end]
            if not sent:
                total += (end - start).total_seconds()
                continue
            offer = sent[0]
            total += (offer.sent_at - start).total_seconds()
            if offer.responded_at is not None and offer.responded_at < end:
                total += (end - offer.responded_at).total_seconds()
    return total
