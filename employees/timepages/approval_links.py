"""The approver's one-tap link to a waiting request: signed, expiring, per person and version.

The token names the kind of request (leave, overtime, punch correction), its id,
the user it was sent to, and the version it was sent for: the approval step and
the moment the request was last saved. It is signed with the project's secret
under its own salt (no other signed value of the project passes for it) and
carries its signing time, so it expires.

The token is no key: opening the link needs the approver's own session, and only
the page behind it decides, by POST, through the same services as the Approvals
page. A link sent before the request moved on (the manager approved and it waits
for HR, or it was decided) names an older version and decides nothing.
"""

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from employees.models import LeaveRequest, OvertimeRequest, PunchCorrection
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.notifications.models import ChatRobot
from hrflow.notifications.robot_posts import robot_link

SALT = "employees.time-approval-link"
# A request left waiting longer than this is better found on the Approvals page,
# where it shows with everything else that waits.
MAX_AGE = timedelta(days=14)

Decidable = LeaveRequest | OvertimeRequest | PunchCorrection


class Kind(StrEnum):
    LEAVE = "leave"
    OVERTIME = "overtime"
    CORRECTION = "correction"


MODELS: dict[Kind, type[Decidable]] = {
    Kind.LEAVE: LeaveRequest,
    Kind.OVERTIME: OvertimeRequest,
    Kind.CORRECTION: PunchCorrection,
}


@dataclass(frozen=True)
class ApprovalToken:
    kind: Kind
    request_id: int
    user_id: int
    version: str


def kind_of(request: Decidable) -> Kind:
    if isinstance(request, LeaveRequest):
        return Kind.LEAVE
    return Kind.OVERTIME if isinstance(request, OvertimeRequest) else Kind.CORRECTION


def request_version(request: Decidable) -> str:
    """The step (leave has two) and the last save to the microsecond: every decision and
    every step saves the row, so an older link no longer matches."""
    step = request.step if isinstance(request, LeaveRequest) else ""
    return f"{step}:{int(request.updated_at.timestamp() * 1_000_000)}"


def approval_token(request: Decidable, user: User) -> str:
    data = {
        "k": kind_of(request).value,
        "r": request.pk,
        "u": user.pk,
        "v": request_version(request),
    }
    return signing.dumps(data, salt=SALT, compress=True)


def approval_url(request: Decidable, user: User) -> str:
    """The absolute link put in the notice to `user`, who decides `request`."""
    path = reverse("employees:time-approval-link", kwargs={"token": approval_token(request, user)})
    return f"{settings.HRFLOW_PUBLIC_URL.rstrip('/')}{path}"


def approval_links_for_group(robot: ChatRobot, request: Decidable, approvers: list[User]) -> str:
    """A robot's group reads one notice: a line per approver, each link naming (and
    working for) that person only."""
    action = _("Approve or decline")
    return "\n".join(
        robot_link(
            robot, f"{person.full_name or person.email} · {action}", approval_url(request, person)
        )
        for person in approvers
    )


def approval_token_read(token: str) -> ApprovalToken:
    """What a token says, or ApplicationError (reason expired or invalid)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise ApplicationError(
            _("This link has expired. The request is on your Approvals page."),
            extra={"reason": "expired"},
        ) from error
    except signing.BadSignature as error:
        raise _invalid() from error
    try:
        return ApprovalToken(
            kind=Kind(data["k"]),
            request_id=int(data["r"]),
            user_id=int(data["u"]),
            version=str(data["v"]),
        )
    except (KeyError, TypeError, ValueError) as error:  # signed by us, not an approval token
        raise _invalid() from error


def _invalid() -> ApplicationError:
    return ApplicationError(
        _("This link is not valid. Please use the link in the message as it was sent."),
        extra={"reason": "invalid"},
    )
