"""People's actions that change what the screening rules read, and the rules run after them.

The recording services (interviewers' scorecards, a rescheduled panel, a written
test HR enters) record and say whether the application's counted results changed;
this module is the one place that then runs the application's rules, in the same
transaction, as recruiting.vendors.results does after a vendor's results.
So the services below screening never call it, and nothing needs a function-local
import to dodge the circle applications -> interviews -> scorecards -> assessments
-> screening -> applications.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction

from hrflow.accounts.models import User
from recruiting.contracts import DimensionResult
from recruiting.models import Application, Assessment
from recruiting.screening.services import applications_screen
from recruiting.services.assessments import written_test_record


@transaction.atomic
def written_test_enter(
    *,
    application: Application,
    score: Decimal,
    actor: User | None,
    dimensions: Sequence[DimensionResult] = (),
) -> Assessment:
    """HR enters (or corrects) a written-test score by hand; a change runs the rules."""
    assessment, changed = written_test_record(
        application=application, score=score, actor=actor, dimensions=tuple(dimensions)
    )
    if changed:
        applications_screen(application_ids={application.pk})
    return assessment
