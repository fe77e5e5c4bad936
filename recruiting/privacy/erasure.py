"""Erasure at the candidate's request (GDPR Art. 17, PIPL Art. 47): the request,
HR's decision, and the erasure itself.

A request erases at once when nothing is in progress; while an application is
active or an offer waits for an answer, HR confirms (the process ends, then the
data goes) or declines with a note the candidate reads in the portal.

Kept, so that reports count the same: the Candidate row (nameless), the
Application rows (status, stage, dates, scores), stage transitions, screening
decisions, assessments' scores, consents' kind, version and time (proof of
consent, Art. 7(1)), survey ratings, messages' status, and the deletion requests
(proof the request was honoured). Gone: contact details, resumes, documents and
offer letters (rows and files), notes, free text, vendor payloads, sign-in
links, and the name, e-mail and phone wherever copied (audit trail, outbox,
integration logs). The audit trail is append-only except here: the law's
erasure outranks it, and each entry keeps who did what and when.

Self-identification rows are deleted, not kept: they are special-category data
(ethnicity, disability: Art. 9) given for fairness monitoring only, and what
stays of the person (a job, dates, scores) still lets a colleague single them
out. The cost: the fairness preview counts their applications as "no answer".

Copied text is found by the e-mail and phone anywhere, and by the name only
where it is distinctive (no other live candidate's or staff user's name holds
it): replacing a common name everywhere would rewrite other people's records.
Rows tied to the person by a key lose their text whatever the name.
"""

import logging
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.db.models import FileField, Model, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from hrflow.notifications.staff import staff_notify
from recruiting.interviews.notices import local_time_label
from recruiting.models import (
    Application,
    Assessment,
    AssessmentDimensionScore,
    Candidate,
    CandidateConsent,
    CandidateDocument,
    DeletionRequest,
    DocumentRequest,
    Interview,
    Note,
    Offer,
    PortalLoginLink,
    Resume,
    ScreeningAnswer,
    ScreeningDecision,
    SelfIdentification,
    StageTransition,
    SurveyResponse,
)
from recruiting.offers.services import offer_withdraw
from recruiting.privacy.erasure_preview import candidate_and_merged_ids
from recruiting.privacy.erasure_traces import (
    COPIED_TEXT_COLUMNS,
    ERASED_NAME,
    audit_scrub,
    copies_of,
    outbox_scrub,
    person_identity,
    rows_redact,
    vendor_data_scrub,
)
from recruiting.selectors.jobs import workable_jobs
from recruiting.services.applications import application_withdraw
from recruiting.services.portal_access import public_url
from recruiting.services.staff_notices import recruiters_of

log = logging.getLogger(__name__)

NOTE_MAX = 2000
Status = DeletionRequest.Status


def candidate_has_active_process(candidate: Candidate) -> bool:
    """An application in progress or an offer waiting for an answer: HR must confirm."""
    return _in_progress([candidate.pk])


def _in_progress(ids: list[int]) -> bool:
    active = Application.objects.filter(candidate__in=ids, status=Application.Status.ACTIVE)
    sent = Offer.objects.filter(application__candidate__in=ids, status=Offer.Status.SENT)
    return active.exists() or sent.exists()


@transaction.atomic
def deletion_request_create(*, candidate: Candidate) -> DeletionRequest:
    """The candidate asks for erasure: done at once when nothing is in progress, else
    a pending request that the job's recruiters are told about."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.erased_at is not None:
        raise ApplicationError(_("Your data has already been erased."))
    if candidate.deletion_requests.filter(status=Status.PENDING).exists():
        raise ApplicationError(
            _("You have already asked us to erase your data; our HR team is deciding.")
        )
    now = timezone.now()
    if not candidate_has_active_process(candidate):
        request = DeletionRequest.objects.create(
            candidate=candidate, status=Status.DONE, decided_at=now
        )
        audit_record(actor=None, action="recruiting.deletion_request", target=request)
        candidate_erase(candidate=candidate, actor=None)
        return request
    try:
        with transaction.atomic():
            request = DeletionRequest.objects.create(candidate=candidate)
    except IntegrityError as error:  # a second tab got there first
        raise ApplicationError(
            _("You have already asked us to erase your data; our HR team is deciding.")
        ) from error
    audit_record(actor=None, action="recruiting.deletion_request", target=request)
    _recruiters_tell(request)
    return request


@transaction.atomic
def deletion_request_decide(
    *, request: DeletionRequest, confirm: bool, note: str = "", actor: User
) -> DeletionRequest:
    """HR confirms (the active process ends, then the data is erased) or declines,
    saying why: the candidate reads the note in their portal."""
    request = DeletionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != Status.PENDING:
        raise ApplicationError(_("This request has already been decided."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ApplicationError(_("The note is too long."), extra={"field": "note"})
    if not confirm and not note:
        raise ApplicationError(
            _("Say why you decline: the candidate reads your note."), extra={"field": "note"}
        )
    refusal = deletion_confirm_refusal(request=request, actor=actor) if confirm else None
    if refusal:
        raise ApplicationError(refusal)
    request.status = Status.DONE if confirm else Status.DECLINED
    request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note
    request.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    audit_record(
        actor=actor,
        action="recruiting.deletion_request_decide",
        target=request,
        changes={"status": [Status.PENDING, request.status]},
    )
    if confirm:
        _processes_end(request.candidate_id, actor)
        candidate_erase(candidate=request.candidate, actor=actor)
    return request


def deletion_confirm_refusal(*, request: DeletionRequest, actor: User) -> str | None:
    """Why the actor may not confirm this request (None: they may). Asked before the
    confirmation page too, so nobody confirms what would then be refused."""
    if request.status != Status.PENDING:
        return _("This request has already been decided.")
    if _open_beyond(request.candidate_id, actor):
        return _(
            "The candidate is also in process for a job you do not work on; "
            "only an HR admin can end that and erase their data."
        )
    return None


def _open_beyond(candidate_id: int, actor: User) -> bool:
    """Whether confirming would end an application or offer of a job the actor may not
    change: only HR admins end other teams' processes (erasure ends them all)."""
    theirs = workable_jobs(viewer=actor)
    active = Application.objects.filter(
        candidate_id=candidate_id, status=Application.Status.ACTIVE
    ).exclude(job__in=theirs)
    sent = Offer.objects.filter(
        application__candidate_id=candidate_id, status=Offer.Status.SENT
    ).exclude(application__job__in=theirs)
    return active.exists() or sent.exists()


def _processes_end(candidate_id: int, actor: User) -> None:
    reason = _("The candidate asked for their data to be erased.")
    for offer in Offer.objects.filter(
        application__candidate_id=candidate_id, status=Offer.Status.SENT
    ).order_by("pk"):
        offer_withdraw(offer=offer, actor=actor, reason=reason)
    for application in Application.objects.filter(
        candidate_id=candidate_id, status=Application.Status.ACTIVE
    ).order_by("pk"):
        application_withdraw(application=application, actor=actor, note=reason)


def _recruiters_tell(request: DeletionRequest) -> None:
    """One e-mail per recruiter of the jobs in progress (HR admins when there are none)."""
    candidate = request.candidate
    jobs = Application.objects.filter(candidate=candidate, status=Application.Status.ACTIVE)
    staff_notify(
        people=recruiters_of(jobs.values_list("job_id", flat=True)),
        event="deletion_requested",
        key=f"deletion_request:{request.pk}",
        values=lambda: {
            "candidate_name": candidate.full_name,
            "requested_at": local_time_label(request.created_at),
            "review_link": public_url(reverse("recruiting:deletion-requests")),
        },
    )


@transaction.atomic
def candidate_erase(*, candidate: Candidate, actor: User | None) -> Candidate:
    """Erase every personal datum about the candidate (and records merged into them),
    keeping the rows reports count; see the module docstring for what stays."""
    people = _people_locked(candidate)
    ids = [person.pk for person in people]
    if _in_progress(ids):
        raise ApplicationError(_("End the candidate's active applications and offers first."))
    identity = person_identity(people)
    application_ids = list(
        Application.objects.filter(candidate__in=ids).values_list("pk", flat=True)
    )
    files = _stored_files(ids, application_ids)
    gone = _delete_rows(ids)
    _blank_rows(ids, application_ids)
    _blank_people(people)
    outbox_scrub(ids, application_ids, identity)
    audit_scrub(ids, gone)
    vendor = vendor_data_scrub(identity, application_ids)
    swept = sum(
        rows_redact(model, copies_of(identity, model, columns), identity, columns)
        for model, columns in COPIED_TEXT_COLUMNS
        if identity.searchable()
    )
    transaction.on_commit(lambda: _files_delete(files))
    candidate.refresh_from_db()
    audit_record(
        actor=actor,
        action="recruiting.candidate_erase",
        target=candidate,
        changes={
            "records": ids,
            "deleted": {model.__name__: len(pks) for model, pks in gone.items()},
            "files": len(files),
            "vendor_payloads": vendor,
            "rows_scrubbed": swept,
        },
    )
    return candidate


def _people_locked(candidate: Candidate) -> list[Candidate]:
    """The candidate and every record merged into it, locked in pk order."""
    ids = candidate_and_merged_ids(candidate)
    return list(Candidate.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def _stored_files(ids: list[int], application_ids: list[int]) -> list[tuple[type[Model], str, str]]:
    """(model, field, stored name) of every file about to lose its row or its link."""
    files: list[tuple[type[Model], str, str]] = []
    for model, field, rows in (
        (Resume, "file", Resume.objects.filter(candidate__in=ids)),
        (CandidateDocument, "file", CandidateDocument.objects.filter(candidate__in=ids)),
        (Offer, "letter", Offer.objects.filter(application__in=application_ids)),
    ):
        names = rows.exclude(**{field: ""}).values_list(field, flat=True)
        files += [(model, field, name) for name in names if name]
    return files


def _delete_rows(ids: list[int]) -> dict[type[Model], list[int]]:
    """Rows that are about the person and nothing else; returns the deleted ids per model."""
    gone: dict[type[Model], list[int]] = {}
    for model in (Note, Resume, CandidateDocument, PortalLoginLink, SelfIdentification):
        rows = model._default_manager.filter(candidate__in=ids)
        gone[model] = list(rows.values_list("pk", flat=True))
        rows.delete()
    Candidate.tags.through.objects.filter(candidate_id__in=ids).delete()
    return gone


def _blank_rows(ids: list[int], application_ids: list[int]) -> None:
    now = timezone.now()
    mine = {"application__in": application_ids}
    # Out of the talent pool: the person asked not to be considered any more.
    Application.objects.filter(pk__in=application_ids).update(archived_at=None, updated_at=now)
    StageTransition.objects.filter(**mine).update(reason="")
    ScreeningDecision.objects.filter(**mine).update(note="")
    # Vendor payloads and comments may hold the name, the e-mail, a video of the person.
    Assessment.objects.filter(**mine).update(
        raw={}, media={}, warnings=[], invite_url="", updated_at=now
    )
    AssessmentDimensionScore.objects.filter(assessment__application__in=application_ids).update(
        comment=""
    )
    Interview.objects.filter(**mine).update(
        candidate_note="", note_for_candidate="", updated_at=now
    )
    Offer.objects.filter(**mine).update(
        letter="", letter_name="", letter_sha256="", message="", signature_name="",
        decline_reason="", response_ip_hash="", updated_at=now,
    )  # fmt: skip
    DocumentRequest.objects.filter(**mine).update(note="", review_note="", updated_at=now)
    CandidateConsent.objects.filter(Q(candidate__in=ids) | Q(**mine)).update(ip_hash="")
    SurveyResponse.objects.filter(**mine).update(comment="")
    ScreeningAnswer.objects.filter(**mine).update(answer="")


def _blank_people(people: Sequence[Candidate]) -> None:
    now = timezone.now()
    for person in people:
        person.full_name = ERASED_NAME.format(pk=person.pk)
        person.email = person.phone = person.city = person.name_pinyin = ""
        person.current_company = person.current_title = person.education = ""
        person.search_vector = None
        person.notify_by_email = person.notify_by_sms = False
        person.erased_at = person.updated_at = now
    Candidate.objects.bulk_update(
        people,
        [
            "full_name", "email", "phone", "city", "current_company", "current_title",
            "education", "name_pinyin", "search_vector", "notify_by_email", "notify_by_sms",
            "erased_at", "updated_at",
        ],
    )  # fmt: skip


def _files_delete(files: Iterable[tuple[type[Model], str, str]]) -> None:
    """After commit (a rollback keeps the files its rows still name): delete each file
    no other row names (stored names derived from content can be shared)."""
    for model, field, name in files:
        if model._default_manager.filter(**{field: name}).exists():
            continue
        stored = model._meta.get_field(field)
        try:
            if isinstance(stored, FileField):
                stored.storage.delete(name)
        except OSError:
            log.warning("erasure: could not delete stored file %s", name, exc_info=True)
