"""An employee's current level (newest, then most reliable, evidence) and their gaps."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from employees.models import CompetencyRequirement, SkillEvidence
from employees.selectors.positions import seated_on
from employees.skills.selectors import current_levels, gaps_for
from employees.skills.services import EvidenceIn, requirement_set, skill_evidence_add_many
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from tests.employees.training.scene import workshop_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def _evidence(employee, competency, source, score, when, ref):
    return SkillEvidence.objects.create(
        employee=employee, competency=competency, source=source, score=Decimal(score),
        assessed_at=when, origin_ref=ref,
    )  # fmt: skip


def test_the_newest_evidence_decides_and_on_the_same_day_the_more_reliable():
    w = workshop_make(reports=1, percentiles=[50])  # AI: 50 -> level 3 of 5, 210 days ago
    person = w.reports[0]
    # 09:00 local, so the manual entry two hours later falls on the same local day
    # whatever hour the suite runs at (at 22:00 or later "+2 h" would be tomorrow).
    day = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=10), time(9, 0))
    )
    _evidence(person, w.safety, "manual", 95, day + timedelta(hours=2), "manual:1")
    review = _evidence(person, w.safety, "review", 30, day, "review:1")

    level = current_levels([person.pk])[person.pk][w.safety.pk]

    # Same day: the review beats the later manual entry; both beat the older AI score.
    assert (level.level, level.evidence) == (2, review)
    _evidence(person, w.safety, "ai_interview", 85, timezone.now(), "ai:2")
    newest = current_levels([person.pk])[person.pk][w.safety.pk]
    assert (newest.level, newest.evidence.origin_ref) == (5, "ai:2")


def test_the_gap_is_required_minus_current_and_no_evidence_is_a_gap():
    w = workshop_make(reports=2, percentiles=[50])  # second report: no evidence at all
    # The family asks level 4 of safety; the position itself asks hands-on 2 and wins
    # for its own competency only.
    CompetencyRequirement.objects.create(job_family="production", competency=w.safety, level=4)
    CompetencyRequirement.objects.create(job_family="production", competency=w.hands_on, level=5)
    CompetencyRequirement.objects.create(position=w.position, competency=w.hands_on, level=2)
    seats = list(
        seated_on(timezone.localdate()).filter(position=w.position).select_related("position")
    )

    gaps = gaps_for(seats)

    first = {g.competency.code: g for g in gaps[w.reports[0].pk]}
    assert (first["safety_awareness"].required, first["safety_awareness"].size) == (4, 1)
    assert first["safety_awareness"].current.evidence.source == "ai_interview"
    assert (first["hands_on_ability"].required, first["hands_on_ability"].current) == (2, None)
    second = {g.competency.code: g for g in gaps[w.reports[1].pk]}
    assert second["safety_awareness"].current is None
    assert (second["safety_awareness"].size, second["safety_awareness"].below) == (4, True)


def test_requirements_are_set_changed_and_dropped_with_an_audit_trail():
    w = workshop_make(reports=0)
    hr = UserFactory()
    requirement_set(position=w.position, competency=w.safety, level=3, actor=hr)
    requirement_set(position=w.position, competency=w.safety, level=4, actor=hr)
    assert CompetencyRequirement.objects.get(position=w.position).level == 4
    requirement_set(position=w.position, competency=w.safety, level=None, actor=hr)
    assert not CompetencyRequirement.objects.filter(position=w.position).exists()
    changes = [
        e.changes["level"]
        for e in AuditEvent.objects.filter(action="employees.requirement_set").order_by("pk")
    ]
    assert changes == [[None, 3], [3, 4], [4, None]]


@pytest.mark.parametrize("level", [0, 6, 99])
def test_a_level_off_the_competencys_scale_is_refused(level):
    w = workshop_make(reports=0)
    with pytest.raises(ApplicationError):
        requirement_set(position=w.position, competency=w.safety, level=level, actor=None)
    assert not CompetencyRequirement.objects.exists()


def test_evidence_handed_in_twice_is_added_once():
    """What a closed review's ratings go through: a repeat (task retry) adds nothing."""
    w = workshop_make(reports=1)
    rows = [EvidenceIn(w.reports[0], w.safety, Decimal(70), timezone.now(), "employees.review:9")]
    first = skill_evidence_add_many(rows=rows, source="review", actor=None)
    again = skill_evidence_add_many(rows=rows, source="review", actor=None)
    assert len(first) == 1
    assert again == []
    assert SkillEvidence.objects.filter(source="review").count() == 1
