"""Write an employee plan with COPY: employees, job records, contracts, and for the
pipeline hires their carried assessments, dimension scores, skill evidence and hire record;
with them the outcomes (reviews.py) and the pay (pay.py) when the seed asks for them."""

from collections.abc import Iterator
from datetime import date, datetime, time

from django.utils import timezone

from employees.models import (
    Assignment,
    Contract,
    Employee,
    HiredAssessment,
    HiredDimensionScore,
    HireSnapshot,
    SkillEvidence,
)
from employees.seeding.pay import PaySeed, pay_seed_write
from employees.seeding.plan import EmployeePlan, Plan, Progress
from employees.seeding.reviews import ReviewSetup, outcomes_write
from hrflow.core.pgcopy import ids_reserve, line, lines_copy

EMPLOYEE_FIELDS = [
    "id", "created_at", "updated_at", "number", "full_name", "preferred_name", "sex", "email",
    "personal_email", "phone", "address", "city", "hire_date", "left_on", "id_document_type",
    "id_number", "id_number_tail", "bank_account_tail", "source_application_id",
    "source_candidate_id", "hired_at",
]  # fmt: skip
ASSIGNMENT_FIELDS = [
    "employee", "valid_from", "valid_to", "department", "position", "manager", "location",
    "job_title", "employment_type", "status", "change", "reason", "recorded_at",
]  # fmt: skip
CONTRACT_FIELDS = [
    "id", "created_at", "updated_at", "employee", "kind", "sequence", "renewal_of", "starts_on",
    "ends_on", "task_description", "probation_months", "probation_ends_on", "signed_on",
    "status", "note", "ended_on", "end_reason", "open_ended_eligible",
]  # fmt: skip
MAIL_DOMAIN = "hrflow-demo.cn"


def plan_write(
    plan: Plan,
    *,
    numbers: list[str],
    competencies: dict[str, int],
    report: Progress,
    reviews: ReviewSetup | None = None,
    pay: PaySeed | None = None,
) -> dict[str, int]:
    people = plan.employees
    ids = ids_reserve(Employee, len(people))
    now = timezone.now()
    encrypt = Employee._meta.get_field("id_number").get_prep_value  # type: ignore[union-attr]
    rows = {
        "employees": lines_copy(
            Employee,
            EMPLOYEE_FIELDS,
            (_employee_line(e, ids, numbers, now, encrypt) for e in people),
            on_progress=lambda done: report("employees", done, len(people)),
        ),
        "job records": lines_copy(
            Assignment, ASSIGNMENT_FIELDS, _assignment_lines(people, ids, now)
        ),
    }
    contracts = [(e, c) for e in people for c in e.contracts]
    for (_e, contract), pk in zip(contracts, ids_reserve(Contract, len(contracts)), strict=True):
        contract.id = pk
    rows["contracts"] = lines_copy(Contract, CONTRACT_FIELDS, _contract_lines(people, ids, now))
    rows.update(_pipeline_write([e for e in people if e.hired], ids, competencies, now))
    if reviews is not None:
        report("outcomes", 0, 1)
        rows.update(outcomes_write(people, ids, reviews, now))
        report("outcomes", 1, 1)
    if pay is not None:
        report("pay", 0, 1)
        rows.update(pay_seed_write(people, ids, pay, now))
        report("pay", 1, 1)
    return rows


def _employee_line(
    e: EmployeePlan, ids: list[int], numbers: list[str], now: datetime, encrypt
) -> str:  # type: ignore[no-untyped-def]
    person, hired = e.person, e.hired
    number = numbers[e.index]
    created = _moment(min(e.hire, now.date()))
    return line(
        ids[e.index], created, now, number, person.full_name, "", person.sex,
        f"{person.email_name}.{number[1:].lstrip('0')}@{MAIL_DOMAIN}",
        hired.email if hired else "", person.phone, person.address, person.city, e.hire,
        e.left_on, "resident_id", encrypt(person.id_number), person.id_number[-4:], "",
        hired.application_id if hired else None, hired.candidate_id if hired else None,
        hired.hired_at if hired else None,
    )  # fmt: skip


def _assignment_lines(people: list[EmployeePlan], ids: list[int], now: datetime) -> Iterator[str]:
    for e in people:
        pk = ids[e.index]
        for row in e.rows:
            job = row.job
            yield line(
                pk, row.valid_from, row.valid_to, job.department_id, job.position_id,
                ids[job.manager] if job.manager is not None else None, job.location_id,
                job.job_title, e.employment_type, row.status, row.change, "", now,
            )  # fmt: skip


def _contract_lines(people: list[EmployeePlan], ids: list[int], now: datetime) -> Iterator[str]:
    for e in people:
        previous = None
        for c in e.contracts:
            yield line(
                c.id, _moment(c.signed_on or min(c.starts_on, now.date())), now, ids[e.index],
                c.kind, c.sequence, previous if c.renews_previous else None, c.starts_on,
                c.ends_on, "", c.probation_months, c.probation_ends_on, c.signed_on, c.status, "",
                c.ended_on, c.end_reason, "",
            )  # fmt: skip
            previous = c.id


def _pipeline_write(
    hired: list[EmployeePlan], ids: list[int], competencies: dict[str, int], now: datetime
) -> dict[str, int]:
    assessment_ids = ids_reserve(HiredAssessment, len(hired))
    assessments, scores, evidence, snapshots = [], [], [], []
    for e, assessment_id in zip(hired, assessment_ids, strict=True):
        h = e.hired
        assert h is not None
        pk, origin = ids[e.index], f"recruiting.assessment:{h.assessment_id}"
        assessments.append(line(
            assessment_id, pk, origin, "ai_interview", h.vendor, h.vendor, "", "", "completed",
            h.overall_score, "" if h.overall_score is None else str(h.overall_score), "0-100",
            None, "", h.completed_at, "", {}, {}, h.job_title,
        ))  # fmt: skip
        for s in h.scores:
            scores.append(line(
                assessment_id, s.dimension_code, s.dimension_code, s.vendor_label, s.score,
                str(s.score), "0-100", "", s.pool_percentile,
            ))  # fmt: skip
            if s.dimension_code in competencies:
                evidence.append(line(
                    pk, competencies[s.dimension_code], "ai_interview", s.dimension_code, h.vendor,
                    s.vendor_label, "", s.score, str(s.score), "0-100", s.pool_percentile,
                    s.pool_size, h.job_title, h.completed_at, assessment_id, origin, now,
                ))  # fmt: skip
        snapshots.append(line(pk, h.application_id, _snapshot(e), h.hired_at))
    return {
        "assessments at hire": lines_copy(HiredAssessment, ASSESSMENT_FIELDS, assessments),
        "dimension scores": lines_copy(HiredDimensionScore, SCORE_FIELDS, scores),
        "skill evidence": lines_copy(SkillEvidence, EVIDENCE_FIELDS, evidence),
        "hire records": lines_copy(
            HireSnapshot, ["employee", "application_id", "record", "created_at"], snapshots
        ),
    }


ASSESSMENT_FIELDS = [
    "id", "employee", "origin_ref", "kind", "source", "vendor_name", "model_version",
    "external_id", "status", "overall_score", "overall_raw", "overall_scale",
    "overall_percentile", "vendor_verdict", "completed_at", "report_url", "media", "raw",
    "job_title",
]  # fmt: skip
SCORE_FIELDS = [
    "assessment", "dimension_code", "vendor_key", "vendor_label", "score", "raw_score",
    "raw_scale", "comment", "pool_percentile",
]  # fmt: skip
EVIDENCE_FIELDS = [
    "employee", "competency", "source", "dimension_code", "vendor_name", "vendor_dimension",
    "model_version", "score", "raw_score", "raw_scale", "pool_percentile", "pool_size",
    "job_title", "assessed_at", "hired_assessment", "origin_ref", "recorded_at",
]  # fmt: skip


def _snapshot(e: EmployeePlan) -> dict:  # type: ignore[type-arg]
    """What the seed knows of the hire (a real hire stores the whole HireRecord)."""
    h = e.hired
    assert h is not None
    return {
        "seeded": True,
        "application_id": h.application_id,
        "candidate_id": h.candidate_id,
        "person": {"full_name": h.full_name, "email": h.email, "phone": h.phone},
        "job_title": h.job_title,
        "start_date": e.hire.isoformat(),
        "results": [
            {
                "origin_ref": f"recruiting.assessment:{h.assessment_id}",
                "kind": "ai_interview",
                "overall_score": None if h.overall_score is None else str(h.overall_score),
                "dimensions": {s.dimension_code: str(s.score) for s in h.scores},
            }
        ],
    }


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))
