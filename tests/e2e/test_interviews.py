"""An interview end to end in real headless Chromium, in Chinese and in English.

HR schedules an onsite interview from the candidate's profile; the candidate
opens the link from their invitation on a phone and confirms; after the
interview the interviewer finds it under My interviews and submits a
scorecard; HR sees the answer and the scorecard on the profile.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from hrflow.accounts.roles import Role
from hrflow.notifications.models import OutboxMessage
from recruiting.models import Assessment, Interview
from recruiting.services.applications import application_move
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _sign_in(page, base_url, email):
    sign_in(page, base_url, email)


def _watch(page, errors):
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))


def test_schedule_answer_and_score_an_interview(
    page, browser, live_server, screenshot_dir, request
):
    # given a candidate in the first interview stage, HR (Chinese) and an interviewer (English)
    UserFactory(email="hr@example.com", full_name="王芳", roles=[Role.HR_ADMIN])
    UserFactory(email="li@example.com", full_name="李雷", roles=[Role.INTERVIEWER], language="en")
    job = JobFactory(title="后端开发工程师")
    application = ApplicationFactory(job=job, candidate=CandidateFactory(full_name="张伟"))
    stage = job.stages.filter(kind="interview").order_by("position").first()
    application_move(application=application, to_stage=stage)
    errors: list[str] = []
    _watch(page, errors)
    starts = (timezone.now().astimezone(SHANGHAI) + timedelta(days=3)).replace(
        hour=14, minute=30, second=0, microsecond=0
    )

    # when HR schedules the interview from the profile
    _sign_in(page, live_server.url, "hr@example.com")
    profile = reverse("recruiting:candidate-detail", args=[application.candidate_id])
    page.goto(f"{live_server.url}{profile}")
    page.click(f"[data-testid=schedule-interview-{application.pk}]")
    page.locator("[data-testid=interview-form]").wait_for()
    page.check("input[name=kind][value=onsite]")
    page.locator("input[name=meeting_url]").wait_for(state="hidden")  # video only
    page.fill("input[name=starts_at]", starts.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=duration_minutes]", "45")
    page.fill("input[name=location]", "上海市浦东新区张江路 88 号 3 楼 305 会议室")
    page.get_by_label("李雷").check()
    page.fill("textarea[name=note_for_candidate]", "请携带身份证，到前台报名字即可。")
    shoot(page, screenshot_dir, request, "1-schedule-form-zh")
    page.click("[data-testid=interview-submit]")
    page.wait_for_url(f"**{profile}#interviews")

    # then the profile lists it, waiting for the candidate's answer
    interview = Interview.objects.get(application=application)
    assert interview.starts_at == starts
    item = page.locator(f"[data-testid=interview-{interview.pk}]")
    assert "李雷" in item.inner_text()
    assert item.locator("[data-testid=candidate-response]").count() == 1
    shoot(page, screenshot_dir, request, "2-profile-scheduled-zh")

    # when the candidate opens the link from their e-mail on a phone and confirms
    email = OutboxMessage.objects.get(event="interview_scheduled", channel="email")
    assert email.attachments[0]["filename"] == "interview.ics"
    link = email.variables["respond_link"].replace(
        settings.HRFLOW_PUBLIC_URL.rstrip("/"), live_server.url
    )
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    candidate_page = phone.new_page()
    _watch(candidate_page, errors)
    try:
        candidate_page.goto(link)
        facts = candidate_page.locator("[data-testid=respond-facts]").inner_text()
        assert "上海市浦东新区张江路 88 号" in facts
        assert starts.strftime("%Y-%m-%d") in facts
        assert "14:30" in facts
        assert candidate_page.locator("html").get_attribute("lang") == "zh-hans"
        shoot(candidate_page, screenshot_dir, request, "3-respond-phone-zh", width=390)
        candidate_page.click("[data-testid=respond-confirm]")
        candidate_page.locator("[data-testid=respond-state]").wait_for()
        candidate_page.click("[data-testid=lang-en]")
        candidate_page.get_by_text("You have confirmed this interview").wait_for()
        shoot(candidate_page, screenshot_dir, request, "4-respond-confirmed-phone-en", width=390)
    finally:
        phone.close()
    interview.refresh_from_db()
    assert interview.candidate_response == Interview.Response.CONFIRMED

    # then HR sees the answer in the list of their jobs' interviews
    page.goto(f"{live_server.url}{reverse('recruiting:interview-list')}?scope=team")
    row = page.locator("[data-testid=interview-row]")
    assert row.locator(".iv-answer-confirmed").count() == 1
    shoot(page, screenshot_dir, request, "4b-team-interviews-zh")

    # when the interview has taken place, the interviewer fills the scorecard (in English)
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=timezone.now() - timedelta(minutes=50)
    )
    other = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    interviewer_page = other.new_page()
    _watch(interviewer_page, errors)
    try:
        _sign_in(interviewer_page, live_server.url, "li@example.com")
        interviewer_page.get_by_role("link", name="My interviews", exact=True).click()
        interviewer_page.click("[data-testid=tab-past]")
        rows = interviewer_page.locator("[data-testid=interview-row]")
        assert rows.count() == 1
        assert "张伟" in rows.first.inner_text()
        shoot(interviewer_page, screenshot_dir, request, "5-my-interviews-en")
        rows.first.locator("[data-testid=my-scorecard]").click()
        form = interviewer_page.locator("[data-testid=scorecard-form]")
        form.wait_for()
        for index, rating in enumerate((5, 4, 4, 3, 4, 5)):
            # label 0 is the dash (not assessed), then 1 to 5
            form.locator("[data-testid=rating]").nth(index).locator("label").nth(rating).click()
        form.locator("[data-testid=recommendation] label").first.click()  # strong yes
        interviewer_page.fill("textarea[name=notes]", "基础扎实，沟通清楚；系统设计题思路完整。")
        shoot(interviewer_page, screenshot_dir, request, "6-scorecard-form-en")
        interviewer_page.click("[data-testid=scorecard-submit]")
        interviewer_page.locator("[data-testid=panel]").wait_for()
        assert "Strong yes" in interviewer_page.locator("[data-testid=panel]").inner_text()
        shoot(interviewer_page, screenshot_dir, request, "7-interview-detail-en")
        interviewer_page.click("[data-testid=lang-zh]")
        interviewer_page.locator("[data-testid=panel]").wait_for()
        shoot(interviewer_page, screenshot_dir, request, "8-interview-detail-zh")
    finally:
        other.close()
    scorecard = Assessment.objects.get(kind="interview_feedback")
    assert str(scorecard.overall_score) == "83.33"  # (5+4+4+3+4+5) / 6 x 20, to two places
    assert scorecard.vendor_verdict_raw == "strong_yes"

    # then HR sees the answer and the scorecard on the profile, in both languages
    page.goto(f"{live_server.url}{profile}")
    item = page.locator(f"[data-testid=interview-{interview.pk}]")
    assert "✓" in item.inner_text()
    shoot(page, screenshot_dir, request, "9-profile-done-zh")
    page.click("[data-testid=lang-en]")
    page.get_by_text("1 of 1 scorecards").wait_for()
    shoot(page, screenshot_dir, request, "10-profile-done-en")
    assert errors == []


def test_a_candidate_asks_for_another_time_on_a_phone(
    browser, live_server, screenshot_dir, request
):
    """The reschedule request, with the times that suit, reaches HR's list as a badge."""
    from recruiting.interviews.links import respond_url
    from recruiting.interviews.services import InterviewPlan, interview_schedule

    hr = UserFactory(email="hr@example.com", full_name="王芳", roles=[Role.HR_ADMIN])
    job = JobFactory(title="Data analyst")
    candidate = CandidateFactory(full_name="Emily Chen", language="en")
    application = ApplicationFactory(job=job, candidate=candidate)
    interview = interview_schedule(
        application=application,
        plan=InterviewPlan(
            kind=Interview.Kind.VIDEO,
            starts_at=timezone.now() + timedelta(days=2),
            duration_minutes=30,
            interviewers=[hr],
            meeting_url="https://meeting.example.com/j/8812",
        ),
        actor=hr,
    )
    link = respond_url(interview_id=interview.pk, sequence=0).replace(
        settings.HRFLOW_PUBLIC_URL.rstrip("/"), live_server.url
    )
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-US", is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    errors: list[str] = []
    _watch(page, errors)
    try:
        page.goto(link)
        assert page.locator("html").get_attribute("lang") == "en"  # the candidate's language
        page.get_by_text("This time does not suit me").click()
        page.click("[data-testid=respond-reschedule]")  # nothing said yet: sent back
        page.locator(".form-errors").wait_for()
        page.fill("textarea[name=preferred_times]", "Any weekday after 16:00")
        page.fill("textarea[name=note]", "I have exams on Thursday morning.")
        shoot(page, screenshot_dir, request, "1-reschedule-phone-en", width=390)
        page.click("[data-testid=respond-reschedule]")
        page.locator("[data-testid=respond-state]").wait_for()
        shoot(page, screenshot_dir, request, "2-reschedule-sent-phone-en", width=390)
    finally:
        phone.close()
    interview.refresh_from_db()
    assert interview.candidate_response == Interview.Response.RESCHEDULE
    assert "Any weekday after 16:00" in interview.candidate_note
    assert errors == []
