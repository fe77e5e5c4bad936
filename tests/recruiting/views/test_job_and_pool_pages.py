import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.models import Application, Candidate, Job
from recruiting.selectors import search
from recruiting.services.applications import application_reject
from tests.hrflow.factories import DepartmentFactory, UserFactory
from tests.recruiting.factories import (
    ApplicationFactory,
    CandidateFactory,
    JobFactory,
    campus_template,
    reason,
)

pytestmark = pytest.mark.django_db


def test_recruiter_creates_a_job_on_a_template_and_hr_opens_it(client):
    recruiter = UserFactory(roles=[Role.RECRUITER])
    client.force_login(recruiter)
    department = DepartmentFactory()

    response = client.post(
        reverse("recruiting:job-create"),
        {
            "title": "测试开发工程师",
            "department": department.pk,
            "employment_type": "full_time",
            "headcount": 2,
            "channel": "experienced",
            "template": campus_template().pk,
            "recruiters": [recruiter.pk],
        },
    )

    job = Job.objects.get(title="测试开发工程师")
    assert response.status_code == 302
    assert job.stages.count() == campus_template().stages.count()
    assert job.status == Job.Status.DRAFT
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    client.post(reverse("recruiting:job-status", args=[job.pk]), {"status": "open"})
    assert Job.objects.get(pk=job.pk).status == Job.Status.OPEN


def test_job_form_errors_are_shown_and_nothing_is_created(client):
    client.force_login(UserFactory(roles=[Role.RECRUITER]))
    response = client.post(reverse("recruiting:job-create"), {"title": ""})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Job.objects.exists()


def test_hiring_manager_cannot_create_jobs(client):
    client.force_login(UserFactory(roles=[Role.HIRING_MANAGER]))
    assert client.get(reverse("recruiting:job-create")).status_code == 404


def test_recall_from_the_pool_into_an_open_job(client):
    admin = UserFactory(roles=[Role.HR_ADMIN])
    client.force_login(admin)
    pooled = ApplicationFactory()
    application_reject(application=pooled, reason=reason())
    target = JobFactory(title="新职位")

    response = client.post(
        reverse("recruiting:talent-pool-recall", args=[pooled.pk]), {"job": target.pk}
    )

    assert response.status_code == 302
    recalled = Application.objects.get(job=target)
    assert recalled.candidate == pooled.candidate
    assert recalled.source == "talent_pool"


def test_recall_into_a_job_the_recruiter_does_not_work_on_is_404(client):
    recruiter = UserFactory(roles=[Role.RECRUITER])
    pooled = ApplicationFactory()
    pooled.job.recruiters.add(recruiter)
    application_reject(application=pooled, reason=reason())
    client.force_login(recruiter)

    response = client.post(
        reverse("recruiting:talent-pool-recall", args=[pooled.pk]), {"job": JobFactory().pk}
    )

    assert response.status_code == 404
    assert Application.objects.count() == 1


def test_hr_admin_merges_a_duplicate_from_the_profile(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    keep = CandidateFactory(email="same@example.com")
    other = CandidateFactory(email="SAME@example.com")
    ApplicationFactory(candidate=keep)
    ApplicationFactory(candidate=other)
    page = client.get(reverse("recruiting:candidate-detail", args=[keep.pk]))
    assert other in page.context["profile"].duplicates

    client.post(reverse("recruiting:candidate-merge", args=[keep.pk]), {"merge": other.pk})

    assert Candidate.objects.get(pk=other.pk).merged_into_id == keep.pk
    assert keep.applications.count() == 2


def test_recruiter_cannot_merge(client):
    recruiter = UserFactory(roles=[Role.RECRUITER])
    a, b = ApplicationFactory(), ApplicationFactory()
    a.job.recruiters.add(recruiter)
    b.job.recruiters.add(recruiter)
    client.force_login(recruiter)

    response = client.post(
        reverse("recruiting:candidate-merge", args=[a.candidate_id]), {"merge": b.candidate_id}
    )

    assert response.status_code == 404
    assert Candidate.objects.get(pk=b.candidate_id).merged_into_id is None


def test_note_and_tags_from_the_profile(client):
    recruiter = UserFactory(roles=[Role.RECRUITER])
    application = ApplicationFactory()
    application.job.recruiters.add(recruiter)
    client.force_login(recruiter)
    candidate_id = application.candidate_id

    client.post(reverse("recruiting:candidate-note", args=[candidate_id]), {"body": "沟通顺畅"})
    client.post(reverse("recruiting:candidate-tags", args=[candidate_id]), {"tags": "Java，Go, "})

    page = client.get(reverse("recruiting:candidate-detail", args=[candidate_id]))
    assert [note.body for note in page.context["profile"].notes] == ["沟通顺畅"]
    assert sorted(t.name for t in page.context["profile"].tags) == ["Go", "Java"]


def test_pipeline_editor_reorders_renames_adds_and_removes(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    job = JobFactory()
    stages = list(job.stages.all())
    post = {"stage_id": [], "name": [], "kind": [], "position": []}

    def row(stage_id, name, kind, position):
        post["stage_id"].append(stage_id)
        post["name"].append(name)
        post["kind"].append(kind)
        post["position"].append(position)

    row(str(stages[0].pk), stages[0].name, "applied", "1")
    row(str(stages[1].pk), "", stages[1].kind, "2")  # cleared: removed
    row(str(stages[2].pk), "AI 视频面试", "ai_interview", "3")
    for index, stage in enumerate(stages[3:], start=4):
        row(str(stage.pk), stage.name, stage.kind, str(index + 1))
    row("", "电话初筛", "screening", "2")  # new, second

    response = client.post(reverse("recruiting:job-stages", args=[job.pk]), post)

    assert response.status_code == 302
    names = list(job.stages.order_by("position").values_list("name", flat=True))
    assert names[:3] == [stages[0].name, "电话初筛", "AI 视频面试"]
    assert stages[1].name not in names


def test_pipeline_editor_refuses_a_first_stage_that_is_not_applied(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    job = JobFactory()
    before = list(job.stages.values_list("name", "kind"))
    stages = list(job.stages.all())
    post = {
        "stage_id": [str(s.pk) for s in stages],
        "name": [s.name for s in stages],
        "kind": ["screening", *[s.kind for s in stages[1:]]],
        "position": [str(i) for i in range(1, len(stages) + 1)],
    }

    response = client.post(reverse("recruiting:job-stages", args=[job.pk]), post, follow=True)

    assert response.status_code == 200
    assert list(job.stages.values_list("name", "kind")) == before


@pytest.mark.parametrize("ids_limit", [1000, 1], ids=["few matches: their ids", "many: per row"])
def test_the_pool_search_finds_the_same_people_either_way(client, monkeypatch, ids_limit):
    """A rare term filters the pool by the matches' ids; a common one tests each row's
    candidate while the pool is read newest first. Both answer the same."""
    monkeypatch.setattr(search, "MATCH_IDS_LIMIT", ids_limit)
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    names = ["张伟", "张敏", "王芳", "张强"]
    for name in names:
        application_reject(
            application=ApplicationFactory(candidate=CandidateFactory(full_name=name)),
            reason=reason(),
        )

    response = client.get(reverse("recruiting:talent-pool"), {"q": "张"})

    shown = [a.candidate.full_name for a in response.context["page"].object_list]
    assert shown == ["张强", "张敏", "张伟"]  # newest archived first
    assert response.context["page"].paginator.num_pages is None  # no total count
