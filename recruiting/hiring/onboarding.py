"""A hire starts onboarding: the plans are made in the hire's own transaction."""

from collections.abc import Sequence

from employees.models import Employee
from employees.services.onboarding import onboarding_plans_create
from recruiting.models import Application


def onboarding_plans_for_hires(*, hires: Sequence[tuple[Employee, Application]]) -> None:
    """Registered as a hired handler (RecruitingConfig.ready); idempotent like the hire."""
    onboarding_plans_create(employees=[employee for employee, _application in hires], actor=None)
