"""Contracts, the missing-contract warning and the probation decision on a phone, in
Chinese and English, in real headless Chromium (issue 15, points 5 and 11)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from employees.models import Assignment, ProbationReview
from employees.periods import period_end
from employees.services.contracts import contract_create
from hrflow.accounts.roles import Role
from tests.employees.contracts.people import employee_make
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _scene():  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    start = today - timedelta(days=170)
    boss = employee_make(hire_date=start - timedelta(days=900), name="王芳", status="regular")
    person = employee_make(hire_date=start, manager=boss, name="李娜")
    contract = contract_create(
        employee=person, kind="fixed_term", starts_on=start, ends_on=period_end(start, 36),
        probation_months=6, signed_on=start, actor=None,
    )  # fmt: skip
    contract_create(
        employee=boss, kind="open_ended", starts_on=boss.hire_date, signed_on=boss.hire_date,
        actor=None,
    )  # fmt: skip
    employee_make(hire_date=today - timedelta(days=45), name="张伟")  # no written contract
    return person, contract, ProbationReview.objects.get(contract=contract)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_hr_reads_contracts_the_warning_and_decides_a_probation_on_a_phone(
    page, live_server, screenshot_dir, request, language
):
    person, contract, review = _scene()
    UserFactory(email="hr@example.com", roles=[Role.HR_ADMIN], language=language)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "hr@example.com")
    english = language == "en"

    page.goto(live_server.url + reverse("employees:contract-list"))
    rows = page.locator("[data-testid=contract-row]")
    assert rows.count() == 2
    assert "李娜" in page.locator("[data-testid=contract-table]").inner_text()
    assert ("Fixed term" if english else "固定期限") in page.content()
    shoot(page, screenshot_dir, request, f"1-contracts-{language}")

    page.goto(live_server.url + reverse("employees:contract-unwritten"))
    (row,) = page.locator("[data-testid=unwritten-row]").all()
    text = row.inner_text()
    assert "张伟" in text
    assert ("Double wages owed" if english else "二倍工资") in text
    shoot(page, screenshot_dir, request, f"2-missing-contracts-{language}")

    page.goto(live_server.url + reverse("employees:probation-decide", args=[review.pk]))
    assert "李娜" in page.locator("h1").inner_text()
    shoot(page, screenshot_dir, request, f"3-probation-decision-{language}")

    # An extension past the legal maximum is refused with the reason, on the form.
    too_late = period_end(contract.starts_on, 6) + timedelta(days=1)
    page.locator("input[name=outcome][value=extend]").check()
    page.fill("input[name=new_end_date]", too_late.isoformat())
    page.fill("textarea[name=reason]", "再观察")
    page.click("[data-testid=probation-submit]")
    assert ("art. 19" if english else "第十九条") in page.locator(".has-error").inner_text()
    shoot(page, screenshot_dir, request, f"4-probation-refused-{language}")

    page.locator("input[name=outcome][value=pass]").check()
    page.click("[data-testid=probation-submit]")
    page.wait_for_url(f"**{reverse('employees:probation-list')}")
    review.refresh_from_db()
    assert review.outcome == "passed"
    day_after = review.ends_on + timedelta(days=1)
    assert Assignment.objects.as_of(day_after).get(employee=person).status == "regular"
    assert not errors
