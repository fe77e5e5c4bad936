"""Did a course help? Per competency it builds: the mean level from review evidence
before and after, for those who finished it beside those who did not, with n.

Only reviews count (the most reliable evidence, and not written by the course
itself). A person counts when they have a review on both sides of their cut:
their own completion day, or for those who did not take the course the median
completion day of those who did (the same period). Each person weighs once: the
mean of their own reviews on each side, then the mean over people.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from statistics import mean, median_low

from django.utils import timezone

from employees.models import Course, Enrolment, SkillEvidence
from employees.skills.levels import score_to_level
from hrflow.competencies.models import Competency


@dataclass(frozen=True)
class Side:
    n: int
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class CourseEffect:
    competency: Competency
    took: Side
    did_not: Side


def course_effect(course: Course) -> list[CourseEffect]:
    """One row per competency the course builds (three queries)."""
    # Someone who took the course twice is cut at their latest completion.
    completions = (
        Enrolment.objects.filter(
            course=course, status=Enrolment.Status.COMPLETED, completed_on__isnull=False
        )
        .order_by("employee_id", "-completed_on")
        .distinct("employee_id")
        .values_list("employee_id", "completed_on")
    )
    cuts: dict[int, date] = {employee_id: day for employee_id, day in completions if day}
    shared_cut = median_low(sorted(cuts.values())) if cuts else None
    competencies = [b.competency for b in course.builds.select_related("competency")]
    reviews: dict[int, dict[int, list[tuple[date, int]]]] = defaultdict(lambda: defaultdict(list))
    for row in SkillEvidence.objects.filter(
        competency__in=competencies, source=SkillEvidence.Source.REVIEW, score__isnull=False,
        assessed_at__isnull=False,
    ).select_related("competency"):  # fmt: skip
        assert row.assessed_at is not None  # filtered above; for the type checker
        assert row.score is not None
        level = score_to_level(row.score, row.competency.levels)
        day = timezone.localdate(row.assessed_at)
        reviews[row.competency_id][row.employee_id].append((day, level))
    return [
        CourseEffect(
            competency,
            _side(reviews[competency.pk], cuts),
            _side(
                reviews[competency.pk],
                dict.fromkeys(reviews[competency.pk].keys() - cuts.keys(), shared_cut),
            ),
        )
        for competency in competencies
    ]


def _side(by_person: dict[int, list[tuple[date, int]]], cuts: Mapping[int, date | None]) -> Side:
    befores, afters = [], []
    for employee_id, cut in cuts.items():
        if cut is None:
            continue
        seen = by_person.get(employee_id, [])
        before = [level for day, level in seen if day < cut]
        after = [level for day, level in seen if day >= cut]
        if before and after:
            befores.append(mean(before))
            afters.append(mean(after))
    return Side(
        n=len(befores),
        before=round(float(mean(befores)), 2) if befores else None,
        after=round(float(mean(afters)), 2) if afters else None,
    )
