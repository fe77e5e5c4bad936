"""The contract section of self-service (read-only), registered like any other feature's."""

from typing import Any

from django.utils import timezone
from django.utils.translation import pgettext_lazy

from employees.models import Contract, Employee
from employees.records.selectors import contract_in_force
from employees.selfservice.sections import Section


def contract_section_data(employee: Employee) -> dict[str, Any] | None:
    contracts = list(Contract.objects.filter(employee=employee).order_by("sequence"))
    return {
        "current": contract_in_force(contracts, timezone.localdate()),
        "contracts": contracts,
    }


CONTRACT_SECTION = Section(
    key="contract",
    title=pgettext_lazy("labour contract", "Contract"),
    template="employees/selfservice/_contract.html",
    build=contract_section_data,
    order=300,
)
