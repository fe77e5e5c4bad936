"""The new rows are as repeatable as the rest: the same seed and `now`, the same rows."""

import hashlib

import pytest
from django.db import transaction

from recruiting.models import (
    Offer,
    ScreeningDecision,
    ScreeningRuleVersion,
    SelfIdentification,
    SurveyResponse,
)
from recruiting.seeding.builder import seed_database
from tests.recruiting.seeding.conftest import NOW

pytestmark = pytest.mark.django_db


def _fingerprint() -> str:
    """A digest of the offers, survey answers, self-identifications and screening rows,
    keys and ids left out."""
    querysets = [
        Offer.objects.values_list(
            "application__candidate__email", "status", "position_title", "salary",
            "start_date", "respond_by", "responded_at", "decline_reason", "created_at",
        ),
        SurveyResponse.objects.values_list(
            "application__candidate__email", "moment", "rating", "comment", "created_at"
        ),
        SelfIdentification.objects.values_list(
            "candidate__email", "gender", "age_band", "ethnicity", "disability", "provided_at"
        ),
        ScreeningRuleVersion.objects.values_list(
            "rule__job__title", "number", "auto_reject", "created_at"
        ),
        ScreeningDecision.objects.values_list(
            "application__candidate__email", "version__number", "composite", "outcome", "state",
            "decided_at", "created_at",
        ),
    ]  # fmt: skip
    digest = hashlib.sha256()
    for queryset in querysets:
        for row in sorted(map(repr, queryset)):
            digest.update(row.encode())
    return digest.hexdigest()


def _seed_and_fingerprint(seed: int) -> str:
    with transaction.atomic():
        seed_database(applications=1200, jobs=6, seed=seed, now=NOW, drive=400)
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return fingerprint


def test_the_same_seed_gives_the_same_new_rows_and_another_seed_others(recruiter):
    first, again, other = (_seed_and_fingerprint(seed) for seed in (7, 7, 8))

    assert first == again
    assert first != other
