"""The factory story of issue 16, end to end in real headless Chromium (point 12): hires
with low AI 'safety awareness' scores appear on their supervisor's training page, are
enrolled with one action, complete the course, and at the next review their
safety-incident KPI is imported from a file and scored."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from employees.models import (
    Course,
    Enrolment,
    Metric,
    MetricValue,
    Review,
    ReviewCycle,
    SkillEvidence,
)
from employees.performance.kpi import reviews_score
from employees.performance.templates import review_template_save
from hrflow.accounts.roles import Role
from hrflow.competencies.models import Competency
from hrflow.org.services import department_create
from tests.employees.contracts.people import employee_make
from tests.employees.performance.scene import template_sections
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# What each language shows, word for word (the translations are the catalogue's).
SAYS = {
    "en": {
        "sentence": "2 of your 4 people scored low on Safety awareness in the AI interview: "
        "suggested Safe operating practice, Special operations certificate",
        "course": "Safe operating practice",
        "enrolled": "2 people enrolled.",
        "complete": "Mark completed",
        "completed": "Marked completed.",
        "import": "Import",
        "imported": "3 rows imported: 3 new, 0 changed, 0 unchanged.",
        "open": "Open the cycle",
        "submit": "Submit",
        "submitted": "Your review is submitted.",
        "kpi": "Safety incidents · target 2 · actual 3 · score 60 %",
        "computed": "Computed score 76.00 %",
    },
    "zh-hans": {
        "sentence": "你的 4 名下属中有 2 人 AI 面试的安全意识得分偏低：推荐"
        "安全生产操作规范、特种作业操作证培训",
        "course": "安全生产操作规范",
        "enrolled": "已为 2 人报名。",
        "complete": "标记完成",
        "completed": "已标记完成。",
        "import": "导入",
        "imported": "已导入 3 行：新增 3，修改 0，未变 0。",
        "open": "开启周期",
        "submit": "提交",
        "submitted": "您的评价已提交。",
        "kpi": "安全事故次数 · 目标 2 · 实际 3 · 得分 60 %",
        "computed": "计算得分 76.00 %",
    },
}
WEAK = ("赵强", "钱磊")  # AI safety awareness at the 12th and 25th pool percentile
STRONG = ("孙丽", "周杰")  # at the 70th and 88th


def _workshop(language: str):  # type: ignore[no-untyped-def]
    """A workshop department, its supervisor (who signs in) and four reports.

    The AI evidence is written as the hire writes it (source ai_interview, the dimension,
    the pool percentile and size): the hire path itself is walked in test_offer_to_employee
    and would cost a whole recruiting pipeline per person here."""
    hired = timezone.localdate() - timedelta(days=200)
    workshop = department_create(name="总装车间", code="assembly")
    boss_user = UserFactory(email="boss@example.com", roles=[Role.EMPLOYEE], language=language)
    boss = employee_make(
        hire_date=hired, user=boss_user, status="regular", name="班组长王", department=workshop
    )
    safety = Competency.objects.get(code="safety_awareness")
    people = {}
    for name, percentile in zip((*WEAK, *STRONG), (12, 25, 70, 88), strict=True):
        person = employee_make(
            hire_date=hired, status="regular", manager=boss, name=name, department=workshop
        )
        SkillEvidence.objects.create(
            employee=person, competency=safety, source=SkillEvidence.Source.AI_INTERVIEW,
            dimension_code="safety_awareness", score=Decimal(percentile),
            pool_percentile=Decimal(percentile), pool_size=120,
            assessed_at=timezone.now() - timedelta(days=210),
            origin_ref=f"recruiting.assessment:{person.pk}",
        )  # fmt: skip
        people[name] = person
    review_template_save(
        name="车间考核", department=workshop, sections=template_sections(safety), actor=None
    )
    return workshop, people


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_weak_safety_scores_are_trained_and_the_incidents_kpi_is_scored(
    page, live_server, screenshot_dir, request, tmp_path, language
):
    """In Chinese on a phone (the workshop floor), in English on a laptop."""
    says = SAYS[language]
    if language == "zh-hans":
        page.set_viewport_size(PHONE)
    workshop, people = _workshop(language)
    UserFactory(email="hr@example.com", roles=[Role.HR_ADMIN], language=language)
    course = Course.objects.get(code="safety-basics")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    url = live_server.url

    # 1. The supervisor reads who scored low and enrols them with the one action.
    sign_in(page, url, "boss@example.com")
    page.goto(url + reverse("employees:training-team"))
    (group,) = page.locator("[data-testid=suggestion-group]").all()
    sentence = group.locator("[data-testid=suggestion-sentence]").inner_text()
    assert sentence == says["sentence"]
    chosen = group.locator("select[name=course] option:checked").inner_text()
    assert chosen == says["course"]  # the one action enrols in this course
    listed = group.locator("[data-testid=suggested-person]").all_inner_texts()
    assert [text.split()[0] for text in listed] == sorted(WEAK)
    shoot(page, screenshot_dir, request, "1-suggestions")
    group.locator("[data-testid=enrol]").click()
    page.wait_for_url(f"**{reverse('employees:training-team')}")
    assert says["enrolled"] in page.content()
    rows = page.locator("[data-testid=enrolment-row]")
    assert sorted(text.split(" · ")[0] for text in rows.all_inner_texts()) == sorted(WEAK)
    # Still weak, so the other safety course is suggested; the one taken is not.
    left = page.locator("[data-testid=suggestion-sentence]").all_inner_texts()
    assert all(says["course"] not in text for text in left)
    enrolled = Enrolment.objects.filter(course=course)
    assert {e.employee.full_name for e in enrolled} == set(WEAK)
    assert not Enrolment.objects.filter(employee__full_name__in=STRONG).exists()
    shoot(page, screenshot_dir, request, "2-enrolled")

    # 2. The supervisor marks the course completed for both, with a result.
    for name, result in zip(WEAK, ("92", "85"), strict=True):
        row = page.locator("[data-testid=enrolment-row]", has_text=name)
        row.locator("input[name=result]").fill(result)
        row.get_by_role("button", name=says["complete"]).click()
        page.wait_for_url(f"**{reverse('employees:training-team')}")
        assert says["completed"] in page.content()
    assert page.locator("[data-testid=enrolment-row]").count() == 0
    shoot(page, screenshot_dir, request, "3-completed")
    assert {e.status for e in Enrolment.objects.filter(course=course)} == {"completed"}
    trained = SkillEvidence.objects.filter(source=SkillEvidence.Source.TRAINING)
    assert sorted(e.employee.full_name for e in trained) == sorted(WEAK)
    assert {e.competency.code for e in trained} == {"safety_awareness"}

    # 3. HR imports the quarter's safety incidents from a CSV through the upload input.
    today = timezone.localdate()
    start, end = today - timedelta(days=90), today - timedelta(days=1)
    zhao, qian = people["赵强"], people["钱磊"]
    lines = [
        "工号,姓名,指标代码,日期,数值",
        f"{zhao.number},赵强,safety_incidents,{(start + timedelta(days=10)).isoformat()},1",
        f"{zhao.number},赵强,safety_incidents,{(start + timedelta(days=40)).isoformat()},2",
        f"{qian.number},钱磊,safety_incidents,{(start + timedelta(days=20)).isoformat()},1",
    ]
    upload = tmp_path / "安全事故-Q3.csv"
    upload.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    page.context.clear_cookies()
    sign_in(page, url, "hr@example.com")
    page.goto(url + reverse("employees:metric-import"))
    page.set_input_files("input[type=file][name=file]", str(upload))
    page.get_by_role("button", name=says["import"], exact=True).click()
    page.wait_for_url(f"**{reverse('employees:metric-import')}")
    assert says["imported"] in page.content()
    (batch,) = page.locator("[data-testid=metric-import-row]").all_inner_texts()
    assert "安全事故-Q3.csv" in batch
    assert page.locator("[data-testid=metric-import-report]").count() == 0
    shoot(page, screenshot_dir, request, "4-imported")
    metric = Metric.objects.get(code="safety_incidents")
    assert MetricValue.objects.filter(metric=metric, employee=zhao).count() == 2

    # 4. HR opens the quarter's cycle with the incidents goal, through the page.
    page.goto(url + reverse("employees:performance-cycle-open"))
    page.fill("input[name=name]", "2026 Q4 车间")
    page.select_option("select[name=kind]", "quarterly")
    page.fill("input[name=period_start]", start.isoformat())
    page.fill("input[name=period_end]", end.isoformat())
    page.select_option("select[name=department]", str(workshop.pk))
    page.select_option("select[name=metric]", str(metric.pk))
    page.fill("input[name=target]", "2")
    page.fill("input[name=bands]", "2:100, 3:60")
    page.uncheck("input[name=self_review]")  # the supervisor reviews straight away
    shoot(page, screenshot_dir, request, "5-cycle-form")
    page.get_by_role("button", name=says["open"]).click()
    cycle = ReviewCycle.objects.get()
    page.wait_for_url(f"**{reverse('employees:performance-cycle', args=[cycle.pk])}")
    review = Review.objects.get(cycle=cycle, employee=zhao)
    goal = review.goals.get()
    assert goal.metric == metric
    assert goal.direction == "lower"
    assert goal.bands == [["2", "100"], ["3", "60"]]

    # 5. The supervisor opens 赵强's review: the three incidents of the period are listed
    # under the goal; submitting the manager's review scores it (3 incidents -> 60 %).
    page.context.clear_cookies()
    sign_in(page, url, "boss@example.com")
    page.goto(url + reverse("employees:performance-review", args=[review.pk]))
    days = page.locator("[data-testid=metric-values] tbody tr").all_inner_texts()
    assert [d.split() for d in days] == [
        [(start + timedelta(days=10)).isoformat(), "1"],
        [(start + timedelta(days=40)).isoformat(), "2"],
    ]
    form = page.locator("[data-testid=review-form]")
    form.locator("select[name^=r-]").select_option("5")
    form.locator("select[name=rating]").select_option("3")
    form.locator("textarea").last.fill("安全培训已完成，事故仍偏多，下季度跟进。")
    shoot(page, screenshot_dir, request, "6-review-before")
    form.get_by_role("button", name=says["submit"]).click()
    page.wait_for_url(f"**{reverse('employees:performance-review', args=[review.pk])}")
    assert says["submitted"] in page.content()
    kpi = " ".join(page.locator("[data-testid=review-goal]").inner_text().split())
    assert kpi.startswith(says["kpi"])
    computed = " ".join(page.locator("[data-testid=review-score]").inner_text().split())
    assert says["computed"] in computed  # KPI 60 % x 0.6 + competency 100 % x 0.4
    shoot(page, screenshot_dir, request, "7-review-scored")

    goal.refresh_from_db()
    review.refresh_from_db()
    assert (goal.actual, goal.score) == (Decimal(3), Decimal(60))
    assert (review.score, review.manager_rating) == (Decimal("76.00"), 3)
    # the same rule scores the others from the imported file: 1 incident is full marks,
    # and a sum with nothing recorded is 0 incidents, full marks too
    scored = reviews_score(list(Review.objects.filter(cycle=cycle).order_by("pk")))
    by_person = {g.review.employee.full_name: (g.actual, g.score) for g in scored.goals}
    assert by_person["钱磊"] == (Decimal(1), Decimal(100))
    assert by_person["孙丽"] == (Decimal(0), Decimal(100))
    assert not errors
