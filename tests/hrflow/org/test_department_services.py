import pytest
from django.core.exceptions import ValidationError

from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from hrflow.org.models import Department
from hrflow.org.services import MAX_DEPTH, department_create, department_update
from tests.hrflow.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _paths() -> dict[str, tuple[str, int]]:
    return {d.code: (d.path, d.depth) for d in Department.objects.all()}


def test_create_builds_the_materialised_path():
    hq = DepartmentFactory(code="hq")
    tech = DepartmentFactory(code="tech", parent=hq)
    backend = DepartmentFactory(code="backend", parent=tech)

    assert hq.path == f"/{hq.pk}/"
    assert backend.path == f"/{hq.pk}/{tech.pk}/{backend.pk}/"
    assert (hq.depth, tech.depth, backend.depth) == (0, 1, 2)
    assert backend.ancestor_ids() == [hq.pk, tech.pk]
    assert list(Department.objects.filter(path__startswith=tech.path)) == [tech, backend]


def test_move_rewrites_the_whole_subtree_and_audits():
    actor = UserFactory()
    hq = DepartmentFactory(code="hq")
    ops = DepartmentFactory(code="ops", parent=hq)
    tech = DepartmentFactory(code="tech", parent=hq)
    backend = DepartmentFactory(code="backend", parent=tech)

    department_update(department=tech, parent=ops, actor=actor)

    tech.refresh_from_db()
    backend.refresh_from_db()
    assert tech.path == f"/{hq.pk}/{ops.pk}/{tech.pk}/"
    assert backend.path == f"/{hq.pk}/{ops.pk}/{tech.pk}/{backend.pk}/"
    assert (tech.depth, backend.depth) == (2, 3)
    event = AuditEvent.objects.get(action="org.department_update")
    assert event.changes == {"parent": [hq.pk, ops.pk]}
    assert event.actor == actor


def test_move_to_the_top_level():
    hq = DepartmentFactory(code="hq")
    tech = DepartmentFactory(code="tech", parent=hq)
    child = DepartmentFactory(code="child", parent=tech)

    department_update(department=tech, parent=None)

    child.refresh_from_db()
    assert child.path == f"/{tech.pk}/{child.pk}/"
    assert child.depth == 1


def test_a_department_cannot_move_under_its_own_subtree():
    hq = DepartmentFactory(code="hq")
    tech = DepartmentFactory(code="tech", parent=hq)
    backend = DepartmentFactory(code="backend", parent=tech)
    before = _paths()

    with pytest.raises(ApplicationError):
        department_update(department=tech, parent=backend)
    with pytest.raises(ApplicationError):
        department_update(department=tech, parent=tech)

    assert _paths() == before


def test_nesting_is_bounded_and_a_refused_move_changes_nothing():
    chain = [DepartmentFactory(code="d0")]
    for level in range(1, MAX_DEPTH):
        chain.append(DepartmentFactory(code=f"d{level}", parent=chain[-1]))
    with pytest.raises(ApplicationError):
        DepartmentFactory(code="too-deep", parent=chain[-1])

    other = DepartmentFactory(code="other")
    sub = DepartmentFactory(code="sub", parent=other)
    before = _paths()
    with pytest.raises(ApplicationError):
        department_update(department=other, parent=chain[-2])
    assert _paths() == before
    assert sub.pk


def test_names_are_unique_among_siblings_including_the_top_level():
    hq = DepartmentFactory(name="总部", code="hq")
    with pytest.raises(ValidationError):
        department_create(name="总部", code="hq2")
    DepartmentFactory(name="研发", code="rd1", parent=hq)
    with pytest.raises(ValidationError):
        department_create(name="研发", code="rd2", parent=hq)
    # the same name under another parent is fine
    other = DepartmentFactory(name="分部", code="branch")
    assert department_create(name="研发", code="rd3", parent=other).pk


def test_update_refuses_unknown_fields():
    department = DepartmentFactory()
    with pytest.raises(ApplicationError):
        department_update(department=department, path="/hacked/")
