"""The bank payment file of a locked run: one line per employee paid, the net pay to
their salary account, in the columns the pay group's bank asks for.

Bank accounts are sensitive personal information (PIPL art. 28): they are revealed
only through employees.services.sensitive, which logs one reveal per employee per file
with who downloaded it and why.

An employee without a bank account is never dropped silently: the file is refused with
their names, unless the caller asks to leave them out (`allow_missing`), and then they
are returned in `left_out` for the page to show, to be paid another way. Refusing
outright would hold up everyone's wages, which are due on the pay day (工资支付暂行规定
art. 7), for one missing account.

The file is for the bank's upload, not for editing: Excel saving it again turns a
19-digit account number into 6.22E+18 and loses its last digits.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from employees.models import PayGroup, PayrollRun, Payslip, SensitiveAccess
from employees.pay.money import cents
from employees.services.sensitive import sensitive_reveal_many
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from hrflow.core.spreadsheets import to_csv

ZERO = Decimal(0)
CURRENCY = "CNY"
# Named in a refusal; the rest are counted ("and 12 more"), all are in its `extra`.
NAMES_IN_REFUSAL = 10
NO_BANK_ACCOUNT = "no_bank_account"
NOTHING_TO_PAY = "nothing_to_pay"


@dataclass(frozen=True)
class Payment:
    employee_id: int
    employee_number: str
    employee_name: str
    account_number: str
    bank: str
    branch: str
    amount: Decimal
    currency: str
    purpose: str
    month: str


@dataclass(frozen=True)
class BankColumn:
    header: Promise
    value: Callable[[Payment], str]


# The columns a pay group may choose (`PayGroup.bank_file_columns`, in order).
BANK_FILE_COLUMNS: dict[str, BankColumn] = {
    "employee_number": BankColumn(gettext_lazy("Employee number"), lambda p: p.employee_number),
    "name": BankColumn(pgettext_lazy("person", "Name"), lambda p: p.employee_name),
    "bank_account": BankColumn(gettext_lazy("Bank account"), lambda p: p.account_number),
    "bank_name": BankColumn(gettext_lazy("Bank"), lambda p: p.bank),
    "bank_branch": BankColumn(gettext_lazy("Branch"), lambda p: p.branch),
    # Two decimals, no thousands separator: what bank upload formats read.
    "amount": BankColumn(gettext_lazy("Amount"), lambda p: f"{p.amount:.2f}"),
    "currency": BankColumn(gettext_lazy("Currency"), lambda p: p.currency),
    "purpose": BankColumn(gettext_lazy("Purpose"), lambda p: p.purpose),
    "month": BankColumn(gettext_lazy("Month"), lambda p: p.month),
}
DEFAULT_COLUMNS = (
    "employee_number",
    "name",
    "bank_account",
    "bank_name",
    "amount",
    "currency",
    "purpose",
)


@dataclass(frozen=True)
class LeftOut:
    employee_id: int
    employee_number: str
    employee_name: str
    net: Decimal
    reason: str  # NO_BANK_ACCOUNT or NOTHING_TO_PAY


@dataclass(frozen=True)
class BankFile:
    filename: str
    content: bytes
    count: int
    total: Decimal
    left_out: list[LeftOut]


def bank_file_column_choices() -> list[tuple[str, str]]:
    """(code, header) of every column, for the pay group's settings."""
    return [(code, str(column.header)) for code, column in BANK_FILE_COLUMNS.items()]


def bank_file_columns_clean(codes: list[str] | None) -> list[str]:
    """The group's column codes checked (empty: the default layout)."""
    codes = list(codes or DEFAULT_COLUMNS)
    unknown = [code for code in codes if code not in BANK_FILE_COLUMNS]
    if unknown:
        raise ApplicationError(
            _("Unknown bank file column: %(codes)s.") % {"codes": ", ".join(map(str, unknown))},
            extra={"field": "bank_file_columns"},
        )
    if len(set(codes)) != len(codes):
        raise ApplicationError(
            _("A bank file column is listed twice."), extra={"field": "bank_file_columns"}
        )
    return codes


@transaction.atomic
def bank_file_build(*, run: PayrollRun, actor: User, allow_missing: bool = False) -> BankFile:
    """The payment file of a locked run; each account revealed is logged for `actor`.

    Refused for a run not yet locked (its figures may still change), and when an
    employee to be paid has no bank account unless `allow_missing`."""
    if run.status != PayrollRun.Status.LOCKED:
        raise ApplicationError(
            _("Approve and lock the run first: only a locked run's pay goes to the bank.")
        )
    group: PayGroup = run.pay_group
    codes = bank_file_columns_clean(group.bank_file_columns)
    month = f"{run.month:%Y-%m}"
    payees = _payees(run)
    to_pay = [payee for payee in payees if payee.net > ZERO]
    # The clear last four say who has an account: refused before anything is revealed.
    missing = [_left_out(payee, NO_BANK_ACCOUNT) for payee in to_pay if not payee.tail]
    if missing and not allow_missing:
        _refuse_missing(missing)
    accounts = sensitive_reveal_many(
        employee_ids=[payee.employee_id for payee in to_pay if payee.tail],
        field=SensitiveAccess.Field.BANK_ACCOUNT,
        actor=actor,
        reason=_("Bank payment file %(group)s %(month)s") % {"group": group.name, "month": month},
    )
    purpose = _("Salary %(month)s") % {"month": month}
    payments = []
    for payee in to_pay:
        number, bank, branch = _account(accounts.get(payee.employee_id))
        if not number:
            if payee.tail:  # a tail without an account: a record to repair, same as none
                missing.append(_left_out(payee, NO_BANK_ACCOUNT))
            continue
        payments.append(
            Payment(
                employee_id=payee.employee_id,
                employee_number=payee.number,
                employee_name=payee.name,
                account_number=number,
                bank=bank,
                branch=branch,
                amount=cents(payee.net),
                currency=CURRENCY,
                purpose=purpose,
                month=month,
            )
        )
    if missing and not allow_missing:
        _refuse_missing(missing)  # the transaction takes the logged reveals back
    columns = [BANK_FILE_COLUMNS[code] for code in codes]
    # UTF-8 with a byte-order mark (hrflow.core.spreadsheets.to_csv): Excel and WPS on a
    # Chinese Windows read a CSV without one as GBK and garble every name, so whoever
    # checks the file before uploading it would see nonsense.
    content = to_csv(
        [str(column.header) for column in columns],
        ([column.value(payment) for column in columns] for payment in payments),
    )
    total = sum((payment.amount for payment in payments), ZERO)
    audit_record(
        actor=actor,
        action="employees.bank_file",
        target=run,
        changes={"payments": len(payments), "total": str(total), "left_out": len(missing)},
    )
    return BankFile(
        filename=f"bank-payment-{group.pk}-{month}.csv",
        content=content,
        count=len(payments),
        total=total,
        left_out=[*missing, *(_left_out(p, NOTHING_TO_PAY) for p in payees if p.net <= ZERO)],
    )


class _Payee(NamedTuple):
    employee_id: int
    number: str
    name: str
    tail: str  # the account's last four, kept in clear: empty without an account
    net: Decimal


def _payees(run: PayrollRun) -> list[_Payee]:
    rows = (
        Payslip.objects.filter(run=run)
        .order_by("employee__number")
        .values_list(
            "employee_id",
            "employee__number",
            "employee__full_name",
            "employee__bank_account_tail",
            "net",
        )
    )
    return [_Payee(*row) for row in rows]


def _left_out(payee: _Payee, reason: str) -> LeftOut:
    return LeftOut(payee.employee_id, payee.number, payee.name, payee.net, reason)


def _account(value: Any) -> tuple[str, str, str]:
    """(number, bank, branch) of a stored account: the employee's own entry is
    {"bank", "branch", "number"}; HR's is the number alone."""
    if isinstance(value, dict):
        return (
            str(value.get("number") or ""),
            str(value.get("bank") or ""),
            str(value.get("branch") or ""),
        )
    return (str(value or ""), "", "")


def _refuse_missing(missing: list[LeftOut]) -> None:
    names = ", ".join(
        f"{row.employee_number} {row.employee_name}" for row in missing[:NAMES_IN_REFUSAL]
    )
    more = len(missing) - NAMES_IN_REFUSAL
    if more > 0:
        names += " " + _("and %(count)d more") % {"count": more}
    raise ApplicationError(
        ngettext(
            "%(count)d employee to be paid has no bank account: %(names)s. Record the account, "
            "or leave them out of the file and pay them another way.",
            "%(count)d employees to be paid have no bank account: %(names)s. Record their "
            "accounts, or leave them out of the file and pay them another way.",
            len(missing),
        )
        % {"count": len(missing), "names": names},
        extra={"missing": [row.employee_id for row in missing]},
    )
