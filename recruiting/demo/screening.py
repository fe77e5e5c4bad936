"""The demo's screening rules: the out-of-the-box example on every AI-interview stage
that has no rule yet (the seed gives some jobs one of their own, recruiting.seeding.screening).

Used by `make demo` only, so that results arriving from the simulators are
decided at once: an AI score of 80 or more advances to the job's next interview
stage, under 60 is a suggested reject ("score below threshold") and anything
between waits in the review queue. The rules are ordinary ones, saved through
the same service as HR's.
"""

import random
from decimal import Decimal

from django.db import transaction

from recruiting.models import Candidate, Job, RejectionReason, SelfIdentification, Stage
from recruiting.models.jobs import StageKind
from recruiting.screening.rules import MissingPolicy, Part, Source
from recruiting.screening.services import screening_rule_save

# The rule's name is data HR types, so it is in the demo's language.
DEMO_RULE_NAMES = {"zh-hans": "AI面试自动筛选", "en": "AI interview screening"}


@transaction.atomic
def demo_screening_rules_ensure(*, language: str = "zh-hans") -> int:
    """A rule for each job's AI-interview stage that has none yet; how many were made.

    A job with an active rule of its own (seeded) keeps it: two rules on one stage
    would both decide each result."""
    reason = RejectionReason.objects.get(code="score_below_threshold")
    made = 0
    jobs = Job.objects.exclude(screening_rules__name__in=DEMO_RULE_NAMES.values()).exclude(
        screening_rules__is_active=True
    )
    for job in jobs.order_by("pk"):
        stages = list(job.stages.order_by("position"))
        ai = next((s for s in stages if s.kind == StageKind.AI_INTERVIEW), None)
        after = _next_interview(stages, ai)
        if ai is None or after is None:
            continue
        screening_rule_save(
            job=job,
            name=DEMO_RULE_NAMES[language],
            stage=ai,
            parts=[Part(Source.AI_OVERALL, Decimal(1))],
            missing=MissingPolicy.WAIT,
            advance_at=Decimal(80),
            advance_to=after,
            reject_below=Decimal(60),
            reject_reason=reason,
        )
        made += 1
    return made


def _next_interview(stages: list[Stage], ai: Stage | None) -> Stage | None:
    if ai is None:
        return None
    return next(
        (s for s in stages if s.position > ai.position and s.kind == StageKind.INTERVIEW), None
    )


# Made-up answers for the demo's fairness figures: about two in three demo
# candidates "gave" the voluntary self-identification, as on a real careers site
# (unless the seed gave them theirs: recruiting.seeding.identities).
DEMO_ANSWER_SHARE = 0.65


@transaction.atomic
def demo_self_identification_ensure(*, seed: int = 7) -> int:
    """Voluntary answers for the demo candidates that have none, once; how many were made.

    Demo data only (make demo): the careers site collects the real ones.
    """
    if SelfIdentification.objects.exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - reproducible made-up data, not secrets
    genders = ["female", "male", "female", "male", "undisclosed"]
    ages = ["under_25", "under_25", "25_34", "25_34", "35_44", "undisclosed"]
    made = [
        SelfIdentification(
            candidate_id=pk,
            gender=rng.choice(genders),
            age_band=rng.choice(ages),
            ethnicity=rng.choice(["han", "han", "han", "minority", "undisclosed"]),
            disability=rng.choice(["no", "no", "no", "no", "yes", "undisclosed"]),
        )
        for pk in Candidate.objects.order_by("pk").values_list("pk", flat=True)
        if rng.random() < DEMO_ANSWER_SHARE
    ]
    SelfIdentification.objects.bulk_create(made)
    return len(made)
