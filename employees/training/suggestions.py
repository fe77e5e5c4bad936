"""Which courses each employee is suggested, and why: set-based for a whole team.

A competency is weak for someone when they are below what their position needs
(no evidence counts as below), or when their latest AI-interview evidence for it
stands in the bottom of the applicant pool (`TrainingSettings.weak_pool_percentile`).
A weak competency suggests every active course that builds it, except courses the
person is enrolled in or has finished. Six queries, whatever the team's size.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext

from employees.models import (
    Assignment,
    Course,
    CourseCompetency,
    Employee,
    Enrolment,
    SkillEvidence,
    TrainingSettings,
)
from employees.skills.selectors import CurrentLevel, gaps_for
from hrflow.competencies.models import Competency

BELOW = "below"
WEAK_AI = "weak_ai"


@dataclass
class Suggestion:
    employee: Employee
    competency: Competency
    reason: str  # BELOW or WEAK_AI; below the requirement is said first
    courses: list[Course]
    required: int | None = None
    current: CurrentLevel | None = None
    pool_percentile: Decimal | None = None


@dataclass
class SuggestionGroup:
    """The team's people one competency and reason suggest the same courses to."""

    competency: Competency
    reason: str
    courses: list[Course]
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def course_names(self) -> str:
        return gettext(", ").join(str(course) for course in self.courses)


def weak_ai_evidence(
    employee_ids: Sequence[int], below: Decimal
) -> dict[tuple[int, int], SkillEvidence]:
    """(employee id, competency id) -> their latest AI evidence, where it is below the line."""
    latest = (
        SkillEvidence.objects.filter(
            employee_id__in=employee_ids,
            source=SkillEvidence.Source.AI_INTERVIEW,
            pool_percentile__isnull=False,
        )
        .select_related("competency")
        .order_by("employee_id", "competency_id", F("assessed_at").desc(nulls_last=True), "-pk")
        .distinct("employee_id", "competency_id")
    )
    return {
        (row.employee_id, row.competency_id): row
        for row in latest
        if row.pool_percentile is not None and row.pool_percentile < below
    }


def suggestions_for(
    assignments: Sequence[Assignment], *, taken: set[tuple[int, int]] | None = None
) -> list[Suggestion]:
    """Every suggestion for the people these job records seat (with employee and position).

    `taken` holds the (employee id, course id) pairs enrolled or finished, when the
    caller has read them already; otherwise they are read here.
    """
    employees = {a.employee_id: a.employee for a in assignments}
    threshold = Decimal(TrainingSettings.current().weak_pool_percentile)
    weak: dict[tuple[int, int], Suggestion] = {}
    for employee_id, gaps in gaps_for(assignments).items():
        for gap in gaps:
            if gap.below:
                weak[(employee_id, gap.competency.pk)] = Suggestion(
                    employees[employee_id], gap.competency, BELOW, [],
                    required=gap.required, current=gap.current,
                )  # fmt: skip
    for key, evidence in weak_ai_evidence(list(employees), threshold).items():
        if key in weak:
            weak[key].pool_percentile = evidence.pool_percentile
        else:
            weak[key] = Suggestion(
                employees[key[0]], evidence.competency, WEAK_AI, [],
                pool_percentile=evidence.pool_percentile,
            )  # fmt: skip
    courses = _courses_building({competency for _, competency in weak})
    if taken is None:
        taken = set(
            Enrolment.objects.filter(employee_id__in=list(employees))
            .exclude(status=Enrolment.Status.CANCELLED)
            .values_list("employee_id", "course_id")
        )
    shown = []
    for (employee_id, competency_id), suggestion in weak.items():
        suggestion.courses = [
            c for c in courses.get(competency_id, []) if (employee_id, c.pk) not in taken
        ]
        if suggestion.courses:
            shown.append(suggestion)
    return sorted(shown, key=lambda s: (s.competency.code, s.reason, s.employee.full_name))


def _courses_building(competency_ids: set[int]) -> dict[int, list[Course]]:
    builds = (
        CourseCompetency.objects.filter(competency_id__in=competency_ids, course__is_active=True)
        .select_related("course")
        .order_by("course__code")
    )
    by_competency: dict[int, list[Course]] = defaultdict(list)
    for row in builds:
        by_competency[row.competency_id].append(row.course)
    return by_competency


def suggestions_grouped(suggestions: Sequence[Suggestion]) -> list[SuggestionGroup]:
    """One group per competency, reason and course list, in the order given."""
    groups: dict[tuple[int, str, tuple[int, ...]], SuggestionGroup] = {}
    for suggestion in suggestions:
        key = (suggestion.competency.pk, suggestion.reason, tuple(c.pk for c in suggestion.courses))
        if key not in groups:
            groups[key] = SuggestionGroup(
                suggestion.competency, suggestion.reason, suggestion.courses
            )
        groups[key].suggestions.append(suggestion)
    return list(groups.values())
