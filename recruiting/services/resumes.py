"""Resumes: attach one (checked, stored privately, text kept for search), and vouch for one.

A file staff upload is the person's at once. A file sent through the public
careers form may come from anyone who typed the person's address, so it
belongs to the application it was sent with until the person signs in with
their one-time link (resumes_confirm_by_sign_in) or HR accepts it on the
profile (resume_accept); until then it is no part of the person's search text.
"""

import hashlib

from celery import current_app
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from recruiting.cjk_text import normalize_cjk
from recruiting.models import Application, Candidate, Resume
from recruiting.resumes import MAX_RESUME_BYTES, resume_check
from recruiting.services.candidates import candidate_refresh_search, candidate_refuse_if_erased
from recruiting.stored_files import stored_file, upload_name
from recruiting.task_names import RESUME_READ


@transaction.atomic
def resume_attach(
    *,
    candidate: Candidate,
    name: str,
    data: bytes,
    actor: User | None = None,
    sent_with: Application | None = None,
) -> Resume:
    """Check the file, store it under a generated name, index its text; bad files change nothing.

    `sent_with`: the application an applicant nobody has verified sent it with
    (the careers form); the file is then that application's until confirmed.
    """
    candidate_refuse_if_erased(candidate)
    checked = resume_check(name=name, data=data[: MAX_RESUME_BYTES + 1])
    digest = hashlib.sha256(data).hexdigest()
    resume = Resume(
        candidate=candidate,
        original_name=upload_name(name, default=f"resume{checked.extension}"),
        content_type=checked.content_type,
        extension=checked.extension,
        size=len(data),
        sha256=digest,
        text=checked.text,
        uploaded_by=actor,
        sent_with=sent_with,
        verified_at=None if sent_with is not None else timezone.now(),
    )
    with stored_file(resume.file, name=f"upload{checked.extension}", data=data):
        resume.full_clean()
        resume.save()
        if resume.verified_at is not None:
            candidate_refresh_search(candidate_id=candidate.pk)
        audit_record(
            actor=actor,
            action="recruiting.resume_attach",
            target=candidate,
            changes={"resume": resume.pk, "size": resume.size, "sent_with": resume.sent_with_id},
        )
    resume_read_later(resume_id=resume.pk)
    return resume


def resume_read_later(*, resume_id: int) -> None:
    """Once committed, have a worker read the resume: field suggestions for HR and its
    match with each job (recruiting.resume_reading; a second or so of CPU the first
    time a process reads Chinese, which the applicant should not wait for)."""
    transaction.on_commit(lambda: current_app.send_task(RESUME_READ, args=[resume_id]))


@transaction.atomic
def resume_accept(*, resume: Resume, actor: User) -> Resume:
    """HR vouches for a file sent with an application: it becomes the person's resume."""
    resume = Resume.objects.select_for_update().get(pk=resume.pk)
    if resume.verified_at is not None:
        raise ApplicationError(_("This file is already the candidate's resume."))
    resume.verified_at = timezone.now()
    resume.save(update_fields=["verified_at", "updated_at"])
    candidate_refresh_search(candidate_id=resume.candidate_id)
    # Now the person's own: it is read for every job they applied to.
    resume_read_later(resume_id=resume.pk)
    audit_record(
        actor=actor,
        action="recruiting.resume_accept",
        target=resume.candidate,
        changes={"resume": resume.pk, "sent_with": resume.sent_with_id},
    )
    return resume


@transaction.atomic
def resumes_confirm_by_sign_in(*, candidate: Candidate) -> int:
    """The person proved they hold the address: the files sent under it become theirs.

    Called when they sign in with a one-time link sent to that address. The
    number of files confirmed.
    """
    waiting = list(
        Resume.objects.filter(candidate=candidate, verified_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    if not waiting:
        return 0
    now = timezone.now()
    Resume.objects.filter(pk__in=waiting).update(verified_at=now, updated_at=now)
    candidate_refresh_search(candidate_id=candidate.pk)
    audit_record(
        actor=None,
        action="recruiting.resume_confirm_by_sign_in",
        target=candidate,
        changes={"resumes": waiting},
    )
    return len(waiting)


NORMALIZE_BATCH = 200


def resumes_normalize_text(*, batch_size: int = NORMALIZE_BATCH) -> int:
    """Rewrite stored resume text the way files are read now (recruiting.cjk_text).

    For rows read before text was normalised: their ⼯作经历 is found by no search for
    工作经历. Each batch is its own transaction, so a long run can be stopped and run
    again; rows already normal are not written. The number of resumes rewritten.
    """
    changed = 0
    last_pk = 0
    while True:
        batch = list(
            Resume.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", "candidate_id", "text")[:batch_size]
        )
        if not batch:
            return changed
        last_pk = batch[-1][0]
        changed += _normalize_batch(batch)


@transaction.atomic
def _normalize_batch(batch: list[tuple[int, int, str]]) -> int:
    now = timezone.now()
    rewritten: dict[int, int] = {}  # resume -> its candidate
    for pk, candidate_id, text in batch:
        normal = normalize_cjk(text)
        if normal != text:
            Resume.objects.filter(pk=pk).update(text=normal, updated_at=now)
            rewritten[pk] = candidate_id
    for candidate_id in sorted(set(rewritten.values())):
        candidate_refresh_search(candidate_id=candidate_id)
    if rewritten:
        audit_record(
            actor=None,
            action="recruiting.resume_text_normalize",
            changes={"resumes": sorted(rewritten)},
        )
    return len(rewritten)
