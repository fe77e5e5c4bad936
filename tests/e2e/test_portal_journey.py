"""The issue's browser journey through the candidate portal, on a phone and a desktop window.

apply on the careers site -> the sign-in link, read from the e-mail the real worker
sent to a real SMTP server -> the portal shows "AI interview invited" (the real
vendor simulator was asked) -> the vendor's result arrives and the company's rule
advances the application, nobody at HR touching it -> the portal shows the next
step -> HR sends an offer -> the candidate accepts it with a typed signature ->
HR sees the acceptance on the profile. Screenshots at both sizes in both languages.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hrflow.accounts.roles import Role
from integrations.connections import adapter_for
from recruiting.models import Application, Assessment, Offer, StageKind
from recruiting.services.applications import application_move
from tests.e2e.test_careers_apply import SIZES
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import UserFactory
from tests.recruiting.screening.test_services import _rule
from tests.recruiting.services.test_resume_attach import pdf
from tests.recruiting.vendors.harness import Harness, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

EMAIL = "li.na.portal@example.com"


@pytest.fixture
def vuesim(celery_worker_process, smtp_capture):
    running = Harness("vuesim")
    adapter = adapter_for(running.connection)
    try:
        running.connection.default_test_id = adapter.list_tests()[0].id
    finally:
        adapter.close()
    running.connection.save()
    ai = running.job.stages.get(kind=StageKind.AI_INTERVIEW)
    ai.vendor_connection = running.connection
    ai.save()
    yield running
    running.close()


def _link_from_mail(smtp_capture) -> str:
    def find():
        for received in smtp_capture.to(EMAIL):
            text = "".join(
                part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
                for part in received.message.walk()
                if part.get_content_type() == "text/plain"
            )
            match = re.search(r"https?://[^/\s]+(/portal/in/[^/\s]+/)", text)
            if match:
                return match.group(1)
        return None

    return wait_until(find)


@pytest.mark.parametrize("size", sorted(SIZES))
def test_a_candidate_follows_the_application_in_the_portal_and_accepts_the_offer(
    browser, live_server, screenshot_dir, request, tmp_path, vuesim, smtp_capture, size
):
    viewport, width = SIZES[size], SIZES[size]["width"]
    job = vuesim.job
    ai_stage = job.stages.get(kind=StageKind.AI_INTERVIEW)
    onsite = job.stages.filter(kind=StageKind.INTERVIEW).order_by("position").first()
    _rule(job)  # AI overall >= 80 advances to the onsite interview
    UserFactory(email="hr@example.com", roles=[Role.HR_ADMIN], language="en")
    smtp_capture.clear()
    resume = tmp_path / "李娜-简历.pdf"
    resume.write_bytes(pdf("Li Na data analyst SQL Python"))
    errors: list[str] = []
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on("pageerror", lambda error: errors.append(str(error)))

    # the candidate applies on the careers site
    page.goto(f"{live_server.url}{reverse('careers:job-detail', args=[job.pk])}")
    if size == "phone":
        page.click("[data-testid=apply-jump]")
    page.fill("input[name=full_name]", "李娜")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=phone]", "13900139000")
    page.set_input_files("input[name=resume]", str(resume))
    page.check("input[name=consent_data]")
    page.check("input[name=consent_ai]")
    page.click("[data-testid=apply-submit]")
    page.locator("[data-testid=apply-thanks]").wait_for()
    application = Application.objects.select_related("candidate").get(
        job=job, candidate__email=EMAIL
    )

    # HR's screening moves it into the AI interview; the worker invites at the vendor
    application_move(application=application, to_stage=ai_stage)
    invited = wait_until(
        lambda: Assessment.objects.filter(application=application, status="invited").first()
    )

    # the candidate asks for a sign-in link and opens it from the e-mail
    page.goto(f"{live_server.url}{reverse('portal:sign-in')}")
    shoot(page, screenshot_dir, request, "1-sign-in-zh", width)
    page.fill("input[name=email]", EMAIL)
    page.click("[data-testid=portal-send-link]")
    page.locator("[data-testid=portal-link-sent]").wait_for()
    path = _link_from_mail(smtp_capture)
    page.goto(f"{live_server.url}{path}")
    page.click("[data-testid=portal-sign-in-button]")
    card = page.locator(f'[data-testid=portal-application][data-application="{application.pk}"]')
    expect(card.locator('[data-step="ai_invited"]')).to_have_attribute("data-state", "done")
    expect(card.locator("[data-testid=portal-ai-link]")).to_have_attribute(
        "href", invited.invite_url
    )
    shoot(page, screenshot_dir, request, "2-ai-invited-zh", width)

    # the vendor's result arrives (rated 4.6 of 5: 92) and the rule advances the application
    interview_id = invited.external_interview_id
    vuesim.control("POST", "complete", {"interview_id": interview_id})
    vuesim.control("POST", "rescore", {"interview_id": interview_id, "rating": 4.6})
    vuesim.sync_in_worker()
    wait_until(lambda: Application.objects.get(pk=application.pk).stage_id == onsite.pk)

    # the portal shows it passed and what happens next, without HR doing anything
    page.reload()
    expect(card.locator('[data-step="result"]')).to_have_attribute("data-state", "done")
    expect(card.locator("[data-testid=portal-ai-link]")).to_have_count(0)
    page.click("[data-testid=lang-en]")
    page.wait_for_load_state()
    expect(card.locator("[data-testid=portal-next-step]")).to_contain_text("Interviews")
    expect(card.locator('[data-step="result"]')).to_contain_text("Passed")
    shoot(page, screenshot_dir, request, "3-passed-en", width)

    # HR sends an offer from the profile
    hr_context = browser.new_context(viewport=viewport, locale="en-US")
    hr = hr_context.new_page()
    hr.set_default_timeout(20_000)
    sign_in(hr, live_server.url, "hr@example.com")
    letter = tmp_path / "offer-letter.pdf"
    letter.write_bytes(pdf("Offer letter for Li Na"))
    hr.goto(f"{live_server.url}{reverse('recruiting:offer-create', args=[application.pk])}")
    hr.fill("input[name=salary]", "¥25,000 x 14")
    hr.fill("input[name=start_date]", "2027-01-04")
    hr.set_input_files("input[name=letter]", str(letter))
    hr.click("[data-testid=offer-send]")
    hr.wait_for_url(f"**{reverse('recruiting:candidate-detail', args=[application.candidate_id])}")
    offer = Offer.objects.get(application=application)

    # the candidate reads it and accepts with a typed signature
    page.goto(f"{live_server.url}{reverse('portal:home')}")
    expect(card.locator("[data-testid=portal-next-action]")).to_be_visible()
    shoot(page, screenshot_dir, request, "4-offer-waiting-en", width)
    card.locator("[data-testid=portal-next-action]").click()
    page.wait_for_url(f"**{reverse('portal:offer', args=[offer.pk])}")
    page.fill("input[name=signature_name]", "李娜")
    page.check("input[name=read_letter]")
    shoot(page, screenshot_dir, request, "5-offer-en", width)
    page.click("[data-testid=offer-accept]")
    expect(page.locator("[data-testid=offer-answer]")).to_contain_text("李娜")
    page.click("[data-testid=lang-zh]")
    page.wait_for_load_state()
    shoot(page, screenshot_dir, request, "6-offer-accepted-zh", width)

    # and HR sees the acceptance at once
    hr.reload()
    accepted = hr.locator(f"[data-testid=offer-{offer.pk}]")
    expect(accepted).to_contain_text("Accepted")
    expect(accepted).to_contain_text("李娜")
    shoot(hr, screenshot_dir, request, "7-hr-sees-acceptance", max(width, 10_000))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    hr_context.close()
    context.close()
    assert errors == []
