"""HR admins add legal rules as new dated rows; a row in force is never edited.

A change in the law (or a correction of a figure) is a new row from the day it
applies, with its source: contracts signed before keep being checked against the
row of their day, and the audit trail names who added what.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from employees.models import LegalRule
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError


@transaction.atomic
def legal_rule_add(
    *,
    code: str,
    region: str,
    effective_from: date,
    value: Any,
    source_title: str,
    source_url: str = "",
    description: str = "",
    actor: User | None,
) -> LegalRule:
    """A new row of an existing rule from `effective_from`, shaped like the rule's
    latest row (code reads its fields), with the source it comes from."""
    latest = LegalRule.objects.filter(code=code).order_by("-effective_from").first()
    if latest is None:
        raise ApplicationError(_("Unknown rule."), extra={"field": "code"})
    if not _same_shape(latest.value, value):
        raise ApplicationError(
            _("The value must have the same form as the rule's current one."),
            extra={"field": "value"},
        )
    if not source_title.strip():
        raise ApplicationError(_("Name the source of the rule."), extra={"field": "source_title"})
    region = region.strip()
    if LegalRule.objects.filter(code=code, region=region, effective_from=effective_from).exists():
        raise ApplicationError(
            _(
                "A row of this rule already starts on that day; rows are never changed, "
                "so add one from another day."
            ),
            extra={"field": "effective_from"},
        )
    rule = LegalRule(
        code=code,
        region=region,
        effective_from=effective_from,
        value=value,
        description=(description.strip() or latest.description)[:255],
        source_title=source_title.strip(),
        source_url=source_url.strip(),
    )
    rule.full_clean()
    rule.save()
    audit_record(
        actor=actor,
        action="employees.legal_rule_add",
        target=rule,
        changes={
            "code": code,
            "region": region,
            "effective_from": effective_from.isoformat(),
            "value": [latest.value, value],
            "source": rule.source_title,
        },
    )
    return rule


def _same_shape(old: Any, new: Any) -> bool:
    """Same JSON types all the way down (dict keys equal; each list item like the item at
    its place in the old list, items beyond it like the old list's last)."""
    if isinstance(old, bool) or isinstance(new, bool):
        return isinstance(old, bool) and isinstance(new, bool)
    if _number_or_none(old) and _number_or_none(new):
        # An open limit (None, as the last probation band's) stays open or gets a number;
        # a number never becomes None: the code reading it counts on a number there.
        return old is None or new is not None
    if isinstance(old, dict):
        return (
            isinstance(new, dict)
            and set(old) == set(new)
            and all(_same_shape(old[key], new[key]) for key in old)
        )
    if isinstance(old, list):
        if not isinstance(new, list):
            return False
        if not old:
            return True
        return all(
            _same_shape(old[min(index, len(old) - 1)], item) for index, item in enumerate(new)
        )
    return type(old) is type(new)


def _number_or_none(value: Any) -> bool:
    return value is None or isinstance(value, int | float)
