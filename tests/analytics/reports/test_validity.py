"""The validity report: its statistics against SciPy on the same pairs, the power
rules, the range-restriction correction by hand, a synthetic applicant population,
plain words the right way round, and who may see it (HR admins only)."""

import math
import random
import statistics
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from scipy import stats

from analytics.drilldown.employees import hires_behind
from analytics.facts.refresh import refresh_run
from analytics.reports.filters import ReportFilter
from analytics.reports.shapes import Report, ReportTable
from analytics.reports.validity import validity_report
from employees.models import Employee, Outcome
from hrflow.accounts.roles import Role
from recruiting.hiring.services import application_hire
from recruiting.models import Assessment
from tests.analytics.reports.validity_scene import (
    applicants_write,
    correlated,
    pairs_write,
    wide_filter,
)
from tests.employees.hire_scene import hire_scene
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import JobFactory

pytestmark = pytest.mark.django_db
Z = stats.norm.ppf(0.975)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _table(report: Report, key: str) -> ReportTable:
    return next(table for table in report.tables if table.key == key)


def _row(report: Report, label: str, key: str = "correlations") -> list:
    table = _table(report, key)
    return next(list(row) for row in table.rows if row[0].text == label)


def _cells(report: Report, label: str, key: str = "correlations") -> dict:
    table = _table(report, key)
    row = _row(report, label, key)
    return {column.key: cell for column, cell in zip(table.columns, row, strict=True)}


PAIR = "Overall AI score × First review rating"


def test_pearson_and_spearman_equal_scipy_on_the_same_pairs() -> None:
    # Ratings 1..5 give the outcome ties, so Spearman's average ranks are exercised.
    rng = random.Random(3)
    pairs = []
    for x, y in correlated(120, 0.45, seed=3):
        pairs.append((x, float(min(5, max(1, round(3 + 1.2 * y + rng.gauss(0, 0.3)))))))
    pairs_write(pairs)
    xs, ys = [x for x, _ in pairs], [y for _, y in pairs]

    cells = _cells(validity_report(wide_filter(), {}), PAIR)

    expected = stats.pearsonr(xs, ys)
    low, high = expected.confidence_interval(0.95)
    assert cells["n"].value == 120
    assert cells["pearson"].value == pytest.approx(expected.statistic, abs=1e-4)
    assert cells["pearson"].text == f"{expected.statistic:.2f} [{low:.2f}, {high:.2f}]"
    rho = stats.spearmanr(xs, ys).statistic
    margin = Z * math.sqrt((1 + rho * rho / 2) / (120 - 3))  # Bonett-Wright
    rho_low, rho_high = math.tanh(math.atanh(rho) - margin), math.tanh(math.atanh(rho) + margin)
    assert cells["spearman"].value == pytest.approx(rho, abs=1e-4)
    assert cells["spearman"].text == f"{rho:.2f} [{rho_low:.2f}, {rho_high:.2f}]"
    assert cells["power"].text == "ok"


def test_twenty_five_pairs_are_not_enough_data_and_show_no_coefficient() -> None:
    pairs_write(correlated(25, 0.6, seed=1))
    applicants_write([x for x, _ in correlated(200, 0.6, seed=2)])

    report = validity_report(wide_filter(), {})
    cells = _cells(report, PAIR)

    assert cells["n"].value == 25
    for key in ("pearson", "spearman"):
        assert cells[key].value is None
        assert cells[key].text == "not enough data"
    assert cells["corrected"].value is None
    assert cells["power"].text == "not enough data"
    assert any("Not enough data yet" in line for line in report.headline)
    assert not any("r =" in line or "ρ =" in line for line in report.headline)


def test_fifty_pairs_are_shown_with_low_power() -> None:
    pairs_write(correlated(50, 0.7, seed=5))

    report = validity_report(wide_filter(), {})
    cells = _cells(report, PAIR)

    assert cells["pearson"].value is not None
    assert cells["power"].text == "low power"
    (line,) = [line for line in report.headline if line.startswith("Overall AI score:")]
    assert line.endswith("(low power)")
    assert "n = 50" in line


def test_range_restriction_matches_the_formula_by_hand() -> None:
    hires = correlated(40, 0.3, seed=11)
    pool = [round(60 + 15 * random.Random(12).gauss(0, 1), 2) for _ in range(10)]
    pool = [round(x, 2) for x in [*pool, 20.0, 95.5, 33.25, 88.0]]
    pairs_write(hires)
    applicants_write(pool)
    xs, ys = [x for x, _ in hires], [y for _, y in hires]

    cells = _cells(validity_report(wide_filter(), {}), PAIR)

    r = stats.pearsonr(xs, ys).statistic
    u = statistics.stdev(pool) / statistics.stdev(xs)
    corrected = r * u / math.sqrt(1 - r * r + r * r * u * u)
    assert cells["corrected"].value == pytest.approx(corrected, abs=1e-4)
    # Beside the observed value, never alone.
    assert cells["corrected"].text == f"{r:.2f} → {corrected:.2f} (u = {u:.2f})".replace("-", "−")


def test_synthetic_population_top_thirty_percent_hired() -> None:
    """5,000 applicants with true r = 0.50; hiring the top 30 % by score leaves an
    observed r near 0.28, and the correction brings it back to 0.50 +- 0.05."""
    population = correlated(5000, 0.5, seed=2024)
    cut = sorted(x for x, _ in population)[int(5000 * 0.7)]
    hires = [(x, y) for x, y in population if x >= cut]
    pairs_write(hires)
    applicants_write([x for x, _ in population])

    cells = _cells(validity_report(wide_filter(), {}), PAIR)

    assert 1490 <= cells["n"].value <= 1510
    assert cells["pearson"].value == pytest.approx(0.28, abs=0.04)
    assert cells["corrected"].value == pytest.approx(0.50, abs=0.05)


def test_fewer_incidents_read_as_fewer_and_an_unknown_incident_metric_too() -> None:
    pairs = correlated(90, -0.5, seed=7)
    pairs_write(pairs, predictor="safety_awareness", outcome="kpi:safety_incidents")
    pairs_write(pairs, predictor="safety_awareness", outcome="kpi:forklift_incident_count")

    report = validity_report(wide_filter(), {})

    safety = [line for line in report.headline if line.startswith("Safety awareness:")]
    assert len(safety) == 2
    assert safety[0].startswith(
        "Safety awareness: higher scores went with fewer forklift_incident_count"
    )
    assert safety[1].startswith(
        "Safety awareness: higher scores went with fewer Safety incidents (fewer is better), ρ = −"
    )
    assert not any("wrong way" in line for line in safety)


def test_a_score_going_the_wrong_way_is_said_so() -> None:
    pairs_write(correlated(90, 0.6, seed=8), outcome="kpi:safety_incidents")

    headline = validity_report(wide_filter(), {}).headline
    (line,) = [line for line in headline if line.startswith("Overall AI score:")]

    assert "higher scores went with more Safety incidents" in line
    assert "the wrong way round" in line


def test_calibration_means_by_quintile_by_hand() -> None:
    # Ten hires, two per quintile: scores 10..100, ratings as below.
    ratings = [1, 2, 2, 2, 3, 3, 4, 4, 5, 4]
    pairs_write([(10.0 * (k + 1), float(r)) for k, r in enumerate(ratings)])

    table = _table(validity_report(wide_filter(), {}), "calibration")

    assert [row[2].value for row in table.rows] == [2, 2, 2, 2, 2]
    assert [row[3].value for row in table.rows] == [1.5, 2.0, 3.0, 4.0, 4.5]
    assert table.rows[0][1].text == "10 – 20"


def test_cohorts_by_model_version_and_job_family_each_follow_the_rules() -> None:
    pairs_write(correlated(40, 0.5, seed=1), model_version="v1", job_family="ops")
    pairs_write(correlated(20, 0.5, seed=2), model_version="v2", job_family="office")

    report = validity_report(wide_filter(), {})

    v1, v2 = _cells(report, "v1", "by_model_version"), _cells(report, "v2", "by_model_version")
    assert (v1["n"].value, v1["power"].text) == (40, "low power")
    assert (v2["n"].value, v2["pearson"].text) == (20, "not enough data")
    ops = _cells(report, "ops", "by_job_family")
    assert ops["n"].value == 40
    assert "model_version=v1" in v1["n"].drill


def test_a_bad_predictor_is_a_form_error_and_the_default_is_shown() -> None:
    pairs_write(correlated(40, 0.5, seed=1))

    report = validity_report(wide_filter(), {"predictor": "no_such", "outcome": "review_rating"})

    assert "predictor" in report.extra["form"].errors
    assert report.extra["params"] == {"predictor": "overall", "outcome": "review_rating"}
    assert _table(report, "calibration").title.endswith(PAIR)


def test_the_default_period_is_three_years_and_the_page_says_so(client) -> None:
    admin = UserFactory(roles=[Role.HR_ADMIN])
    client.force_login(admin)

    response = client.get(reverse("analytics:report", args=["validity"]), {"format": "csv"})

    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    start = timezone.localdate() - timedelta(days=3 * 365 + 1)
    assert start.isoformat() in body
    # The user reads Chinese (their chosen language), so the page says it in Chinese.
    assert "近三年入职的员工" in body


def test_a_bad_predictor_in_the_address_is_not_a_server_error(client) -> None:
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))

    response = client.get(
        reverse("analytics:report", args=["validity"]),
        {"predictor": "<script>", "outcome": "nope", "format": "csv"},
    )

    assert response.status_code == 200


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.HIRING_MANAGER])
def test_recruiters_and_hiring_managers_get_404(client, role) -> None:
    job = JobFactory()
    user = UserFactory(roles=[role])
    job.recruiters.add(user) if role == Role.RECRUITER else job.hiring_managers.add(user)
    client.force_login(user)

    report = client.get(reverse("analytics:report", args=["validity"]))
    drill = client.get(
        reverse("analytics:drill-employees"), {"predictor": "overall", "outcome": "review_rating"}
    )

    assert report.status_code == 404
    assert drill.status_code == 404


def _hire(score: str, safety: str, *, job) -> Employee:  # type: ignore[no-untyped-def]
    scene = hire_scene(job=job, start_in_days=0, files=False)
    Assessment.objects.filter(pk=scene.ai.pk).update(overall_score=Decimal(score))
    scene.ai.dimension_scores.filter(dimension__code="safety_awareness").update(
        score=Decimal(safety)
    )
    application_hire(application=scene.application, actor=scene.recruiter)
    return Employee.objects.get(hire_snapshot__application_id=scene.application.pk)


def _review(employee: Employee, rating: int, incidents: int) -> None:
    Outcome.objects.create(
        employee=employee, kind=Outcome.Kind.REVIEW, occurred_on=timezone.localdate(),
        rating=rating, recorded_at=timezone.now(), origin_ref=f"test.review:{employee.pk}",
        details={"kpi": [{"metric": "safety_incidents", "actual": str(incidents)}]},
    )  # fmt: skip


def test_from_real_hires_through_the_refresh_to_the_report_and_its_drill_down(client) -> None:
    job = JobFactory()
    hires = [("60", "40", 2, 3), ("75", "70", 3, 1), ("90", "85", 5, 0)]
    for score, safety, rating, incidents in hires:
        _review(_hire(score, safety, job=job), rating, incidents)
    refresh_run(full=True)
    today = timezone.localdate()
    flt = ReportFilter(
        start=today - timedelta(days=400), end=today, visible_jobs=None, vendor="conn:test"
    )

    report = validity_report(
        flt, {"predictor": "safety_awareness", "outcome": "kpi:safety_incidents"}
    )

    cells = _cells(report, "Overall AI score × First review rating")
    assert cells["n"].value == 3
    assert cells["pearson"].text == "not enough data"
    calibration = _table(report, "calibration")
    # Three hires: quintile cuts at 52, 64, 73, 79 put 40, 70, 85 in quintiles 1, 3, 5.
    assert [row[2].value for row in calibration.rows] == [1, 0, 1, 0, 1]
    assert [row[3].value for row in calibration.rows] == [3.0, None, 1.0, None, 0.0]
    behind = hires_behind(flt, "safety_awareness", "kpi:safety_incidents")
    assert sorted(float(found.score) for found in behind) == [40.0, 70.0, 85.0]

    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    response = client.get(cells["n"].drill)
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="drill-row"') == cells["n"].value
