"""An organisation of any size: a department tree, positions, and people seated in them.

Rows are inserted in bulk (departments through their service, which keeps the
tree path), so a 5,000-person company builds in a few seconds for the query-count
tests, the browser test and the page timing.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from employees.models import Assignment, Employee, EmployeeStatus, EmploymentType, Position
from hrflow.accounts.models import User
from hrflow.org.models import Department
from hrflow.org.services import department_create

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "涛", "明", "超", "霞")
TITLES = ("工程师", "高级工程师", "产品经理", "设计师", "销售代表", "会计", "操作工", "班组长")


@dataclass
class OrgScene:
    root: Department
    departments: list[Department]
    positions: list[Position]
    employees: list[Employee]
    managers: dict[int, Employee] = field(default_factory=dict)  # department pk -> its head
    day: date = field(default_factory=timezone.localdate)


def org_scene(*, people: int, branches: int = 4, depth: int = 3, prefix: str = "") -> OrgScene:
    """`people` employees in a tree of `branches` sub-departments per level, `depth` deep.

    Each department has two positions (a lead with one seat and a staff position
    with room to spare, so there are vacancies); its first person leads it and
    manages the rest, and reports to the lead of the parent department.
    """
    tag = prefix or f"o{Department.objects.count()}"
    root = department_create(name=f"{tag}总公司", code=f"{tag}-root")
    departments = [root]
    level = [root]
    for level_no in range(1, depth):
        next_level = []
        for parent in level:
            for branch in range(branches):
                next_level.append(
                    department_create(
                        name=f"{parent.name[-6:]}{level_no}-{branch}部",
                        code=f"{parent.code}-{branch}",
                        parent=parent,
                    )
                )
        departments += next_level
        level = next_level
    per_department = max(1, people // len(departments))
    positions = Position.objects.bulk_create(
        position
        for department in departments
        for position in (
            Position(code=f"{department.code}-lead", title="负责人", department=department),
            Position(
                code=f"{department.code}-staff",
                title=TITLES[department.pk % len(TITLES)],
                department=department,
                headcount=per_department + 2,
            ),
        )
    )
    start = timezone.localdate() - timedelta(days=400)
    employees = Employee.objects.bulk_create(
        Employee(
            number=f"{tag.upper()}{n:06d}",
            full_name=SURNAMES[n % len(SURNAMES)]
            + GIVEN[n % len(GIVEN)]
            + GIVEN[(n // 7) % len(GIVEN)],
            hire_date=start,
        )
        for n in range(people)
    )
    scene = OrgScene(root=root, departments=departments, positions=positions, employees=employees)
    seats = {}
    for index, employee in enumerate(employees):
        department = departments[min(index // per_department, len(departments) - 1)]
        seats[employee.pk] = department
        scene.managers.setdefault(department.pk, employee)
    lead = {
        position.department_id: position
        for position in positions
        if position.code.endswith("-lead")
    }
    staff = {
        position.department_id: position
        for position in positions
        if position.code.endswith("-staff")
    }
    rows = []
    for employee in employees:
        department = seats[employee.pk]
        head = scene.managers[department.pk]
        is_head = head.pk == employee.pk
        boss = scene.managers.get(department.parent_id or 0) if is_head else head
        rows.append(
            Assignment(
                employee=employee,
                valid_from=start,
                department=department,
                position=lead[department.pk] if is_head else staff[department.pk],
                manager=boss,
                job_title="负责人" if is_head else TITLES[employee.pk % len(TITLES)],
                employment_type=EmploymentType.FULL_TIME,
                status=EmployeeStatus.REGULAR,
                change=Assignment.Change.HIRE,
            )
        )
    Assignment.objects.bulk_create(rows, batch_size=2000)
    return scene


def link_user(employee: Employee, user: User) -> Employee:
    """Let `user` sign in as `employee` (tests set it directly; the service is tested apart)."""
    Employee.objects.filter(pk=employee.pk).update(user=user)
    employee.user = user
    return employee
