"""Reads of the employee records: the list as of a day and everything the employee page shows.

Each read is scoped (HR admins all, a manager their direct reports today, everyone
themselves) and runs a fixed number of queries whatever the size of the
company or of one person's file.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from employees.models import (
    Assignment,
    Contract,
    Employee,
    EmployeeConsent,
    EmployeeDocument,
    EmployeeNote,
    HiredAssessment,
    HireSnapshot,
    Outcome,
    SensitiveAccess,
    SkillEvidence,
)
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import get_scoped_or_404, scoped
from hrflow.accounts.selectors import user_roles
from hrflow.core.params import parse_id
from hrflow.org.models import Department, Location

# Never decrypted for a list or a page header: read only through services.sensitive.
ENCRYPTED = ("id_number", "bank_account", "emergency_contacts", "health_notes")


@dataclass(frozen=True)
class EmployeeFilters:
    as_of: date
    q: str = ""
    department: Department | None = None
    status: str = ""
    employment_type: str = ""
    location: Location | None = None


def employee_rows(*, viewer: User, filters: EmployeeFilters) -> QuerySet[Assignment]:
    """The job records in force on `filters.as_of`, one per visible employee, by number."""
    rows = scoped(Assignment.objects.as_of(filters.as_of), viewer)
    q = filters.q.strip()
    if q:
        rows = rows.filter(
            Q(employee__full_name__icontains=q)
            | Q(employee__preferred_name__icontains=q)
            | Q(employee__number__istartswith=q)
        )
    if filters.department is not None:
        # The department and everything under it (materialised path prefix).
        rows = rows.filter(department__path__startswith=filters.department.path)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.employment_type:
        rows = rows.filter(employment_type=filters.employment_type)
    if filters.location is not None:
        rows = rows.filter(location=filters.location)
    return (
        rows.select_related("employee", "department", "position", "manager", "location")
        .defer(*(f"employee__{name}" for name in ENCRYPTED))
        .defer(*(f"manager__{name}" for name in ENCRYPTED))
        .order_by("employee__number")
    )


def manages_anyone(user: User, day: date) -> bool:
    return Assignment.objects.as_of(day).filter(manager__user=user).exists()


def employee_by_ref(*, viewer: User, ref: str) -> Employee:
    """The employee an URL names by number (E000123) or id, within the viewer's scope, or 404."""
    queryset = Employee.objects.select_related("user")
    ref = (ref or "").strip()
    pk = parse_id(ref)
    if pk is not None:
        return get_scoped_or_404(queryset, viewer, pk=pk)
    return get_scoped_or_404(queryset, viewer, number=ref[:20].upper())


def viewer_kind(viewer: User, employee: Employee) -> str:
    """How much of the file the viewer reads: "hr", "self" or "manager"."""
    if Role.HR_ADMIN in user_roles(viewer):
        return "hr"
    if employee.user_id is not None and employee.user_id == viewer.pk:
        return "self"
    return "manager"


def contract_in_force(contracts: list[Contract], day: date) -> Contract | None:
    """The signed contract covering `day`; else the latest one not yet ended (a draft)."""
    live = [
        contract
        for contract in contracts
        if contract.status in (Contract.Status.ACTIVE, Contract.Status.DRAFT)
        and contract.starts_on <= day
        and (contract.ends_on is None or contract.ends_on >= day)
    ]
    live.sort(key=lambda c: (c.status == Contract.Status.ACTIVE, c.sequence))
    return live[-1] if live else None


@dataclass
class SkillGroup:
    competency: Any
    evidence: list[SkillEvidence]


@dataclass
class EmployeeFile:
    """Everything the employee page shows, read in a fixed number of queries."""

    employee: Employee
    kind: str
    as_of: date
    job: Assignment | None
    history: list[Assignment]
    contract: Contract | None
    skills: list[SkillGroup]
    documents: list[EmployeeDocument] = field(default_factory=list)
    notes: list[EmployeeNote] = field(default_factory=list)
    consents: list[EmployeeConsent] = field(default_factory=list)
    snapshot: HireSnapshot | None = None
    assessments: list[HiredAssessment] = field(default_factory=list)
    access_log: list[SensitiveAccess] = field(default_factory=list)

    @property
    def sees_private(self) -> bool:
        """Documents, notes, consents, the hire record and the sensitive fields."""
        return self.kind in ("hr", "self")

    @property
    def history_steps(self) -> list[dict[str, Any]]:
        return (self.snapshot.record.get("history") or []) if self.snapshot else []

    @property
    def offer(self) -> dict[str, Any]:
        return (self.snapshot.record.get("offer") or {}) if self.snapshot else {}


def employee_file(*, viewer: User, employee: Employee, as_of: date) -> EmployeeFile:
    kind = viewer_kind(viewer, employee)
    history = list(
        Assignment.objects.filter(employee=employee)
        .select_related("department", "position", "manager", "location", "recorded_by")
        .defer(*(f"manager__{name}" for name in ENCRYPTED))
        .order_by("-valid_from")
    )
    job = next(
        (
            row
            for row in history
            if row.valid_from <= as_of and (row.valid_to is None or row.valid_to > as_of)
        ),
        None,
    )
    contracts = list(scoped(Contract.objects.filter(employee=employee), viewer))
    skills = list(
        scoped(SkillEvidence.objects.filter(employee=employee), viewer)
        .select_related("competency", "hired_assessment")
        .order_by("competency__code", "-assessed_at", "-pk")
    )
    result = EmployeeFile(
        employee=employee,
        kind=kind,
        as_of=as_of,
        job=job,
        history=history,
        contract=contract_in_force(contracts, as_of),
        skills=_grouped(skills),
    )
    if result.sees_private:
        _private_parts(result, viewer)
    return result


def _grouped(rows: list[SkillEvidence]) -> list[SkillGroup]:
    groups: dict[int, SkillGroup] = {}
    for row in rows:
        groups.setdefault(row.competency_id, SkillGroup(row.competency, [])).evidence.append(row)
    return list(groups.values())


def _private_parts(result: EmployeeFile, viewer: User) -> None:
    employee = result.employee
    result.documents = list(scoped(EmployeeDocument.objects.filter(employee=employee), viewer))  # type: ignore[arg-type]
    result.consents = list(scoped(EmployeeConsent.objects.filter(employee=employee), viewer))  # type: ignore[arg-type]
    result.snapshot = scoped(HireSnapshot.objects.filter(employee=employee), viewer).first()
    result.assessments = list(
        scoped(HiredAssessment.objects.filter(employee=employee), viewer).prefetch_related(
            Prefetch("dimension_scores")
        )
    )
    labels = dict(SkillEvidence.Source.choices)
    for assessment in result.assessments:
        assessment.kind_label = labels.get(assessment.kind, assessment.kind)  # type: ignore[attr-defined]
    # The person sees who looked at their data (PIPL art. 45); HR admins see the log too.
    result.access_log = list(
        SensitiveAccess.objects.filter(employee=employee).order_by("-occurred_at", "-pk")[:50]
    )
    if result.kind == "hr":
        result.notes = list(EmployeeNote.objects.filter(employee=employee))  # type: ignore[arg-type]


def employee_leaving(employee: Employee) -> Outcome | None:
    """The employee's recorded leaving (last day, voluntary or not, why), if any."""
    return Outcome.objects.filter(employee=employee, kind=Outcome.Kind.LEAVING).first()
