"""The seed's voluntary self-identification, and the one adverse impact it hides."""

from collections import Counter

import pytest
from django.db.models import Min

from recruiting.models import (
    Application,
    Candidate,
    Job,
    SelfIdentification,
    StageKind,
    StageTransition,
)
from recruiting.models.self_identification import UNDISCLOSED
from recruiting.seeding.builder import seed_database
from recruiting.seeding.identities import DISCLOSED_SHARE
from recruiting.seeding.plan import ADVERSE_AGE_BANDS, POSITION_FILLED
from tests.recruiting.seeding.conftest import NOW

pytestmark = pytest.mark.django_db


def test_six_in_ten_candidates_give_it_with_plausible_answers(seeded):
    given = SelfIdentification.objects.all()
    candidates = Candidate.objects.count()
    assert seeded["self-identifications"] == given.count()
    assert DISCLOSED_SHARE - 0.04 < given.count() / candidates < DISCLOSED_SHARE + 0.04
    for field in ("gender", "age_band", "ethnicity", "disability"):
        choices = {value for value, _label in SelfIdentification._meta.get_field(field).choices}
        counts = Counter(given.values_list(field, flat=True))
        assert set(counts) <= choices
        assert counts[UNDISCLOSED] / given.count() < 0.12  # most answer each question
    genders = Counter(given.values_list("gender", flat=True))
    assert 0.35 < genders["female"] / given.count() < 0.5
    ethnicities = Counter(given.values_list("ethnicity", flat=True))
    assert ethnicities["han"] > 8 * ethnicities["minority"] > 0
    # Given with the first application, on the careers site's form.
    first = dict(
        Candidate.objects.annotate(first=Min("applications__applied_at")).values_list("pk", "first")
    )
    assert all(row.provided_at == first[row.candidate_id] for row in given)


def test_older_applicants_pass_the_first_interview_less_often_in_the_plant_jobs(recruiter):
    """The fairness report's finding: in the plant's experienced-hire jobs (here last
    year's drive, large enough to judge) applicants aged 45+ pass the first interview at
    under four fifths of the others' rate; at the AI interview before it they do not."""
    seed_database(applications=200, jobs=4, seed=5, now=NOW, drive=8000)
    plant = Job.objects.filter(status=Job.Status.CLOSED)
    assert _impact_ratio(plant, StageKind.INTERVIEW) < 0.8
    assert _impact_ratio(plant, StageKind.AI_INTERVIEW) > 0.9


def _impact_ratio(jobs, kind: str) -> float:
    """Selection rate at the jobs' first stage of `kind` of those aged 45+ over the
    others' (those who told their age): of the applications decided there, the share
    that moved on; rejected for a filled position, withdrawn or waiting is no decision."""
    ages = dict(
        SelfIdentification.objects.exclude(age_band=UNDISCLOSED).values_list(
            "candidate_id", "age_band"
        )
    )
    counts = {True: [0, 0], False: [0, 0]}
    for job in jobs:
        stage = job.stages.filter(kind=kind).order_by("position").first()
        left = StageTransition.objects.filter(application__job=job, from_stage=stage)
        moved = left.exclude(to_stage=stage)
        refused = left.filter(to_stage=stage, to_status=Application.Status.REJECTED).exclude(
            rejection_reason__code=POSITION_FILLED
        )
        for queryset, selected in ((moved, True), (refused, False)):
            for candidate in queryset.values_list("application__candidate_id", flat=True):
                if candidate in ages:
                    older = ages[candidate] in ADVERSE_AGE_BANDS
                    counts[older][0] += 1
                    counts[older][1] += selected
    (older_decided, older_selected), (others_decided, others_selected) = counts[True], counts[False]
    assert older_decided >= 150
    return (older_selected / older_decided) / (others_selected / others_decided)
