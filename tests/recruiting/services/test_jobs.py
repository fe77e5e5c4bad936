import pytest

from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from recruiting.models import Job, PipelineTemplate, StageKind
from recruiting.services.jobs import job_create, job_set_stages, job_set_status, job_update
from tests.hrflow.factories import DepartmentFactory, UserFactory
from tests.recruiting.factories import ApplicationFactory, JobFactory, campus_template

pytestmark = pytest.mark.django_db


def test_seeded_templates_start_with_applied_and_end_with_hired():
    for template in PipelineTemplate.objects.all():
        kinds = list(template.stages.order_by("position").values_list("kind", flat=True))
        assert kinds[0] == StageKind.APPLIED
        assert kinds[-1] == StageKind.HIRED
        assert StageKind.AI_INTERVIEW in kinds
    assert PipelineTemplate.objects.count() == 2


def test_job_create_copies_the_template_into_editable_stages():
    recruiter = UserFactory(roles=[Role.RECRUITER])
    job = job_create(
        title=" 算法工程师 ",
        department=DepartmentFactory(),
        channel=Job.Channel.CAMPUS,
        template=campus_template(),
        recruiters=[recruiter],
        headcount=3,
    )

    names = list(job.stages.values_list("name", flat=True))
    assert names == list(campus_template().stages.values_list("name", flat=True))
    assert job.title == "算法工程师"
    assert job.status == Job.Status.DRAFT
    assert list(job.recruiters.all()) == [recruiter]
    assert AuditEvent.objects.filter(action="recruiting.job_create", target_id=job.pk).exists()


@pytest.mark.parametrize(
    "stages",
    [[], [("面试", "interview")], [("申请", "applied"), ("申请", "screening")], [("申请", "x")]],
)
def test_job_create_refuses_a_bad_pipeline_and_writes_nothing(stages):
    with pytest.raises(ApplicationError):
        job_create(title="x", department=DepartmentFactory(), channel="campus", stages=stages)
    assert not Job.objects.exists()


def test_status_changes_follow_the_lifecycle():
    job = JobFactory(status=Job.Status.DRAFT)

    job = job_set_status(job=job, status=Job.Status.OPEN)
    assert job.opened_at is not None
    job = job_set_status(job=job, status=Job.Status.CLOSED)
    assert job.closed_at is not None
    with pytest.raises(ApplicationError):
        job_set_status(job=job, status=Job.Status.ON_HOLD)


def test_job_update_records_team_changes():
    job = JobFactory()
    manager = UserFactory(roles=[Role.HIRING_MANAGER])

    job_update(job=job, hiring_managers=[manager], headcount=5)

    job.refresh_from_db()
    assert job.headcount == 5
    event = AuditEvent.objects.get(action="recruiting.job_update")
    assert event.changes["hiring_managers"] == [[], [manager.pk]]
    assert event.changes["headcount"] == [1, 5]


def test_stages_can_be_reordered_renamed_and_added():
    job = JobFactory()
    stages = list(job.stages.all())
    new_order = [
        (stages[0].pk, stages[0].name, "applied"),
        (stages[2].pk, "AI 面试", "ai_interview"),
    ]
    new_order += [(stage.pk, stage.name, stage.kind) for stage in stages[3:]]
    new_order.insert(1, (None, "电话沟通", "screening"))

    result = job_set_stages(job=job, stages=new_order)

    assert [stage.name for stage in result][:3] == [stages[0].name, "电话沟通", "AI 面试"]
    assert not job.stages.filter(pk=stages[1].pk).exists()  # left out: removed


def test_a_stage_holding_applications_cannot_be_removed():
    application = ApplicationFactory()
    job = application.job
    rest = [(s.pk, s.name, s.kind) for s in job.stages.all() if s.pk != application.stage_id]

    with pytest.raises(ApplicationError):
        job_set_stages(job=job, stages=[(None, "新的申请", "applied"), *rest])
    assert job.stages.filter(pk=application.stage_id).exists()


def test_only_people_with_the_role_join_a_job_team():
    employee = UserFactory(roles=[Role.EMPLOYEE])
    with pytest.raises(ApplicationError):
        job_create(
            title="x",
            department=DepartmentFactory(),
            channel="campus",
            template=campus_template(),
            recruiters=[employee],
        )
    job = JobFactory()
    with pytest.raises(ApplicationError):
        job_update(job=job, hiring_managers=[employee])
    assert not job.hiring_managers.exists()
