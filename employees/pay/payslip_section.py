"""The payslips section of self-service: the latest payslip and the way to all of them,
registered like any other feature's."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from employees.models import Employee, PayrollRun, Payslip
from employees.selfservice.sections import Section


def payslip_section_data(employee: Employee) -> dict[str, Any] | None:
    """The newest payslip of a locked run, or None (no section) before the first one."""
    latest = (
        Payslip.objects.filter(employee=employee, run__status=PayrollRun.Status.LOCKED)
        .select_related("run")
        .only("pk", "net", "acknowledged_at", "run__month")
        .order_by("-run__month", "-pk")
        .first()
    )
    return {"latest": latest} if latest is not None else None


PAYSLIP_SECTION = Section(
    key="payslips",
    title=_("Payslips"),
    template="employees/pay/payslips/_section.html",
    build=payslip_section_data,
    order=250,
)
