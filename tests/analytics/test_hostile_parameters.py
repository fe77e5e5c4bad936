"""Hostile values in every parameter the report pages, their exports and the drill-downs
read give a page or a 4xx, never a 5xx, and never another job's figures.

tests/test_bad_input.py walks one report (validity); the parameters each report reads
from its query (tth_start, question, predictor, day_from, ...) are sent here to every
report key and to both drill-downs, one at a time, with each metric the drill-down knows.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from analytics.drilldown.predicates import TESTS
from analytics.facts.refresh import refresh_run
from analytics.reports.registry import reports_all
from hrflow.accounts.roles import Role
from recruiting.models import Application, StageTransition
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, JobFactory, recruiter_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HOSTILE = ["a\x00b", "²", "1" + "0" * 20, "NaN", "1e999999", "-1", "x" * 3000, "2025-02-30"]
# Every name the report code reads from a query (grep params / request.GET in analytics/).
PARAMETERS = (
    "start", "end", "department", "job", "source", "vendor", "grain", "format", "metric",
    "back", "before", "page", "period", "cohort", "day_from", "day_to", "stage", "event",
    "tth_start", "tth_end", "manual", "moment", "furthest", "outcome", "feedback_band",
    "question", "predictor", "model_version", "job_family", "rule_version", "stage_kind",
)  # fmt: skip


@pytest.fixture
def scene():
    mine, other = JobFactory(), JobFactory(title="Other team's secret job")
    applied = timezone.now() - timedelta(days=10)
    apps = [ApplicationFactory(job=mine), ApplicationFactory(job=other)]
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(applied_at=applied)
    StageTransition.objects.filter(application__in=apps).update(created_at=applied)
    refresh_run(full=True)
    hr = UserFactory(roles=[Role.HR_ADMIN])
    return hr, recruiter_for(mine), mine, other


def _urls() -> list[str]:
    return [f"/analytics/{spec.key}/" for spec in reports_all()] + [
        "/analytics/drill/applications/",
        "/analytics/drill/employees/",
    ]


def test_no_hostile_value_in_any_report_parameter_is_a_server_error(scene) -> None:
    hr, _recruiter, _mine, _other = scene
    client = Client(raise_request_exception=False)
    client.force_login(hr)
    failures = []

    def send(url: str, query: dict[str, str]) -> None:
        response = client.get(url, query)
        if response.status_code >= 500:
            shown = {key: value[:12] for key, value in query.items()}
            failures.append(f"{url} {shown}: {response.status_code}")

    for url in _urls():
        metrics = sorted(TESTS) if url.endswith("applications/") else [""]
        for metric in metrics:
            base = {"metric": metric} if metric else {}
            # Every parameter hostile at once, each value, on the page and its export ...
            for value in HOSTILE:
                everything = dict.fromkeys(PARAMETERS, value)
                send(url, {**everything, **base})
                send(url, {**everything, **base, "format": "csv"})
            # ... and one at a time, so a form error on one cannot hide the parsing of
            # another (for the drill-down, with its first metric: the rest share the form).
            if metric not in ("", metrics[0]):
                continue
            for name in PARAMETERS:
                for value in ("a\x00b", "²", "2025-02-30"):
                    send(url, {**base, name: value})
    assert failures == [], "\n".join(failures[:40])


def test_another_jobs_id_in_any_parameter_shows_none_of_its_figures(scene) -> None:
    _hr, recruiter, mine, other = scene
    client = Client()
    client.force_login(recruiter)
    for url in _urls():
        for name in ("job", "before", "department"):
            response = client.get(url, {name: other.pk, "metric": "reached", "stage": "applied"})
            assert response.status_code in (200, 400, 404), (url, name, response.status_code)
            assert other.title not in response.content.decode(), (url, name)
        exported = client.get(url, {"job": other.pk, "format": "csv"})
        assert other.title not in exported.content.decode(errors="replace"), url
    # The drill-down behind a figure of the other job lists none of its applications.
    listed = client.get(
        "/analytics/drill/applications/", {"metric": "reached", "stage": "applied", "job": other.pk}
    )
    assert listed.status_code in (200, 400)
    rows = listed.context["rows"] if listed.status_code == 200 and listed.context else []
    assert all(row.job_id == mine.pk for row in rows)
