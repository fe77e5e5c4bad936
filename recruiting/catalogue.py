"""The reference data every installation starts with (installed by a data migration)."""

from typing import Any

# (code, 中文, English)
DIMENSIONS: tuple[tuple[str, str, str], ...] = (
    ("communication", "沟通能力", "Communication"),
    ("logical_thinking", "逻辑思维", "Logical thinking"),
    ("job_fit", "岗位匹配度", "Job fit"),
    ("professional_skill", "专业技能", "Professional skill"),
    ("learning_ability", "学习能力", "Learning ability"),
    ("teamwork", "团队协作", "Teamwork"),
    ("stress_tolerance", "抗压能力", "Stress tolerance"),
    ("safety_awareness", "安全意识", "Safety awareness"),
    ("hands_on_ability", "动手能力", "Hands-on ability"),
    ("motivation", "求职意愿", "Motivation"),
)

REJECTION_REASONS: tuple[tuple[str, str, str], ...] = (
    ("score_below_threshold", "分数未达标", "Score below threshold"),
    ("not_qualified", "资质不符", "Does not meet the requirements"),
    ("experience_mismatch", "经验不匹配", "Experience does not match"),
    ("salary_mismatch", "薪资期望不符", "Salary expectations do not match"),
    ("not_a_fit", "综合评估不合适", "Not a fit after interviews"),
    ("position_filled", "职位已招满", "Position filled"),
    ("no_show", "未参加面试", "Did not attend"),
    ("candidate_declined", "候选人放弃", "Candidate declined"),
    ("duplicate", "重复申请", "Duplicate application"),
)

# template name -> (description, [(stage name, kind), ...])
PIPELINE_TEMPLATES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "校园招聘 Campus": (
        "网申、AI面试、笔试、两轮面试 / online application, AI interview, test, two interviews",
        [
            ("网申", "applied"),
            ("简历筛选", "screening"),
            ("AI面试", "ai_interview"),
            ("笔试", "written_test"),
            ("业务面试", "interview"),
            ("终面", "interview"),
            ("录用通知", "offer"),
            ("已录用", "hired"),
        ],
    ),
    "社会招聘 Experienced hire": (
        "AI面试、技术面、综合面、背调 / AI interview, technical, final, background check",
        [
            ("新申请", "applied"),
            ("简历筛选", "screening"),
            ("AI面试", "ai_interview"),
            ("技术面试", "interview"),
            ("综合面试", "interview"),
            ("背景调查", "background_check"),
            ("录用通知", "offer"),
            ("已录用", "hired"),
        ],
    ),
}


def install_reference_data(apps: Any, *, dimension_app: str = "competencies") -> None:
    """Create whatever part of the catalogue is missing; safe to call again.

    Takes an app registry so the data migration passes its historical models
    (tests reinstall it after a transactional test flushed the tables).
    `dimension_app` is the app that holds Dimension in that registry: the
    migrations written before it moved to `hrflow.competencies` (recruiting
    0002 and 0009) see it in "recruiting".
    """
    dimension = apps.get_model(dimension_app, "Dimension")
    for code, name_zh, name_en in DIMENSIONS:
        dimension.objects.get_or_create(
            code=code, defaults={"name_zh": name_zh, "name_en": name_en}
        )
    reason = apps.get_model("recruiting", "RejectionReason")
    for code, name_zh, name_en in REJECTION_REASONS:
        reason.objects.get_or_create(code=code, defaults={"name_zh": name_zh, "name_en": name_en})
    template = apps.get_model("recruiting", "PipelineTemplate")
    template_stage = apps.get_model("recruiting", "PipelineTemplateStage")
    for name, (description, stages) in PIPELINE_TEMPLATES.items():
        row, created = template.objects.get_or_create(
            name=name, defaults={"description": description}
        )
        if created:
            template_stage.objects.bulk_create(
                template_stage(template=row, name=stage, kind=kind, position=index)
                for index, (stage, kind) in enumerate(stages)
            )


# Channels whose jobs are for employees, referrers or agencies are not shown to outside
# visitors on the careers site; HR may change a channel's flag in admin.
HIRING_CHANNELS = (
    ("campus", True),
    ("experienced", True),
    ("internal", False),
    ("referral", False),
    ("agency", False),
)


def install_hiring_channels(apps: Any) -> None:
    """Create the missing channel rows (kept apart from install_reference_data, whose
    older migrations run before the HiringChannel table exists)."""
    channel = apps.get_model("recruiting", "HiringChannel")
    for code, is_public in HIRING_CHANNELS:
        channel.objects.get_or_create(code=code, defaults={"is_public": is_public})
