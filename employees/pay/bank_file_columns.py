"""The columns a pay group's bank file (代发工资文件) may have, in the order HR picks.

Each bank asks for its own layout; HR picks the columns and their order per pay group
(`PayGroup.bank_file_columns` stores the codes), from this fixed catalogue only, so the
file writer knows where each value comes from. The account number is the employee's
encrypted bank account (employees.services.sensitive), revealed for the file and logged
there; it is never copied anywhere else.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class BankFileColumn:
    code: str
    label: str | Promise


BANK_FILE_COLUMNS: tuple[BankFileColumn, ...] = (
    BankFileColumn("employee_number", _("Employee number")),
    BankFileColumn("name", _("Account holder's name")),
    BankFileColumn("bank_account", _("Bank account")),
    BankFileColumn("bank_name", _("Bank")),
    BankFileColumn("amount", _("Amount")),
    BankFileColumn("currency", _("Currency")),
    BankFileColumn("purpose", _("Purpose")),
    BankFileColumn("month", _("Month")),
)
BANK_FILE_COLUMN_CODES = tuple(column.code for column in BANK_FILE_COLUMNS)
# A transfer cannot be made without whom to pay and how much.
BANK_FILE_REQUIRED = ("bank_account", "amount")
# A new pay group's file until HR picks another layout.
BANK_FILE_DEFAULT = ("employee_number", "name", "bank_account", "amount", "currency", "purpose")


def bank_file_column_choices() -> list[tuple[str, str | Promise]]:
    return [(column.code, column.label) for column in BANK_FILE_COLUMNS]
