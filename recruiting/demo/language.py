"""The demo's data in English, for a demo that runs in English (HRFLOW_DEMO_LANGUAGE=en).

Stage names and job titles are data HR types once in the company's language;
the seed writes them in Chinese, and an English demo renames its own jobs and
stages once, right after seeding. Names nobody here knows are left alone.
"""

from django.db import transaction

from recruiting.models import Job, Offer, Stage

STAGE_NAMES_EN: dict[str, str] = {
    "网申": "Online application",
    "新申请": "New application",
    "简历筛选": "Resume screening",
    "AI面试": "AI interview",
    "笔试": "Written test",
    "业务面试": "Team interview",
    "终面": "Final interview",
    "技术面试": "Technical interview",
    "综合面试": "Final interview",
    "背景调查": "Background check",
    "录用通知": "Offer",
    "已录用": "Hired",
}

JOB_TITLES_EN: dict[str, str] = {
    "后端开发工程师": "Backend Engineer",
    "Java开发工程师": "Java Engineer",
    "前端开发工程师": "Frontend Engineer",
    "高级前端开发工程师": "Senior Frontend Engineer",
    "测试开发工程师": "Test Development Engineer",
    "自动化测试工程师": "Test Automation Engineer",
    "设备工程师": "Equipment Engineer",
    "生产管培生": "Production Management Trainee",
    "质量工程师": "Quality Engineer",
    "销售代表": "Sales Representative",
    "大客户经理": "Key Account Manager",
    "招聘专员": "Recruiter",
    "HR管培生": "HR Management Trainee",
    "Go开发工程师": "Go Engineer",
    "算法工程师": "Algorithm Engineer",
    "数据分析师": "Data Analyst",
    "供应链计划专员": "Supply Chain Planner",
    "工艺工程师": "Process Engineer",
    "前端开发实习生": "Frontend Intern",
    "运维开发工程师 SRE": "Site Reliability Engineer",
    # Last year's hiring drive at the plant (recruiting.seeding.drive).
    "生产操作工": "Production Operator",
    "质检员": "Quality Inspector",
    "设备技术员": "Equipment Technician",
}
CAMPUS_PREFIX = "届校招 · "  # "2027届校招 · 后端开发工程师"


def job_title_en(title: str) -> str:
    """ "2027届校招 · 后端开发工程师 (2)" -> "Campus 2027 · Backend Engineer (2)"."""
    head, _sep, rest = title.partition(CAMPUS_PREFIX)
    prefix = f"Campus {head} · " if rest else ""
    base = rest or title
    suffix = ""
    if base.endswith(")") and " (" in base:
        base, _sep, number = base.rpartition(" (")
        suffix = f" ({number}"
    return f"{prefix}{JOB_TITLES_EN.get(base, base)}{suffix}"


@transaction.atomic
def demo_data_in_english() -> int:
    """Rename the seeded jobs and their stages in English; how many jobs were renamed."""
    for chinese, english in STAGE_NAMES_EN.items():
        Stage.objects.filter(name=chinese).update(name=english)
    renamed = 0
    for job in Job.objects.order_by("pk"):
        title = job_title_en(job.title)
        if title == job.title:
            continue
        campus = job.channel == Job.Channel.CAMPUS
        Job.objects.filter(pk=job.pk).update(
            title=title,
            description=f"Own the work of a {title.split(' · ')[-1]} with the team "
            "and deliver it to a high standard.",
            requirements="A bachelor's degree or above, graduating this year, in a related field."
            if campus
            else "3+ years of related experience; clear communication and teamwork.",
        )
        renamed += 1
    # The seeded offers name the job's title without the campus prefix.
    for chinese in Offer.objects.order_by().values_list("position_title", flat=True).distinct():
        english = job_title_en(chinese)
        if english != chinese:
            Offer.objects.filter(position_title=chinese).update(position_title=english)
    return renamed
