"""An application from the public careers site: one transaction, one answer.

The applicant always sees the same thank-you page, whether the address was
known, the job was already applied to, or a bot filled the honeypot; only
mistakes the applicant can fix (a bad file, a missing consent) and the rate
limit are answered differently, and none of them depends on what we hold.
So the form cannot be used to learn whether someone is in our files.
"""

import logging
from collections.abc import Collection, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from hrflow.core.rate_limits import rate_limit_hit
from recruiting.lock_objects import candidate_contact_lock
from recruiting.models import Application, Candidate, CandidateConsent, Job, SelfIdentification
from recruiting.models.self_identification import FAIRNESS_DIMENSIONS, UNDISCLOSED
from recruiting.normalize import normalize_email, normalize_mobile
from recruiting.questions.services import (
    screening_answers_check,
    screening_answers_store,
)
from recruiting.resumes import MAX_RESUME_BYTES, resume_check
from recruiting.selectors.candidates import candidate_find_by_contact
from recruiting.selectors.careers import (
    careers_job_get,
    careers_job_has_ai_interview,
    careers_job_rejects_automatically,
    careers_job_takes_applications,
)
from recruiting.services.applications import application_create
from recruiting.services.candidates import candidate_create, candidate_update
from recruiting.services.resumes import resume_attach

logger = logging.getLogger(__name__)

SOURCE = "careers_site"
# The version of the consent wording on the apply form
# (templates/careers/_consents.html); change both together. Jobs whose
# screening may reject without review show another AI notice, recorded with
# AUTOMATIC_SUFFIX.
NOTICE_VERSION = "2026-11"
AUTOMATIC_SUFFIX = "+auto"
# Generous for people, tight for scripts. Per client, every POST counts, before
# its body is read (a form sent back with a mistake too): a shared office
# address may send a few. One e-mail address rarely applies to more than three
# jobs in an hour.
LIMIT_PER_IP = (10, 10 * 60)
LIMIT_PER_EMAIL = (3, 60 * 60)

Kind = CandidateConsent.Kind


class TooManyApplications(ApplicationError):
    """Over the rate limit: answered with 429 and nothing stored."""


def careers_client_admit(*, ip: str | None) -> None:
    """Count one attempt to apply from this client; TooManyApplications when over the limit.

    Called for every POST of the apply form before its body is read (the CSRF
    check and the form parse it), so a client over the limit costs no parsing:
    the body may be a 10 MB upload.
    """
    if ip and rate_limit_hit(
        scope="careers_ip", value=str(ip), limit=LIMIT_PER_IP[0], window_seconds=LIMIT_PER_IP[1]
    ):
        raise TooManyApplications(_("Too many applications in a short time."))


@transaction.atomic
def careers_apply(
    *,
    job: Job,
    full_name: str,
    email: str,
    resume_name: str,
    resume_data: bytes,
    consents: Collection[str],
    phone: str = "",
    self_identification: Mapping[str, str] | None = None,
    language: str = Candidate.Language.ZH_HANS,
    ip: str | None = None,
    honeypot: str = "",
    seconds_to_fill: float | None = None,
    answers: Mapping[int, str] | None = None,
) -> Application | None:
    """Apply to an open job; the new application, or None when nothing new was stored.

    None covers the honeypot and a repeat application to the same job; the
    caller answers both exactly like a success. `answers` are to the job's
    screening questions ({question id: answer}); required ones must be there.
    The client was counted by careers_client_admit before the form was read;
    the address is counted here, before the file is.
    """
    if honeypot:
        logger.info("careers honeypot filled", extra={"job": job.pk})
        return None
    if seconds_to_fill is not None and seconds_to_fill < settings.HRFLOW_CAREERS_MIN_FILL_SECONDS:
        # Faster than a person can type: a bot. Told "thank you" like the honeypot.
        logger.info("careers form sent too fast", extra={"job": job.pk, "s": seconds_to_fill})
        return None
    address = normalize_email(email)
    _check_rate(email=address)
    if careers_job_get(pk=job.pk) is None:
        raise ApplicationError(_("This job is no longer open."), extra={"field": "job"})
    if not careers_job_takes_applications(job):
        raise ApplicationError(careers_deadline_notice(job), extra={"field": "job"})
    if not address:
        raise ApplicationError(_("An e-mail address is required."), extra={"field": "email"})
    needed = {str(Kind.DATA_PROCESSING)}
    if careers_job_has_ai_interview(job):
        needed.add(str(Kind.AI_ASSESSMENT))
    if missing := needed - set(consents):
        raise ApplicationError(
            _("Please agree to the notice to apply."),
            extra={"field": "consent_data" if Kind.DATA_PROCESSING in missing else "consent_ai"},
        )
    phone = _mobile(job, phone)
    # Checked before anything is stored, and for a repeat applicant too, who
    # must be refused exactly as a stranger would be.
    checked_answers = screening_answers_check(job=job, answers=answers or {})

    candidate_contact_lock(address)
    existing = candidate_find_by_contact(email=address)
    if existing is not None and _has_applied(existing, job):
        # Said nowhere: telling the visitor would confirm that this address
        # has applied here before. The file is still checked, so that a bad
        # one is refused exactly as it would be for a stranger.
        resume_check(name=resume_name, data=resume_data[: MAX_RESUME_BYTES + 1])
        return None
    candidate = _candidate_for(existing, full_name, address, phone, language)
    application = application_create(candidate=candidate, job=job, source=SOURCE, acknowledge=True)
    _store_consents(candidate, application, needed, ip)
    if checked_answers:
        screening_answers_store(application=application, answers=checked_answers)
    if self_identification and any(self_identification.values()):
        _store_self_identification(candidate, self_identification)
    audit_record(actor=None, action="recruiting.careers_apply", target=application)
    # The file last: a refusal before it leaves no stray file in storage.
    resume_attach(candidate=candidate, name=resume_name, data=resume_data, sent_with=application)
    return application


def careers_deadline_notice(job: Job) -> str:
    """What a visitor is told once the job's application deadline has passed."""
    return _("Applications for this job closed on %(date)s. See our other open positions.") % {
        "date": job.application_deadline.isoformat() if job.application_deadline else ""
    }


def careers_phone_problem(*, job: Job, phone: str) -> str:
    """Why this phone number cannot be taken for this job ("" when it can)."""
    try:
        _mobile(job, phone)
    except ApplicationError as error:
        return error.message
    return ""


def _mobile(job: Job, phone: str) -> str:
    """The applicant's mobile as E.164 ("" when none was given and none is required)."""
    try:
        number = normalize_mobile(phone)
    except ValueError as error:
        raise ApplicationError(
            _(
                "Enter a mobile number: 11 digits starting with 1 (such as 138 0013 8000), "
                "or + and the country code for a number outside China."
            ),
            extra={"field": "phone"},
        ) from error
    if not number and job.phone_required:
        raise ApplicationError(
            _("A mobile number is required for this job."), extra={"field": "phone"}
        )
    return number


def _check_rate(*, email: str) -> None:
    if email and rate_limit_hit(
        scope="careers_email",
        value=email,
        limit=LIMIT_PER_EMAIL[0],
        window_seconds=LIMIT_PER_EMAIL[1],
    ):
        raise TooManyApplications(_("Too many applications in a short time."))


def _has_applied(candidate: Candidate, job: Job) -> bool:
    return (
        job.applications.filter(candidate=candidate)
        .exclude(status=Application.Status.MERGED)
        .exists()
    )


def _candidate_for(
    existing: Candidate | None, full_name: str, email: str, phone: str, language: str
) -> Candidate:
    """The existing candidate, else a new one in the page's language."""
    if existing is None:
        return candidate_create(full_name=full_name, email=email, phone=phone, language=language)
    # Anyone may type anyone's address into a public form, so what they typed
    # must not change a known person's record (say, their phone, to receive
    # their messages): it only fills what the record lacks.
    if phone and not existing.phone:
        return candidate_update(candidate=existing, phone=phone)
    return existing


def _store_consents(
    candidate: Candidate, application: Application, kinds: Collection[str], ip: str | None
) -> None:
    now = timezone.now()
    automatic = careers_job_rejects_automatically(application.job)
    ip_hash = salted_hmac("recruiting.consent_ip", ip, algorithm="sha256").hexdigest() if ip else ""
    CandidateConsent.objects.bulk_create(
        CandidateConsent(
            candidate=candidate,
            application=application,
            kind=kind,
            notice_version=NOTICE_VERSION
            + (AUTOMATIC_SUFFIX if automatic and kind == Kind.AI_ASSESSMENT else ""),
            given_at=now,
            ip_hash=ip_hash,
        )
        for kind in sorted(kinds)
    )


def _store_self_identification(candidate: Candidate, answers: Mapping[str, str]) -> None:
    """Keep the voluntary answers apart from the record; a newer answer replaces the older."""
    values = {name: answers.get(name) or UNDISCLOSED for name in FAIRNESS_DIMENSIONS}
    record = SelfIdentification.objects.filter(candidate=candidate).first() or SelfIdentification(
        candidate=candidate
    )
    for name, value in values.items():
        setattr(record, name, value)
    record.provided_at = timezone.now()
    try:
        record.full_clean()
    except ValidationError as error:
        raise ApplicationError(_("Choose one of the answers offered.")) from error
    record.save()
