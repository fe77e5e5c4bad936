"""The staff job form edits a job's China basics; a bad range is a form error, nothing saved."""

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.models import Job
from tests.hrflow.factories import DepartmentFactory, UserFactory
from tests.recruiting.factories import JobFactory, campus_template

pytestmark = pytest.mark.django_db


def _form(job: Job, **changes):
    data = {
        "title": job.title,
        "department": job.department_id,
        "employment_type": job.employment_type,
        "headcount": job.headcount,
        "channel": job.channel,
        "salary_min_k": "15",
        "salary_max_k": "25",
        "salary_months": "13",
        "education_required": "bachelor",
        "experience_required": "3_5",
        "application_deadline": "2027-01-31",
        "phone_required": "on",
    }
    data.update(changes)
    return data


@pytest.fixture
def hr(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    return client


def test_the_edit_form_saves_the_posting_basics(hr):
    job = JobFactory()

    response = hr.post(reverse("recruiting:job-edit", args=[job.pk]), _form(job))

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.salary_min_k, job.salary_max_k, job.salary_months) == (15, 25, 13)
    assert str(job.application_deadline) == "2027-01-31"
    assert job.phone_required is True


def test_unticking_the_phone_rule_turns_it_off(hr):
    job = JobFactory()

    hr.post(reverse("recruiting:job-edit", args=[job.pk]), _form(job, phone_required=""))

    job.refresh_from_db()
    assert job.phone_required is False


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"salary_min_k": "30", "salary_max_k": "20"}, "salary_max_k"),
        ({"salary_max_k": ""}, "salary_max_k"),
        ({"salary_min_k": "-3"}, "salary_min_k"),
        ({"salary_max_k": "1000000"}, "salary_max_k"),
        ({"salary_months": "6"}, "salary_months"),
        ({"education_required": "本科"}, "education_required"),
        ({"application_deadline": "2027-13-45"}, "application_deadline"),
    ],
)
def test_bad_posting_basics_are_form_errors_and_nothing_is_saved(hr, changes, field):
    job = JobFactory()
    before = Job.objects.values().get(pk=job.pk)

    response = hr.post(reverse("recruiting:job-edit", args=[job.pk]), _form(job, **changes))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Job.objects.values().get(pk=job.pk) == before


def test_a_new_job_takes_its_posting_basics_from_the_create_form(hr):
    department = DepartmentFactory()
    data = _form(JobFactory.build(department=department), title="数据分析师")
    data["template"] = campus_template().pk

    response = hr.post(reverse("recruiting:job-create"), data)

    assert response.status_code == 302
    job = Job.objects.get(title="数据分析师")
    assert (job.education_required, job.experience_required) == ("bachelor", "3_5")


def test_the_form_shows_the_new_fields_in_chinese(hr):
    hr.cookies["django_language"] = "zh-hans"

    html = hr.get(reverse("recruiting:job-create")).content.decode()

    for label in (
        "月薪下限（千元）",
        "月薪上限（千元）",
        "薪数",
        "学历要求",
        "经验要求",
        "申请截止日期",
    ):
        assert label in html
