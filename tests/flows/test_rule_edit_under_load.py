"""A rule edited while results are flowing (issue 5, rule edge cases), with a real worker.

300 results are pulled and decided by the worker; when about a fifth are decided,
HR saves version 2 of the rule with a lower "advance at". Every application is
decided once, by one version or the other; each decision agrees with the
thresholds of the version it cites; both versions decided some; and the cards of
the advanced ones moved.
"""

from decimal import Decimal

import pytest

from recruiting.models import Application, ScreeningDecision, StageKind
from recruiting.screening.rules import MissingPolicy, Part, Source
from recruiting.screening.services import screening_rule_save
from recruiting.vendors.refs import candidate_ref
from tests.recruiting.factories import ApplicationFactory, reason
from tests.recruiting.vendors.harness import Harness, wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
RESULTS = 300


@pytest.fixture
def vuesim(celery_worker_process):
    running = Harness("vuesim")
    yield running
    running.close()


def test_a_rule_saved_mid_flow_decides_each_result_once_by_one_version(vuesim):
    from recruiting.tasks import connection_sync_task

    job = vuesim.job
    applications = vuesim.applications + [
        ApplicationFactory(job=job) for _ in range(RESULTS - len(vuesim.applications))
    ]
    ai = job.stages.get(kind=StageKind.AI_INTERVIEW)
    onsite = job.stages.filter(kind=StageKind.INTERVIEW).order_by("position").first()
    Application.objects.filter(job=job).update(stage=ai)
    arguments = {
        "job": job,
        "stage": ai,
        "name": "Campus screening",
        "parts": [Part(Source.AI_OVERALL, Decimal(1))],
        "missing": MissingPolicy.WAIT,
        "advance_to": onsite,
        "reject_below": Decimal(60),
        "reject_reason": reason("score_below_threshold"),
    }
    first = screening_rule_save(**arguments, advance_at=Decimal(80))
    vuesim.control("POST", "config", {"rate_limit": 0})
    vuesim.control(
        "POST", "bulk", {"count": RESULTS, "external_ids": [candidate_ref(a) for a in applications]}
    )
    vuesim.page_size(10)
    decisions = ScreeningDecision.objects.filter(application__job=job)

    connection_sync_task.delay(vuesim.connection.pk, "manual")
    wait_until(lambda: decisions.count() >= RESULTS // 5, every=0.02)
    second = screening_rule_save(**arguments, advance_at=Decimal(70), rule=first.rule)
    wait_until(lambda: decisions.count() >= RESULTS and vuesim.nothing_pending(), timeout=120)

    per_application = {}
    for decision in decisions.select_related("version", "application"):
        assert decision.application_id not in per_application  # once each
        per_application[decision.application_id] = decision
        version = decision.version
        advances = decision.composite >= version.advance_at
        assert (decision.outcome == "advance") is advances, (decision.composite, version.number)
        if decision.outcome == "advance":
            assert decision.application.stage_id == onsite.pk  # the card moved
    assert len(per_application) == RESULTS
    used = {d.version_id for d in per_application.values()}
    assert used == {first.pk, second.pk}  # both versions decided some
