"""What the employees app tells people: its events, registered from `EmployeesConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from employees.attendance.notices import ATTENDANCE_EVENTS, ATTENDANCE_SAMPLES
from employees.leave.notices import LEAVE_EVENTS, LEAVE_SAMPLES
from employees.pay.notices import PAYSLIP_EVENTS, PAYSLIP_SAMPLES
from hrflow.notifications.events import Audience, Event, events_register

CONTACTS_CHANGED = "employee_contacts_changed"

EMPLOYEES_EVENTS: tuple[Event, ...] = (
    Event(
        code=CONTACTS_CHANGED,
        label=_("Employee updated their contacts (HR admins)"),
        audience=Audience.STAFF,
        variables=("employee_name", "employee_number", "changed", "record_link"),
        subject=_("{{ employee_name }} updated their {{ changed }}"),
        body=_(
            "{{ employee_name }} ({{ employee_number }}) changed their {{ changed }} in "
            "self-service. The values are on their record: {{ record_link }}"
        ),
    ),
    Event(
        code="onboarding_task_overdue",
        label=_("Onboarding task overdue (its owner)"),
        audience=Audience.STAFF,
        variables=("task_title", "employee_name", "due_on", "tasks_link"),
        subject=_("Overdue onboarding task: {{ task_title }} for {{ employee_name }}"),
        body=_(
            'The onboarding task "{{ task_title }}" for {{ employee_name }} was due on '
            "{{ due_on }} and is still open.\n\nYour onboarding tasks: {{ tasks_link }}"
        ),
    ),
    Event(
        code="preboarding_link_renewal",
        label=_("New hire asks for a new pre-boarding link (HR)"),
        audience=Audience.STAFF,
        variables=("employee_name", "plan_link"),
        subject=_("{{ employee_name }} asks for a new pre-boarding link"),
        body=_(
            "{{ employee_name }} opened a pre-boarding link that has expired or was used "
            "already, and asks for a new one. Send it from the onboarding plan: {{ plan_link }}"
        ),
    ),
    Event(
        # To the new hire, who is not staff yet: the candidate side of the templates.
        code="preboarding_invitation",
        label=_("Pre-boarding invitation (new hire)"),
        audience=Audience.CANDIDATE,
        variables=(
            "employee_name",
            "company_name",
            "start_date",
            "preboarding_link",
            "expires_days",
        ),
        subject=_("Welcome to {{ company_name }}: please get ready for your first day"),
        body=_(
            "Dear {{ employee_name }},\n\nwelcome to {{ company_name }}! Your first day is "
            "{{ start_date }}. Before then, please confirm your details, upload your "
            "documents and read our policies here (the link works once, for "
            "{{ expires_days }} days):\n{{ preboarding_link }}\n\n{{ company_name }} HR"
        ),
        sms=_(
            "{{ company_name }}: welcome! Your first day is {{ start_date }}. Please complete "
            "pre-boarding with the link in your e-mail."
        ),
        # The link signs the new hire in: staff pages show that it was sent, not its text.
        secret=True,
    ),
    Event(
        code="contract_unwritten",
        label=_("No written labour contract yet (HR)"),
        audience=Audience.STAFF,
        variables=("employee_name", "start_date", "contract_deadline", "contract_state", "link"),
        subject=_("Labour contract for {{ employee_name }}: {{ contract_state }}"),
        body=_(
            "{{ employee_name }} started on {{ start_date }} and has no signed labour "
            "contract. The law asks for one in writing by {{ contract_deadline }} "
            "(Labour Contract Law art. 10); after that the employee may claim double "
            "wages (art. 82).\n\n{{ contract_state }}\n\nMissing contracts: {{ link }}"
        ),
    ),
    Event(
        code="contract_expiring",
        label=_("Labour contract ends soon (HR)"),
        audience=Audience.STAFF,
        variables=("employee_name", "contract_ends_on", "days_left", "open_ended_note", "link"),
        subject=_("{{ employee_name }}'s labour contract ends on {{ contract_ends_on }}"),
        body=_(
            "The labour contract of {{ employee_name }} ends on {{ contract_ends_on }}, "
            "in {{ days_left }} days. Renew it or tell the employee in time."
            "\n\n{{ open_ended_note }}\n\nThe contract: {{ link }}"
        ),
    ),
    Event(
        code="probation_review_due",
        label=_("Probation review due (manager)"),
        audience=Audience.STAFF,
        variables=("employee_name", "probation_ends_on", "review_due_on", "link"),
        subject=_("Probation review for {{ employee_name }} by {{ review_due_on }}"),
        body=_(
            "The probation of {{ employee_name }} ends on {{ probation_ends_on }}. Please "
            "decide by {{ review_due_on }}: pass, extend (within the legal maximum) or "
            "end it with a reason.\n\nDecide here: {{ link }}"
        ),
    ),
    Event(
        code="certificate_expiring",
        label=_("Certificate expiring (holder and manager)"),
        audience=Audience.STAFF,
        variables=("certificate_name", "employee_name", "expires_on", "training_link"),
        subject=_("{{ certificate_name }} of {{ employee_name }} expires on {{ expires_on }}"),
        body=_(
            "The certificate {{ certificate_name }} of {{ employee_name }} expires on "
            "{{ expires_on }}. Without a valid one, work that needs it is not allowed after "
            "that day: book the renewal course in time.\n\nTraining: {{ training_link }}"
        ),
    ),
)

SAMPLES: dict[str, str] = {
    "employee_number": "E000123",
    "changed": "contacts",
    "record_link": "https://hr.example.com/employees/E000123/",
    "task_title": "开通邮箱和企业微信",
    "employee_name": "王小明",
    "due_on": "2026-07-01",
    "tasks_link": "https://hr.example.com/employees/onboarding/tasks/",
    "start_date": "2026-07-06",
    "preboarding_link": "https://hr.example.com/employees/welcome/in/…/",
    "expires_days": "7",
    "company_name": "示例科技",
    "plan_link": "https://hr.example.com/employees/onboarding/plans/1/",
    "contract_deadline": "2026-04-01",
    "contract_state": "逾期 5 天 / 5 days overdue",
    "link": "https://hr.example.com/employees/contracts/",
    "contract_ends_on": "2026-12-31",
    "days_left": "60",
    "open_ended_note": "第三次签订：可要求无固定期限合同 / Third signing: open-ended on request",
    "probation_ends_on": "2026-06-01",
    "review_due_on": "2026-05-18",
    "certificate_name": "特种作业操作证",
    "expires_on": "2026-08-01",
    "training_link": "https://hr.example.com/employees/training/mine/",
}


def notices_register() -> None:
    events_register(EMPLOYEES_EVENTS, samples=SAMPLES)
    events_register(LEAVE_EVENTS, samples=LEAVE_SAMPLES)
    events_register(ATTENDANCE_EVENTS, samples=ATTENDANCE_SAMPLES)
    events_register(PAYSLIP_EVENTS, samples=PAYSLIP_SAMPLES)
