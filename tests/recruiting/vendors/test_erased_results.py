"""A vendor result that arrives after the person's data was erased (issue 6, erasure).

The scores still count in reports, but the vendor's payload names the person
(name, e-mail), so it is not stored again.
"""

import pytest

from recruiting.models import Assessment
from recruiting.privacy.erasure import candidate_erase
from recruiting.services.applications import application_reject
from tests.recruiting.factories import reason
from tests.recruiting.vendors.harness import Harness

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def harness():
    running = Harness("vuesim")
    yield running
    running.close()


def test_a_late_result_for_an_erased_person_keeps_the_score_not_the_payload(harness):
    erased, other = harness.applications[0], harness.applications[1]
    for application in (erased, other):
        harness.scenario("S1", application)
    application_reject(application=erased, reason=reason())
    candidate_erase(candidate=erased.candidate, actor=None)

    harness.sync_here()

    late = Assessment.objects.get(application=erased)
    assert late.overall_score is not None
    assert late.raw == {}
    assert late.media == {}
    kept = Assessment.objects.get(application=other)
    assert kept.raw != {}
