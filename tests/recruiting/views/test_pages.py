"""The HR pages: constant query counts, and what each action does."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hrflow.accounts.roles import Role
from recruiting.models import Application, Job
from recruiting.models.applications import StageTransition
from recruiting.screening.rescreening import written_test_enter
from recruiting.services.applications import application_bulk_move
from recruiting.services.candidates import candidate_set_tags, note_add
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    return client


def _grow(job: Job, count: int) -> None:
    """Add applications spread over stages, with scores, notes and tags."""
    stages = list(job.stages.all())
    for index in range(count):
        application = ApplicationFactory(job=job)
        application_bulk_move(application_ids=[application.pk], to_stage=stages[index % 4])
        written_test_enter(application=application, score=Decimal(60 + index % 40), actor=None)
        note_add(candidate=application.candidate, body=f"备注 {index}", author=None)
        candidate_set_tags(candidate=application.candidate, names=["Java", f"t{index}"])


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    "page",
    [
        "recruiting:job-list",
        "recruiting:job-board",
        "recruiting:score-sheet",
        "recruiting:candidate-list",
        "recruiting:talent-pool",
        "recruiting:candidate-detail",
        "recruiting:board-cards",
        "web:dashboard",
    ],
)
def test_query_count_does_not_grow_with_rows(admin_client, page):
    job = JobFactory()
    _grow(job, 3)
    first = Application.objects.filter(job=job).first()
    args = {
        "recruiting:job-board": [job.pk],
        "recruiting:score-sheet": [job.pk],
        "recruiting:candidate-detail": [first.candidate_id],
        "recruiting:board-cards": [job.pk, job.stages.order_by("position").first().pk],
    }.get(page, [])
    url = reverse(page, args=args)
    small = _queries(admin_client, url)

    _grow(job, 25)
    for extra in (JobFactory(), JobFactory()):
        _grow(extra, 2)
    # the profile's person applies to more jobs too
    for other in Job.objects.exclude(pk=job.pk)[:2]:
        ApplicationFactory(job=other, candidate=first.candidate)

    assert _queries(admin_client, url) == small


def test_moving_a_card_answers_the_new_counts_and_writes_a_transition(admin_client):
    application = ApplicationFactory()
    job = application.job
    target = job.stages.get(position=2)

    response = admin_client.post(
        reverse("recruiting:board-move", args=[job.pk]),
        {"application": application.pk, "stage": target.pk},
    )

    assert response.status_code == 200
    counts = response.json()["counts"]
    assert counts[str(target.pk)] == 1
    assert StageTransition.objects.filter(application=application, to_stage=target).exists()


def test_a_card_of_another_job_cannot_be_moved_here(admin_client):
    """Like any id of another job's (tests/recruiting/views/test_foreign_ids.py): 404."""
    application = ApplicationFactory()
    other_job = JobFactory()
    response = admin_client.post(
        reverse("recruiting:board-move", args=[other_job.pk]),
        {"application": application.pk, "stage": other_job.stages.get(position=1).pk},
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.stage.position == 0


def test_bulk_reject_needs_a_reason_and_then_rejects_all(admin_client):
    job = JobFactory()
    ids = [ApplicationFactory(job=job).pk for _ in range(3)]
    url = reverse("recruiting:board-bulk", args=[job.pk])

    admin_client.post(url, {"applications": ids, "action": "reject", "reason": ""})
    assert Application.objects.filter(pk__in=ids, status="active").count() == 3

    admin_client.post(url, {"applications": ids, "action": "reject", "reason": "position_filled"})
    assert Application.objects.filter(pk__in=ids, status="rejected").count() == 3
    assert Application.objects.filter(pk__in=ids, archived_at__isnull=False).count() == 3


def test_bulk_move_moves_the_selection(admin_client):
    job = JobFactory()
    ids = [ApplicationFactory(job=job).pk for _ in range(4)]
    target = job.stages.get(position=3)

    admin_client.post(
        reverse("recruiting:board-bulk", args=[job.pk]),
        {"applications": ids[:3], "action": "move", "stage": target.pk},
    )

    assert Application.objects.filter(stage=target).count() == 3


def test_score_sheet_sorts_by_an_allowed_column_only(admin_client):
    job = JobFactory()
    low, high = ApplicationFactory(job=job), ApplicationFactory(job=job)
    written_test_enter(application=low, score=Decimal(50), actor=None)
    written_test_enter(application=high, score=Decimal(90), actor=None)
    url = reverse("recruiting:score-sheet", args=[job.pk])

    rows = admin_client.get(url, {"sort": "written", "dir": "asc"}).context["rows"]
    assert [row.application.pk for row in rows] == [low.pk, high.pk]
    # an unknown column (or an injection attempt) falls back to the composite
    hostile = admin_client.get(url, {"sort": "candidate__email; DROP TABLE x"})
    assert hostile.status_code == 200
    assert [row.application.pk for row in hostile.context["rows"]] == [high.pk, low.pk]


def test_exports_neutralise_formulas_and_open_in_excel(admin_client):
    from openpyxl import load_workbook

    job = JobFactory()
    application = ApplicationFactory(
        job=job, candidate=CandidateFactory(full_name="=cmd|' /C calc'!A0")
    )
    written_test_enter(application=application, score=Decimal("77.5"), actor=None)
    url = reverse("recruiting:score-sheet", args=[job.pk])

    csv_response = admin_client.get(url, {"export": "csv"})
    xlsx_response = admin_client.get(url, {"export": "xlsx"})

    text = csv_response.content.decode("utf-8-sig")
    assert "'=cmd" in text
    assert "attachment" in csv_response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    values = [cell.value for cell in sheet[2]]
    # a string cell: shown as typed, never run, no apostrophe in the way
    assert (values[0], sheet["A2"].data_type) == ("=cmd|' /C calc'!A0", "s")
    assert 77.5 in values


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("张伟", True),
        ("zhangwei", True),
        ("zw", True),
        ("zw@example.com", True),
        ("138 0013 8888", True),
        ("Kubernetes", True),
        ("分布式系统", True),
        ("后端", True),
        ("nobody-here", False),
    ],
)
def test_search_finds_by_name_pinyin_contact_resume_and_tag(admin_client, query, expected):
    from recruiting.services.resumes import resume_attach
    from tests.recruiting.services.test_resume_attach import docx

    candidate = CandidateFactory(full_name="张伟", email="zw@example.com", phone="13800138888")
    ApplicationFactory(candidate=candidate)
    ApplicationFactory()  # someone else
    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>熟悉分布式系统 Kubernetes</w:t></w:r></w:p></w:body></w:document>"
    )
    resume_attach(candidate=candidate, name="cv.docx", data=docx(xml))
    candidate_set_tags(candidate=candidate, names=["后端"])

    response = admin_client.get(reverse("recruiting:candidate-list"), {"q": query})

    found = [c.pk for c in response.context["page"].object_list]
    assert (candidate.pk in found) is expected


def test_uploading_a_bad_resume_shows_the_reason_and_keeps_nothing(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = ApplicationFactory()
    url = reverse("recruiting:resume-upload", args=[application.candidate_id])
    upload = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = admin_client.post(url, {"resume": upload}, follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert "neither" in response.content.decode()
    assert not application.candidate.resumes.exists()


def test_resume_download_is_an_attachment_with_nosniff(admin_client):
    from recruiting.services.resumes import resume_attach
    from tests.recruiting.services.test_resume_attach import docx

    resume = resume_attach(candidate=ApplicationFactory().candidate, name="简历.docx", data=docx())

    response = admin_client.get(reverse("recruiting:resume-download", args=[resume.pk]))

    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == resume.file.open("rb").read()


def test_score_sheet_sorts_by_a_dimension_and_filters_by_any_score(admin_client):
    from recruiting.contracts import AssessmentResult, DimensionResult
    from recruiting.services.assessments import record_assessment_result

    job = JobFactory()
    first, second = ApplicationFactory(job=job), ApplicationFactory(job=job)
    for application, communication in ((first, 90), (second, 40)):
        record_assessment_result(
            application=application,
            result=AssessmentResult(
                source="vendor",
                external_id=f"r{application.pk}",
                kind="ai_interview",
                status="completed",
                overall_score=Decimal(70),
                dimensions=(DimensionResult("communication", Decimal(communication)),),
            ),
        )
    written_test_enter(application=second, score=Decimal(85), actor=None)
    url = reverse("recruiting:score-sheet", args=[job.pk])

    ascending = admin_client.get(url, {"sort": "dim:communication", "dir": "asc"})
    filtered = admin_client.get(url, {"min_written": "80"})

    assert [r.application.pk for r in ascending.context["rows"]] == [second.pk, first.pk]
    assert [r.application.pk for r in filtered.context["rows"]] == [second.pk]


def test_search_pages_through_results_without_counting_them(admin_client):
    job = JobFactory()
    for index in range(27):
        ApplicationFactory(job=job, candidate=CandidateFactory(full_name=f"张{index:02d}"))
    url = reverse("recruiting:candidate-list")

    first = admin_client.get(url, {"q": "张"}).context["page"]
    second = admin_client.get(url, {"q": "张", "page": "2"}).context["page"]

    assert (len(first.object_list), first.has_next()) == (25, True)
    assert (len(second.object_list), second.has_next(), second.has_previous()) == (2, False, True)
    assert not {c.pk for c in first.object_list} & {c.pk for c in second.object_list}


def test_a_recruiters_profile_query_count_does_not_grow_with_applications(client):
    """Which applications the recruiter may change is decided in one query, not one per job."""
    recruiter = UserFactory(roles=[Role.RECRUITER])
    candidate = CandidateFactory()
    first = ApplicationFactory(candidate=candidate)
    first.job.recruiters.add(recruiter)
    client.force_login(recruiter)
    url = reverse("recruiting:candidate-detail", args=[candidate.pk])
    small = _queries(client, url)

    for _ in range(4):
        application = ApplicationFactory(candidate=candidate)
        application.job.recruiters.add(recruiter)

    assert _queries(client, url) == small


def _application_counts(client, url: str) -> list[str]:
    """The queries of one request that count or group a set of applications."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return [
        query["sql"]
        for query in captured.captured_queries
        if 'FROM "recruiting_application"' in query["sql"]
        and ("COUNT(" in query["sql"] or "GROUP BY" in query["sql"])
    ]


@pytest.mark.parametrize(
    "page",
    [
        "recruiting:job-list",
        "recruiting:job-board",
        "recruiting:board-cards",
        "recruiting:score-sheet",
        "recruiting:talent-pool",
    ],
)
def test_list_pages_read_counts_from_tallies_never_counting_applications(admin_client, page):
    """At a million applications a count per request cost 100-400 ms: the jobs list and the
    board read the tallies the database keeps, the sheet and the pool page without a total."""
    job = JobFactory()
    _grow(job, 3)
    stage = job.stages.order_by("position").first()
    args = {
        "recruiting:job-list": [],
        "recruiting:talent-pool": [],
        "recruiting:board-cards": [job.pk, stage.pk],
    }.get(page, [job.pk])

    assert _application_counts(admin_client, reverse(page, args=args)) == []


def test_the_board_and_jobs_list_show_the_tallied_counts(admin_client):
    job = JobFactory()
    _grow(job, 5)  # one in each of the four first stages, the fifth back in the first
    first = job.stages.order_by("position").first()

    board = admin_client.get(reverse("recruiting:job-board", args=[job.pk])).context["columns"]
    rows = admin_client.get(reverse("recruiting:job-list")).context["rows"]

    assert [column.count for column in board[:4]] == [2, 1, 1, 1]
    assert {stage.pk: count for stage, count in rows[0]["stages"]}[first.pk] == 2
    assert rows[0]["active"] == 5


def test_the_profile_queries_only_the_kinds_of_things_the_person_has(admin_client):
    """Five queries of its own for someone who only applied (the candidate, the applications,
    their timelines, assessments and scores); one more for each kind they do have."""
    candidate = CandidateFactory()
    for _ in range(3):
        written_test_enter(
            application=ApplicationFactory(candidate=candidate), score=Decimal(70), actor=None
        )
    url = reverse("recruiting:candidate-detail", args=[candidate.pk])

    bare = _profile_queries(admin_client, url)
    note_add(candidate=candidate, body="备注", author=None)
    candidate_set_tags(candidate=candidate, names=["Java"])

    assert len(bare) == 5, bare
    assert len(_profile_queries(admin_client, url)) == 7


def _profile_queries(client, url: str) -> list[str]:
    """The page's own queries: those reading recruiting's or the outbox's tables (not the
    session or the user's permissions, which every page reads)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [
        query["sql"][:80]
        for query in captured.captured_queries
        if '"recruiting_' in query["sql"] or '"notifications_' in query["sql"]
    ]


def test_moving_a_card_answers_its_new_time_in_the_stage(admin_client):
    """The page writes this into the dragged card (issue 14, point 19)."""
    application = ApplicationFactory()
    Application.objects.filter(pk=application.pk).update(
        stage_entered_at=timezone.now() - timedelta(days=3)
    )
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    board = reverse("recruiting:job-board", args=[application.job_id])
    assert "3 days in stage" in admin_client.get(board).content.decode()

    response = admin_client.post(
        reverse("recruiting:board-move", args=[application.job_id]),
        {"application": application.pk, "stage": application.job.stages.get(position=2).pk},
    )

    assert response.json()["stage_ages"] == {str(application.pk): "Entered this stage just now"}
