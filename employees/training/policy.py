"""The company's training policy: the one `TrainingSettings` row, changed by HR.

Both the page and Django admin save through `training_settings_save`, so the bounds
below and the audit trail hold whichever way it is changed.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from employees.models import TrainingSettings
from hrflow.accounts.models import User
from hrflow.core.audit import audited_update
from hrflow.core.errors import ApplicationError

# A percentile of 0 or 100 would suggest training to nobody or to everyone.
PERCENTILE_MIN, PERCENTILE_MAX = 1, 99
# A warning more than a year ahead would come before most certificates are a year old.
WARN_DAYS_MIN, WARN_DAYS_MAX = 1, 365


def training_settings_problems(
    *, weak_pool_percentile: int, certificate_warn_days: int
) -> dict[str, str]:
    """What is wrong with these values, by field (empty: nothing)."""
    problems = {}
    if not PERCENTILE_MIN <= weak_pool_percentile <= PERCENTILE_MAX:
        problems["weak_pool_percentile"] = _(
            "The pool percentile is a whole percent from %(low)s to %(high)s."
        ) % {"low": PERCENTILE_MIN, "high": PERCENTILE_MAX}
    if not WARN_DAYS_MIN <= certificate_warn_days <= WARN_DAYS_MAX:
        problems["certificate_warn_days"] = _(
            "Warn between %(low)s and %(high)s days before a certificate expires."
        ) % {"low": WARN_DAYS_MIN, "high": WARN_DAYS_MAX}
    return problems


@transaction.atomic
def training_settings_save(
    *, weak_pool_percentile: int, certificate_warn_days: int, actor: User | None
) -> TrainingSettings:
    """Change the training policy; refused whole when a value is out of bounds."""
    problems = training_settings_problems(
        weak_pool_percentile=weak_pool_percentile, certificate_warn_days=certificate_warn_days
    )
    if problems:
        field, message = next(iter(problems.items()))
        raise ApplicationError(message, extra={"field": field, "problems": problems})
    row = TrainingSettings.objects.select_for_update().get(pk=TrainingSettings.current().pk)
    values = {
        "weak_pool_percentile": weak_pool_percentile,
        "certificate_warn_days": certificate_warn_days,
    }
    audited_update(row, values, actor=actor, action="employees.training_settings_save")
    return row
