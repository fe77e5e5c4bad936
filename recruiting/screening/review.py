"""The review queue's actions: a person settles decisions a screening rule left to them.

Confirm a suggested reject, advance, reject with a reason or keep - in bulk; going
against the rule's suggestion needs a note, and every settlement is audited.
"""

from collections.abc import Sequence
from enum import StrEnum

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from recruiting.models import Application, RejectionReason, ScreeningDecision, Stage
from recruiting.screening.rules import Outcome
from recruiting.screening.services import rule_label
from recruiting.services.applications import application_move, application_reject

State = ScreeningDecision.State


class ReviewAction(StrEnum):
    """What a person does with decisions waiting in the review queue."""

    CONFIRM = "confirm"  # do what the rule suggested: reject with the rule's reason
    ADVANCE = "advance"  # move on to the stage the rule advances to
    REJECT = "reject"  # end it with a reason the person picks
    KEEP = "keep"  # leave the application where it is


@transaction.atomic
def decisions_review(
    *,
    decision_ids: Sequence[int],
    action: ReviewAction,
    actor: User,
    note: str = "",
    reason: RejectionReason | None = None,
) -> int:
    """A person settles decisions waiting for review, in bulk; how many were settled.

    The caller resolves the ids through the person's scope (scoped_ids_or_404). A
    decision no longer waiting is left alone (two people settling the same
    queue at once); one whose application has ended meanwhile is superseded.
    Going against the rule's suggestion needs a note: the audit says why.
    """
    decisions = list(
        ScreeningDecision.objects.select_for_update(of=("self",))
        .filter(pk__in=decision_ids, state=State.REVIEW)
        .select_related("application", "version__rule", "version__advance_to")
        .order_by("pk")
    )
    if not decisions:
        return 0
    _check_review(decisions, action, note, reason)
    now = timezone.now()
    for decision in decisions:
        decision.state = _settle(decision, action, actor, note, reason)
        decision.decided_by, decision.decided_at, decision.note = actor, now, note[:2000]
        decision.save(update_fields=["state", "decided_by", "decided_at", "note"])
    audit_record(
        actor=actor,
        action="recruiting.screening_review",
        target=decisions[0].application.job,
        changes={
            "decisions": [d.pk for d in decisions],
            "action": action.value,
            "reason": reason.code if reason else "",
            "note": note[:2000],
        },
    )
    return len(decisions)


def _check_review(
    decisions: list[ScreeningDecision],
    action: ReviewAction,
    note: str,
    reason: RejectionReason | None,
) -> None:
    problems = []
    if action == ReviewAction.CONFIRM and any(d.outcome != Outcome.REJECT for d in decisions):
        problems.append(_("A hold has no suggestion to confirm: advance, reject or keep it."))
    if action == ReviewAction.REJECT and reason is None:
        problems.append(_("Pick the rejection reason."))
    if reason is not None and not reason.is_active:
        problems.append(_("This rejection reason is no longer used."))
    overriding = action != ReviewAction.CONFIRM and any(
        d.outcome == Outcome.REJECT for d in decisions
    )
    if overriding and not note.strip():
        problems.append(_("Say why you decide against the rule's suggestion."))
    if problems:
        raise ApplicationError(" ".join(problems), extra={"problems": problems})


def _settle(
    decision: ScreeningDecision,
    action: ReviewAction,
    actor: User,
    note: str,
    reason: RejectionReason | None,
) -> str:
    application, version = decision.application, decision.version
    if application.status != Application.Status.ACTIVE:
        return State.SUPERSEDED
    label = rule_label(version)
    if action == ReviewAction.CONFIRM:
        assert version.reject_reason is not None
        application_reject(
            application=application,
            reason=version.reject_reason,
            actor=actor,
            rule=label,
            note=note,
        )
        return State.CONFIRMED
    if action == ReviewAction.ADVANCE:
        current = Stage.objects.get(pk=application.stage_id)
        if version.advance_to.position > current.position:
            application_move(
                application=application, to_stage=version.advance_to, actor=actor, reason=note
            )
    elif action == ReviewAction.REJECT:
        assert reason is not None
        application_reject(application=application, reason=reason, actor=actor, note=note)
        if decision.outcome == Outcome.REJECT and reason.pk == version.reject_reason_id:
            return State.CONFIRMED
    return State.OVERRIDDEN
