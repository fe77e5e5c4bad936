"""Who may see which employee: HR admins all, a manager their reports, everyone themselves.

A manager is whoever a current assignment names as manager, whatever their role:
line management is a fact of the org, not a permission. Direct reports only; a
manager's manager reads the tree through the org chart.
"""

from datetime import date
from typing import Any

from django.apps import apps
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils import timezone


def visible_employee_filter(user: AbstractBaseUser, prefix: str = "") -> Q:
    """Rows whose employee (reached through `prefix`) is the user or reports to them today."""
    today = timezone.localdate()
    return Q(**{f"{prefix}user_id": user.pk}) | Q(
        **{f"{prefix}pk__in": _report_ids_subquery(user, today)}
    )


def _report_ids_subquery(user: AbstractBaseUser, day: date) -> QuerySet[Any]:
    # By the registry, not an import: people.py imports this module for its querysets.
    assignments = apps.get_model("employees", "Assignment")._default_manager
    return assignments.as_of(day).filter(manager__user_id=user.pk).values("employee_id")  # type: ignore[attr-defined, no-any-return]


def reports_filter(user: AbstractBaseUser, prefix: str = "") -> Q:
    """Rows whose employee reports to the user today (not the user themselves)."""
    return Q(**{f"{prefix}pk__in": _report_ids_subquery(user, timezone.localdate())})
