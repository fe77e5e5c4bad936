"""A recruiter writes to a candidate about an application: in their portal, and by e-mail
if they allow it (never by SMS: a text carries no free wording through the provider's
registered templates)."""

from django.db import transaction
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from recruiting.models import Application
from recruiting.services.candidate_notices import applications_notify
from recruiting.services.candidates import candidate_refuse_if_erased

SUBJECT_MAX, BODY_MAX = 150, 5000


@transaction.atomic
def candidate_message_send(
    *, application: Application, subject: str, body: str, key: str, actor: User
) -> int:
    """Queue the message; how many copies were new. `key` comes from the form that was
    shown, so a double click or a resent form queues the message once."""
    candidate_refuse_if_erased(application.candidate)
    subject, body, key = subject.strip(), body.strip(), key.strip()
    problems = {}
    if not subject or len(subject) > SUBJECT_MAX:
        problems["subject"] = _("Write a subject of at most %(count)d characters.") % {
            "count": SUBJECT_MAX
        }
    if not body or len(body) > BODY_MAX:
        problems["body"] = _("Write a message of at most %(count)d characters.") % {
            "count": BODY_MAX
        }
    if not key.isalnum() or len(key) > 40:
        problems["key"] = _("Reload the page and write the message again.")
    if problems:
        raise ApplicationError(_("The message was not sent."), extra={"fields": problems})
    queued = applications_notify(
        applications=[application],
        event="hr_message",
        key=f"msg{key}",
        values={
            application.pk: {
                "subject": subject,
                "message": body,
                "sender_name": actor.full_name or actor.email,
            }
        },
    )
    if queued:
        audit_record(
            actor=actor,
            action="recruiting.candidate_message_send",
            target=application,
            changes={"subject": subject, "copies": queued},
        )
    return queued
