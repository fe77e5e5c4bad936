"""The courses the product ships, installed by a data migration.

A company edits them in the app; reinstalling (tests, `install_training_defaults`)
only adds what is missing, found by its code, and never overwrites HR's edits.
"""

from typing import Any

# (code, Chinese title, English title, delivery, provider, hours, certificate name,
#  certificate months, ((competency code, level attested), ...))
DEFAULT_COURSES: tuple[tuple[str, str, str, str, str, str, str, int | None, tuple], ...] = (
    ("safety-basics", "安全生产操作规范", "Safe operating practice", "classroom", "internal",
     "8", "", None, (("safety_awareness", 3),)),
    ("special-operations", "特种作业操作证培训", "Special operations certificate", "classroom",
     "external", "40", "特种作业操作证", 24, (("safety_awareness", 4), ("hands_on_ability", 3))),
    ("hands-on-workshop", "实操技能工作坊", "Hands-on skills workshop", "classroom", "internal",
     "16", "", None, (("hands_on_ability", 3),)),
    ("communication-basics", "职场沟通", "Communication at work", "online", "internal",
     "4", "", None, (("communication", 3),)),
)  # fmt: skip


def install_training_defaults(apps: Any) -> None:
    """Add the shipped courses where missing; a competency the catalogue lacks is skipped."""
    course_model = apps.get_model("employees", "Course")
    builds_model = apps.get_model("employees", "CourseCompetency")
    competency_model = apps.get_model("competencies", "Competency")
    by_code = dict(competency_model.objects.values_list("code", "pk"))
    for code, zh, en, delivery, provider, hours, cert, months, builds in DEFAULT_COURSES:
        course, created = course_model.objects.get_or_create(
            code=code,
            defaults={
                "title_zh": zh,
                "title_en": en,
                "delivery": delivery,
                "provider": provider,
                "hours": hours,
                "certificate_name": cert,
                "certificate_months": months,
            },
        )
        if created:
            builds_model.objects.bulk_create(
                builds_model(course=course, competency_id=by_code[competency], level=level)
                for competency, level in builds
                if competency in by_code
            )
