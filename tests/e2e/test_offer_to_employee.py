"""The whole path of issue 15 in a real browser: the candidate accepts the offer in the
portal -> HR hires from the profile -> the onboarding plan is there -> the new hire
completes pre-boarding on a phone -> the manager passes probation -> the employee signs
in and sees the skills their AI interview showed. Screenshots of each step."""

import re
import secrets
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from employees.models import (
    Assignment,
    Employee,
    EmployeeStatus,
    OnboardingTask,
    ProbationReview,
    SkillEvidence,
)
from employees.onboarding_data import install_onboarding_defaults
from employees.records.services import employee_create
from employees.services.accounts import employee_account_create
from employees.services.contracts import contract_create
from employees.services.onboarding import onboarding_task_complete
from employees.services.preboarding import preboarding_invite
from employees.services.probation_reviews import probation_reviews_open
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.services import user_set_password
from recruiting.models import Offer, PortalLoginLink
from recruiting.services.portal_access import token_hash
from tests.employees.hire_scene import hire_scene
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_from_the_accepted_offer_to_the_employee_seeing_their_ai_skills(
    browser, live_server, screenshot_dir, request
):
    install_onboarding_defaults(apps)
    base = live_server.url
    hr = UserFactory(email="hr@example.com", roles=[Role.HR_ADMIN], language="en")
    scene = hire_scene(start_in_days=7)
    application = scene.application
    job = application.job
    # The offer is still waiting for the candidate's answer.
    Offer.objects.filter(pk=scene.offer.pk).update(
        status=Offer.Status.SENT, responded_at=None, signature_name=""
    )
    manager_user = UserFactory(email="boss@example.com", roles=[Role.HIRING_MANAGER])
    manager = employee_create(
        actor=hr, full_name="张伟", hire_date=timezone.localdate() - timedelta(days=900),
        department_id=job.department_id, job_title="技术经理", employment_type="full_time",
        status="regular",
    )  # fmt: skip
    employee_account_create(employee=manager, email=manager_user.email, actor=hr)
    job.hiring_managers.add(manager_user)
    candidate = application.candidate
    errors: list[str] = []

    # 1. The candidate signs in to the portal (the mailed one-time link) and accepts.
    token = secrets.token_urlsafe(32)
    PortalLoginLink.objects.create(
        candidate=candidate,
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(minutes=30),
    )
    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    portal = phone.new_page()
    portal.set_default_timeout(20_000)
    portal.on("pageerror", lambda error: errors.append(str(error)))
    portal.goto(f"{base}{reverse('portal:link', kwargs={'token': token})}")
    portal.click("[data-testid=portal-sign-in-button]")
    portal.goto(f"{base}{reverse('portal:offer', args=[scene.offer.pk])}")
    portal.fill("input[name=signature_name]", candidate.full_name)
    portal.check("input[name=read_letter]")
    portal.click("[data-testid=offer-accept]")
    expect(portal.locator("[data-testid=offer-answer]")).to_contain_text(candidate.full_name)
    shoot(portal, screenshot_dir, request, "1-offer-accepted-phone")

    # 2. HR hires from the profile, naming the manager.
    desk = browser.new_context(viewport=DESKTOP, locale="en-US")
    hr_page = desk.new_page()
    hr_page.set_default_timeout(20_000)
    hr_page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(hr_page, base, hr.email)
    hr_page.goto(f"{base}{reverse('recruiting:candidate-detail', args=[candidate.pk])}")
    hr_page.click(f"[data-testid=hire-{application.pk}]")
    hr_page.select_option("select[name=manager]", str(manager.pk))
    shoot(hr_page, screenshot_dir, request, "2-hire-form")
    hr_page.click("[data-testid=hire-confirm]")
    hired = hr_page.locator(f"[data-testid=hired-as-{application.pk}]")
    expect(hired).to_contain_text("Hired as employee")
    employee = Employee.objects.get(source_application_id=application.pk)
    expect(hired).to_contain_text(employee.number)
    shoot(hr_page, screenshot_dir, request, "3-profile-hired")

    # 3. The onboarding plan is there, with the tasks of the default template.
    plan = employee.onboarding_plan
    hr_page.goto(f"{base}{reverse('employees:onboarding-plan', args=[plan.pk])}")
    expect(hr_page.locator("[data-testid=plan-tasks]")).to_contain_text(
        "Prepare the desk and the computer"
    )
    shoot(hr_page, screenshot_dir, request, "4-onboarding-plan")

    # 4. The new hire completes pre-boarding on the phone, from HR's invitation.
    invitation = preboarding_invite(employee=employee, actor=hr)
    newcomer = browser.new_context(viewport=PHONE, locale="zh-CN")
    welcome = newcomer.new_page()
    welcome.set_default_timeout(20_000)
    welcome.on("pageerror", lambda error: errors.append(str(error)))
    welcome.goto(f"{base}{re.sub(r'^https?://[^/]+', '', invitation.url)}")
    welcome.click("[data-testid=welcome-start]")
    welcome.click("[data-testid=step-details] a")
    welcome.select_option("select[name=sex]", "female")
    welcome.fill("input[name=address]", "上海市浦东新区世纪大道 100 号")
    welcome.click("[data-testid=welcome-save]")
    welcome.click("[data-testid=step-identity] a")
    welcome.fill("input[name=number]", "11010519491231002X")
    welcome.click("[data-testid=welcome-save]")
    expect(welcome.get_by_test_id("welcome-home")).to_be_visible()
    shoot(welcome, screenshot_dir, request, "5-preboarding-phone")
    employee.refresh_from_db()
    assert employee.sex == "female"
    assert employee.id_number_tail == "002X"

    # 5. The contract's probation comes due; the manager passes it (mandatory onboarding
    # tasks done first: regular work waits for them).
    start = employee.hire_date
    contract_create(
        employee=employee, kind="fixed_term", starts_on=start,
        ends_on=start + timedelta(days=3 * 366), probation_months=3,
        signed_on=timezone.localdate(), actor=hr,
    )  # fmt: skip
    probation_reviews_open(on=start + timedelta(days=80))
    review = ProbationReview.objects.get(employee=employee)
    for task in OnboardingTask.objects.filter(plan=plan, done_at__isnull=True):
        onboarding_task_complete(task=task, actor=hr)
    user_set_password(user=manager_user, password=DEFAULT_PASSWORD, actor=None)
    boss = desk.new_page()
    boss.set_default_timeout(20_000)
    desk.clear_cookies()
    sign_in(boss, base, manager_user.email)
    boss.goto(f"{base}{reverse('employees:probation-list')}")
    expect(boss.locator("[data-testid=probation-table]")).to_contain_text(employee.full_name)
    boss.goto(f"{base}{reverse('employees:probation-decide', args=[review.pk])}")
    boss.check("input[name=outcome][value=pass]")
    shoot(boss, screenshot_dir, request, "6-probation-decision")
    boss.click("[data-testid=probation-submit]")
    boss.wait_for_url(f"**{reverse('employees:probation-list')}")
    review.refresh_from_db()
    assert review.outcome == "passed"
    regular_from = review.ends_on + timedelta(days=1)
    assert Assignment.objects.as_of(regular_from).get(employee=employee).status == (
        EmployeeStatus.REGULAR
    )

    # 6. The employee signs in on their phone and sees the skills from the AI interview.
    account = employee_account_create(employee=employee, email="newhire@example.com", actor=hr)
    user_set_password(user=User.objects.get(pk=account.pk), password=DEFAULT_PASSWORD, actor=None)
    mine = browser.new_context(viewport=PHONE, locale="zh-CN")
    me = mine.new_page()
    me.set_default_timeout(20_000)
    me.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(me, base, "newhire@example.com")
    me.goto(f"{base}{reverse('employees:me')}")
    skills = me.locator("[data-testid=skills]")
    expect(skills).to_be_visible()
    ai = SkillEvidence.objects.filter(employee=employee, source="ai_interview")
    assert ai.count() == 5
    for evidence in ai.select_related("competency"):
        expect(skills).to_contain_text(evidence.competency.name_zh)
    expect(skills).to_contain_text("v3.2")  # the vendor's model version, where sent
    shoot(me, screenshot_dir, request, "7-my-skills-phone")
    for context in (phone, desk, newcomer, mine):
        context.close()
    assert errors == []
