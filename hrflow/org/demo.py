"""A small demo organisation: a department tree and three locations."""

from django.db import transaction

from hrflow.org.models import Department, Location
from hrflow.org.services import department_create, location_create

# (code, name, parent code)
DEMO_DEPARTMENTS: tuple[tuple[str, str, str | None], ...] = (
    ("hq", "总部", None),
    ("tech", "技术研发中心", "hq"),
    ("backend", "后端开发部", "tech"),
    ("frontend", "前端开发部", "tech"),
    ("qa", "质量保障部", "tech"),
    ("ops", "生产运营中心", "hq"),
    ("plant-sz", "深圳工厂", "ops"),
    ("sales", "销售部", "hq"),
    ("hr", "人力资源部", "hq"),
)

# (code, name, city, address)
DEMO_LOCATIONS: tuple[tuple[str, str, str, str], ...] = (
    ("sh-hq", "上海总部", "上海", "浦东新区张江高科技园区"),
    ("sz-plant", "深圳工厂", "深圳", "宝安区福永街道"),
    ("bj-office", "北京办公室", "北京", "海淀区中关村大街"),
)


@transaction.atomic
def demo_org_ensure() -> tuple[int, int]:
    """Create the missing part of the demo organisation; return how many were created."""
    created_departments = 0
    for code, name, parent_code in DEMO_DEPARTMENTS:
        if Department.objects.filter(code=code).exists():
            continue
        parent = Department.objects.get(code=parent_code) if parent_code else None
        department_create(name=name, code=code, parent=parent)
        created_departments += 1
    created_locations = 0
    for code, name, city, address in DEMO_LOCATIONS:
        if Location.objects.filter(code=code).exists():
            continue
        location_create(name=name, code=code, city=city, address=address)
        created_locations += 1
    return created_departments, created_locations
