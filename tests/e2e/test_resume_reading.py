"""A resume uploaded on the profile is read by the worker: HR confirms a field it read
and sees the job match with its matched and missing keywords, in Chinese and English,
on a desktop and on a phone (real Chromium, a real Celery worker)."""

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.models import Assessment, Candidate, ResumeFieldSuggestion
from recruiting.services.applications import application_reject
from recruiting.services.resumes import resume_attach
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory, reason
from tests.recruiting.resume_pdfs import text_pdf
from tests.recruiting.resume_reading.sample_resumes import EN_ANALYST, ZH_ENGINEER
from tests.recruiting.resume_reading.test_match import ANALYST_JOB, BACKEND_JOB
from tests.recruiting.resume_reading.test_text_normalized import WILD_LINES
from tests.recruiting.vendors.harness import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CASES = {
    "zh": ("zh-hans", "张伟", "张伟简历.pdf", ZH_ENGINEER, BACKEND_JOB, "上海", "Spark", "确认"),
    "en": (
        "en",
        "Emily Chen",
        "Emily Chen CV.pdf",
        EN_ANALYST,
        ANALYST_JOB,
        "Shenzhen",
        "Spark",
        "Confirm",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hr_confirms_a_field_read_from_the_resume_and_sees_the_match(
    case, celery_worker_process, page, live_server, screenshot_dir, request
):
    language, name, file_name, text, job_fields, city, missing, confirm = CASES[case]
    UserFactory(email="hr@example.com", full_name="王芳", roles=[Role.HR_ADMIN], language=language)
    application = ApplicationFactory(
        job=JobFactory(**job_fields), candidate=CandidateFactory(full_name=name)
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server.url, "hr@example.com")
    path = reverse("recruiting:candidate-detail", args=[application.candidate_id])
    profile = f"{live_server.url}{path}"

    # HR uploads the PDF on the profile; the worker reads it
    page.goto(profile)
    page.set_input_files(
        "input[name=resume]",
        files=[
            {
                "name": file_name,
                "mimeType": "application/pdf",
                "buffer": text_pdf(text.splitlines()),
            }
        ],
    )
    page.locator("form[enctype='multipart/form-data'] button").click()
    page.wait_for_load_state("load")
    wait_until(
        lambda: (
            ResumeFieldSuggestion.objects.filter(resume__candidate=application.candidate).count()
            == 7
            and Assessment.objects.filter(application=application, kind="resume_match").exists()
        )
    )
    page.goto(profile)

    # the panel offers each field; the match names what the resume has and lacks
    panel = page.locator("[data-testid=resume-fields]")
    assert panel.locator("[data-testid=resume-field-city] input[name=value]").input_value() == city
    match = page.locator(f"[data-testid=resume-match-{application.pk}]")
    assert "Python" in match.inner_text()
    assert missing in match.inner_text()
    score = int(match.locator("[data-testid=resume-match-score]").inner_text())
    assert 60 <= score <= 100
    shoot(page, screenshot_dir, request, f"1-read-desktop-{case}")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(profile)
    shoot(page, screenshot_dir, request, f"2-read-phone-{case}")

    # HR confirms the city on the phone: the profile takes it, with who and when
    page.locator("[data-testid=resume-field-city]").get_by_role("button", name=confirm).click()
    page.wait_for_load_state("load")
    page.locator("[data-testid=resume-fields-decided]").wait_for()
    assert Candidate.objects.get(pk=application.candidate_id).city == city
    decided = page.locator("[data-testid=resume-fields-decided]")
    decided.locator("summary").click()
    assert "王芳" in decided.inner_text()
    assert page.locator("[data-testid=resume-field-city]").count() == 0
    shoot(page, screenshot_dir, request, f"3-confirmed-phone-{case}")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(profile)
    page.locator("[data-testid=resume-fields-decided] summary").click()
    shoot(page, screenshot_dir, request, f"4-confirmed-desktop-{case}")
    assert errors == []


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_searching_the_words_people_type_finds_a_pdf_that_recorded_radicals(
    language, page, live_server, screenshot_dir, request
):
    """The PDF records ⼯作经历 (Kangxi ⼯); HR types 工作经历 in the candidate search and
    in the talent pool, on a desktop and on a phone."""
    UserFactory(email="hr@example.com", full_name="王芳", roles=[Role.HR_ADMIN], language=language)
    application = ApplicationFactory(candidate=CandidateFactory(full_name="王芳芳"))
    resume_attach(candidate=application.candidate, name="cv.pdf", data=text_pdf(WILD_LINES))
    application_reject(application=application, reason=reason())
    sign_in(page, live_server.url, "hr@example.com")
    for width, height, label in ((1280, 800, "desktop"), (390, 844, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        for url, shot in (
            (reverse("recruiting:candidate-list"), "candidates"),
            (reverse("recruiting:talent-pool"), "talent-pool"),
        ):
            page.goto(f"{live_server.url}{url}?q=工作经历")
            assert "王芳芳" in page.locator("main").inner_text()
            shoot(page, screenshot_dir, request, f"{shot}-{label}")
