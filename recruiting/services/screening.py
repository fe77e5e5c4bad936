"""Screening: save a rule as a new version; run a job's rules on an application.

`application_screen` gathers the application's scores, lets each rule that
covers its stage decide (recruiting.screening), stores the decision with its
inputs and rule version, and acts on it: an advance moves the application on,
a reject ends it only where the rule's version says so (otherwise a person
confirms it in the review queue, as for a hold). The same inputs decided again
by the same version change nothing.
"""

from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from recruiting.models import (
    Application,
    Assessment,
    AssessmentDimensionScore,
    Job,
    RejectionReason,
    ScreeningDecision,
    ScreeningRule,
    ScreeningRuleVersion,
    Stage,
)
from recruiting.screening import (
    MissingPolicy,
    Outcome,
    Part,
    RuleSpec,
    Source,
    decide,
    spec_problems,
)
from recruiting.services.applications import application_move, application_reject
from recruiting.services.card_scores import counted_assessment

State = ScreeningDecision.State
TIMES = "\u00d7"  # the multiplication sign, as HR writes a weight times a score


@transaction.atomic
def screening_rule_save(
    *,
    job: Job,
    name: str,
    parts: Sequence[Part],
    missing: MissingPolicy,
    advance_at: Decimal,
    advance_to: Stage,
    reject_below: Decimal | None = None,
    reject_reason: RejectionReason | None = None,
    auto_reject: bool = False,
    stage: Stage | None = None,
    rule: ScreeningRule | None = None,
    actor: User | None = None,
    is_active: bool | None = None,
) -> ScreeningRuleVersion:
    """Create a rule, or give an existing one a new version; every problem is named.

    `is_active` switches the rule on or off (None: as it is; a new rule is on).
    An inactive rule decides nothing; its versions and decisions stay.
    """
    spec = RuleSpec(tuple(parts), missing, advance_at, reject_below)
    problems = spec_problems(spec)
    if not name.strip():
        problems.append(_("A rule needs a name."))
    if advance_to.job_id != job.pk or (stage is not None and stage.job_id != job.pk):
        problems.append(_("The stages must belong to this job."))
    if stage is not None and advance_to.position <= stage.position:
        problems.append(_("A rule advances to a later stage than the one it judges."))
    if reject_below is not None and reject_reason is None:
        problems.append(_("Say which rejection reason a reject gives."))
    if auto_reject and reject_below is None:
        problems.append(_("Rejecting without review needs a 'reject below' threshold."))
    if rule is not None and rule.job_id != job.pk:
        problems.append(_("This rule belongs to another job."))
    if problems:
        raise ApplicationError(" ".join(problems), extra={"problems": problems})
    if rule is None:
        rule = ScreeningRule.objects.create(
            job=job, stage=stage, name=name.strip(), is_active=is_active is not False
        )
    # The rule row is locked first, so two saves cannot take the same number.
    was_active = ScreeningRule.objects.select_for_update().get(pk=rule.pk).is_active
    active = was_active if is_active is None else is_active
    ScreeningRule.objects.filter(pk=rule.pk).update(
        name=name.strip(), stage=stage, is_active=active, updated_at=timezone.now()
    )
    last = rule.versions.aggregate(last=Max("number"))["last"] or 0
    version = ScreeningRuleVersion.objects.create(
        rule=rule,
        number=last + 1,
        parts=[
            {"source": part.source.value, "weight": str(part.weight), "dimension": part.dimension}
            for part in parts
        ],
        missing_policy=missing.value,
        advance_at=advance_at,
        advance_to=advance_to,
        reject_below=reject_below,
        reject_reason=reject_reason,
        auto_reject=auto_reject,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="recruiting.screening_rule_save",
        target=job,
        changes={
            "rule": rule.pk,
            "version": version.number,
            "parts": version.parts,
            "active": [was_active, active],
        },
    )
    return version


def applications_screen(*, application_ids: set[int]) -> list[ScreeningDecision]:
    """Screen the applications that a rule covers where they stand; one query finds them.

    Called with every application whose scores just changed (a page of vendor
    results, a written test entered): most have no rule, and cost nothing more.
    """
    if not application_ids:
        return []
    covered = (
        Application.objects.filter(pk__in=application_ids, status=Application.Status.ACTIVE)
        .filter(
            Exists(
                ScreeningRule.objects.filter(job_id=OuterRef("job_id"), is_active=True).filter(
                    Q(stage__isnull=True) | Q(stage_id=OuterRef("stage_id"))
                )
            )
        )
        .order_by("pk")
    )
    made: list[ScreeningDecision] = []
    for application in covered:
        made += application_screen(application=application)
    return made


@transaction.atomic
def application_screen(*, application: Application) -> list[ScreeningDecision]:
    """Run the job's rules that cover the application's stage; the decisions made now."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.ACTIVE:
        return []
    made = []
    inputs = screening_inputs(application)
    for version in _versions_covering(application):
        decision = _decide(application, version, inputs)
        if decision is not None:
            made.append(decision)
            application.refresh_from_db()
            if application.status != Application.Status.ACTIVE:
                break
    return made


def screening_inputs(application: Application) -> dict[str, Decimal | None]:
    """Every score a rule may use, by part key (None: not scored yet)."""
    inputs: dict[str, Decimal | None] = {
        Source.AI_OVERALL.value: application.ai_score,
        Source.WRITTEN_TEST.value: application.written_test_score,
        Source.RESUME_MATCH.value: application.resume_match_score,
    }
    ai = counted_assessment(application=application, kind=Assessment.Kind.AI_INTERVIEW)
    if ai is not None:
        for code, score in AssessmentDimensionScore.objects.filter(
            assessment=ai, dimension__isnull=False
        ).values_list("dimension__code", "score"):
            inputs[f"{Source.AI_DIMENSION}:{code}"] = score
    feedback = [
        score
        for score in Assessment.objects.filter(
            application=application,
            kind=Assessment.Kind.INTERVIEW_FEEDBACK,
            status=Assessment.Status.COMPLETED,
        ).values_list("overall_score", flat=True)
        if score is not None
    ]
    inputs[Source.INTERVIEW_FEEDBACK.value] = (
        (sum(feedback, Decimal(0)) / len(feedback)).quantize(Decimal("0.01")) if feedback else None
    )
    return inputs


def decision_explain(decision: ScreeningDecision) -> str:
    """The decision in plain words, e.g. "advanced by rule 'Campus screening' v3:
    composite 84.40 = 0.6 x AI interview 88 + 0.4 x written test 79" (with a times sign)."""
    names = {
        Source.AI_OVERALL: _("AI interview"),
        Source.AI_DIMENSION: _("AI"),
        Source.RESUME_MATCH: _("resume match"),
        Source.WRITTEN_TEST: _("written test"),
        Source.INTERVIEW_FEEDBACK: _("interview feedback"),
    }
    terms = []
    for part in decision.inputs.get("parts", []):
        source, _sep, dimension = part["key"].partition(":")
        label = f"{names[Source(source)]} {dimension}".strip()
        weight, score = _plain(Decimal(part["weight"])), _plain(Decimal(part["score"]))
        terms.append(f"{weight} {TIMES} {label} {score}")
    verbs = {
        Outcome.ADVANCE: _("advanced by rule"),
        Outcome.HOLD: _("held for review by rule"),
        Outcome.REJECT: _("rejection suggested by rule"),
        Outcome.WAITING: _("waiting for scores under rule"),
    }
    version = decision.version
    head = f"{verbs[Outcome(decision.outcome)]} '{version.rule.name}' v{version.number}"
    if decision.composite is None:
        missing = ", ".join(decision.inputs.get("missing", []))
        return f"{head}: " + _("missing %(parts)s") % {"parts": missing}
    return f"{head}: " + _("composite %(value)s = %(terms)s") % {
        "value": decision.composite,
        "terms": " + ".join(terms),
    }


def _plain(value: Decimal) -> str:
    """88.00 as "88", 0.60 as "0.6": never "7E+1", which is what normalize() alone gives 70."""
    return f"{value.normalize():f}"


def _versions_covering(application: Application) -> list[ScreeningRuleVersion]:
    rules = ScreeningRule.objects.filter(job_id=application.job_id, is_active=True).filter(
        Q(stage__isnull=True) | Q(stage_id=application.stage_id)
    )
    versions = []
    for rule in rules.order_by("pk"):
        latest = rule.versions.select_related("advance_to", "reject_reason", "rule").first()
        if latest is not None:
            versions.append(latest)
    return versions


def _decide(
    application: Application, version: ScreeningRuleVersion, inputs: dict[str, Decimal | None]
) -> ScreeningDecision | None:
    verdict = decide(version.spec(), inputs)
    stored = {
        "parts": [
            {"key": part.key, "weight": str(weight), "score": str(score)}
            for part, weight, score in verdict.composite.used
        ],
        "missing": [part.key for part in verdict.composite.missing],
    }
    previous = (
        ScreeningDecision.objects.filter(application=application, version__rule=version.rule)
        .exclude(state=State.SUPERSEDED)
        .order_by("-created_at", "-pk")
        .first()
    )
    if previous is not None and previous.version_id == version.pk and previous.inputs == stored:
        return None  # the same scores decided by the same version: nothing new
    if previous is not None and previous.state in (State.REVIEW, State.WAITING):
        ScreeningDecision.objects.filter(pk=previous.pk).update(state=State.SUPERSEDED)
    decision = ScreeningDecision.objects.create(
        application=application,
        version=version,
        inputs=stored,
        composite=verdict.composite.value,
        outcome=verdict.outcome.value,
        state=State.WAITING,
    )
    label = f"{version.rule.name} v{version.number}"
    if verdict.outcome == Outcome.ADVANCE:
        decision.state = _advance(application, version, label)
    elif verdict.outcome == Outcome.REJECT and version.auto_reject and version.reject_reason:
        application_reject(
            application=application, reason=version.reject_reason, rule=label, note=""
        )
        decision.state = State.APPLIED
    elif verdict.outcome in (Outcome.REJECT, Outcome.HOLD):
        decision.state = State.REVIEW
    decision.save(update_fields=["state"])
    return decision


def _advance(application: Application, version: ScreeningRuleVersion, label: str) -> str:
    """Move on, never back: an application already at or past the stage is left where it is."""
    current = Stage.objects.get(pk=application.stage_id)
    if version.advance_to.position <= current.position:
        return State.SUPERSEDED
    application_move(application=application, to_stage=version.advance_to, rule=label)
    return State.APPLIED


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

    The caller passes only ids the person may see (recruiting.selectors). A
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
    label = f"{version.rule.name} v{version.number}"
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
