"""Offers: HR sends one with its letter; the candidate answers it in the portal.

An application has at most one open (`sent`) offer: the database constraint
guarantees it, and the application row is locked while a new offer is
written, so two HR clicks queue instead of racing into the constraint.
Answering locks the offer row, so a double-clicked "Accept" records one answer
and refuses the second. The answer reaches HR at once: the profile shows it,
the audit trail records it, and each recruiter of the job gets an e-mail
through the outbox (keyed by offer and recruiter, so a retry queues nothing new).
"""

import hashlib
import unicodedata
from datetime import date, timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from hrflow.notifications.staff import staff_notify
from hrflow.org.selectors import company_current
from recruiting.interviews.notices import local_time_label
from recruiting.models import Application, Candidate, Offer, StageKind
from recruiting.resumes import resume_check
from recruiting.selectors.portal import portal_applications
from recruiting.services.applications import application_bulk_move
from recruiting.services.candidate_notices import applications_notify
from recruiting.stored_files import stored_file, upload_name

MESSAGE_MAX = 4000
DECLINE_REASON_MAX = 2000
# A start date further out than this is almost surely a typo (2062 for 2026).
START_DATE_HORIZON = timedelta(days=2 * 366)
ANSWERED = (Offer.Status.ACCEPTED, Offer.Status.DECLINED)
# How the recruiters' e-mail names the answer ("Li Na accepted the offer for ...").
ANSWER_WORDS = {
    Offer.Status.ACCEPTED: gettext_lazy("accepted"),
    Offer.Status.DECLINED: gettext_lazy("declined"),
}


def company_today() -> date:
    """Today where the company is: an "answer by" date ends at its midnight."""
    return timezone.localdate(timezone=company_current().zone)


def offer_send_problem(application: Application) -> str:
    """Why no offer may be sent on this application now (empty: one may)."""
    if application.status != Application.Status.ACTIVE:
        return _("Offers are sent for active applications only.")
    if application.offers.filter(status=Offer.Status.SENT).exists():
        return _(
            "This application already has an offer waiting for an answer; "
            "withdraw it before sending another."
        )
    return ""


@transaction.atomic
def offer_send(
    *,
    application: Application,
    position_title: str,
    salary: str,
    start_date: date,
    respond_by: date | None,
    message: str,
    letter_name: str,
    letter_data: bytes,
    actor: User | None,
) -> Offer:
    """Send an offer with its PDF letter; the application enters the offer stage."""
    # Locked first: a second send (double click, a colleague) waits here and then
    # finds the open offer instead of hitting the database constraint.
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("job", "stage", "candidate")
        .get(pk=application.pk)
    )
    problem = offer_send_problem(application)
    if problem:
        raise ApplicationError(problem)
    problems = _terms_problems(start_date=start_date, respond_by=respond_by, message=message)
    letter_problem = _letter_problem(letter_name, letter_data)
    if letter_problem:
        problems["letter"] = letter_problem
    offer = Offer(
        application=application,
        status=Offer.Status.SENT,
        position_title=position_title.strip(),
        salary=salary.strip(),
        start_date=start_date,
        respond_by=respond_by,
        message=message.strip(),
        letter_name=upload_name(letter_name, default="offer.pdf"),
        letter_size=len(letter_data),
        letter_sha256=hashlib.sha256(letter_data).hexdigest(),
        sent_by=actor,
    )
    problems.update(_field_problems(offer))
    _raise_if(problems)
    # Stored only once everything checked out: a refused offer leaves no file.
    with stored_file(offer.letter, name="offer.pdf", data=letter_data):
        offer.save()
        _candidate_tell(application, offer, actor)
        audit_record(
            actor=actor,
            action="recruiting.offer_send",
            target=application,
            changes={
                "offer": offer.pk,
                "position_title": offer.position_title,
                "salary": offer.salary,
                "start_date": start_date.isoformat(),
                "respond_by": respond_by.isoformat() if respond_by else None,
                "letter_sha256": offer.letter_sha256,
            },
        )
    return offer


@transaction.atomic
def offer_withdraw(*, offer: Offer, actor: User | None, reason: str = "") -> Offer:
    """Take back an offer the candidate has not answered; it stays on record as withdrawn."""
    offer = (
        Offer.objects.select_for_update(of=("self",)).select_related("application").get(pk=offer.pk)
    )
    if offer.status != Offer.Status.SENT:
        raise ApplicationError(_("Only an offer waiting for an answer can be withdrawn."))
    offer.status = Offer.Status.WITHDRAWN
    offer.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="recruiting.offer_withdraw",
        target=offer.application,
        changes={
            "offer": offer.pk,
            "status": [Offer.Status.SENT, Offer.Status.WITHDRAWN],
            "reason": reason.strip()[:500],
        },
    )
    # The candidate was told about the offer, so they are told it no longer stands.
    applications_notify(
        applications=[offer.application], event="offer_withdrawn", key=f"offer{offer.pk}"
    )
    return offer


def offer_answer_problem(offer: Offer) -> str:
    """Why this offer cannot be answered now (empty: it can)."""
    if offer.status in ANSWERED:
        return _("You have already answered this offer.")
    if offer.status == Offer.Status.WITHDRAWN:
        return _("This offer was withdrawn and can no longer be answered.")
    if offer.application.status != Application.Status.ACTIVE:
        return _("This application is closed, so the offer can no longer be answered.")
    if offer.respond_by is not None and company_today() > offer.respond_by:
        return _(
            "The time to answer this offer ended on %(date)s. Please contact us if you "
            "still wish to answer."
        ) % {"date": offer.respond_by.isoformat()}
    return ""


@transaction.atomic
def offer_answer(
    *,
    offer: Offer,
    candidate: Candidate,
    accept: bool,
    signature_name: str,
    decline_reason: str = "",
    ip: str | None,
) -> Offer:
    """Record the candidate's signed answer and tell the job's recruiters at once."""
    # Locked, so a double click (or two tabs) answers once: the second request
    # waits here, then finds the offer answered and is refused.
    locked = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("application__job", "application__candidate")
        .filter(pk=offer.pk, application__in=portal_applications(candidate))
        .first()
    )
    if locked is None:
        raise ApplicationError(_("This offer cannot be found."))
    problem = offer_answer_problem(locked)
    if problem:
        raise ApplicationError(problem)
    typed = " ".join(signature_name.split())
    reason = "" if accept else decline_reason.strip()
    _raise_if(_answer_problems(typed, candidate, reason))
    before = locked.status
    locked.status = Offer.Status.ACCEPTED if accept else Offer.Status.DECLINED
    locked.signature_name = typed
    locked.decline_reason = reason
    locked.responded_at = timezone.now()
    # Evidence of where the answer came from without keeping the address itself.
    locked.response_ip_hash = (
        salted_hmac("recruiting.offers", ip, algorithm="sha256").hexdigest() if ip else ""
    )
    locked.save(
        update_fields=[
            "status",
            "signature_name",
            "decline_reason",
            "responded_at",
            "response_ip_hash",
            "updated_at",
        ]
    )
    audit_record(
        actor=None,
        action=f"recruiting.offer_{'accept' if accept else 'decline'}",
        target=locked.application,
        changes={
            "offer": locked.pk,
            "status": [before, locked.status],
            "candidate": candidate.pk,
            "signature_name": typed,
        },
    )
    _recruiters_tell(locked)
    return locked


def signature_matches(typed: str, full_name: str) -> bool:
    """The typed name is the person's name, whatever its case, spacing or width."""
    return bool(typed.strip()) and _name_key(typed) == _name_key(full_name)


def _name_key(name: str) -> str:
    # NFKC folds the full-width letters a Chinese keyboard may type into plain ones.
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def _answer_problems(typed: str, candidate: Candidate, reason: str) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not typed:
        problems["signature_name"] = _("Type your full name as your signature.")
    elif not signature_matches(typed, candidate.full_name):
        problems["signature_name"] = _(
            "The name you typed does not match the name on your application (%(name)s)."
        ) % {"name": candidate.full_name}
    if len(reason) > DECLINE_REASON_MAX:
        problems["decline_reason"] = _("Keep the reason under %(count)d characters.") % {
            "count": DECLINE_REASON_MAX
        }
    return problems


def _terms_problems(*, start_date: date, respond_by: date | None, message: str) -> dict[str, str]:
    today = company_today()
    problems: dict[str, str] = {}
    if start_date < today:
        problems["start_date"] = _("The start date cannot be in the past.")
    elif start_date > today + START_DATE_HORIZON:
        problems["start_date"] = _("The start date is more than two years away; check the year.")
    if respond_by is not None:
        if respond_by < today:
            problems["respond_by"] = _("The answer-by date cannot be in the past.")
        elif respond_by > start_date:
            problems["respond_by"] = _(
                "The candidate must be able to answer before the start date."
            )
    if len(message.strip()) > MESSAGE_MAX:
        problems["message"] = _("Keep the message under %(count)d characters.") % {
            "count": MESSAGE_MAX
        }
    return problems


def _letter_problem(name: str, data: bytes) -> str:
    """The letter must really be a readable PDF (the same checks as uploaded resumes)."""
    if PurePath(name).suffix.lower() != ".pdf":
        return _("The offer letter must be a PDF file.")
    try:
        checked = resume_check(name=name, data=data)
    except ApplicationError as error:
        return error.message
    if checked.extension != ".pdf":
        return _("The offer letter must be a PDF file.")
    return ""


def _field_problems(offer: Offer) -> dict[str, str]:
    try:
        offer.full_clean(exclude=["application", "sent_by", "letter"], validate_constraints=False)
    except ValidationError as error:
        return {name: " ".join(messages) for name, messages in error.message_dict.items()}
    return {}


def _raise_if(problems: dict[str, str]) -> None:
    if problems:
        raise ApplicationError(
            " ".join(problems.values()),
            extra={"fields": problems, "problems": list(problems.values())},
        )


def _candidate_tell(application: Application, offer: Offer, actor: User | None) -> None:
    """Move into the offer stage (which tells the candidate), or tell them here.

    Entering an offer stage queues `offer_sent` keyed by the stage, so a second
    offer in the same stage, a re-entry into it, or a job without an offer
    stage would go untold; then this offer's own key tells them, once.
    """
    told = 0
    if application.stage.kind != StageKind.OFFER:
        offer_stage = (
            application.job.stages.filter(kind=StageKind.OFFER).order_by("position").first()
        )
        if offer_stage is not None:
            told = application_bulk_move(
                application_ids=[application.pk],
                to_stage=offer_stage,
                actor=actor,
                reason=_("Offer sent"),
            ).told
    if not told:
        applications_notify(applications=[application], event="offer_sent", key=f"offer{offer.pk}")


def _recruiters_tell(offer: Offer) -> int:
    """One e-mail per recruiter of the job, in their language; how many were new."""
    application = offer.application
    profile_link = settings.HRFLOW_PUBLIC_URL.rstrip("/") + reverse(
        "recruiting:candidate-detail", args=[application.candidate_id]
    )
    return staff_notify(
        people=application.job.recruiters.filter(is_active=True).order_by("pk"),
        event="offer_answered",
        key=f"offer_answered:{offer.pk}",
        values=lambda: {
            "candidate_name": application.candidate.full_name,
            "job_title": application.job.title,
            "answer": ANSWER_WORDS[Offer.Status(offer.status)],
            "answered_at": local_time_label(offer.responded_at or timezone.now()),
            "profile_link": profile_link,
        },
    )
