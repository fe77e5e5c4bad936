"""Attach a resume to a candidate (checked, stored privately, text kept for search)."""

import hashlib

from django.db import transaction

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from recruiting.models import Candidate, Resume
from recruiting.resumes import MAX_RESUME_BYTES, resume_check
from recruiting.services.candidates import candidate_refresh_search
from recruiting.stored_files import stored_file, upload_name


@transaction.atomic
def resume_attach(
    *, candidate: Candidate, name: str, data: bytes, actor: User | None = None
) -> Resume:
    """Check the file, store it under a generated name, index its text; bad files change nothing."""
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
    )
    with stored_file(resume.file, name=f"upload{checked.extension}", data=data):
        resume.full_clean()
        resume.save()
        candidate_refresh_search(candidate_id=candidate.pk)
        audit_record(
            actor=actor,
            action="recruiting.resume_attach",
            target=candidate,
            changes={"resume": resume.pk, "size": resume.size},
        )
    return resume
