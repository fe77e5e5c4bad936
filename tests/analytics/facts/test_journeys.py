"""One application's history read as the reports count it, on hand-made records.

Every expected figure below is worked out by hand from the times in the record.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from analytics.facts.journeys import journey_of, moves_without_bounces
from recruiting.selectors.reporting import (
    ApplicationRecord,
    Decision,
    Move,
    OfferRecord,
    Result,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def record(moves: list[Move], *, status: str = "active", **more: object) -> ApplicationRecord:
    found = ApplicationRecord(
        pk=1,
        job_id=7,
        department_id=None,
        source="boss",
        applied_at=T0,
        status=status,
        first_stage_kind="applied",
        moves=moves,
    )
    for name, value in more.items():
        setattr(found, name, value)
    return found


def move(
    hours: float, from_kind: str, to_kind: str, status: str = "active", rule: str = ""
) -> Move:
    return Move(at(hours), from_kind, to_kind, status, rule)


def test_a_move_undone_within_the_window_counts_neither_way() -> None:
    moves = [
        move(1, "applied", "screening"),
        move(1.05, "screening", "interview"),  # slipped: 3 minutes later back
        move(1.1, "interview", "screening"),
        move(5, "screening", "interview"),
    ]
    kept = moves_without_bounces(moves, timedelta(minutes=10))
    assert [(m.from_kind, m.to_kind) for m in kept] == [
        ("applied", "screening"),
        ("screening", "interview"),
    ]
    assert kept[1].at == at(5)
    journey = journey_of(record(moves))
    assert journey.reached == ["applied", "screening", "interview"]
    # Screening from hour 1 to hour 5, not split in two by the slip.
    screening = [s for s in journey.segments if s.kind == "screening"]
    assert len(screening) == 1
    assert screening[0].end - screening[0].start == timedelta(hours=4)


def test_a_move_undone_after_the_window_is_real() -> None:
    moves = [move(1, "applied", "screening"), move(2, "screening", "applied")]
    journey = journey_of(record(moves), bounce=timedelta(minutes=10))
    assert [s.kind for s in journey.segments] == ["applied", "screening", "applied"]
    assert journey.segments[1].left == "back"


def test_hr_time_leaves_out_waiting_for_the_candidate_and_the_vendor() -> None:
    # applied 0-2 h (HR: 2 h); AI interview 2-30 h, result at 26 h (HR: 4 h after it);
    # interview 30-50 h (HR: 20 h); offer 50-80 h, sent at 53 h (HR 3 h), answered at
    # 70 h (HR 10 h after); hired at 80 h. Total HR time: 2 + 4 + 20 + 3 + 10 = 39 h.
    moves = [
        move(2, "applied", "ai_interview"),
        move(30, "ai_interview", "interview"),
        move(50, "interview", "offer"),
        move(80, "offer", "hired", "hired"),
    ]
    journey = journey_of(
        record(
            moves,
            status="hired",
            results=[Result("ai_interview", at(26), at(25), "vuesim:1", Decimal("81"))],
            offers=[OfferRecord(at(53), at(70), "accepted")],
        )
    )
    assert journey.status == "hired"
    assert journey.hr_seconds == 39 * 3600
    assert journey.ai_passed is True
    assert journey.ai_stage_kind == "ai_interview"
    assert journey.milestones["offer_sent"] - journey.milestones["ai_result"] == timedelta(hours=27)
    assert journey.milestones["offer_accepted"] - journey.milestones["applied"] == timedelta(
        hours=70
    )
    assert journey.milestones["hired"] == at(80)
    # First feedback after the result: the move on at 30 h.
    assert journey.first_feedback_at == at(30)
    assert journey.reached == ["applied", "ai_interview", "interview", "offer", "hired"]


def test_an_application_still_open_has_no_hr_time_yet() -> None:
    journey = journey_of(record([move(2, "applied", "screening")]))
    assert journey.hr_seconds is None


def test_rejected_at_the_ai_stage_fails_the_result_and_names_the_rule() -> None:
    moves = [
        move(1, "applied", "ai_interview"),
        move(10, "ai_interview", "ai_interview", "rejected", rule="AI 筛选 v2"),
    ]
    journey = journey_of(
        record(
            moves,
            status="rejected",
            results=[Result("ai_interview", at(9), at(8), "manual", Decimal("40"))],
            decisions=[
                Decision("AI 筛选 v1", "reject", at(0.5)),
                Decision("AI 筛选 v2", "reject", at(9.5)),
            ],
        )
    )
    assert journey.ai_passed is False
    assert journey.ai_manual is True
    assert journey.vendor == "manual"
    # The decision after the result judged it, not the older version's.
    assert journey.rule_version == "AI 筛选 v2"
    assert journey.ended_in("ai_interview") == "rejected"
    # HR: applied 1 h + after the result 1 h = 2 h.
    assert journey.hr_seconds == 2 * 3600


def test_withdrawn_while_waiting_leaves_the_result_unjudged() -> None:
    moves = [
        move(1, "applied", "ai_interview"),
        move(10, "ai_interview", "ai_interview", "withdrawn"),
    ]
    journey = journey_of(
        record(
            moves,
            status="withdrawn",
            results=[Result("ai_interview", at(9), at(8), "vuesim:1", Decimal("70"))],
        )
    )
    assert journey.ai_passed is None
    assert journey.status == "withdrawn"
