"""What payroll tells people: a payslip ready, to the employee, with its figures and the
link to acknowledge it. Registered with the employees app's events (`employees.notices`)."""

from django.utils.translation import gettext_lazy as _

from hrflow.notifications.events import Audience, Event

PAYSLIP_READY = "payslip_ready"

PAYSLIP_EVENTS: tuple[Event, ...] = (
    Event(
        code=PAYSLIP_READY,
        label=_("Payslip ready (employee)"),
        audience=Audience.STAFF,
        variables=("employee_name", "pay_month", "net_pay", "payslip_lines", "payslip_link"),
        subject=_("Your payslip for {{ pay_month }}: net pay {{ net_pay }}"),
        body=_(
            "Dear {{ employee_name }},\n\nyour payslip for {{ pay_month }} is ready. "
            "Net pay: {{ net_pay }}.\n\n{{ payslip_lines }}\n\n"
            "Each figure is explained on the payslip. Please open it and confirm that you "
            "received it: {{ payslip_link }}"
        ),
        # Pay is for the employee's eyes: the outbox pages show that it went, not its text.
        secret=True,
    ),
)

PAYSLIP_SAMPLES: dict[str, str] = {
    "pay_month": "2026-07",
    "net_pay": "15,736.52",
    "payslip_lines": "基本工资 Base salary: 20,000.00\n养老保险 Pension: -1,600.00",
    "payslip_link": "https://hr.example.com/employees/me/payslips/1/",
}
