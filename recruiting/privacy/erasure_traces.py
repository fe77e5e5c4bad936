"""Where copies of an erased person's name, e-mail and phone hide, and how they go.

The erasure (recruiting.privacy.erasure) deletes and blanks the rows keyed to
the person; this module finds the text copies in rows that are not (the audit
trail, the outbox, HR's notices, vendor payloads and logs) and replaces them.
A name is looked for in other people's rows only when it is distinctive, so a
common name is not cut out of someone else's record.
"""

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import phonenumbers
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import JSONField, Model, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from hrflow.accounts.models import User
from hrflow.core.models import AuditEvent
from hrflow.notifications.models import DeliveryAttempt, OutboxMessage
from integrations import models as vendor
from integrations.lanes import decode_records, encode_records
from recruiting.models import (
    Application,
    Assessment,
    AssessmentDimensionScore,
    Candidate,
    DeletionRequest,
    DocumentRequest,
    Interview,
    Note,
    Offer,
    ScreeningAnswer,
    ScreeningDecision,
    StageTransition,
    SurveyResponse,
)
from recruiting.vendors.refs import candidate_ref

ERASED_NAME = "已删除候选人 / Erased candidate #{pk}"
REDACTED = "[erased]"


# Where a person's name, e-mail or phone may have been copied as text, in rows not
# tied to them by a key (the erasure replaces them there); JSON columns are
# searched as their text.
COPIED_TEXT_COLUMNS: tuple[tuple[type[Model], tuple[str, ...]], ...] = (
    (AuditEvent, ("target_label", "changes")),
    (LogEntry, ("object_repr", "change_message")),
    (OutboxMessage, ("recipient", "subject", "body", "variables", "attachments", "last_error")),
    (DeliveryAttempt, ("detail",)),
    (Note, ("body",)),
    (StageTransition, ("reason", "rule")),
    (ScreeningDecision, ("note", "inputs")),
    (Assessment, ("raw", "media", "warnings", "invite_url")),
    (AssessmentDimensionScore, ("comment", "vendor_label")),
    (Interview, ("location", "note_for_candidate", "candidate_note")),
    (Offer, ("message", "signature_name", "decline_reason", "letter_name")),
    (DocumentRequest, ("label", "note", "review_note")),
    (SurveyResponse, ("comment",)),
    (ScreeningAnswer, ("answer",)),
    (DeletionRequest, ("decision_note",)),
    (vendor.IngestTrace, ("detail",)),
    (vendor.DeadLetter, ("reference", "error")),
    (vendor.SyncRun, ("error",)),
    (vendor.VendorConnection, ("state_reason", "last_error")),
    (vendor.HeldPayload, ("reason", "resolution", "candidate_email")),
    (vendor.WebhookEvent, ("error",)),
    (vendor.PulledBatch, ("error",)),
)


@dataclass(frozen=True)
class PersonIdentity:
    """How the person shows in text: e-mail and phone (always theirs), and names."""

    emails: tuple[str, ...]
    phone_regexes: tuple[str, ...]  # digits with optional separators, for Python and SQL
    names: tuple[str, ...]  # every name they went by
    distinctive_names: tuple[str, ...]  # the names safe to look for in anyone's rows

    def patterns(self) -> list[re.Pattern[str]]:
        texts = [re.escape(text) for text in (*self.emails, *self.names)]
        return [re.compile(pattern, re.IGNORECASE) for pattern in [*texts, *self.phone_regexes]]

    def condition(self, column: str) -> Q:
        found = Q()
        for text in (*self.emails, *self.distinctive_names):
            found |= Q(**{f"{column}__icontains": text})
        for regex in self.phone_regexes:
            found |= Q(**{f"{column}__iregex": regex})
        return found

    def searchable(self) -> bool:
        return bool(self.emails or self.phone_regexes or self.distinctive_names)

    def mentioned_in(self, text: str) -> bool:
        lowered = text.lower()
        return any(t.lower() in lowered for t in (*self.emails, *self.distinctive_names)) or any(
            re.search(regex, text) for regex in self.phone_regexes
        )


def person_identity(people: Sequence[Candidate]) -> PersonIdentity:
    """How these records (one person) show in text, read before they are blanked."""
    ids = [person.pk for person in people]
    addresses = {person.email.lower() for person in people if person.email}
    # An address that is also a staff account's belongs to that account as well.
    staff = User.objects.filter(email__in=addresses).values_list("email", flat=True)
    emails = addresses - {email.lower() for email in staff}
    names = {person.full_name.strip() for person in people if person.full_name.strip()}
    phones = {regex for person in people if person.phone for regex in _phone_regexes(person.phone)}
    return PersonIdentity(
        emails=tuple(sorted(emails)),
        phone_regexes=tuple(sorted(phones)),
        names=tuple(sorted(names, key=len, reverse=True)),
        distinctive_names=tuple(sorted(name for name in names if _distinctive(name, ids))),
    )


def _phone_regexes(phone: str) -> list[str]:
    """The number with or without its country code, spaces, dots or dashes between digits."""
    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        digits = re.sub(r"\D", "", phone)
        return [r"[\s.-]?".join(digits)] if len(digits) >= 7 else []
    national = str(number.national_number)
    if len(national) < 7:
        return []
    return [rf"(\+?{number.country_code}[\s.-]?)?" + r"[\s.-]?".join(national)]


def _distinctive(name: str, people: Sequence[int]) -> bool:
    """Long enough, and in no other live candidate's or staff user's name."""
    chinese = any("\u4e00" <= char <= "\u9fff" for char in name)
    if len(name) < 2 or (not chinese and (len(name) < 5 or " " not in name)):
        return False
    others = Candidate.objects.filter(full_name__icontains=name, erased_at__isnull=True).exclude(
        pk__in=people
    )
    return not others.exists() and not User.objects.filter(full_name__icontains=name).exists()


def copies_of(
    identity: PersonIdentity, model: type[Model], columns: Sequence[str]
) -> QuerySet[Any]:
    """The rows of `model` whose `columns` mention the person: one query."""
    json_columns = {c for c in columns if isinstance(model._meta.get_field(c), JSONField)}
    rows = model._default_manager.annotate(
        **{f"{c}_as_text": Cast(c, TextField()) for c in json_columns}
    )
    found = Q()
    for column in columns:
        found |= identity.condition(f"{column}_as_text" if column in json_columns else column)
    return rows.filter(found) if found else rows.none()


def outbox_scrub(ids: list[int], application_ids: list[int], identity: PersonIdentity) -> None:
    """Messages to the person lose their text (unsent ones are cancelled: there is no
    address any more); HR's notices about the request lose the name."""
    now = timezone.now()
    theirs = OutboxMessage.objects.filter(
        Q(candidate_ref__in=ids) | Q(application_ref__in=application_ids)
    )
    theirs.filter(status=OutboxMessage.Status.PENDING).update(
        status=OutboxMessage.Status.CANCELLED, lease_until=None, updated_at=now
    )
    theirs.update(
        recipient="", subject="", body="", variables={}, attachments=[], last_error="",
        updated_at=now,
    )  # fmt: skip
    DeliveryAttempt.objects.filter(message__in=theirs.values("pk")).update(detail="")
    requests = DeletionRequest.objects.filter(candidate__in=ids).values_list("pk", flat=True)
    about = Q()
    for pk in requests:
        about |= Q(idempotency_key__startswith=f"deletion_request:{pk}:")
    if about:
        notices = OutboxMessage.objects.filter(about)
        rows_redact(OutboxMessage, notices, identity, ("subject", "body", "variables"))


def audit_scrub(ids: list[int], gone: dict[type[Model], list[int]]) -> None:
    """Entries about the person's records keep who, what and when; their text goes."""
    targets: dict[type[Model], list[int]] = {Candidate: ids, **gone}
    about = Q()
    for model, pks in targets.items():
        if pks:
            kind = ContentType.objects.get_for_model(model)
            about |= Q(target_type=kind, target_id__in=[str(pk) for pk in pks])
    candidate_type = ContentType.objects.get_for_model(Candidate)
    events = list(AuditEvent.objects.filter(about).only("target_type", "target_id", "changes"))
    for event in events:
        is_person = event.target_type_id == candidate_type.pk
        event.target_label = ERASED_NAME.format(pk=event.target_id) if is_person else REDACTED
        event.changes = _texts_mapped(event.changes, lambda _text: REDACTED, keys=False)
    AuditEvent.objects.bulk_update(events, ["target_label", "changes"], batch_size=500)


def _texts_mapped(value: Any, change: Callable[[str], str], keys: bool = True) -> Any:
    """A JSON value with `change` applied to every text (and key); numbers stay."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [_texts_mapped(item, change, keys) for item in value]
    if isinstance(value, dict):
        return {
            (change(k) if keys else k): _texts_mapped(v, change, keys) for k, v in value.items()
        }
    return value


def vendor_data_scrub(identity: PersonIdentity, application_ids: list[int]) -> int:
    """Vendor payloads about the person, encrypted or packed (so not searchable in SQL):
    held payloads deleted, webhook payloads dropped, pending pulled records removed.

    Held payloads are decrypted and read (few: unmatched or broken deliveries, the
    ones no reference reaches); webhook events are found through our reference, the
    vendor's result ids and the holds they caused.
    """
    refs = [candidate_ref(Application(pk=pk)) for pk in application_ids]
    held = vendor.HeldPayload.objects.filter(
        Q(external_candidate_ref__in=refs) | Q(candidate_email__in=identity.emails)
    )
    doomed = set(held.values_list("pk", flat=True))
    for pk, raw in (
        vendor.HeldPayload.objects.exclude(pk__in=doomed).values_list("pk", "raw").iterator()
    ):
        if identity.mentioned_in(bytes(raw or b"").decode("utf-8", "replace")):
            doomed.add(pk)
    held_events = vendor.HeldPayload.objects.filter(pk__in=doomed).values_list(
        "webhook_event", flat=True
    )
    linked = (
        Q(pk__in=[pk for pk in held_events if pk])
        | Q(
            subject_external_id__in=Assessment.objects.filter(
                application__in=application_ids
            ).values("external_id"),
            subject_external_id__gt="",
        )
        | Q(
            pk__in=vendor.IngestTrace.objects.filter(candidate_ref__in=refs).values("webhook_event")
        )
    )
    events = set(vendor.WebhookEvent.objects.filter(linked).values_list("pk", flat=True))
    vendor.HeldPayload.objects.filter(pk__in=doomed).delete()
    vendor.WebhookEvent.objects.filter(pk__in=events).update(payload=None)
    return len(doomed) + len(events) + _pulled_records_drop(identity, set(refs))


def _pulled_records_drop(identity: PersonIdentity, refs: set[str]) -> int:
    """Records about the person waiting in pulled batches: dropped, so that recording
    them later cannot bring the data back."""
    dropped = 0
    for batch in vendor.PulledBatch.objects.order_by("pk").iterator(chunk_size=50):
        records = decode_records(bytes(batch.records))
        kept = [
            record
            for record in records
            if record.ordering_key not in refs
            and not identity.mentioned_in(
                record.ordering_key + json.dumps(record.body, ensure_ascii=False)
            )
        ]
        if len(kept) == len(records):
            continue
        dropped += len(records) - len(kept)
        if kept:
            batch.records, batch.count = encode_records(kept), len(kept)
            batch.save(update_fields=["records", "count"])
        else:
            batch.delete()
    return dropped


def rows_redact(
    model: type[Model], rows: Any, identity: PersonIdentity, columns: Sequence[str]
) -> int:
    """Replace every name, e-mail and phone of the person in these rows' columns."""
    patterns = identity.patterns()

    def redact(text: str) -> str:
        for pattern in patterns:
            text = pattern.sub(REDACTED, text)
        return text

    found = list(rows.only("pk", *columns))
    for row in found:
        for column in columns:
            setattr(row, column, _texts_mapped(getattr(row, column), redact))
    model._default_manager.bulk_update(found, columns, batch_size=500)
    return len(found)
