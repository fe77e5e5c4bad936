"""What leave tells people: a request waiting for its approver, a decision for the
employee. Registered with the employees app's events (`employees.notices`)."""

from django.utils.translation import gettext_lazy as _

from hrflow.notifications.events import Audience, Event

LEAVE_WAITING = "leave_request_waiting"
LEAVE_DECIDED = "leave_request_decided"

LEAVE_EVENTS: tuple[Event, ...] = (
    Event(
        code=LEAVE_WAITING,
        label=_("Leave request waiting for approval (manager, delegate or HR)"),
        audience=Audience.STAFF,
        variables=("employee_name", "leave_type", "leave_period", "leave_hours", "approvals_link"),
        subject=_("Leave request of {{ employee_name }}: {{ leave_type }}, {{ leave_period }}"),
        body=_(
            "{{ employee_name }} asks for {{ leave_type }} from {{ leave_period }} "
            "({{ leave_hours }} hours). Please approve or decline it:\n\n{{ approvals_link }}"
        ),
    ),
    Event(
        code=LEAVE_DECIDED,
        label=_("Leave request decided (employee)"),
        audience=Audience.STAFF,
        variables=(
            "employee_name",
            "leave_type",
            "leave_period",
            "leave_decision",
            "note",
            "time_link",
        ),
        subject=_(
            "Your leave request ({{ leave_type }}, {{ leave_period }}): {{ leave_decision }}"
        ),
        body=_(
            "Dear {{ employee_name }},\n\nyour request for {{ leave_type }} from "
            "{{ leave_period }} was {{ leave_decision }}.\n\n{{ note }}\n\n"
            "Your time: {{ time_link }}"
        ),
    ),
)

LEAVE_SAMPLES: dict[str, str] = {
    "leave_type": "法定年休假",
    "leave_period": "2026-09-30 – 2026-10-08",
    "leave_hours": "16",
    "leave_decision": "approved",
    "note": "祝假期愉快。",
    "approvals_link": "https://hr.example.com/employees/time/approvals/",
    "time_link": "https://hr.example.com/employees/time/me/",
}
