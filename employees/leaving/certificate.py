"""What an exit certificate (离职证明) says, gathered from the employee's record.

Labour Contract Law art. 50 para. 1: "用人单位应当在解除或者终止劳动合同时出具解除或者终止
劳动合同的证明". Implementing regulations art. 24: "用人单位出具的解除、终止劳动合同的证明，
应当写明劳动合同期限、解除或者终止劳动合同的日期、工作岗位、在本单位的工作年限。"

So the certificate states exactly those four facts (with who and which company), and
nothing adverse: the reason for leaving only when the employee asks for it, in the words
HR types for them. Its wording is a legal document in two fixed languages, Chinese
(authoritative) and English, whatever language the page is read in.
"""

from dataclasses import asdict, dataclass
from datetime import date

from django.utils.translation import gettext as _

from employees.models import Assignment, Contract, Employee
from employees.pay.severance import service_length
from hrflow.core.errors import ApplicationError
from hrflow.org.selectors import company_current

REASON_MAX = 200


@dataclass(frozen=True)
class CertificateFacts:
    company: str
    full_name: str
    number: str
    first_day: str  # ISO dates, so the facts store as JSON as they are
    last_day: str
    contract_kind: str  # Contract.Kind
    contract_starts_on: str
    contract_ends_on: str  # "" for open-ended and task contracts
    contract_task: str
    terminated: bool  # ended before its term (解除), not at it (终止)
    department: str
    job_title: str
    service_years: int
    service_months: int
    service_days: int
    issued_on: str
    reason: str  # "" unless the employee asked for it

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def certificate_facts(employee: Employee, *, issued_on: date, reason: str = "") -> CertificateFacts:
    """The facts for `employee`'s certificate; refused before the leaving is recorded or
    without a labour contract on file (its term must be stated)."""
    last_day = employee.left_on
    if last_day is None:
        raise ApplicationError(_("Record the employee's leaving before issuing the certificate."))
    reason = reason.strip()
    if len(reason) > REASON_MAX or "\x00" in reason:
        raise ApplicationError(
            _("The reason stated has at most %(max)s characters.") % {"max": REASON_MAX},
            extra={"field": "reason"},
        )
    contract = (
        Contract.objects.filter(employee=employee, starts_on__lte=last_day)
        .order_by("-starts_on", "-sequence")
        .first()
    )
    if contract is None:
        raise ApplicationError(
            _(
                "No labour contract is on file for this employee: the certificate must state "
                "the contract's term. Record the contract first."
            )
        )
    job = (
        Assignment.objects.filter(employee=employee, valid_from__lte=last_day)
        .select_related("department")
        .order_by("-valid_from")
        .first()
    )
    service = service_length(employee.hire_date, last_day)
    return CertificateFacts(
        company=company_current().company_name,
        full_name=employee.full_name,
        number=employee.number,
        first_day=employee.hire_date.isoformat(),
        last_day=last_day.isoformat(),
        contract_kind=contract.kind,
        contract_starts_on=contract.starts_on.isoformat(),
        contract_ends_on=contract.ends_on.isoformat() if contract.ends_on else "",
        contract_task=contract.task_description,
        terminated=contract.ends_on is None or last_day < contract.ends_on,
        department=job.department.name if job is not None else "",
        job_title=job.job_title if job is not None else "",
        service_years=service.years,
        service_months=service.months_over,
        service_days=service.days_over,
        issued_on=issued_on.isoformat(),
        reason=reason,
    )
