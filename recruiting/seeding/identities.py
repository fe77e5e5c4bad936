"""Who the candidates are, for the fairness report: voluntary self-identification.

Every made-up candidate has a gender, an age band, an ethnicity and a disability
status (the plan's adverse impact reads the age band, whether they tell it or
not); DISCLOSED_SHARE of them fill in the careers site's voluntary form, and of
those some prefer not to answer one question or another. The shares are rough
figures for applicants in China: mostly Han, few with a disability, campus
applicants nearly all under 25.
"""

import random
from datetime import datetime
from itertools import accumulate
from typing import NamedTuple

from hrflow.core.pgcopy import line
from recruiting.models.self_identification import UNDISCLOSED

DISCLOSED_SHARE = 0.6
# (value, weight) per question; UNDISCLOSED is "prefer not to say" on a form given.
GENDERS = (("female", 43), ("male", 53), ("other", 1), (UNDISCLOSED, 3))
CAMPUS_AGES = (("under_25", 86), ("25_34", 11), (UNDISCLOSED, 3))
EXPERIENCED_AGES = (
    ("under_25", 8),
    ("25_34", 41),
    ("35_44", 29),
    ("45_54", 14),
    ("55_plus", 4),
    (UNDISCLOSED, 4),
)
ETHNICITIES = (("han", 86), ("minority", 8), (UNDISCLOSED, 6))
DISABILITIES = (("no", 89), ("yes", 3), (UNDISCLOSED, 8))


class Identity(NamedTuple):
    gender: str
    age_band: str
    ethnicity: str
    disability: str
    disclosed: bool  # a SelfIdentification row exists


class IdentityDraw:
    """Draw identities from one random stream; equal ones share one tuple (a million
    candidates hold a few hundred distinct tuples)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._questions = {
            name: ([value for value, _w in table], list(accumulate(w for _v, w in table)))
            for name, table in (
                ("gender", GENDERS),
                ("campus", CAMPUS_AGES),
                ("experienced", EXPERIENCED_AGES),
                ("ethnicity", ETHNICITIES),
                ("disability", DISABILITIES),
            )
        }
        self._known: dict[Identity, Identity] = {}

    def identity(self, *, student: bool) -> Identity:
        drawn = Identity(
            self._pick("gender"),
            self._pick("campus" if student else "experienced"),
            self._pick("ethnicity"),
            self._pick("disability"),
            self._rng.random() < DISCLOSED_SHARE,
        )
        return self._known.setdefault(drawn, drawn)

    def _pick(self, question: str) -> str:
        values, cum_weights = self._questions[question]
        return self._rng.choices(values, cum_weights=cum_weights)[0]


SELF_IDENTIFICATION_FIELDS = [
    "candidate", "gender", "age_band", "ethnicity", "disability", "provided_at",
]  # fmt: skip


def self_identification_lines(
    candidate_ids: list[int], identities: list[Identity], since: list[datetime]
) -> list[str]:
    """One row per candidate who gave the form, with their first application (the
    careers site asks for it on the application form)."""
    return [
        line(
            pk,
            identity.gender,
            identity.age_band,
            identity.ethnicity,
            identity.disability,
            at,
        )
        for pk, identity, at in zip(candidate_ids, identities, since, strict=True)
        if identity.disclosed
    ]
