"""What a demo candidate's resume says, in their language, as PDF bytes (dev-only).

The resume carries what a real one does (contact, education, work, skills), so
the profile's preview, the resume search and the resume parser have real text
to work on. Students of campus jobs are this year's graduates (应届), with an
internship instead of a job.
"""

import random
from dataclasses import dataclass

from recruiting.demo.resume_pdf import resume_pdf

# Department code -> (Chinese skills, English skills)
SKILLS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "backend": (
        ("Java", "Spring Boot", "MySQL", "Redis", "分布式系统", "Go", "Kafka", "微服务"),
        ("Java", "Spring Boot", "MySQL", "Redis", "distributed systems", "Go", "Kafka"),
    ),
    "frontend": (
        ("Vue", "React", "TypeScript", "微信小程序", "前端性能优化", "Webpack"),
        ("Vue", "React", "TypeScript", "WeChat mini programs", "web performance", "Webpack"),
    ),
    "qa": (
        ("自动化测试", "接口测试", "Selenium", "Python", "性能测试", "测试用例设计"),
        ("test automation", "API testing", "Selenium", "Python", "load testing"),
    ),
    "tech": (
        ("SQL", "Python", "数据分析", "Tableau", "A/B 测试", "统计建模"),
        ("SQL", "Python", "data analysis", "Tableau", "A/B testing", "statistics"),
    ),
    "plant-sz": (
        ("设备维护", "PLC", "精益生产", "六西格玛", "质量管理体系", "AutoCAD"),
        ("equipment maintenance", "PLC", "lean manufacturing", "Six Sigma", "AutoCAD"),
    ),
    "ops": (
        ("供应链计划", "ERP", "SAP", "库存管理", "Excel", "数据分析"),
        ("supply planning", "ERP", "SAP", "inventory management", "Excel"),
    ),
    "sales": (
        ("客户开发", "大客户管理", "商务谈判", "CRM", "渠道拓展"),
        ("business development", "key accounts", "negotiation", "CRM", "channel sales"),
    ),
    "hr": (
        ("招聘", "员工关系", "劳动法", "校园招聘", "人才测评"),
        ("recruiting", "employee relations", "labour law", "campus hiring", "assessment"),
    ),
}
INTERNSHIP_COMPANIES = ("星云科技", "华启软件", "海纳数据", "云帆网络", "博联通信")
SELF_ASSESSMENTS_ZH = ("学习能力强，责任心强，善于团队协作。", "沟通顺畅，抗压能力强，注重结果。")
INTERNSHIP_COMPANIES_EN = ("Contoso", "Fabrikam", "Litware", "Proseware")


@dataclass(frozen=True)
class ResumeFacts:
    """What goes on the page; empty company and title for a student."""

    full_name: str
    chinese: bool
    email: str
    phone: str
    city: str
    education: str
    company: str
    title: str
    wanted: str  # the job applied to
    department: str  # its department code, for the skills
    student: bool


def resume_file(facts: ResumeFacts, rng: random.Random) -> tuple[str, bytes]:
    """(file name, PDF bytes) of the resume."""
    lines = _chinese_lines(facts, rng) if facts.chinese else _english_lines(facts, rng)
    suffix = "简历" if facts.chinese else "CV"
    name = f"{facts.full_name.replace(' ', '_')}_{suffix}.pdf"
    return name, resume_pdf(facts.full_name, lines)


def _skills(facts: ResumeFacts, rng: random.Random, *, chinese: bool) -> list[str]:
    chinese_skills, english_skills = SKILLS.get(facts.department, SKILLS["tech"])
    pool = chinese_skills if chinese else english_skills
    return rng.sample(pool, min(4, len(pool)))


def _chinese_lines(facts: ResumeFacts, rng: random.Random) -> list[str]:
    lines = [
        f"求职意向：{facts.wanted}",
        f"城市：{facts.city}    电话：{_local_phone(facts.phone)}    邮箱：{facts.email}",
        "",
        "教育经历",
        f"  {facts.education}" + ("（应届毕业生）" if facts.student else ""),
        "",
    ]
    if facts.student:
        lines += [
            "实习经历",
            f"  {rng.choice(INTERNSHIP_COMPANIES)} · 实习生 · 3个月",
        ]
    else:
        years = rng.randint(2, 9)
        lines += ["工作经历", f"  {facts.company} · {facts.title} · {years}年工作经验"]
    lines += [
        "",
        "专业技能",
        "  " + "、".join(_skills(facts, rng, chinese=True)),
        "",
        "自我评价",
        "  " + rng.choice(SELF_ASSESSMENTS_ZH),
    ]
    return lines


def _local_phone(phone: str) -> str:
    """+8613812345678 -> 138 1234 5678, as a Chinese resume writes a mobile number."""
    digits = phone.removeprefix("+86")
    if len(digits) != 11:
        return phone
    return f"{digits[:3]} {digits[3:7]} {digits[7:]}"


def _english_lines(facts: ResumeFacts, rng: random.Random) -> list[str]:
    lines = [
        f"Applying for: {facts.wanted}",
        f"{facts.city}  |  {facts.phone}  |  {facts.email}",
        "",
        "Education",
        f"  {facts.education}" + (" (graduating this year)" if facts.student else ""),
        "",
    ]
    if facts.student:
        lines += ["Internship", f"  {rng.choice(INTERNSHIP_COMPANIES_EN)}, intern, 3 months"]
    else:
        years = rng.randint(2, 9)
        lines += ["Experience", f"  {facts.title}, {facts.company} ({years} years)"]
    lines += ["", "Skills", "  " + ", ".join(_skills(facts, rng, chinese=False))]
    return lines
