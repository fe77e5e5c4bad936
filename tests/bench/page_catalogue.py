"""Which pages the page benchmark measures: every list and detail page HR opens.

Walks the staff URL map (recruiting/urls.py, hrflow/web, hrflow/notifications,
hrflow/org and the API's list and detail endpoints) with ids taken from the
seeded data: the largest job, its busiest stage, a candidate of it with the
most applications, one of its applications. Pages of things the seed does not
make (interviews, vendor connections, screening rules, decisions, messages) are
measured empty: they do not grow with applications, and the list pages among
them still run their queries. Posts (moves, bulk actions, the rule preview) are
not pages and are left to their own benchmarks.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode


@dataclass(frozen=True)
class Page:
    key: str  # the same page at every size, for the comparison
    label: str
    url: str


@dataclass(frozen=True)
class Subjects:
    """The seeded rows the pages are opened on."""

    job: Any
    job_size: int
    active: int
    stage: Any  # the job's stage with the most active applications
    person: Any  # the job's candidate with the most applications
    person_applications: int
    application: Any  # one active application of the job


def subjects_find() -> Subjects:
    # Imported here: the benchmark sets Django up (per size) only after importing this.
    from django.db.models import Count

    from recruiting.models import Application, Candidate, Job, Stage

    job = Job.objects.annotate(size=Count("applications")).order_by("-size", "pk").first()
    if job is None:
        raise RuntimeError("the seed made no job")
    active = Application.objects.filter(job=job, status=Application.Status.ACTIVE)
    stage_row = (
        active.values("stage_id").annotate(count=Count("pk")).order_by("-count", "stage_id").first()
    )
    stage = Stage.objects.get(pk=stage_row["stage_id"]) if stage_row else job.stages.first()
    person_row = (
        Application.objects.filter(
            candidate__in=Application.objects.filter(job=job).values("candidate_id")
        )
        .values("candidate_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "candidate_id")
        .first()
    )
    if person_row is None:
        raise RuntimeError("the largest job has no application")
    application = active.order_by("pk").first() or Application.objects.filter(job=job).first()
    return Subjects(
        job=job,
        job_size=job.size,
        active=active.count(),
        stage=stage,
        person=Candidate.objects.get(pk=person_row["candidate_id"]),
        person_applications=person_row["count"],
        application=application,
    )


def _url(name: str, *args: Any, **query: str) -> str:
    from django.urls import reverse

    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def hr_pages(subjects: Subjects, searches: list[tuple[str, str, int]]) -> list[Page]:
    """Every page, in the order printed; `searches` are (q, what, matches) of the search."""
    job, stage, person, app = (
        subjects.job,
        subjects.stage,
        subjects.person,
        subjects.application,
    )
    from django.utils import timezone

    today = timezone.localdate()
    pages = [
        Page("dashboard", "dashboard", _url("web:dashboard")),
        Page("status", "dashboard: system status panel", _url("web:system-status")),
        Page("jobs", "jobs list", _url("recruiting:job-list")),
        Page("jobs-open", "jobs list, open only", _url("recruiting:job-list", status="open")),
        Page("job-new", "new job form", _url("recruiting:job-create")),
        Page("job-edit", "job edit form", _url("recruiting:job-edit", job.pk)),
        Page("job-stages", "job stages", _url("recruiting:job-stages", job.pk)),
        Page("job-questions", "job screening questions", _url("recruiting:job-questions", job.pk)),
        Page("board", "board (first page of each column)", _url("recruiting:job-board", job.pk)),
        Page(
            "board-more",
            "board: a column's next cards",
            _url("recruiting:board-cards", job.pk, stage.pk, offset="20"),
        ),
        Page(
            "sheet", "score sheet (first page, composite)", _url("recruiting:score-sheet", job.pk)
        ),
        Page(
            "sheet-name",
            "score sheet sorted by name",
            _url("recruiting:score-sheet", job.pk, sort="name", dir="asc"),
        ),
        Page(
            "sheet-page5",
            "score sheet, page 5",
            _url("recruiting:score-sheet", job.pk, page="5"),
        ),
        Page("candidates", "candidates (no search)", _url("recruiting:candidate-list")),
        Page(
            "candidates-job",
            "candidates of the largest job",
            _url("recruiting:candidate-list", job=str(job.pk)),
        ),
        Page(
            "candidates-stage",
            "candidates in its busiest stage",
            _url("recruiting:candidate-list", job=str(job.pk), stage=str(stage.pk)),
        ),
        Page(
            "candidates-source-dates",
            "candidates by referral, applied in one month",
            _url(
                "recruiting:candidate-list",
                source="referral",
                applied_from=(today - timedelta(days=30)).isoformat(),
                applied_to=today.isoformat(),
            ),
        ),
    ]
    for q, what, matches in searches:
        key = "search-email" if "@" in q else f"search-{q}"
        shown = "<e-mail>" if "@" in q else q
        found = f"{matches:,} match{'' if matches == 1 else 'es'}"
        pages.append(
            Page(key, f"search q={shown} ({what}, {found})", _url("recruiting:candidate-list", q=q))
        )
    pages += [
        Page(
            "profile",
            f"profile ({subjects.person_applications} applications)",
            _url("recruiting:candidate-detail", person.pk),
        ),
        Page("pool", "talent pool", _url("recruiting:talent-pool")),
        Page("pool-q", "talent pool q=张", _url("recruiting:talent-pool", q="张")),
        Page("pool-page5", "talent pool, page 5", _url("recruiting:talent-pool", page="5")),
        Page("review", "review queue", _url("recruiting:review-queue")),
        Page("erasure", "erasure requests", _url("recruiting:deletion-requests")),
        Page("interviews", "interviews", _url("recruiting:interview-list")),
        Page(
            "interview-new",
            "schedule an interview form",
            _url("recruiting:interview-schedule", app.pk),
        ),
        Page("offer-new", "new offer form", _url("recruiting:offer-create", app.pk)),
        Page("rules", "screening rules of the job", _url("recruiting:screening-rule-list", job.pk)),
        Page(
            "rule-new",
            "new screening rule form",
            _url("recruiting:screening-rule-create", job.pk),
        ),
        Page("integrations", "vendor connections", _url("recruiting:integration-list")),
        Page("integration-new", "new vendor connection", _url("recruiting:integration-create")),
        Page("lookup", "sync lookup", _url("recruiting:sync-lookup", q=person.email)),
        Page("templates", "message templates", _url("notifications:template-list")),
        Page(
            "template",
            "message template editor",
            _url("notifications:template-edit", "application_received", "email", "zh-hans"),
        ),
        Page("notify-settings", "notification settings", _url("notifications:settings")),
        Page("company", "company settings", _url("org:company-settings")),
        Page("outbox", "outbox", _url("notifications:outbox")),
        Page("api-jobs", "API jobs", _url("api:job-list")),
        Page("api-job", "API job", _url("api:job-detail", job.pk)),
        Page("api-stages", "API stages", _url("api:stage-list")),
        Page("api-candidates", "API candidates", _url("api:candidate-list")),
        Page("api-candidate", "API candidate", _url("api:candidate-detail", person.pk)),
        Page("api-apps", "API applications", _url("api:application-list")),
        Page(
            "api-apps-job",
            "API applications of the job",
            _url("api:application-list", job=str(job.pk)),
        ),
        Page("api-app", "API application", _url("api:application-detail", app.pk)),
        Page("api-transitions", "API transitions", _url("api:transition-list")),
        Page("api-assessments", "API assessments", _url("api:assessment-list")),
        Page("api-notes", "API notes", _url("api:note-list")),
    ]
    return pages
