"""Screening: save a rule as a new version; run a job's rules on an application.

`applications_screen` gathers the applications' scores, lets each rule that
covers its stage decide (recruiting.screening.rules), stores the decision with its
inputs and rule version, and acts on it: an advance moves the application on,
a reject ends it only where the rule's version says so (otherwise a person
confirms it in the review queue, as for a hold). The same inputs decided again
by the same version change nothing.
"""

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Avg, Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.competencies.models import Dimension
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from recruiting.lock_objects import applications_lock
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
from recruiting.screening.rules import (
    MissingPolicy,
    Outcome,
    Part,
    RuleSpec,
    Source,
    decide,
    spec_problems,
)
from recruiting.services.applications import (
    application_bulk_move,
    application_bulk_reject,
)
from recruiting.services.card_scores import COUNTED_SCORING, attempt_ordering

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


@transaction.atomic
def applications_screen(*, application_ids: set[int]) -> list[ScreeningDecision]:
    """Screen the applications that a rule covers where they stand; the decisions made now.

    Called with every application whose scores just changed (a page of vendor
    results, a written test entered), in the transaction that changed them: most
    have no rule, and cost nothing more. Set-based - a fixed number of queries
    for the whole set: lock the covered applications, read the rules' latest
    versions, the scores and the earlier decisions, store the new decisions in
    one INSERT, then move or end the applications in one bulk action per rule.
    """
    if not application_ids:
        return []
    covering = ScreeningRule.objects.filter(job_id=OuterRef("job_id"), is_active=True).filter(
        Q(stage__isnull=True) | Q(stage_id=OuterRef("stage_id"))
    )
    applications = list(
        applications_lock(application_ids)
        .filter(status=Application.Status.ACTIVE)
        .filter(Exists(covering))
        .select_related("stage", "job")
    )
    if not applications:
        return []
    versions = _latest_versions({application.job_id for application in applications})
    inputs = screening_inputs_many(applications, versions)
    previous = _previous_decisions([application.pk for application in applications])
    made: list[ScreeningDecision] = []
    superseded: list[int] = []
    acted: set[int] = set()
    for application in applications:
        for version in versions.get(application.job_id, []):
            covers = version.rule.stage_id in (None, application.stage_id)
            if not covers or application.pk in acted:
                continue
            decision = _decide(application, version, inputs[application.pk], previous, superseded)
            if decision is None:
                continue
            made.append(decision)
            if decision.state == State.APPLIED:
                acted.add(application.pk)  # moved or ended: later rules judge it afresh
    if superseded:
        ScreeningDecision.objects.filter(pk__in=superseded).update(state=State.SUPERSEDED)
    ScreeningDecision.objects.bulk_create(made)
    _act(made)
    return made


def application_screen(*, application: Application) -> list[ScreeningDecision]:
    """Run the job's rules that cover the application's stage; the decisions made now."""
    return applications_screen(application_ids={application.pk})


def _latest_versions(job_ids: set[int]) -> dict[int, list[ScreeningRuleVersion]]:
    """Each active rule's latest version, per job, in rule order (one query)."""
    latest = (
        ScreeningRuleVersion.objects.filter(rule__job_id__in=job_ids, rule__is_active=True)
        .select_related("rule", "advance_to", "reject_reason")
        .order_by("rule_id", "-number")
        .distinct("rule_id")
    )
    versions: dict[int, list[ScreeningRuleVersion]] = {}
    for version in latest:
        versions.setdefault(version.rule.job_id, []).append(version)
    return versions


def _previous_decisions(application_ids: list[int]) -> dict[tuple[int, int], ScreeningDecision]:
    """The latest standing decision of each (application, rule), in one query."""
    rows = (
        ScreeningDecision.objects.filter(application_id__in=application_ids)
        .exclude(state=State.SUPERSEDED)
        .select_related("version")
        .order_by("application_id", "version__rule_id", "-created_at", "-pk")
        .distinct("application_id", "version__rule_id")
    )
    return {(row.application_id, row.version.rule_id): row for row in rows}


def screening_inputs_many(
    applications: Sequence[Application],
    versions: dict[int, list[ScreeningRuleVersion]],
) -> dict[int, dict[str, Decimal | None]]:
    """Every score the rules may use, per application and part key (None: not scored yet).

    Card scores come with the applications; the interview-feedback average in
    one query; AI dimension scores only when a rule asks for them, from the AI
    attempt that counts under each job's retake policy (one query per policy).
    """
    ids = [application.pk for application in applications]
    feedback = dict(
        Assessment.objects.filter(
            application_id__in=ids,
            kind=Assessment.Kind.INTERVIEW_FEEDBACK,
            status=Assessment.Status.COMPLETED,
            overall_score__isnull=False,
        )
        .values("application_id")
        .annotate(average=Avg("overall_score"))
        .values_list("application_id", "average")
    )
    inputs: dict[int, dict[str, Decimal | None]] = {
        application.pk: {
            Source.AI_OVERALL.value: application.ai_score,
            Source.WRITTEN_TEST.value: application.written_test_score,
            Source.RESUME_MATCH.value: application.resume_match_score,
            Source.INTERVIEW_FEEDBACK.value: None
            if feedback.get(application.pk) is None
            else Decimal(feedback[application.pk]).quantize(Decimal("0.01")),
        }
        for application in applications
    }
    wanted = {
        part.dimension
        for job_versions in versions.values()
        for version in job_versions
        for part in version.spec().parts
        if part.source == Source.AI_DIMENSION
    }
    if wanted:
        for application_id, code, score in _counted_dimension_scores(applications, wanted):
            inputs[application_id][f"{Source.AI_DIMENSION}:{code}"] = score
    return inputs


def _counted_dimension_scores(
    applications: Sequence[Application], codes: set[str]
) -> list[tuple[int, str, Decimal | None]]:
    by_policy: dict[str, list[int]] = {}
    for application in applications:
        by_policy.setdefault(application.job.retake_policy, []).append(application.pk)
    rows: list[tuple[int, str, Decimal | None]] = []
    for policy, ids in by_policy.items():
        counted = (
            Assessment.objects.filter(
                application=OuterRef("assessment__application_id"),
                kind=Assessment.Kind.AI_INTERVIEW,
                status=Assessment.Status.COMPLETED,
                scoring_status__in=COUNTED_SCORING,
            )
            .order_by(*attempt_ordering(policy))
            .values("pk")[:1]
        )
        rows += list(
            AssessmentDimensionScore.objects.filter(
                assessment__application_id__in=ids,
                dimension__code__in=codes,
                assessment_id=Subquery(counted),
            ).values_list("assessment__application_id", "dimension__code", "score")
        )
    return rows


def dimension_names_for(decisions: Iterable[ScreeningDecision]) -> dict[str, str]:
    """The names (in the active language) of the AI dimensions the decisions' parts
    name, by code: one query for a page of decisions, none when no part is a dimension."""
    codes = {
        key.partition(":")[2]
        for decision in decisions
        for key in [part["key"] for part in decision.inputs.get("parts", [])]
        + list(decision.inputs.get("missing", []))
        if key.startswith(f"{Source.AI_DIMENSION}:")
    }
    if not codes:
        return {}
    return {
        dimension.code: str(dimension) for dimension in Dimension.objects.filter(code__in=codes)
    }


def _part_label(key: str, dimension_names: Mapping[str, str]) -> str:
    """A part's key ("ai_overall", "ai_dimension:communication") in words."""
    names = {
        Source.AI_OVERALL: _("AI interview"),
        Source.AI_DIMENSION: _("AI"),
        Source.RESUME_MATCH: _("resume match"),
        Source.WRITTEN_TEST: _("written test"),
        Source.INTERVIEW_FEEDBACK: _("interview feedback"),
    }
    source, _sep, dimension = key.partition(":")
    try:
        name = names[Source(source)]
    except ValueError:  # a source this code no longer knows: its key rather than nothing
        return key
    if not dimension:
        return name
    return _("%(source)s: %(dimension)s") % {
        "source": name,
        "dimension": dimension_names.get(dimension, dimension),
    }


def decision_explain(
    decision: ScreeningDecision, *, dimension_names: Mapping[str, str] | None = None
) -> str:
    """The decision in plain words, e.g. "advanced by rule 'Campus screening' v3:
    composite 84.40 = 0.6 x AI interview 88 + 0.4 x written test 79" (with a times sign).

    Pass `dimension_names` (dimension_names_for) when explaining a list, so that AI
    dimensions are named without a query per decision."""
    if dimension_names is None:
        dimension_names = dimension_names_for([decision])
    terms = []
    for part in decision.inputs.get("parts", []):
        label = _part_label(part["key"], dimension_names)
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
        missing = _(", ").join(
            _part_label(key, dimension_names) for key in decision.inputs.get("missing", [])
        )
        return f"{head}: " + _("missing %(parts)s") % {"parts": missing}
    return f"{head}: " + _("composite %(value)s = %(terms)s") % {
        "value": decision.composite,
        "terms": " + ".join(terms),
    }


def _plain(value: Decimal) -> str:
    """88.00 as "88", 0.60 as "0.6": never "7E+1", which is what normalize() alone gives 70."""
    return f"{value.normalize():f}"


def _decide(
    application: Application,
    version: ScreeningRuleVersion,
    inputs: dict[str, Decimal | None],
    previous: dict[tuple[int, int], ScreeningDecision],
    superseded: list[int],
) -> ScreeningDecision | None:
    """The decision of one rule version on one application, not yet stored; None when the
    same scores were already decided by the same version."""
    verdict = decide(version.spec(), inputs)
    stored = {
        "parts": [
            {"key": part.key, "weight": str(weight), "score": str(score)}
            for part, weight, score in verdict.composite.used
        ],
        "missing": [part.key for part in verdict.composite.missing],
    }
    earlier = previous.get((application.pk, version.rule_id))
    if earlier is not None and earlier.version_id == version.pk and earlier.inputs == stored:
        return None  # the same scores decided by the same version: nothing new
    if earlier is not None and earlier.state in (State.REVIEW, State.WAITING):
        superseded.append(earlier.pk)
    outcome = verdict.outcome
    if outcome == Outcome.ADVANCE:
        # Move on, never back: an application at or past the stage stays where it is.
        moves = version.advance_to.position > application.stage.position
        state = State.APPLIED if moves else State.SUPERSEDED
    elif outcome == Outcome.REJECT and version.auto_reject and version.reject_reason:
        state = State.APPLIED
    elif outcome in (Outcome.REJECT, Outcome.HOLD):
        state = State.REVIEW
    else:
        state = State.WAITING
    return ScreeningDecision(
        application=application,
        version=version,
        inputs=stored,
        composite=verdict.composite.value,
        outcome=outcome.value,
        state=state,
    )


def _act(decisions: list[ScreeningDecision]) -> None:
    """Carry out the applied decisions: one bulk move or reject per rule version."""
    moves: dict[int, tuple[ScreeningRuleVersion, list[int]]] = {}
    rejects: dict[int, tuple[ScreeningRuleVersion, list[int]]] = {}
    for decision in decisions:
        if decision.state != State.APPLIED:
            continue
        target = moves if decision.outcome == Outcome.ADVANCE else rejects
        target.setdefault(decision.version.pk, (decision.version, []))[1].append(
            decision.application_id
        )
    for version, ids in moves.values():
        application_bulk_move(
            application_ids=ids, to_stage=version.advance_to, rule=rule_label(version)
        )
    for version, ids in rejects.values():
        assert version.reject_reason is not None
        application_bulk_reject(
            application_ids=ids, reason=version.reject_reason, rule=rule_label(version)
        )


def rule_label(version: ScreeningRuleVersion) -> str:
    """How a rule version signs what it did: "Campus screening v3"."""
    return f"{version.rule.name} v{version.number}"
