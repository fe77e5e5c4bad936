"""Candidates: create, edit, find duplicates, merge two records, tags and notes."""

from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record, diff_fields
from hrflow.core.errors import ApplicationError
from recruiting.models import Application, Assessment, Candidate, Note, Resume, Tag
from recruiting.normalize import name_pinyin, normalize_email, normalize_phone
from recruiting.services.card_scores import application_refresh_scores

CANDIDATE_FIELDS = {
    "full_name",
    "email",
    "phone",
    "city",
    "current_company",
    "current_title",
    "education",
    "language",
    "notify_by_email",
    "notify_by_sms",
}
# Resume text beyond this adds nothing to search but weight to every update.
SEARCH_TEXT_LIMIT = 100_000


def _normalised(fields: dict[str, Any]) -> dict[str, Any]:
    fields = dict(fields)
    if "email" in fields:
        fields["email"] = normalize_email(fields["email"] or "")
    if "phone" in fields:
        try:
            fields["phone"] = normalize_phone(fields["phone"] or "")
        except ValueError as error:
            raise ApplicationError(
                _("This is not a valid phone number."), extra={"field": "phone"}
            ) from error
    if "full_name" in fields:
        fields["full_name"] = " ".join((fields["full_name"] or "").split())
    return fields


@transaction.atomic
def candidate_create(*, full_name: str, actor: User | None = None, **fields: Any) -> Candidate:
    """Create a candidate from normalised contact details (duplicates are allowed, then
    shown on the profile for HR to merge; use candidate_find_by_contact to attach instead)."""
    unknown = set(fields) - CANDIDATE_FIELDS
    if unknown:
        raise ApplicationError(_("Unknown candidate fields: %s.") % ", ".join(sorted(unknown)))
    data = _normalised({"full_name": full_name, **fields})
    if not data["full_name"]:
        raise ApplicationError(_("A name is required."), extra={"field": "full_name"})
    candidate = Candidate(**data, name_pinyin=name_pinyin(data["full_name"]))
    candidate.full_clean()
    candidate.save()
    candidate_refresh_search(candidate_id=candidate.pk)
    audit_record(actor=actor, action="recruiting.candidate_create", target=candidate)
    return candidate


@transaction.atomic
def candidate_update(
    *, candidate: Candidate, actor: User | None = None, **fields: Any
) -> Candidate:
    unknown = set(fields) - CANDIDATE_FIELDS
    if unknown:
        raise ApplicationError(_("Unknown candidate fields: %s.") % ", ".join(sorted(unknown)))
    data = _normalised(fields)
    changes = diff_fields(candidate, data)
    if not changes:
        return candidate
    for field, value in data.items():
        setattr(candidate, field, value)
    candidate.name_pinyin = name_pinyin(candidate.full_name)
    try:
        candidate.full_clean()
    except ValidationError as error:  # a rule of the model, shown as the caller's error
        raise ApplicationError(" ".join(error.messages)) from error
    candidate.save(update_fields=[*changes, "name_pinyin", "updated_at"])
    candidate_refresh_search(candidate_id=candidate.pk)
    audit_record(
        actor=actor, action="recruiting.candidate_update", target=candidate, changes=changes
    )
    return candidate


@transaction.atomic
def candidate_merge(*, keep: Candidate, merge: Candidate, actor: User | None = None) -> Candidate:
    """Fold `merge` into `keep`: every application, assessment, note, resume and tag moves.

    Where both applied to the same job, the merged record's application moves
    too, with status "merged", and its assessments and history move onto the
    kept application, so nothing is lost and the board shows one card.
    """
    if keep.pk == merge.pk:
        raise ApplicationError(_("A candidate cannot be merged with itself."))
    # Lock both rows in primary-key order so two merges cannot deadlock.
    locked = {
        c.pk: c
        for c in Candidate.objects.select_for_update()
        .filter(pk__in=[keep.pk, merge.pk])
        .order_by("pk")
    }
    keep, merge = locked[keep.pk], locked[merge.pk]
    if keep.merged_into_id or merge.merged_into_id:
        raise ApplicationError(_("One of these records was already merged."))
    kept_by_job = {
        app.job_id: app for app in keep.applications.exclude(status=Application.Status.MERGED)
    }
    moved = folded = 0
    for application in merge.applications.select_for_update():
        twin = kept_by_job.get(application.job_id)
        if twin is not None and application.status != Application.Status.MERGED:
            # Scores and notes move to the kept application; the stage history
            # stays with the folded one, whose moves it describes.
            Assessment.objects.filter(application=application).update(application=twin)
            Note.objects.filter(application=application).update(application=twin)
            # A file not yet confirmed as the person's stays with its job's application.
            Resume.objects.filter(sent_with=application).update(sent_with=twin)
            application_refresh_scores(application=twin)
            application.status = Application.Status.MERGED
            folded += 1
        application.candidate = keep
        application.save(update_fields=["candidate", "status", "updated_at"])
        moved += 1
    Note.objects.filter(candidate=merge).update(candidate=keep)
    Resume.objects.filter(candidate=merge).update(candidate=keep)
    keep.tags.add(*merge.tags.all())
    filled = [
        field
        for field in ("email", "phone", "city", "current_company", "current_title", "education")
        if not getattr(keep, field) and getattr(merge, field)
    ]
    for field in filled:
        setattr(keep, field, getattr(merge, field))
    if filled:
        keep.save(update_fields=[*filled, "updated_at"])
    merge.merged_into = keep
    merge.save(update_fields=["merged_into", "updated_at"])
    candidate_refresh_search(candidate_id=keep.pk)
    audit_record(
        actor=actor,
        action="recruiting.candidate_merge",
        target=keep,
        changes={"merged": merge.pk, "applications_moved": moved, "applications_folded": folded},
    )
    return keep


def candidate_refuse_if_erased(candidate: Candidate) -> None:
    """An erased record stays empty: no tag, note or resume brings personal data back.

    Called inside the caller's transaction: the row is read afresh and locked, as
    candidate_erase locks it, so an erasure and an addition never both go through."""
    erased_at = (
        Candidate.objects.select_for_update()
        .filter(pk=candidate.pk)
        .values_list("erased_at", flat=True)
        .first()
    )
    if erased_at is not None or candidate.erased_at is not None:
        raise ApplicationError(
            _("This person's data was erased; nothing new can be added to the record.")
        )


@transaction.atomic
def candidate_set_tags(
    *, candidate: Candidate, names: Iterable[str], actor: User | None = None
) -> list[Tag]:
    """Replace the candidate's tags, creating new ones as needed."""
    candidate_refuse_if_erased(candidate)
    clean = sorted({" ".join(name.split())[:40] for name in names if name.strip()})
    tags = [Tag.objects.get_or_create(name=name)[0] for name in clean]
    before = sorted(candidate.tags.values_list("name", flat=True))
    if before != clean:
        candidate.tags.set(tags)
        candidate_refresh_search(candidate_id=candidate.pk)
        audit_record(
            actor=actor,
            action="recruiting.candidate_set_tags",
            target=candidate,
            changes={"tags": [before, clean]},
        )
    return tags


@transaction.atomic
def note_add(
    *, candidate: Candidate, body: str, author: User | None, application: Application | None = None
) -> Note:
    candidate_refuse_if_erased(candidate)
    body = body.strip()
    if not body:
        raise ApplicationError(_("A note cannot be empty."), extra={"field": "body"})
    if application is not None and application.candidate_id != candidate.pk:
        raise ApplicationError(_("That application belongs to someone else."))
    note = Note(candidate=candidate, application=application, author=author, body=body)
    note.full_clean()
    note.save()
    return note


def candidate_refresh_search(*, candidate_id: int) -> None:
    """Rebuild the full-text document: name, pinyin, contacts, work, tags, resume text.

    Only the person's own resumes count: a file sent with an application and
    not yet confirmed as theirs is no part of what finds them.

    'simple' configuration: PostgreSQL has no Chinese parser, so Chinese text is
    matched by trigram/substring searches instead (see selectors).
    """
    candidate = Candidate.objects.get(pk=candidate_id)
    resume_text = " ".join(
        Resume.objects.filter(candidate_id=candidate_id).verified().values_list("text", flat=True)
    )[:SEARCH_TEXT_LIMIT]
    tags = " ".join(candidate.tags.values_list("name", flat=True))
    parts = [
        candidate.full_name,
        candidate.name_pinyin,
        candidate.email,
        candidate.phone,
        candidate.current_company,
        candidate.current_title,
        candidate.city,
        tags,
    ]
    Candidate.objects.filter(pk=candidate_id).update(
        search_vector=SearchVector(Value(" ".join(parts)), weight="A", config="simple")
        + SearchVector(Value(resume_text), weight="C", config="simple")
    )
