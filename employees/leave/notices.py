"""What leave tells people: a request waiting for its approvers (with a one-tap link
signed for each, by e-mail and on the team-chat robots HR chose for the event), a
decision for the employee. Registered with the employees app's events
(`employees.notices`)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from employees.leave.approvers import step_approvers
from employees.models import LeaveRequest
from employees.timepages.approval_links import approval_links_for_group, approval_url
from hrflow.notifications.events import Audience, Event
from hrflow.notifications.robot_posts import robots_post
from hrflow.notifications.staff import staff_notify

LEAVE_WAITING = "leave_request_waiting"
LEAVE_DECIDED = "leave_request_decided"

LEAVE_EVENTS: tuple[Event, ...] = (
    Event(
        code=LEAVE_WAITING,
        label=_("Leave request waiting for approval (manager, delegate or HR)"),
        audience=Audience.STAFF,
        variables=(
            "employee_name",
            "leave_type",
            "leave_period",
            "leave_hours",
            "approve_link",
            "approvals_link",
        ),
        subject=_("Leave request of {{ employee_name }}: {{ leave_type }}, {{ leave_period }}"),
        body=_(
            "{{ employee_name }} asks for {{ leave_type }} from {{ leave_period }} "
            "({{ leave_hours }} hours). Approve or decline it in one tap:\n\n"
            "{{ approve_link }}\n\nEverything waiting for you: {{ approvals_link }}"
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
    "approve_link": "https://hr.example.com/employees/time/approve/eyJrIjoibGVhdmUifQ:1v:sig/",
    "approvals_link": "https://hr.example.com/employees/time/approvals/",
    "time_link": "https://hr.example.com/employees/time/me/",
}


def leave_request_waiting(request: LeaveRequest) -> None:
    """Tell whoever decides the request's current step, each with their own link."""
    approvers = step_approvers(request, timezone.localdate())
    staff_notify(
        people=[person for person in approvers if person.email],
        event=LEAVE_WAITING,
        key=f"{LEAVE_WAITING}:{request.pk}:{request.step}",
        values=lambda: _waiting_values(request, _type_name(request)),
        personal=lambda person: {"approve_link": approval_url(request, person)},
    )
    robots_post(
        event=LEAVE_WAITING,
        key=f"{LEAVE_WAITING}:{request.pk}:{request.step}",
        values=lambda robot: {
            # A group reads this: the kind of a health-related leave stays private.
            **_waiting_values(request, _type_name_for_group(request)),
            "approve_link": approval_links_for_group(robot, request, approvers),
        },
    )


def leave_request_decided(request: LeaveRequest) -> None:
    user = request.employee.user
    if user is None or not user.is_active or not user.email:
        return
    staff_notify(
        people=[user],
        event=LEAVE_DECIDED,
        key=f"{LEAVE_DECIDED}:{request.pk}",
        values=lambda: {
            "employee_name": request.employee.shown_name,
            "leave_type": _type_name(request),
            "leave_period": _period(request),
            "leave_decision": gettext("approved")
            if request.status == LeaveRequest.Status.APPROVED
            else gettext("declined"),
            "note": request.decision_note,
            "time_link": _link("employees:time-me"),
        },
    )


def _waiting_values(request: LeaveRequest, type_name: str) -> dict[str, object]:
    return {
        "employee_name": request.employee.full_name,
        "leave_type": type_name,
        "leave_period": _period(request),
        "leave_hours": request.hours,
        "approvals_link": _link("employees:time-approvals"),
    }


def _period(request: LeaveRequest) -> str:
    if request.start_day == request.end_day:
        return request.start_day.isoformat()
    return f"{request.start_day.isoformat()} – {request.end_day.isoformat()}"


def _type_name(request: LeaveRequest) -> str:
    # Called in the reader's language (staff_notify): the type's name in it.
    zh = (translation.get_language() or "").startswith("zh")
    return request.leave_type.name_zh if zh else request.leave_type.name_en


def _type_name_for_group(request: LeaveRequest) -> str:
    if request.leave_type.document_is_health:
        return gettext("leave")
    return _type_name(request)


def _link(url_name: str) -> str:
    """The page's full address, for a message read outside hrflow."""
    return settings.HRFLOW_PUBLIC_URL.rstrip("/") + reverse(url_name)
