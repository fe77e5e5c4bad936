"""The link from an employee file back to the candidate profile they were hired from.

Registered into `employees.records.links` from `RecruitingConfig.ready()`: employees
never names a recruiting URL itself.
"""

from django.urls import reverse

from employees.models import Employee
from hrflow.accounts.models import User


def candidate_profile_link(employee: Employee, viewer: User) -> str | None:
    """The profile URL, for viewers who may open candidate profiles at all."""
    if employee.source_candidate_id is None or not viewer.has_perm("recruiting.view_candidate"):
        return None
    return reverse("recruiting:candidate-detail", kwargs={"pk": employee.source_candidate_id})
