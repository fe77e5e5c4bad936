"""The legal rules a run uses, read once per rule and region, and remembered: the run
stores each row it used (code, region, date in force, value), so its payslips can say
which version of the tax table or insurance policy they followed, and a recomputation
uses those same rows even after HR added newer ones."""

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from employees.regions import regions_from_narrowest
from employees.selectors.rules import legal_rule
from hrflow.core.errors import ApplicationError

RuleRow = dict[str, Any]


class RuleBook:
    def __init__(self, on: date, stored: list[RuleRow] | None = None) -> None:
        self.on = on
        self._stored = stored
        self._rows: dict[tuple[str, str], RuleRow] = {}

    def row(self, code: str, region: str = "") -> RuleRow:
        key = (code, region)
        if key not in self._rows:
            self._rows[key] = self._read(code, region)
        return self._rows[key]

    def value(self, code: str, region: str = "") -> Any:
        return self.row(code, region)["value"]

    def optional(self, code: str, region: str = "") -> Any:
        """The value, or None where no row is in force (a rule that starts later)."""
        try:
            return self.value(code, region)
        except ApplicationError:
            return None

    def used(self) -> list[RuleRow]:
        """Each row once, whatever region asked for it."""
        unique = {
            (row["code"], row["region"], row["effective_from"]): row for row in self._rows.values()
        }
        return [unique[key] for key in sorted(unique)]

    def _read(self, code: str, region: str) -> RuleRow:
        if self._stored is None:
            rule = legal_rule(code, on=self.on, region=region)
            return {
                "code": rule.code,
                "region": rule.region,
                "effective_from": rule.effective_from.isoformat(),
                "value": rule.value,
                "source": rule.source_title,
            }
        # A recomputation: the narrowest stored row, as the live reading chose it.
        rows = [row for row in self._stored if row["code"] == code]
        found = next(
            (
                row
                for name in regions_from_narrowest(region)
                for row in rows
                if row["region"] == name
            ),
            None,
        )
        if found is None:
            raise ApplicationError(
                _("The run did not use the rule %(code)s when it was computed.") % {"code": code}
            )
        return found
