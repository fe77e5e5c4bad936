"""The rest of the candidate portal in real headless Chromium, on a phone and a desktop window.

A candidate with an interview to answer, a document to upload, an AI interview
done (so its survey is due) and messages: confirm the interview and download its
calendar file, upload the document, answer the survey, read the messages,
download their data, and ask for erasure (which waits for HR: the application
is still active). Screenshots in both languages.
"""

import io
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from hrflow.accounts.roles import Role
from recruiting.interviews.services import InterviewPlan, interview_schedule
from recruiting.models import (
    Assessment,
    DeletionRequest,
    DocumentRequest,
    Interview,
    SurveyResponse,
)
from recruiting.services.documents import document_request
from tests.e2e.test_careers_apply import SIZES
from tests.fixtures.browser import shoot
from tests.hrflow.factories import UserFactory
from tests.portal.helpers import portal_client
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, recruiter_for
from tests.recruiting.services.test_resume_attach import pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _signed_in_context(browser, live_server, candidate, viewport, language):
    """A browser whose session cookie is a portal sign-in (the link itself has its own test)."""
    client = portal_client(candidate)
    context = browser.new_context(viewport=viewport)
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [
            {"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host,
             "path": "/"},
            {"name": "django_language", "value": language, "domain": host, "path": "/"},
        ]
    )  # fmt: skip
    return context


@pytest.mark.parametrize("size", sorted(SIZES))
def test_a_candidate_answers_uploads_rates_reads_and_takes_their_data(
    browser, live_server, screenshot_dir, request, tmp_path, size
):
    viewport, width = SIZES[size], SIZES[size]["width"]
    candidate = CandidateFactory(full_name="王小明", email="xiaoming@example.com")
    application = ApplicationFactory(candidate=candidate)
    recruiter = recruiter_for(application.job)
    interviewer = UserFactory(roles=[Role.INTERVIEWER])
    interview = interview_schedule(
        application=application,
        plan=InterviewPlan(
            kind=Interview.Kind.VIDEO,
            starts_at=timezone.now() + timedelta(days=3),
            duration_minutes=45,
            location="",
            meeting_url="https://meet.example.com/abc-defg",
            note_for_candidate="请提前五分钟进入会议。",
            interviewers=[interviewer],
        ),
        actor=recruiter,
    )
    wanted = document_request(
        application=application,
        kind=DocumentRequest.Kind.DEGREE,
        label="学位证书 / Degree certificate",
        note="",
        actor=recruiter,
    )
    Assessment.objects.create(
        application=application,
        kind=Assessment.Kind.AI_INTERVIEW,
        status=Assessment.Status.COMPLETED,
        source="vuesim",
        external_id="iv-e2e",
        completed_at=timezone.now(),
    )
    degree = tmp_path / "degree.pdf"
    degree.write_bytes(pdf("Bachelor of Science"))
    errors: list[str] = []
    context = _signed_in_context(browser, live_server, candidate, viewport, "zh-hans")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda error: errors.append(str(error)))
    url = live_server.url

    # the application page lists the interview, the document and the survey
    page.goto(f"{url}{reverse('portal:application', args=[application.pk])}")
    expect(page.locator("[data-testid=portal-document-request]")).to_have_count(1)
    shoot(page, screenshot_dir, request, "1-application-zh", width)

    # confirm the interview, and its calendar file downloads
    page.goto(f"{url}{reverse('portal:interview', args=[interview.pk])}")
    shoot(page, screenshot_dir, request, "2-interview-zh", width)
    with page.expect_download() as download:
        page.click("[data-testid=portal-interview-calendar]")
    ics = download.value.path().read_text()
    assert f"UID:{interview.uid}@hrflow" in ics
    page.click("[data-testid=portal-interview-confirm]")
    expect(page.locator("[data-testid=portal-interview-answer]")).to_be_visible()
    interview.refresh_from_db()
    assert interview.candidate_response == Interview.Response.CONFIRMED

    # upload the degree certificate
    page.goto(f"{url}{reverse('portal:application', args=[application.pk])}")
    form = page.locator("[data-testid=portal-document-upload]")
    form.locator("input[type=file]").set_input_files(str(degree))
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=portal-document-file]")).to_have_count(1)
    wanted.refresh_from_db()
    assert wanted.status == DocumentRequest.Status.SUBMITTED
    shoot(page, screenshot_dir, request, "3-document-uploaded-zh", width)

    # answer the survey after the AI interview
    page.locator("[data-testid=portal-survey-link]").first.click()
    page.locator("[data-testid=survey-form]").wait_for()
    page.locator("label[for$='_3']").click()  # the fourth choice: 4 of 5
    page.fill("textarea[name=comment]", "流程清晰，通知及时。")
    shoot(page, screenshot_dir, request, "4-survey-zh", width)
    page.click("[data-testid=survey-submit]")
    page.wait_for_url(f"**{reverse('portal:application', args=[application.pk])}")
    answer = SurveyResponse.objects.get(application=application)
    assert (answer.moment, answer.rating) == ("after_ai_interview", 4)

    # read the messages (in English now)
    page.click("[data-testid=lang-en]")
    page.wait_for_load_state()
    page.goto(f"{url}{reverse('portal:messages')}")
    expect(page.locator("[data-testid=portal-message]").first).to_be_visible()
    expect(page.locator("body")).to_contain_text(application.job.title)  # in their language
    shoot(page, screenshot_dir, request, "5-messages-en", width)

    # download everything held about them
    page.goto(f"{url}{reverse('portal:my-data')}")
    shoot(page, screenshot_dir, request, "6-my-data-en", width)
    with page.expect_download() as download:
        page.click("[data-testid=portal-data-export]")
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    assert "data.json" in archive.namelist()
    assert "xiaoming@example.com" in archive.read("data.json").decode()
    assert any(name.startswith("files/documents/") for name in archive.namelist())

    # ask for erasure: the application is active, so HR decides
    page.click("[data-testid=portal-data-erase]")
    erase = page.locator("[data-testid=portal-erase-form]")
    erase.locator("input[type=checkbox]").check()
    shoot(page, screenshot_dir, request, "7-erase-en", width)
    erase.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=portal-erasure-pending]")).to_be_visible()
    shoot(page, screenshot_dir, request, "8-erasure-pending-en", width)
    assert DeletionRequest.objects.get(candidate=candidate).status == "pending"
    context.close()
    assert errors == []
