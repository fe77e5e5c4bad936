"""Onboarding: templates matched to a new hire, the plan made at hire (once), tasks ticked,
overdue reminders once a day, and no regular work while a mandatory task is open."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from employees.models import (
    EmployeeStatus,
    OnboardingPlan,
    OnboardingTask,
    OnboardingTemplate,
    OnboardingTemplateTask,
    Position,
)
from employees.onboarding_data import DEFAULT_TASKS, install_onboarding_defaults
from employees.selectors.onboarding import onboarding_open_mandatory, templates_matching
from employees.services.assignments import assignment_change
from employees.services.onboarding import (
    onboarding_buddy_set,
    onboarding_overdue_remind,
    onboarding_plan_create,
    onboarding_task_complete,
)
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from hrflow.notifications.models import OutboxMessage
from recruiting.hiring.services import application_hire
from tests.employees.hire_scene import hire_scene
from tests.employees.onboarding_scene import employee_make
from tests.hrflow.factories import DepartmentFactory, LocationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _template(name: str, *tasks: tuple[str, str, int, bool], **filters) -> OnboardingTemplate:  # type: ignore[no-untyped-def]
    template = OnboardingTemplate.objects.create(name=name, **filters)
    for order, (title, role, offset, mandatory) in enumerate(tasks):
        OnboardingTemplateTask.objects.create(
            template=template, title=title, owner_role=role, due_offset_days=offset,
            mandatory=mandatory, order=order,
        )  # fmt: skip
    return template


@pytest.fixture
def no_default() -> None:
    """Only the templates a test makes (the shipped generic one would match everyone)."""
    OnboardingTemplate.objects.filter(code="default").update(is_active=False)


def test_templates_match_department_subtree_position_and_city(no_default) -> None:
    rd = DepartmentFactory(name="研发中心")
    backend = DepartmentFactory(name="后端组", parent=rd)
    sales = DepartmentFactory(name="销售部")
    shanghai = LocationFactory(city="上海")
    seat = Position.objects.create(code="be", title="后端工程师", department=backend)
    generic = _template("通用")
    for_rd = _template("研发", department=rd)
    for_sales = _template("销售", department=sales)
    for_seat = _template("岗位", position=seat)
    in_shanghai = _template("上海", city="上海")
    in_beijing = _template("北京", city="北京")
    rd_in_beijing = _template("研发北京", department=rd, city="北京")
    _template("停用", is_active=False)

    employee = employee_make(department=backend, position=seat, location=shanghai)

    matched = set(templates_matching(employee))
    assert matched == {generic, for_rd, for_seat, in_shanghai}
    assert not matched & {for_sales, in_beijing, rd_in_beijing}


def test_plan_from_templates_with_due_dates_and_assignees(no_default) -> None:
    manager_user = UserFactory(roles=[Role.HIRING_MANAGER])
    manager = employee_make(
        name="李经理", user=manager_user, start=timezone.localdate() - timedelta(days=400)
    )
    hire_user = UserFactory(roles=[Role.EMPLOYEE])
    employee = employee_make(manager=manager, user=hire_user)
    _template(
        "通用",
        ("准备工位和电脑", "it", -3, True), ("签订劳动合同", "hr", 0, True),
        ("试用期目标沟通", "manager", 7, True), ("熟悉环境", "buddy", 1, False),
        ("首日报到", "new_hire", 0, True),
    )  # fmt: skip

    plan = onboarding_plan_create(employee=employee, actor=None)

    tasks = {task.title: task for task in plan.tasks.all()}
    start = employee.hire_date
    assert tasks["准备工位和电脑"].due_on == start - timedelta(days=3)
    assert tasks["试用期目标沟通"].due_on == start + timedelta(days=7)
    assert tasks["试用期目标沟通"].assignee == manager_user
    assert tasks["首日报到"].assignee == hire_user
    assert tasks["签订劳动合同"].assignee is None  # HR's team
    assert tasks["熟悉环境"].assignee is None  # no buddy yet
    buddy_user = UserFactory(roles=[Role.EMPLOYEE])
    buddy = employee_make(
        name="张导师", user=buddy_user, start=timezone.localdate() - timedelta(days=90)
    )
    onboarding_buddy_set(plan=plan, buddy=buddy, actor=UserFactory(roles=[Role.HR_ADMIN]))
    assert OnboardingTask.objects.get(plan=plan, title="熟悉环境").assignee == buddy_user


def test_a_hire_makes_the_plan_in_its_transaction_and_only_once() -> None:
    install_onboarding_defaults(apps)  # as the migration did (a flushed database has none)
    scene = hire_scene(files=False)

    first = application_hire(application=scene.application, actor=scene.recruiter)
    second = application_hire(application=scene.application, actor=scene.recruiter)
    again = onboarding_plan_create(employee=first.employee, actor=None)

    assert first.employee == second.employee
    plans = OnboardingPlan.objects.filter(employee=first.employee)
    assert plans.count() == 1
    assert again == plans.get()
    plan = plans.get()
    assert plan.tasks.count() == len(DEFAULT_TASKS)
    assert set(plan.tasks.values_list("title", flat=True)) >= {
        "准备工位和电脑", "开通邮箱和企业微信", "签订劳动合同", "入职培训", "安全培训", "指定导师",
        "试用期目标沟通",
    }  # fmt: skip
    assert AuditEvent.objects.filter(action="employees.onboarding_plan_create").count() == 1


def test_regular_work_is_refused_while_a_mandatory_task_is_open(no_default) -> None:
    hr = UserFactory(roles=[Role.HR_ADMIN])
    employee = employee_make(start=timezone.localdate() - timedelta(days=30))
    _template("通用", ("签订劳动合同", "hr", 0, True), ("安全培训", "hr", 1, True),
              ("首月回顾", "manager", 30, False))  # fmt: skip
    plan = onboarding_plan_create(employee=employee, actor=hr)
    day = timezone.localdate()

    with pytest.raises(ApplicationError) as refused:
        assignment_change(employee=employee, valid_from=day, change="probation_passed",
                          actor=hr, status=EmployeeStatus.REGULAR)  # fmt: skip
    assert "签订劳动合同" in refused.value.message
    assert "安全培训" in refused.value.message
    assert employee.assignments.filter(status=EmployeeStatus.REGULAR).count() == 0

    for task in plan.tasks.filter(mandatory=True):
        onboarding_task_complete(task=task, actor=hr, note="已完成")
    assert onboarding_open_mandatory(employee) == []
    row = assignment_change(employee=employee, valid_from=day, change="probation_passed",
                            actor=hr, status=EmployeeStatus.REGULAR)  # fmt: skip
    assert row.status == EmployeeStatus.REGULAR  # the open optional task does not block
    assert AuditEvent.objects.filter(action="employees.onboarding_task_done").count() == 2


def test_overdue_tasks_remind_their_owner_once_a_day(no_default) -> None:
    manager_user = UserFactory(roles=[Role.HIRING_MANAGER], email="boss@example.com")
    manager = employee_make(
        name="李经理", user=manager_user, start=timezone.localdate() - timedelta(days=400)
    )
    it_user = UserFactory(email="it@example.com")
    it_user.groups.add(Group.objects.get_or_create(name="it")[0])
    employee = employee_make(manager=manager, start=timezone.localdate() - timedelta(days=5))
    _template("通用", ("试用期目标沟通", "manager", 1, True), ("准备工位和电脑", "it", -3, True),
              ("以后再说", "manager", 30, True))  # fmt: skip
    onboarding_plan_create(employee=employee, actor=None)
    today = timezone.localdate()

    assert onboarding_overdue_remind(today=today) == 2
    assert onboarding_overdue_remind(today=today) == 0  # the same day again: nothing new
    sent = OutboxMessage.objects.filter(event="onboarding_task_overdue")
    assert sorted(sent.values_list("recipient", flat=True)) == [
        "boss@example.com",
        "it@example.com",
    ]
    assert onboarding_overdue_remind(today=today + timedelta(days=1)) == 2  # next day: again
    done = OnboardingTask.objects.get(title="试用期目标沟通")
    onboarding_task_complete(task=done, actor=manager_user)
    assert onboarding_overdue_remind(today=today + timedelta(days=2)) == 1


def test_it_tasks_fall_to_hr_when_the_it_group_is_empty(no_default) -> None:
    UserFactory(roles=[Role.HR_ADMIN], email="hr@example.com")
    employee = employee_make(start=timezone.localdate() - timedelta(days=5))
    _template("通用", ("开通邮箱和企业微信", "it", -2, True))
    onboarding_plan_create(employee=employee, actor=None)

    onboarding_overdue_remind()

    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == ["hr@example.com"]


def test_my_tasks_shows_only_mine_and_a_foreign_task_is_404(client, no_default) -> None:
    mine_user = UserFactory(roles=[Role.HIRING_MANAGER])
    other_user = UserFactory(roles=[Role.HIRING_MANAGER])
    me = employee_make(name="我", user=mine_user, start=timezone.localdate() - timedelta(days=400))
    other = employee_make(
        name="他", user=other_user, start=timezone.localdate() - timedelta(days=400)
    )
    _template("通用", ("试用期目标沟通", "manager", 7, True), ("签订劳动合同", "hr", 0, True))
    onboarding_plan_create(employee=employee_make(name="新人甲", manager=me), actor=None)
    onboarding_plan_create(employee=employee_make(name="新人乙", manager=other), actor=None)
    foreign = OnboardingTask.objects.get(plan__employee__full_name="新人乙", owner_role="manager")
    client.force_login(mine_user)

    page = client.get(reverse("employees:onboarding-my-tasks"))

    assert page.status_code == 200
    rows = page.content.decode().count('data-testid="onboarding-task"')
    assert rows == 1
    assert "新人甲" in page.content.decode()
    assert "新人乙" not in page.content.decode()
    refused = client.post(reverse("employees:onboarding-task-done", args=[foreign.pk]))
    assert refused.status_code == 404
    foreign.refresh_from_db()
    assert foreign.done_at is None


def test_hr_sees_every_plan_with_progress_in_constant_queries(
    client, no_default, django_assert_max_num_queries
) -> None:
    hr = UserFactory(roles=[Role.HR_ADMIN])
    _template("通用", ("签订劳动合同", "hr", 0, True), ("入职培训", "hr", 0, True))
    for n in range(3):
        onboarding_plan_create(employee=employee_make(name=f"新人{n}"), actor=None)
    client.force_login(hr)
    url = reverse("employees:onboarding-plans")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(3, 9):
        onboarding_plan_create(employee=employee_make(name=f"新人{n}"), actor=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count('data-testid="onboarding-plan-row"') == 9
    assert "0/2" in page.content.decode()


def test_hr_edits_templates_in_the_app_and_others_get_404(client) -> None:
    hr = UserFactory(roles=[Role.HR_ADMIN])
    client.force_login(UserFactory(roles=[Role.RECRUITER]))
    assert client.get(reverse("employees:onboarding-templates")).status_code == 404
    client.force_login(hr)

    created = client.post(reverse("employees:onboarding-template-create"),
                          {"name": "上海研发", "city": " 上海 ", "is_active": "on"})  # fmt: skip
    template = OnboardingTemplate.objects.get(name="上海研发")
    assert created.status_code == 302
    assert template.city == "上海"
    added = client.post(
        reverse("employees:onboarding-template-task-add", args=[template.pk]),
        {
            "title": "门禁卡",
            "owner_role": "it",
            "due_offset_days": "-2",
            "mandatory": "on",
            "order": "0",
        },
    )
    assert added.status_code == 302
    task = template.tasks.get()
    assert (task.title, task.due_offset_days, task.mandatory) == ("门禁卡", -2, True)
    bad = client.post(
        reverse("employees:onboarding-template-task-add", args=[template.pk]),
        {"title": "x", "owner_role": "ceo", "due_offset_days": "9999", "order": "0"},
    )
    assert bad.status_code == 400
    assert template.tasks.count() == 1
    page = client.get(reverse("employees:onboarding-template", args=[template.pk]))
    assert "门禁卡" in page.content.decode()
    client.post(reverse("employees:onboarding-template-task-delete", args=[task.pk]))
    assert not template.tasks.exists()
    assert (
        AuditEvent.objects.filter(action__startswith="employees.onboarding_template").count() == 3
    )
