"""What attendance tells people: an overtime request or a punch correction waiting for
the manager (HR admins when there is none who can sign in), with a one-tap link signed
for each (by e-mail, and on the team-chat robots HR chose for the event), and the
decision for the employee. Registered with the employees app's events
(`employees.notices`)."""

from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from employees.models import Assignment, Employee, OvertimeRequest, PunchCorrection
from employees.timepages.approval_links import approval_links_for_group, approval_url
from hrflow.accounts.models import User
from hrflow.notifications.events import Audience, Event
from hrflow.notifications.robot_posts import robots_post
from hrflow.notifications.staff import hr_admins, staff_notify

ATTENDANCE_WAITING = "attendance_request_waiting"
ATTENDANCE_DECIDED = "attendance_request_decided"

ATTENDANCE_EVENTS: tuple[Event, ...] = (
    Event(
        code=ATTENDANCE_WAITING,
        label=gettext_lazy("Overtime or punch correction waiting for the manager"),
        audience=Audience.STAFF,
        variables=(
            "employee_name",
            "request_kind",
            "request_summary",
            "approve_link",
            "approvals_link",
        ),
        subject=gettext_lazy("{{ request_kind }} of {{ employee_name }}: {{ request_summary }}"),
        body=gettext_lazy(
            "{{ employee_name }} asks for {{ request_kind }}: {{ request_summary }}. "
            "Approve or decline it in one tap:\n\n{{ approve_link }}\n\n"
            "Everything waiting for you: {{ approvals_link }}"
        ),
    ),
    Event(
        code=ATTENDANCE_DECIDED,
        label=gettext_lazy("Overtime or punch correction decided (employee)"),
        audience=Audience.STAFF,
        variables=(
            "employee_name",
            "request_kind",
            "request_summary",
            "request_decision",
            "note",
            "time_link",
        ),
        subject=gettext_lazy(
            "Your {{ request_kind }} ({{ request_summary }}): {{ request_decision }}"
        ),
        body=gettext_lazy(
            "Dear {{ employee_name }},\n\nyour {{ request_kind }} ({{ request_summary }}) was "
            "{{ request_decision }}.\n\n{{ note }}\n\nYour time: {{ time_link }}"
        ),
    ),
)

ATTENDANCE_SAMPLES: dict[str, str] = {
    "approve_link": "https://hr.example.com/employees/time/approve/eyJrIjoib3ZlcnRpbWUifQ:1v:sig/",
    "request_kind": "加班",
    "request_summary": "2026-03-07 18:00–21:00",
    "request_decision": "approved",
}


def attendance_request_waiting(request: OvertimeRequest | PunchCorrection) -> int:
    """Tell whoever decides (the manager, else HR admins) that a request waits, each
    with their own link; and the robots that post this event, one line per decider."""
    deciders = _deciders(request.employee, timezone.localdate())
    key = f"{ATTENDANCE_WAITING}:{_kind_code(request)}:{request.pk}"
    queued = staff_notify(
        people=[person for person in deciders if person.email],
        event=ATTENDANCE_WAITING,
        key=key,
        values=lambda: _waiting_values(request),
        personal=lambda person: {"approve_link": approval_url(request, person)},
    )
    return queued + robots_post(
        event=ATTENDANCE_WAITING,
        key=key,
        values=lambda robot: {
            **_waiting_values(request),
            "approve_link": approval_links_for_group(robot, request, deciders),
        },
    )


def _waiting_values(request: OvertimeRequest | PunchCorrection) -> dict[str, str]:
    return {
        "employee_name": request.employee.full_name,
        "request_kind": _kind(request),
        "request_summary": _summary(request),
        "approvals_link": _link("employees:time-approvals"),
    }


def attendance_request_decided(request: OvertimeRequest | PunchCorrection) -> int:
    user = request.employee.user
    if user is None or not user.is_active or not user.email:
        return 0
    return staff_notify(
        people=[user],
        event=ATTENDANCE_DECIDED,
        key=f"{ATTENDANCE_DECIDED}:{_kind_code(request)}:{request.pk}",
        values=lambda: {
            "employee_name": request.employee.shown_name,
            "request_kind": _kind(request),
            "request_summary": _summary(request),
            "request_decision": _("approved") if request.status == "approved" else _("declined"),
            "note": request.decision_note,
            "time_link": _link("employees:time-me"),
        },
    )


def _deciders(employee: Employee, on: date) -> list[User]:
    job = (
        Assignment.objects.as_of(on)
        .filter(employee_id=employee.pk, manager__user__is_active=True)
        .select_related("manager__user")
        .first()
    )
    if job is not None and job.manager is not None and job.manager.user is not None:
        return [job.manager.user]
    return list(hr_admins())


def _kind_code(request: OvertimeRequest | PunchCorrection) -> str:
    return "overtime" if isinstance(request, OvertimeRequest) else "correction"


def _kind(request: OvertimeRequest | PunchCorrection) -> str:
    # Called in the reader's language (staff_notify).
    return _("overtime") if isinstance(request, OvertimeRequest) else _("a punch correction")


def _summary(request: OvertimeRequest | PunchCorrection) -> str:
    if isinstance(request, OvertimeRequest):
        starts, ends = timezone.localtime(request.starts), timezone.localtime(request.ends)
        return f"{request.day.isoformat()} {starts:%H:%M}–{ends:%H:%M}"
    return f"{request.day.isoformat()} {timezone.localtime(request.at):%H:%M}"


def _link(url_name: str) -> str:
    return settings.HRFLOW_PUBLIC_URL.rstrip("/") + reverse(url_name)
