"""What candidates are told, and on which channels: outbox rows for an event.

Called inside the transaction that changed the application, so the message and
the change commit together (docs/DESIGN.md, Notify). Each message's key names the
event and what it is about, so a repeated decision or a redelivered task
queues nothing new. The candidate's language and channel choices decide the
rows: e-mail and SMS if they allow them and we have the address, and always a
message in their portal.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from hrflow.notifications.channels.sms_aliyun import (
    sms_as_delivered,
    sms_is_configured,
    sms_template_language,
    sms_template_values,
)
from hrflow.notifications.events import Audience, Timing, event_for
from hrflow.notifications.models import NotificationSettings, OutboxMessage
from hrflow.notifications.rendering import render, templates_loaded
from hrflow.notifications.services import outbox_enqueue_many
from hrflow.notifications.timing import not_before, settings_current
from hrflow.org.selectors import company_current
from recruiting.models import Application, Candidate, Stage, StageKind

Channel = OutboxMessage.Channel


def portal_link() -> str:
    return f"{settings.HRFLOW_PUBLIC_URL.rstrip('/')}/portal/"


def candidate_channels(candidate: Candidate, *, texts: bool) -> list[str]:
    """Where this candidate hears from us, by their own choices (and SMS only once set up)."""
    channels = [str(Channel.PORTAL)]
    if candidate.email and candidate.notify_by_email:
        channels.append(str(Channel.EMAIL))
    if texts and candidate.phone and candidate.notify_by_sms and sms_is_configured():
        channels.append(str(Channel.SMS))
    return channels


def applications_notify(
    *,
    applications: Sequence[Application],
    event: str,
    key: str,
    values: Mapping[int, Mapping[str, Any]] | None = None,
    attachments: Mapping[int, Sequence[dict[str, str]]] | None = None,
    send_at: datetime | None = None,
) -> int:
    """Queue `event` for each application's candidate; how many messages were new.

    `key` names what the message is about beyond the application (an interview
    and its sequence, a stage); `values` and `attachments` add per-application
    variables and files; `send_at` holds them until then (a reminder), quiet
    hours still applying. Constant queries whatever the number of applications.
    """
    spec = event_for(event)
    if spec.audience != Audience.CANDIDATE or not applications:
        return 0
    loaded = _with_candidate_and_job(applications)
    policy = settings_current()
    company = company_current()
    wordings = templates_loaded([event])
    now = timezone.now()
    rows = []
    for application in loaded:
        candidate = application.candidate
        language = candidate.language or Candidate.Language.ZH_HANS
        variables = {
            "candidate_name": candidate.full_name,
            "job_title": application.job.title,
            "company_name": company.company_name,
            "portal_link": portal_link(),
            **(values or {}).get(application.pk, {}),
        }
        files = list((attachments or {}).get(application.pk, ()))
        for channel in candidate_channels(candidate, texts=spec.sms is not None):
            sent_in: str = language
            sent_values: Mapping[str, Any] = variables
            if channel == Channel.SMS:
                # A text goes out as the provider's registered template filled with
                # the values it receives: the row keeps exactly that text.
                sent_in, sent_values = sms_template_language(), sms_template_values(variables)
            wording = render(spec, channel, sent_in, sent_values, wordings)
            rows.append(
                OutboxMessage(
                    idempotency_key=f"{event}:{application.pk}:{key}:{channel}"[:200],
                    channel=channel,
                    event=event,
                    recipient=_address(candidate, channel),
                    subject=wording.subject,
                    body=sms_as_delivered(wording.body) if channel == Channel.SMS else wording.body,
                    language=sent_in,
                    not_before=_send_time(
                        spec.timing, channel, now, send_at, policy, zone=company.zone
                    ),
                    candidate_ref=candidate.pk,
                    application_ref=application.pk,
                    variables={name: str(value) for name, value in sent_values.items()},
                    attachments=files if channel == Channel.EMAIL else [],
                )
            )
    return outbox_enqueue_many(rows)


def stage_entry_notify(
    *, application_ids: Sequence[int], from_stages: Mapping[int, int], to_stage: Stage
) -> int:
    """Tell candidates who moved forward: past the AI interview, or to the offer.

    `from_stages` maps each moved application to the stage it left. Entering an
    AI-interview stage is not told here: the invitation carries its link.
    """
    if to_stage.kind == StageKind.OFFER:
        return applications_notify(
            applications=_stubs(application_ids), event="offer_sent", key=f"stage{to_stage.pk}"
        )
    left = {
        stage.pk: stage
        for stage in Stage.objects.filter(
            pk__in=set(from_stages.values()), kind=StageKind.AI_INTERVIEW
        )
    }
    passed = [
        pk
        for pk in application_ids
        if (stage := left.get(from_stages[pk])) is not None and stage.position < to_stage.position
    ]
    if not passed:
        return 0
    return applications_notify(
        applications=_stubs(passed),
        event="ai_interview_passed",
        key=f"stage{to_stage.pk}",
        values={pk: {"next_step": to_stage.name} for pk in passed},
    )


def _send_time(
    timing: Timing,
    channel: str,
    now: datetime,
    send_at: datetime | None,
    policy: NotificationSettings,
    *,
    zone: ZoneInfo,
) -> datetime | None:
    start = send_at if send_at is not None and send_at > now else now
    later = not_before(timing, channel, start, policy, zone=zone)
    if later is not None:
        return later
    return start if start > now else None


def _stubs(ids: Sequence[int]) -> list[Application]:
    return [Application(pk=pk) for pk in ids]


def _with_candidate_and_job(applications: Sequence[Application]) -> list[Application]:
    return list(
        Application.objects.filter(pk__in=[application.pk for application in applications])
        .select_related("candidate", "job")
        .order_by("pk")
    )


def _address(candidate: Candidate, channel: str) -> str:
    if channel == Channel.EMAIL:
        return candidate.email
    if channel == Channel.SMS:
        return candidate.phone
    return f"candidate:{candidate.pk}"
