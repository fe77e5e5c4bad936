"""The facts from real applications, by hand: a full rebuild, an incremental refresh
after a change (same facts as a rebuild), and the efficiency report inside scope."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from analytics.facts.refresh import refresh_run
from analytics.models import AiResultFact, CohortFact, DurationFact, DurationWeekFact, StageFact
from analytics.reports.common import duration_counts_many
from analytics.reports.efficiency import efficiency_report
from analytics.reports.filters import ReportFilter
from hrflow.accounts.roles import Role
from recruiting.models import Application, Assessment, StageTransition
from recruiting.services.applications import application_move, application_reject
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, JobFactory, reason, recruiter_for

pytestmark = pytest.mark.django_db

APPLIED = timezone.now().replace(microsecond=0) - timedelta(days=20)


def at(hours: float):
    return APPLIED + timedelta(hours=hours)


def stage(job, kind: str):
    return job.stages.filter(kind=kind).order_by("position").first()


def _stamp_last_move(application: Application, hours: float) -> None:
    last = StageTransition.objects.filter(application=application).order_by("-pk").first()
    StageTransition.objects.filter(pk=last.pk).update(created_at=at(hours))


def _ai_result(application: Application, hours: float, *, source: str, score: str) -> None:
    Assessment.objects.create(
        application=application,
        kind=Assessment.Kind.AI_INTERVIEW,
        status=Assessment.Status.COMPLETED,
        source=source,
        external_id=f"r{application.pk}",
        overall_score=Decimal(score),
        completed_at=at(hours),
        created_at=at(hours),
    )


@pytest.fixture
def two_jobs():
    job_a, job_b = JobFactory(), JobFactory()
    recruiter = recruiter_for(job_a)
    apps = [
        ApplicationFactory(job=job_a),
        ApplicationFactory(job=job_a),
        ApplicationFactory(job=job_b),
    ]
    Application.objects.filter(pk__in=[a.pk for a in apps]).update(applied_at=APPLIED)
    StageTransition.objects.filter(application__in=apps).update(created_at=APPLIED)
    first, second, third = apps
    # First: AI interview at 1 h, vendor result at 5 h, interview at 6 h, rejected at 10 h.
    application_move(application=first, to_stage=stage(job_a, "ai_interview"))
    _stamp_last_move(first, 1)
    _ai_result(first, 5, source="vuesim:1", score="82.5")
    application_move(application=first, to_stage=stage(job_a, "interview"))
    _stamp_last_move(first, 6)
    application_reject(application=first, reason=reason())
    _stamp_last_move(first, 10)
    # Second: AI interview at 2 h, a result typed in by hand at 3 h, still waiting.
    application_move(application=second, to_stage=stage(job_a, "ai_interview"))
    _stamp_last_move(second, 2)
    _ai_result(second, 3, source="manual", score="55")
    # Third (the other job): to screening and back 3 minutes later, a slip.
    application_move(application=third, to_stage=stage(job_b, "screening"))
    _stamp_last_move(third, 1)
    application_move(application=third, to_stage=stage(job_b, "applied"))
    _stamp_last_move(third, 1.05)
    return job_a, job_b, recruiter, apps


def _period() -> ReportFilter:
    today = timezone.localdate()
    return ReportFilter(start=today - timedelta(days=60), end=today, visible_jobs=None)


def test_a_full_rebuild_counts_what_happened(two_jobs) -> None:
    job_a, job_b, _recruiter, _apps = two_jobs
    refresh_run(full=True)
    a = CohortFact.objects.filter(job_id=job_a.pk).aggregate(
        apps=Sum("applications"), ai=Sum("ai_results"), manual=Sum("ai_manual"),
        judged=Sum("ai_judged"), passed=Sum("ai_passed"), rejected=Sum("rejected"),
        hr=Sum("hr_seconds"), hr_n=Sum("hr_applications"),
    )  # fmt: skip
    assert a == {
        "apps": 2, "ai": 2, "manual": 1, "judged": 1, "passed": 1, "rejected": 1,
        # The rejected one: applied 1 h + AI stage after the result 1 h + interview 4 h.
        "hr": 6 * 3600, "hr_n": 1,
    }  # fmt: skip
    reached = dict(
        StageFact.objects.filter(job_id=job_b.pk).values_list("stage_kind").annotate(Sum("reached"))
    )
    # The slip to screening and back counts nowhere.
    assert reached == {"applied": 1}
    to_offer = DurationFact.objects.filter(job_id=job_a.pk, metric="ai_to_feedback")
    # First feedback after the 5 h result: the move on at 6 h.
    assert list(to_offer.values_list("minutes", "count")) == [(60, 1)]


def test_an_incremental_refresh_gives_what_a_rebuild_gives(two_jobs) -> None:
    _job_a, job_b, _recruiter, apps = two_jobs
    # Everything so far was written long ago (before the refresh's safety margin).
    Application.objects.update(updated_at=APPLIED)
    Assessment.objects.update(updated_at=APPLIED)
    refresh_run(full=True)
    third = apps[2]
    _ai_result(third, 30, source="vuesim:1", score="91")
    application_move(application=third, to_stage=stage(job_b, "ai_interview"))
    outcome = refresh_run()
    assert outcome is not None
    assert not outcome.full
    assert outcome.buckets == 1  # only the third application's week of job B
    incremental = _dump()
    refresh_run(full=True)
    assert _dump() == incremental
    assert CohortFact.objects.filter(job_id=job_b.pk).aggregate(n=Sum("ai_results"))["n"] == 1


def test_the_weekly_durations_are_the_sums_of_the_rows_per_job(two_jobs) -> None:
    job_a, job_b, _recruiter, _apps = two_jobs
    refresh_run(full=True)
    per_job = dict(DurationFact.objects.values_list("metric").annotate(n=Sum("count")).order_by())
    weekly = dict(
        DurationWeekFact.objects.values_list("metric").annotate(n=Sum("count")).order_by()
    )
    assert weekly == per_job
    assert weekly  # something was counted
    # The same timing figures whether read from the sums (nothing narrows them) or from
    # the rows per job (a scope naming every job).
    metrics = sorted(per_job)
    everyone = _period()
    every_job = ReportFilter(
        start=everyone.start, end=everyone.end, visible_jobs=frozenset({job_a.pk, job_b.pk})
    )
    assert not everyone.narrowed
    assert every_job.narrowed
    summed = {m: sorted(v) for m, v in duration_counts_many(everyone, metrics).items()}
    assert summed == {m: sorted(v) for m, v in duration_counts_many(every_job, metrics).items()}


def _dump() -> dict[str, list[tuple]]:
    found = {}
    for model in (CohortFact, StageFact, AiResultFact, DurationFact, DurationWeekFact):
        fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
        found[model.__name__] = sorted(model.objects.values_list(*fields))
    return found


def test_a_recruiter_sees_only_their_jobs_figures(two_jobs) -> None:
    job_a, job_b, recruiter, _apps = two_jobs
    _ai_result(two_jobs[3][2], 30, source="vuesim:1", score="91")
    refresh_run(full=True)
    everything = efficiency_report(_period(), {})
    theirs = efficiency_report(
        ReportFilter(start=_period().start, end=_period().end, visible_jobs=frozenset({job_a.pk})),
        {},
    )
    by_job = {t.key: t for t in theirs.tables}["pass_by_job_id"]
    assert [row[0].text for row in by_job.rows] == [job_a.title]
    assert sum(row[1].value for row in by_job.rows) == 2
    all_jobs = {t.key: t for t in everything.tables}["pass_by_job_id"]
    assert sum(row[1].value for row in all_jobs.rows) == 3
    # Through the page: the other job is no choice, so naming it is a form error.
    client = Client()
    client.force_login(recruiter)
    page = client.get("/analytics/efficiency/", {"job": job_b.pk})
    assert page.status_code == 200
    assert job_b.title not in page.content.decode()
    assert page.context["filter"].visible_jobs == frozenset({job_a.pk})


def test_the_drill_down_lists_what_the_figure_counted(two_jobs) -> None:
    _job_a, _job_b, recruiter, apps = two_jobs
    refresh_run(full=True)
    client = Client()
    client.force_login(recruiter)
    page = client.get("/analytics/drill/applications/", {"metric": "ai_manual"})
    assert page.status_code == 200
    assert [row.pk for row in page.context["rows"]] == [apps[1].pk]
    passed = client.get("/analytics/drill/applications/", {"metric": "ai_passed"})
    assert [row.pk for row in passed.context["rows"]] == [apps[0].pk]
    # The other job's application is not listed to this recruiter, whatever is asked.
    reached = client.get(
        "/analytics/drill/applications/", {"metric": "reached", "stage": "applied"}
    )
    assert sorted(row.pk for row in reached.context["rows"]) == sorted([apps[0].pk, apps[1].pk])


def test_people_without_the_permission_get_404() -> None:
    client = Client()
    client.force_login(UserFactory(roles=[Role.INTERVIEWER]))
    assert client.get("/analytics/").status_code == 404
    assert client.get("/analytics/efficiency/").status_code == 404
    assert client.get("/analytics/drill/applications/", {"metric": "hired"}).status_code == 404


def test_a_bucket_read_in_several_batches_is_one_row_per_key(two_jobs, monkeypatch) -> None:
    from analytics.facts import refresh

    job_a, _job_b, _recruiter, _apps = two_jobs
    # Two more applications with the same key (same week, source, no AI result), each in
    # a batch of its own.
    more = [ApplicationFactory(job=job_a), ApplicationFactory(job=job_a)]
    Application.objects.filter(pk__in=[a.pk for a in more]).update(applied_at=APPLIED)
    monkeypatch.setattr(refresh, "BATCH", 1)
    refresh_run(full=True)
    cohort = CohortFact.objects.filter(job_id=job_a.pk)
    assert cohort.count() == cohort.values("cohort_week", "source", "vendor").distinct().count()
    stages = StageFact.objects.filter(job_id=job_a.pk, stage_kind="applied")
    assert stages.count() == stages.values("source", "vendor").distinct().count()
    assert stages.aggregate(n=Sum("reached"))["n"] == 4
    assert cohort.filter(vendor="").get().applications == 2
