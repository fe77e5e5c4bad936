"""A small demo organisation: a department tree and three locations.

Their names are data, written once in the demo's language (demo_language):
Chinese by default, English when the demo runs in English. One language, not
"技术部 / Engineering": a real company names its departments in its own
language, and a doubled name would crowd every card, filter and export.
"""

import os

from django.conf import settings
from django.db import transaction

from hrflow.org.models import Department, Location
from hrflow.org.services import department_create, location_create

# (code, 中文, English, parent code)
DEMO_DEPARTMENTS: tuple[tuple[str, str, str, str | None], ...] = (
    ("hq", "总部", "Headquarters", None),
    ("tech", "技术研发中心", "Technology", "hq"),
    ("backend", "后端开发部", "Backend Engineering", "tech"),
    ("frontend", "前端开发部", "Frontend Engineering", "tech"),
    ("qa", "质量保障部", "Quality Assurance", "tech"),
    ("ops", "生产运营中心", "Operations", "hq"),
    ("plant-sz", "深圳工厂", "Shenzhen Plant", "ops"),
    ("sales", "销售部", "Sales", "hq"),
    ("hr", "人力资源部", "Human Resources", "hq"),
)

# (code, (name, city, address) in Chinese, the same in English)
DEMO_LOCATIONS: tuple[tuple[str, tuple[str, str, str], tuple[str, str, str]], ...] = (
    (
        "sh-hq",
        ("上海总部", "上海", "浦东新区张江高科技园区"),
        ("Shanghai HQ", "Shanghai", "Zhangjiang Hi-Tech Park, Pudong"),
    ),
    (
        "sz-plant",
        ("深圳工厂", "深圳", "宝安区福永街道"),
        ("Shenzhen Plant", "Shenzhen", "Fuyong, Bao'an District"),
    ),
    (
        "bj-office",
        ("北京办公室", "北京", "海淀区中关村大街"),
        ("Beijing Office", "Beijing", "Zhongguancun Street, Haidian"),
    ),
)


def demo_language() -> str:
    """The language the demo's data is written in: HRFLOW_DEMO_LANGUAGE (zh-hans or en),
    else the site's default language."""
    language = (os.environ.get("HRFLOW_DEMO_LANGUAGE") or settings.LANGUAGE_CODE).lower()
    return "en" if language.startswith("en") else "zh-hans"


@transaction.atomic
def demo_org_ensure(*, language: str | None = None) -> tuple[int, int]:
    """Create the missing part of the demo organisation; return how many were created."""
    english = (language or demo_language()) == "en"
    created_departments = 0
    for code, name_zh, name_en, parent_code in DEMO_DEPARTMENTS:
        if Department.objects.filter(code=code).exists():
            continue
        parent = Department.objects.get(code=parent_code) if parent_code else None
        department_create(name=name_en if english else name_zh, code=code, parent=parent)
        created_departments += 1
    created_locations = 0
    for code, chinese, in_english in DEMO_LOCATIONS:
        if Location.objects.filter(code=code).exists():
            continue
        name, city, address = in_english if english else chinese
        location_create(name=name, code=code, city=city, address=address)
        created_locations += 1
    return created_departments, created_locations
