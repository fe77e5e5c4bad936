"""A small seed with last year's drive, shared by the seeding tests of this folder."""

from datetime import UTC, datetime

import pytest

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from recruiting.seeding.builder import seed_database
from tests.hrflow.factories import UserFactory

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
APPLICATIONS = 3000
DRIVE = 1500


@pytest.fixture
def recruiter() -> User:
    """The demo recruiter, who moves the seeded cards and types results in."""
    return UserFactory(email="recruiter@hrflow.local", roles=[Role.RECRUITER])


@pytest.fixture
def seeded(recruiter: User) -> dict[str, int]:
    return seed_database(applications=APPLICATIONS, jobs=10, seed=5, now=NOW, drive=DRIVE).rows
