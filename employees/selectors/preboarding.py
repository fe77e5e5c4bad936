"""Reads of pre-boarding: what the new hire has done, what is still missing."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from employees.models import Employee, EmployeeConsent, EmployeeDocument, OnboardingPlan, Policy


def policies_in_force() -> list[Policy]:
    """The newest active version of each policy."""
    newest: dict[str, Policy] = {}
    for policy in Policy.objects.filter(is_active=True).order_by("code", "-created_at", "-pk"):
        newest.setdefault(policy.code, policy)
    return list(newest.values())


def acknowledged(employee: Employee) -> set[tuple[str, str]]:
    return set(
        EmployeeConsent.objects.filter(employee=employee, kind__startswith="policy:").values_list(
            "kind", "notice_version"
        )
    )


def uploaded_kinds(employee: Employee) -> dict[str, int]:
    """How many pre-boarding uploads of each kind the new hire made."""
    counts: dict[str, int] = {}
    for kind in EmployeeDocument.objects.filter(
        employee=employee, origin=EmployeeDocument.Origin.PREBOARDING
    ).values_list("kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    return counts


@dataclass(frozen=True)
class Progress:
    details: bool
    identity: bool
    bank: bool
    emergency: bool
    service: bool
    documents: bool
    policies: bool


def preboarding_progress(employee: Employee, plan: OnboardingPlan | None) -> Progress:
    return Progress(
        details=bool(employee.address and employee.sex and employee.phone),
        identity=bool(employee.id_number_tail),
        bank=bool(employee.bank_account_tail),
        emergency=bool(employee.emergency_contacts),
        service=employee.prior_service_months is not None,
        documents=not _documents_missing(employee, plan),
        policies=not _policies_missing(employee),
    )


def _documents_missing(employee: Employee, plan: OnboardingPlan | None) -> list[str]:
    required = plan.required_documents if plan is not None else []
    have = uploaded_kinds(employee)
    return [kind for kind in required if kind not in have]


def _policies_missing(employee: Employee) -> list[Policy]:
    done = acknowledged(employee)
    return [p for p in policies_in_force() if (p.consent_kind, p.version) not in done]


def preboarding_missing(employee: Employee, plan: OnboardingPlan) -> list[str | Promise]:
    """What the new hire must still give before handing pre-boarding in."""
    missing: list[str | Promise] = []
    if not employee.id_number_tail:
        missing.append(_("ID document"))
    if not employee.bank_account_tail:
        missing.append(_("bank details"))
    if not employee.emergency_contacts:
        missing.append(_("an emergency contact"))
    missing += [EmployeeDocument.Kind(kind).label for kind in _documents_missing(employee, plan)]
    missing += [policy.title for policy in _policies_missing(employee)]
    return missing
