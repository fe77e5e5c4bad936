"""An employee's current level per competency and their gaps against their position.

Set-based: every function takes many employees and reads a fixed number of
queries, so a manager's page of 200 reports costs what a page of 2 does.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, TruncDate

from employees.models import Assignment, CompetencyRequirement, SkillEvidence
from employees.selectors.positions import seated_on
from employees.skills.levels import RELIABILITY, score_to_level
from hrflow.competencies.models import Competency


@dataclass(frozen=True)
class CurrentLevel:
    competency: Competency
    level: int
    evidence: SkillEvidence  # where the level came from, shown beside it


@dataclass(frozen=True)
class Gap:
    competency: Competency
    required: int
    current: CurrentLevel | None  # None: no evidence at all, which counts as a gap

    @property
    def size(self) -> int:
        return self.required - (self.current.level if self.current else 0)

    @property
    def below(self) -> bool:
        return self.current is None or self.current.level < self.required


def _reliability() -> Case:
    return Case(
        *(When(source=source, then=Value(rank)) for rank, source in enumerate(RELIABILITY)),
        default=Value(len(RELIABILITY)),
        output_field=IntegerField(),
    )


def current_levels(employee_ids: Iterable[int]) -> dict[int, dict[int, CurrentLevel]]:
    """employee id -> competency id -> the current level, in one query.

    The newest evidence decides, by the day it was observed; on the same day the more
    reliable source wins (`levels.RELIABILITY`), then the later moment. Evidence
    without a score says nothing about a level and is skipped.
    """
    rows = (
        SkillEvidence.objects.filter(employee_id__in=list(employee_ids), score__isnull=False)
        .select_related("competency")
        .annotate(
            observed=Coalesce("assessed_at", "recorded_at"),
            observed_day=TruncDate(Coalesce("assessed_at", "recorded_at")),
            rank=_reliability(),
        )
        .order_by(
            "employee_id",
            "competency_id",
            F("observed_day").desc(),
            "rank",
            F("observed").desc(),
            "-pk",
        )
        .distinct("employee_id", "competency_id")
    )
    levels: dict[int, dict[int, CurrentLevel]] = defaultdict(dict)
    for row in rows:
        assert row.score is not None  # filtered above; for the type checker
        level = score_to_level(row.score, row.competency.levels)
        levels[row.employee_id][row.competency_id] = CurrentLevel(row.competency, level, row)
    return levels


def requirements_for(assignments: Iterable[Assignment]) -> dict[int, dict[int, int]]:
    """employee id -> competency id -> required level, from the position the
    assignment seats them on, else the position's job family (one query).

    Each assignment must come with its position (select_related)."""
    seated = [a for a in assignments if a.position_id is not None]
    position_ids = {a.position_id for a in seated}
    families = {a.position.job_family for a in seated if a.position and a.position.job_family}
    by_position: dict[int, dict[int, int]] = defaultdict(dict)
    by_family: dict[str, dict[int, int]] = defaultdict(dict)
    rows = CompetencyRequirement.objects.filter(
        Q(position_id__in=position_ids) | Q(position__isnull=True, job_family__in=families)
    ).values_list("position_id", "job_family", "competency_id", "level")
    for position_id, family, competency_id, level in rows:
        if position_id is not None:
            by_position[position_id][competency_id] = level
        else:
            by_family[family][competency_id] = level
    required: dict[int, dict[int, int]] = {}
    for a in seated:
        assert a.position is not None
        # The family's requirements, overridden one by one by the position's own.
        required[a.employee_id] = {
            **by_family.get(a.position.job_family, {}),
            **by_position.get(a.position.pk, {}),
        }
    return required


def gaps_for(assignments: Iterable[Assignment]) -> dict[int, list[Gap]]:
    """employee id -> their gap in every competency their position requires (3 queries)."""
    seated = list(assignments)
    required = requirements_for(seated)
    current = current_levels(required)
    competencies = Competency.objects.in_bulk(
        {competency for needs in required.values() for competency in needs}
    )
    return {
        employee_id: [
            Gap(competencies[competency_id], level, current[employee_id].get(competency_id))
            for competency_id, level in sorted(needs.items(), key=lambda item: item[0])
        ]
        for employee_id, needs in required.items()
    }


def assignment_today(employee_id: int, day: date) -> Assignment | None:
    return seated_on(day).filter(employee_id=employee_id).select_related("position").first()
