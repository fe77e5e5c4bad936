"""Who may call the pay resources: payroll officers and HR admins; anyone else 403."""

from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework.permissions import BasePermission

from employees.pay.access import handles_pay


class HandlesPay(BasePermission):
    """Payroll officers and HR admins, for every method: nobody else reads a salary, a
    pay group or a component (a line manager neither: pay is not the org's structure)."""

    message = gettext_lazy("Only payroll officers and HR admins can do this.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return handles_pay(request.user)
