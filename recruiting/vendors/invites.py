"""Inviting a candidate to a vendor's AI interview when their application enters that stage.

The vendor call happens outside any transaction; its idempotency key comes
from (connection, application, test), so a retried task gets the vendor's
first answer back instead of a second invitation. The interview id is stored
before the candidate is told, and the message is queued in the outbox.
"""

import hashlib
import re
from collections.abc import Sequence

from celery import current_app
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.core.errors import ApplicationError
from integrations.connections import adapter_for
from integrations.contracts import InviteRequest
from integrations.models import DeadLetter, VendorConnection
from recruiting.models import Application, Assessment, Stage
from recruiting.models.jobs import StageKind
from recruiting.services.candidate_notices import applications_notify
from recruiting.task_names import APPLICATION_INVITE
from recruiting.vendors.refs import candidate_ref
from recruiting.vendors.selectors import invite_target
from recruiting.vendors.sync_runs import dead_letter

INVITE_TASK = APPLICATION_INVITE
CJK = re.compile(r"[\u4e00-\u9fff]")
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "令狐",
    }
)


def invites_queue(*, application_ids: Sequence[int], stage: Stage) -> None:
    """After commit, one invite task per application moved into an AI-interview stage."""
    if stage.kind != StageKind.AI_INTERVIEW or not application_ids:
        return
    ids, stage_id = list(application_ids), stage.pk

    def send() -> None:
        for application_id in ids:
            current_app.send_task(INVITE_TASK, args=[application_id, stage_id])

    transaction.on_commit(send)


def name_parts(full_name: str) -> tuple[str, str]:
    """(given, family) for vendors that want both: "Megan Adams" -> ("Megan", "Adams");
    a Chinese name puts the family first: "欧阳娜娜" -> ("娜娜", "欧阳"), "张伟" -> ("伟", "张")."""
    name = " ".join(full_name.split())
    if " " in name:
        given, _space, family = name.rpartition(" ")
        return given, family
    if CJK.search(name) and len(name) > 1:
        family = name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]
        return name[len(family) :], family
    return name, name


def idempotency_key(connection: VendorConnection, application: Application, test_id: str) -> str:
    digest = hashlib.sha256(f"{connection.uuid}:{application.pk}:{test_id}".encode())
    return f"hrflow-{digest.hexdigest()[:40]}"


def application_invite(*, application_id: int, stage_id: int) -> Assessment | None:
    """Invite the application's candidate, once; None when there is nothing to do."""
    application = (
        Application.objects.select_related("candidate", "job", "stage", "stage__vendor_connection")
        .filter(pk=application_id)
        .first()
    )
    if (
        application is None
        or application.status != Application.Status.ACTIVE
        or application.stage_id != stage_id
    ):
        return None  # moved on (or away) before the task ran
    target = invite_target(application.stage)
    if target is None:
        raise ApplicationError(
            _("No vendor connection and test are set for the stage %(stage)s.")
            % {"stage": application.stage.name}
        )
    connection, test_id = target
    key = idempotency_key(connection, application, test_id)
    existing = Assessment.objects.filter(
        source=connection.source_key, external_id=f"invite:{key}"
    ).first()
    if existing is not None and existing.external_interview_id:
        return existing
    candidate = application.candidate
    given, family = name_parts(candidate.full_name)
    adapter = adapter_for(connection)
    try:
        invitation = adapter.invite(
            InviteRequest(
                test_id=test_id,
                candidate_ref=candidate_ref(application),
                first_name=given,
                last_name=family,
                full_name=candidate.full_name,
                email=candidate.email,
                mobile=candidate.phone,
                idempotency_key=key,
            )
        )
    finally:
        adapter.close()
    with transaction.atomic():
        assessment, _created = Assessment.objects.update_or_create(
            source=connection.source_key,
            external_id=f"invite:{key}",
            defaults={
                "application": application,
                "kind": Assessment.Kind.AI_INTERVIEW,
                "status": Assessment.Status.INVITED,
                "scoring_status": Assessment.Scoring.NONE,
                "external_interview_id": invitation.external_interview_id,
                "invite_url": invitation.invite_url,
                "invite_expires_at": invitation.expires_at,
            },
        )
        _tell_candidate(application, assessment)
    return assessment


def _tell_candidate(application: Application, assessment: Assessment) -> None:
    """The invitation with its link, on the candidate's channels (once per assessment)."""
    expires = assessment.invite_expires_at
    applications_notify(
        applications=[application],
        event="ai_interview_invitation",
        key=f"assessment{assessment.pk}",
        values={
            application.pk: {
                "interview_link": assessment.invite_url,
                "expires_at": timezone.localtime(expires).strftime("%Y-%m-%d %H:%M")
                if expires
                else "",
            }
        },
    )


def invite_gave_up(*, application_id: int, stage_id: int, error: str, attempts: int) -> bool:
    """An invitation that failed for good becomes a dead letter on the stage's connection
    (False: the stage has no connection to file it under, nothing was written)."""
    stage = Stage.objects.select_related("vendor_connection").filter(pk=stage_id).first()
    target = invite_target(stage) if stage else None
    if target is None:
        return False
    dead_letter(
        connection=target[0],
        kind=DeadLetter.Kind.INVITE,
        reference=f"invite:{application_id}:{stage_id}",
        error=error,
        attempts=attempts,
    )
    return True
