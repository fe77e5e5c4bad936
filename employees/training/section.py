"""The training section of self-service: the employee's suggestions, skills, courses and
certificates, registered like any other feature's."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employees.models import Employee
from employees.selfservice.sections import Section
from employees.training.selectors import own_training


def training_section_data(employee: Employee) -> dict[str, Any] | None:
    return own_training(employee, timezone.localdate())


TRAINING_SECTION = Section(
    key="training",
    title=_("Training"),
    template="employees/training/_section.html",
    build=training_section_data,
    order=400,
)
