"""Reading the dated legal rules: the value in force on a day, for a region."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from employees.models import LegalRule
from employees.regions import regions_from_narrowest
from hrflow.core.errors import ApplicationError


def legal_rule(code: str, *, on: date, region: str = "") -> LegalRule:
    """The row of `code` in force on `on`: the region's own if it has one, else its
    province's (a city's), else the country's. A missing rule is a configuration error
    HR can fix, said plainly."""
    chain = regions_from_narrowest(region)
    rows = LegalRule.objects.filter(code=code, effective_from__lte=on, region__in=chain)
    newest: dict[str, LegalRule] = {}
    for row in rows.order_by("-effective_from"):
        newest.setdefault(row.region, row)
    found = next((newest[name] for name in chain if name in newest), None)
    if found is None:
        raise ApplicationError(
            _("No legal rule %(code)s is in force on %(day)s; HR admins add it under Legal rules.")
            % {"code": code, "day": on.isoformat()}
        )
    return found


def legal_value(code: str, *, on: date, region: str = "") -> Any:
    return legal_rule(code, on=on, region=region).value


def legal_value_reader(code: str, *, region: str = "") -> Callable[[date], Any]:
    """A reader of `code`'s value on any day, from one query: for lists that need the
    rule in force on each row's own date (each employee's start) at constant cost."""
    chain = regions_from_narrowest(region)
    rows = list(LegalRule.objects.filter(code=code, region__in=chain).order_by("-effective_from"))

    def value_on(day: date) -> Any:
        for name in chain:
            found = next(
                (row for row in rows if row.region == name and row.effective_from <= day), None
            )
            if found is not None:
                return found.value
        raise ApplicationError(
            _("No legal rule %(code)s is in force on %(day)s; HR admins add it under Legal rules.")
            % {"code": code, "day": day.isoformat()}
        )

    return value_on


def legal_rules_all() -> list[LegalRule]:
    """Every row of every rule, each rule's newest first (the page HR admins read)."""
    return list(LegalRule.objects.order_by("code", "region", "-effective_from"))
