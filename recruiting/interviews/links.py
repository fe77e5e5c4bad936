"""The candidate's link to answer an interview invitation: signed, expiring, per version.

The token names the interview and the SEQUENCE it was sent with. It is signed
with the project's secret under its own salt (so no other signed value of the
project can pass for it) and carries its signing time, so it expires. A link
from before a change names an older sequence: it still opens, but only to say
that the interview changed and the newest message holds the current link.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from hrflow.core.errors import ApplicationError

SALT = "recruiting.interview-respond"
# Interviews are seldom set more than a few weeks ahead; an invitation older
# than this is stale even if the interview has not moved.
MAX_AGE = timedelta(days=60)


@dataclass(frozen=True)
class RespondToken:
    interview_id: int
    sequence: int


def respond_token(*, interview_id: int, sequence: int) -> str:
    return signing.dumps({"i": interview_id, "s": sequence}, salt=SALT, compress=True)


def respond_url(*, interview_id: int, sequence: int) -> str:
    """The absolute link put in the candidate's messages."""
    token = respond_token(interview_id=interview_id, sequence=sequence)
    path = reverse("recruiting:interview-respond", kwargs={"token": token})
    return f"{settings.HRFLOW_PUBLIC_URL.rstrip('/')}{path}"


def respond_token_read(token: str) -> RespondToken:
    """What a token says, or ApplicationError if it was altered or is too old."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise ApplicationError(
            _("This link has expired. Please use the link in our latest message."),
            extra={"reason": "expired"},
        ) from error
    except signing.BadSignature as error:
        raise ApplicationError(
            _("This link is not valid. Please use the link in our message as it was sent."),
            extra={"reason": "invalid"},
        ) from error
    try:
        return RespondToken(interview_id=int(data["i"]), sequence=int(data["s"]))
    except (KeyError, TypeError, ValueError) as error:  # signed by us, but not a respond token
        raise ApplicationError(
            _("This link is not valid. Please use the link in our message as it was sent."),
            extra={"reason": "invalid"},
        ) from error
