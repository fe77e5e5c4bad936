"""The resume-to-job match: a real score for real applicants, with what matched and what not."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from hrflow.core.errors import ApplicationError
from recruiting.contracts import AssessmentResult
from recruiting.models import Application, Assessment, ResumeFieldSuggestion
from recruiting.resume_reading.matching import job_keywords
from recruiting.resume_reading.parse import resume_parse_text
from recruiting.resume_reading.services import (
    application_match_resume,
    job_requirements,
    resume_read,
)
from recruiting.services.assessments import assessment_result_enter
from recruiting.services.composite_weights import job_set_composite_weights
from recruiting.services.resumes import resume_attach
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory
from tests.recruiting.resume_pdfs import text_pdf
from tests.recruiting.resume_reading.sample_resumes import (
    EN_ANALYST,
    EN_ENGINEER,
    TODAY,
    ZH_ENGINEER,
    ZH_RECRUITER,
)

pytestmark = pytest.mark.django_db

BACKEND_JOB = {
    "title": "高级后端开发工程师",
    "description": "负责订单与支付系统的后端开发；参与系统架构设计。",
    "requirements": "本科及以上学历，计算机相关专业；5年以上Python开发经验，熟悉Django、"
    "PostgreSQL、Redis；了解Spark、Kafka等大数据技术；有高并发、微服务经验者优先。",
}
ANALYST_JOB = {
    "title": "Senior Data Analyst",
    "description": "Own the growth dashboards of our e-commerce business.",
    "requirements": "Strong SQL and Python skills, experience with Tableau or Power BI, "
    "A/B testing and statistics. Spark is a plus.",
}


def _apply(job_fields, text, **application):
    job = JobFactory(**job_fields)
    candidate = CandidateFactory()
    app = ApplicationFactory(candidate=candidate, job=job, **application)
    resume = resume_attach(candidate=candidate, name="cv.pdf", data=text_pdf(text.splitlines()))
    return app, resume


def _match(application):
    return Assessment.objects.get(application=application, kind=Assessment.Kind.RESUME_MATCH)


def test_a_chinese_resume_scores_against_a_chinese_job_and_the_composite_uses_it():
    application, resume = _apply(BACKEND_JOB, ZH_ENGINEER)
    # A job that weighs the resume alone: its composite is complete with the match.
    job_set_composite_weights(
        job=application.job, ai_interview=0, written_test=0, resume_match=100, actor=None
    )

    resume_read(resume_id=resume.pk)

    match = _match(application)
    assert Decimal(60) < match.overall_score < Decimal(90)
    assert {"Python", "Django", "PostgreSQL", "Redis", "Kafka", "高并发"} <= set(
        match.raw["matched"]
    )
    assert {"Spark", "微服务"} <= set(match.raw["missing"])
    assert match.raw["resume"] == resume.pk
    application.refresh_from_db()
    assert application.resume_match_score == match.overall_score
    assert application.composite == match.overall_score


def test_an_english_resume_scores_against_an_english_job():
    application, resume = _apply(ANALYST_JOB, EN_ANALYST)

    resume_read(resume_id=resume.pk)

    match = _match(application)
    assert Decimal(70) < match.overall_score <= Decimal(100)
    assert {"SQL", "Python", "Tableau", "A/B testing", "statistics"} <= set(match.raw["matched"])
    assert set(match.raw["missing"]) == {"Power BI", "Spark"}


@pytest.mark.parametrize(
    ("job", "good", "poor"),
    [(BACKEND_JOB, ZH_ENGINEER, ZH_RECRUITER), (ANALYST_JOB, EN_ANALYST, EN_ENGINEER)],
    ids=["zh", "en"],
)
def test_the_fitting_resume_outscores_the_other(job, good, poor):
    fitting, fitting_resume = _apply(job, good)
    other, other_resume = _apply(job, poor)

    resume_read(resume_id=fitting_resume.pk)
    resume_read(resume_id=other_resume.pk)

    assert _match(fitting).overall_score > _match(other).overall_score + 40


def test_reading_again_updates_the_one_result_and_keeps_one_row():
    application, resume = _apply(BACKEND_JOB, ZH_ENGINEER)
    resume_read(resume_id=resume.pk)
    better = resume_attach(
        candidate=application.candidate,
        name="cv2.pdf",
        data=text_pdf([*ZH_ENGINEER.splitlines(), "Spark、微服务、大数据、架构设计"]),
    )

    resume_read(resume_id=better.pk)

    assert Assessment.objects.filter(application=application, kind="resume_match").count() == 1
    assert _match(application).raw["missing"] == []
    application.refresh_from_db()
    assert application.resume_match_score == Decimal("100.0")


def test_a_file_nobody_confirmed_is_read_only_for_the_application_it_came_with():
    candidate = CandidateFactory()
    sent_with = ApplicationFactory(candidate=candidate, job=JobFactory(**BACKEND_JOB))
    other = ApplicationFactory(candidate=candidate, job=JobFactory(**BACKEND_JOB))
    resume = resume_attach(
        candidate=candidate,
        name="cv.pdf",
        data=text_pdf(ZH_ENGINEER.splitlines()),
        sent_with=sent_with,
    )

    resume_read(resume_id=resume.pk)

    assert Assessment.objects.filter(application=sent_with, kind="resume_match").exists()
    assert not Assessment.objects.filter(application=other, kind="resume_match").exists()
    assert Application.objects.get(pk=other.pk).resume_match_score is None


def test_no_one_can_post_a_result_under_the_matchers_source():
    application = ApplicationFactory()
    result = AssessmentResult(
        source="resume_match",
        external_id=f"application:{application.pk}",
        kind=Assessment.Kind.RESUME_MATCH,
        status=Assessment.Status.COMPLETED,
        overall_score=Decimal(99),
    )
    with pytest.raises(ApplicationError):
        assessment_result_enter(result=result, application=application)


def test_job_keywords_leave_out_what_every_job_ad_says():
    words = [k.text for k in job_keywords("\n".join(BACKEND_JOB.values()))]
    assert "Python" in words
    assert "Kafka" in words
    for boilerplate in ("岗位职责", "经验", "优先", "以上学历", "熟悉", "工程师"):
        assert boilerplate not in words


def test_the_jobs_education_requirement_counts_where_the_job_states_one():
    """Jobs gain education_required with issue 14's job posts; read by name until then."""
    application, resume = _apply(BACKEND_JOB, ZH_ENGINEER)
    job = application.job
    parsed = resume_parse_text(resume.text, today=TODAY)

    job.education_required = "master"
    assert [met for _, met in job_requirements(job, parsed)] == [False]
    job.education_required = "bachelor"
    assert [met for _, met in job_requirements(job, parsed)] == [True]
    job.education_required = "any"
    assert job_requirements(job, parsed) == []


def test_resumes_stored_before_reading_are_read_by_the_command():
    application, resume = _apply(BACKEND_JOB, ZH_ENGINEER)
    assert not Assessment.objects.filter(application=application).exists()
    out = StringIO()

    call_command("resume_text_normalize", "--read", stdout=out)

    assert "Read 1 resumes" in out.getvalue()
    assert _match(application).raw["resume"] == resume.pk
    assert ResumeFieldSuggestion.objects.filter(resume=resume, field="school").exists()


def test_an_application_gone_before_the_worker_reads_is_skipped():
    application, resume = _apply(BACKEND_JOB, ZH_ENGINEER)
    Application.objects.filter(pk=application.pk).delete()

    assert application_match_resume(application=application, resume=resume) is None
    assert not Assessment.objects.filter(kind="resume_match").exists()
