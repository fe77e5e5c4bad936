"""The offboarding checklist: made when the leaving is recorded from the template HR keeps,
owners by role, ticked off with who and when, shown on the employee record; each owner
sees the tasks they own and no other; the sign-in account closed after the last day."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from employees.models import OffboardingTask, OffboardingTemplateTask
from employees.offboarding_data import DEFAULT_TASKS
from employees.services.offboarding import leaver_accounts_deactivate
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.core.models import AuditEvent
from tests.employees.hostile import LONG
from tests.employees.pay.leaving_scene import leaves, paid_employee
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import UserFactory
from tests.html_text import visible_text

pytestmark = pytest.mark.django_db

LAST_DAY = date(2024, 6, 30)


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


class Scene:
    def __init__(self) -> None:
        self.hr = UserFactory(roles=[Role.HR_ADMIN])
        self.payroll = UserFactory(roles=[Role.PAYROLL])
        self.it = UserFactory(roles=[Role.EMPLOYEE])
        self.it.groups.add(Group.objects.get_or_create(name="it")[0])
        self.boss_user = UserFactory(roles=[Role.EMPLOYEE])
        self.boss = employee_make(user=self.boss_user, name="张伟")
        self.other_user = UserFactory(roles=[Role.EMPLOYEE])
        employee_make(user=self.other_user, name="赵六")
        self.leaver_user = UserFactory(roles=[Role.EMPLOYEE])
        self.leaver = leaves(
            paid_employee("10000", since=date(2021, 1, 1), manager=self.boss,
                          user=self.leaver_user, name="韩梅梅"),
            LAST_DAY, actor=self.hr,
        )  # fmt: skip

    def task(self, code: str) -> OffboardingTask:
        return OffboardingTask.objects.get(employee=self.leaver, template_task__code=code)


@pytest.fixture
def scene() -> Scene:
    return Scene()


def _checklist(employee) -> str:
    return reverse("employees:employee-offboarding", kwargs={"ref": employee.number})


def _done(task) -> str:
    return reverse("employees:offboarding-task-done", kwargs={"pk": task.pk})


def test_the_leaving_makes_the_checklist_with_owners_and_due_days(scene):
    tasks = list(OffboardingTask.objects.filter(employee=scene.leaver))
    assert [t.template_task.code for t in tasks] == [
        "handover", "assets", "accounts", "final-pay", "exit-certificate", "transfers",
    ]  # fmt: skip
    assert len(tasks) == len(DEFAULT_TASKS)
    handover = scene.task("handover")
    assert (handover.owner_role, handover.assignee) == ("manager", scene.boss_user)
    assert handover.due_on == LAST_DAY - timedelta(days=2)
    assert scene.task("transfers").due_on == LAST_DAY + timedelta(days=15)
    assert {t.owner_role for t in tasks if t.assignee is None} == {"hr", "it", "payroll"}
    assert AuditEvent.objects.filter(action="employees.offboarding_checklist_create").count() == 1


def test_the_record_shows_the_checklist_and_the_leaving_pages_to_hr(client, scene):
    client.force_login(scene.hr)
    page = client.get(reverse("employees:employee-detail", kwargs={"ref": scene.leaver.number}))
    html = page.content.decode()
    assert 'data-testid="record-offboarding"' in html
    assert html.count('data-testid="offboarding-task"') == len(DEFAULT_TASKS)
    for name in ("employee-final-pay", "employee-exit-certificate", "employee-offboarding"):
        assert reverse(f"employees:{name}", kwargs={"ref": scene.leaver.number}) in html


def test_the_manager_sees_and_ticks_only_the_task_they_own(client, scene):
    client.force_login(scene.boss_user)
    page = client.get(_checklist(scene.leaver))
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="offboarding-task"') == 1
    assert "Hand over the work" in visible_text(page.content.decode())

    done = client.post(_done(scene.task("handover")), {"done": "yes", "note": "交接清单已签字"})
    foreign = client.post(_done(scene.task("assets")), {"done": "yes"})

    assert done.status_code == 302
    assert done.url == _checklist(scene.leaver)
    handover = scene.task("handover")
    assert handover.done_by == scene.boss_user
    assert handover.done_at is not None
    assert handover.note == "交接清单已签字"
    assert foreign.status_code == 404
    assert scene.task("assets").done_at is None
    # Who and when, on the checklist.
    text = visible_text(client.get(_checklist(scene.leaver)).content.decode())
    assert str(scene.boss_user) in text
    assert "交接清单已签字" in text


def test_done_can_be_undone_and_twice_is_refused(client, scene):
    client.force_login(scene.hr)
    task = scene.task("exit-certificate")
    client.post(_done(task), {"done": "yes"})
    again = client.post(_done(task), {"done": "yes"}, follow=True)
    assert "This task is already done." in visible_text(again.content.decode())
    client.post(_done(task), {"done": "no", "back": "mine"})
    task.refresh_from_db()
    assert task.done_at is None
    assert task.done_by is None


@pytest.mark.parametrize(
    ("who", "codes"),
    [
        ("hr", {"handover", "assets", "accounts", "final-pay", "exit-certificate", "transfers"}),
        ("boss_user", {"handover"}),
        ("it", {"assets", "accounts"}),
        ("payroll", {"final-pay"}),
        ("other_user", None),
    ],
)
def test_each_owner_sees_their_tasks_and_others_get_404(client, scene, who, codes):
    client.force_login(getattr(scene, who))
    page = client.get(_checklist(scene.leaver))
    mine = client.get(reverse("employees:offboarding-my-tasks"))
    assert mine.status_code == 200
    if codes is None:
        assert page.status_code == 404
        assert 'data-testid="offboarding-task"' not in mine.content.decode()
        return
    assert page.status_code == 200
    shown = {
        task.template_task.code
        for task in OffboardingTask.objects.filter(employee=scene.leaver)
        if f'data-task="{task.pk}"' in page.content.decode()
    }
    assert shown == codes
    assert mine.content.decode().count('data-testid="offboarding-task"') == len(codes)


@pytest.mark.parametrize(
    "data",
    [
        {"done": "maybe"},
        {"done": "yes", "note": "x" * 501},
        {"done": "yes", "back": "https://evil.example/"},
        {},
    ],
)
def test_hostile_ticks_change_nothing(client, scene, data):
    client.force_login(scene.hr)
    task = scene.task("assets")
    response = client.post(_done(task), data)
    assert response.status_code == 302
    assert response.url == _checklist(scene.leaver)  # never a place the form names
    task.refresh_from_db()
    assert task.done_at is None


def test_my_tasks_take_constant_queries(client, scene, django_assert_max_num_queries):
    client.force_login(scene.it)
    url = reverse("employees:offboarding-my-tasks")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(3):
        leaves(paid_employee("10000", since=date(2021, 1, 1), name=f"离职{n}"), LAST_DAY)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('data-testid="offboarding-task"') == 2 * 4  # assets and accounts


def test_hr_keeps_the_template_and_new_checklists_follow_it(client, scene):
    client.force_login(scene.hr)
    url = reverse("employees:offboarding-template")
    assert client.get(url).status_code == 200
    badge_task = {
        "title": "归还工牌",
        "title_en": "Return the badge",
        "owner_role": "hr",
        "due_offset_days": "-1",
        "order": "9",
    }
    added = client.post(url, badge_task)
    assert added.status_code == 302
    badge = OffboardingTemplateTask.objects.get(title="归还工牌")
    assets = OffboardingTemplateTask.objects.get(code="assets")
    edit = reverse("employees:offboarding-template-task", kwargs={"pk": assets.pk})
    # is_active is not ticked: the task is switched off.
    unticked = {"title": assets.title, "owner_role": "it", "due_offset_days": "0", "order": "1"}
    switched = client.post(edit, unticked)
    assert switched.status_code == 302

    newcomer = leaves(paid_employee("10000", since=date(2022, 1, 1), name="新离职"), LAST_DAY)
    titles = set(OffboardingTask.objects.filter(employee=newcomer).values_list("title", flat=True))
    assert "归还工牌" in titles
    assert assets.title not in titles
    assert scene.task("assets").title == assets.title  # a checklist under way keeps its tasks

    shipped = client.post(
        reverse("employees:offboarding-template-task-delete", kwargs={"pk": assets.pk}),
        follow=True,
    )
    assert "A shipped task cannot be deleted" in visible_text(shipped.content.decode())
    client.post(reverse("employees:offboarding-template-task-delete", kwargs={"pk": badge.pk}))
    assert not OffboardingTemplateTask.objects.filter(pk=badge.pk).exists()
    assert OffboardingTask.objects.filter(employee=newcomer, title="归还工牌").exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"due_offset_days": "9999"},
        {"due_offset_days": "1e309"},
        {"due_offset_days": "-400"},
        {"owner_role": "ceo"},
        {"title": ""},
        {"title": LONG},
        {"description": LONG},
    ],
)
def test_hostile_template_input_is_refused(client, scene, changes):
    client.force_login(scene.hr)
    before = OffboardingTemplateTask.objects.count()
    data = {
        "title": "归还工牌",
        "owner_role": "hr",
        "due_offset_days": "0",
        "order": "1",
        **changes,
    }
    response = client.post(reverse("employees:offboarding-template"), data)
    assert response.status_code == 400
    assert OffboardingTemplateTask.objects.count() == before


def test_only_hr_admins_keep_the_template(client, scene):
    task = OffboardingTemplateTask.objects.get(code="assets")
    for user in (scene.payroll, scene.boss_user, scene.it):
        client.force_login(user)
        assert client.get(reverse("employees:offboarding-template")).status_code == 404
        edit = reverse("employees:offboarding-template-task", kwargs={"pk": task.pk})
        assert client.post(edit, {"title": "x", "owner_role": "hr"}).status_code == 404
    task.refresh_from_db()
    assert task.title == "收回公司资产"


def test_the_sign_in_account_closes_after_the_last_day(client):
    gone_user = UserFactory(roles=[Role.EMPLOYEE])
    leaves(paid_employee("10000", since=date(2021, 1, 1), user=gone_user), LAST_DAY)
    gone_user.refresh_from_db()
    assert not gone_user.is_active  # the last day is over: closed at once
    me = reverse("employees:me")
    client.force_login(gone_user)
    assert client.get(me).status_code == 302  # a closed account's session opens nothing
    assert AuditEvent.objects.filter(action="employees.leaver_account_deactivate").count() == 1

    today = timezone.localdate()
    staying_user = UserFactory(roles=[Role.EMPLOYEE])
    leaving = leaves(
        paid_employee("10000", since=date(2021, 1, 1), user=staying_user), today + timedelta(3)
    )
    assert User.objects.get(pk=staying_user.pk).is_active  # works until the last day
    client.force_login(staying_user)
    assert client.get(me).status_code == 200
    assert leaver_accounts_deactivate(on=today) == 0
    assert leaver_accounts_deactivate(on=leaving.left_on) == 1
    assert not User.objects.get(pk=staying_user.pk).is_active
    assert leaver_accounts_deactivate(on=leaving.left_on) == 0  # once
