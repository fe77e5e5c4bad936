"""The org chart as of a day: the department tree with counts, and one department's people.

What the chart shows is what a company directory shows (department, position,
name, title, manager), so every signed-in role reads it whatever the Employee
scoping says about records: nothing here is a personal detail beyond that. The
whole tree costs three queries however many people there are; the people of a
department are read when someone opens it, and a search reads at most
SEARCH_LIMIT matches.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from employees.models import Assignment, Position
from employees.selectors.positions import position_list, seated_on
from hrflow.org.models import Department

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class PersonRow:
    """One person as the chart shows them: directory facts only."""

    name: str
    number: str
    title: str
    manager: str
    department_id: int


# Read as plain values: the chart never needs the encrypted columns of an employee,
# and skipping model instances makes a big department several times cheaper to read.
PERSON_VALUES = (
    "employee__full_name",
    "employee__preferred_name",
    "employee__number",
    "job_title",
    "manager__full_name",
    "manager__preferred_name",
    "department_id",
)


def _people(assignments: QuerySet[Assignment]) -> list[PersonRow]:
    return [
        PersonRow(
            name=preferred or full,
            number=number,
            title=title,
            manager=manager_preferred or manager_full or "",
            department_id=department_id,
        )
        for full, preferred, number, title, manager_full, manager_preferred, department_id in (
            assignments.values_list(*PERSON_VALUES)
        )
    ]


@dataclass
class DepartmentNode:
    pk: int
    name: str
    path: str
    depth: int
    people: int = 0  # seated in this department itself
    vacancies: int = 0
    people_total: int = 0  # with every sub-department
    vacancies_total: int = 0
    children: list["DepartmentNode"] = field(default_factory=list)
    open: bool = False
    matches: list[PersonRow] = field(default_factory=list)


@dataclass
class OrgChart:
    roots: list[DepartmentNode]
    people_total: int
    vacancies_total: int
    departments: int
    matches: int  # people found by the search (at most SEARCH_LIMIT)
    more_matches: bool


def org_chart_tree(*, day: date, search: str = "") -> OrgChart:
    """The department tree on `day` with people and vacancy counts, opened to `search`."""
    seated = seated_on(day)
    people = dict(
        seated.order_by()
        .values("department_id")
        .annotate(n=Count("pk"))
        .values_list("department_id", "n")
    )
    vacancies = dict(
        position_list(day=day)
        .order_by()
        .values("department_id")
        .annotate(n=Sum("vacant"))
        .values_list("department_id", "n")
    )
    rows = Department.objects.filter(Q(is_active=True) | Q(pk__in=list(people))).values_list(
        "pk", "name", "path", "depth", "parent_id"
    )
    nodes: dict[int, DepartmentNode] = {}
    parents: dict[int, int | None] = {}
    for pk, name, path, depth, parent_id in rows:
        nodes[pk] = DepartmentNode(
            pk, name, path, depth, people=people.get(pk, 0), vacancies=vacancies.get(pk, 0) or 0
        )
        parents[pk] = parent_id
    roots = _link(nodes, parents)
    matches, more = _search(nodes, day, search) if search else ([], False)
    return OrgChart(
        roots=roots,
        people_total=sum(node.people_total for node in roots),
        vacancies_total=sum(node.vacancies_total for node in roots),
        departments=len(nodes),
        matches=len(matches),
        more_matches=more,
    )


def _link(nodes: dict[int, DepartmentNode], parents: dict[int, int | None]) -> list[DepartmentNode]:
    """Hang each node under its parent (a parent not shown makes it a root) and add up the
    counts of each subtree; rows come in path order, so a parent precedes its children."""
    roots: list[DepartmentNode] = []
    ordered = sorted(nodes.values(), key=lambda node: node.path)
    for node in ordered:
        parent = nodes.get(parents[node.pk] or 0)
        (parent.children if parent else roots).append(node)
    for node in reversed(ordered):
        node.people_total += node.people + sum(child.people_total for child in node.children)
        node.vacancies_total += node.vacancies + sum(
            child.vacancies_total for child in node.children
        )
    for node in ordered:
        node.children.sort(key=lambda child: child.name)
    roots.sort(key=lambda root: root.name)
    return roots


def _search(
    nodes: dict[int, DepartmentNode], day: date, search: str
) -> tuple[list[PersonRow], bool]:
    """Open the path to every department and person matching `search` (name, employee
    number, job title or department name); the people found are kept on their node."""
    found = _people(
        seated_on(day)
        .filter(
            Q(employee__full_name__icontains=search)
            | Q(employee__preferred_name__icontains=search)
            | Q(employee__number__icontains=search)
            | Q(job_title__icontains=search)
        )
        .order_by("employee__full_name", "employee_id")[: SEARCH_LIMIT + 1]
    )
    more = len(found) > SEARCH_LIMIT
    found = found[:SEARCH_LIMIT]
    hits = [person.department_id for person in found]
    needle = search.casefold()
    hits += [node.pk for node in nodes.values() if needle in node.name.casefold()]
    for person in found:
        if person.department_id in nodes:
            nodes[person.department_id].matches.append(person)
    for pk in hits:
        node = nodes.get(pk)
        if node is None:
            continue
        for ancestor in [int(part) for part in node.path.strip("/").split("/") if part]:
            if ancestor in nodes:
                nodes[ancestor].open = True
    return found, more


def department_people(*, day: date, department_id: int) -> list[PersonRow]:
    """Who sits in the department on `day` (not its sub-departments), by name: one query."""
    return _people(
        seated_on(day)
        .filter(department_id=department_id)
        .order_by("employee__full_name", "employee_id")
    )


def department_positions(*, day: date, department_id: int) -> list[Position]:
    """The department's active positions with their seats filled and vacant on `day`."""
    return list(position_list(day=day, department_id=department_id))
