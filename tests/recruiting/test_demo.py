"""`make demo`'s data and its applicant trickle (recruiting/demo/)."""

import io
import random
import re
import statistics
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from employees.models import (
    Assignment,
    Calibration,
    Certificate,
    CompetencyRequirement,
    Course,
    Employee,
    EmployeeStatus,
    Enrolment,
    Goal,
    MetricValue,
    Outcome,
    PayrollRun,
    Payslip,
    Review,
    ReviewCycle,
    SkillEvidence,
)
from employees.pay.review import Flag, run_review
from employees.training.selectors import team_training
from hrflow.accounts.demo import SUPERVISOR_EMAIL, demo_accounts_ensure
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.selectors import user_roles
from hrflow.notifications.models import OutboxMessage
from hrflow.org.demo import demo_org_ensure
from hrflow.org.models import Department
from recruiting.demo.data import demo_data_ensure, demo_job_basics_fill
from recruiting.demo.people import demo_user
from recruiting.demo.questions import demo_questions_ensure
from recruiting.demo.screening import demo_screening_rules_ensure
from recruiting.demo.trickle import demo_applicants_screen, demo_trickle_jobs
from recruiting.demo.vendors import demo_connections_ensure
from recruiting.models import (
    Application,
    Candidate,
    CandidateConsent,
    Interview,
    Job,
    Note,
    Offer,
    Resume,
    ScreeningAnswer,
    Stage,
    StageKind,
)
from recruiting.services.careers import SOURCE
from tests.recruiting.factories import JobFactory

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
# As many as the demo seeds: fewer may leave too few candidates near the end of their
# pipelines for the offer stories (which candidates those are is up to the seed's draw).
APPLICATIONS = 300
NOWHERE = {"vuesim": "http://127.0.0.1:9", "mianshibao": "http://127.0.0.1:9"}


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Job, Candidate, Application, Resume, Note, Interview, Offer, ScreeningAnswer)
    }


@pytest.fixture
def demo_data():
    demo_accounts_ensure(password="demo-password-for-tests")
    demo_org_ensure(language="zh-hans")
    return demo_data_ensure(language="zh-hans", applications=APPLICATIONS)


def test_a_second_start_finds_the_demo_data_and_adds_nothing(demo_data):
    first = _counts()
    again = demo_data_ensure(language="zh-hans", applications=APPLICATIONS)

    assert demo_data.seeded
    assert not again.seeded
    assert _counts() == first
    assert (again.stories.resumes, again.stories.notes, again.stories.offers) == (0, 0, 0)
    assert again.stories.interviews == again.jobs_with_new_questions == 0


def test_some_candidates_have_resumes_notes_interviews_and_offers(demo_data):
    assert Resume.objects.count() >= 30
    assert Note.objects.count() >= 20
    assert Interview.objects.filter(status=Interview.Status.SCHEDULED).count() >= 5
    assert Offer.objects.filter(status=Offer.Status.SENT).exists()
    for offer in Offer.objects.select_related("application__stage"):
        # The two the employee stories accepted were hired into the hired stage.
        hired = offer.application.status == Application.Status.HIRED
        assert offer.application.stage.kind == (StageKind.HIRED if hired else StageKind.OFFER)
        assert offer.letter.read().startswith(b"%PDF-")


def test_the_demo_has_an_organisation_and_two_hires_told_through_the_services(demo_data):
    assert demo_data.employees.seeded >= 150
    assert demo_data.employees.hired == 2
    # 陈静, the employee account: hired six weeks ago through the pipeline, on probation
    # under 张伟 (the manager account), with a contract and the skills of her AI interview.
    chen = Employee.objects.get(user__email="employee@hrflow.local")
    assert chen.full_name == "陈静"
    assert chen.source_application_id is not None
    assert SkillEvidence.objects.filter(employee=chen, source="ai_interview").exists()
    assert chen.contracts.filter(probation_months=3).exists()
    job = Assignment.objects.as_of(timezone.localdate()).get(employee=chen)
    assert job.status == EmployeeStatus.PROBATION
    assert job.manager.user.email == "manager@hrflow.local"
    # The second starts next month: pre-boarding, the onboarding plan under way.
    starting = Employee.objects.get(
        hire_date__gt=timezone.localdate(), preboarding_links__isnull=False
    )
    today = Assignment.objects.as_of(timezone.localdate()).get(employee=starting)
    assert today.status == EmployeeStatus.PRE_BOARDING
    tasks = starting.onboarding_plan.tasks
    assert 0 < tasks.filter(done_at__isnull=False).count() < tasks.count()
    # A second start adds no one.
    before = Employee.objects.count()
    assert demo_data_ensure(language="zh-hans", applications=APPLICATIONS).employees.hired == 0
    assert Employee.objects.count() == before


def test_resumes_are_pdfs_with_the_name_in_the_candidates_language(demo_data):
    languages = set()
    for resume in Resume.objects.select_related("candidate"):
        candidate = resume.candidate
        assert resume.extension == ".pdf"
        # HR's upload, so the profile shows it as the candidate's resume.
        assert resume.verified_at is not None
        assert resume.sent_with_id is None
        assert resume.file.read().startswith(b"%PDF-")
        # The text read back from the PDF (what search and the preview use).
        assert resume.text.startswith(candidate.full_name)
        heading = "教育经历" if candidate.language == Candidate.Language.ZH_HANS else "Education"
        assert heading in resume.text
        languages.add(candidate.language)
    assert languages == {Candidate.Language.ZH_HANS, Candidate.Language.EN}


def test_chinese_candidates_get_chinese_notes(demo_data):
    notes = Note.objects.select_related("candidate")
    for note in notes:
        chinese = note.candidate.language == Candidate.Language.ZH_HANS
        assert bool(CJK.search(note.body)) == chinese, note.body


def test_campus_jobs_get_this_years_graduates(demo_data):
    campus = Application.objects.filter(job__channel=Job.Channel.CAMPUS)
    students = Candidate.objects.filter(applications__in=campus).distinct()
    assert students.exists()
    for candidate in students:
        assert candidate.current_company == ""
        assert re.search(r"20\d\d届|\(20\d\d\)", candidate.education), candidate.education


def test_a_chinese_demo_names_its_rule_departments_and_stages_in_chinese(demo_data):
    demo_screening_rules_ensure(language="zh-hans")
    job = Job.objects.order_by("pk").first()
    assert job.screening_rules.get().name == "AI面试自动筛选"
    assert Department.objects.get(code="tech").name == "技术研发中心"
    assert Stage.objects.filter(kind=StageKind.SCREENING).first().name == "简历筛选"


def test_an_english_demo_names_its_rule_departments_stages_and_jobs_in_english():
    demo_accounts_ensure(password="demo-password-for-tests")
    demo_org_ensure(language="en")
    demo_data_ensure(language="en", applications=APPLICATIONS)
    demo_screening_rules_ensure(language="en")

    assert Department.objects.get(code="tech").name == "Technology"
    assert Stage.objects.exists()
    assert not [s.name for s in Stage.objects.all() if CJK.search(s.name)]
    assert not [j.title for j in Job.objects.all() if CJK.search(j.title)]
    assert Job.objects.order_by("pk").first().screening_rules.get().name == "AI interview screening"


@pytest.fixture
def connected_job() -> Job:
    """An open campus job whose AI-interview stage is connected to a (demo) vendor."""
    demo_accounts_ensure(password="demo-password-for-tests")
    job = JobFactory(recruiters=[demo_user(Role.RECRUITER)])
    demo_connections_ensure(NOWHERE)
    demo_questions_ensure(language="zh-hans")
    return job


def test_the_trickle_brings_an_applicant_through_the_careers_service(connected_job):
    out = io.StringIO()
    call_command("demo_trickle", "--once", "--allow-production", "--seed", "5", stdout=out)

    application = Application.objects.get(job=connected_job)
    candidate = application.candidate
    assert f"{candidate.full_name} applied to {connected_job.title}" in out.getvalue()
    assert application.source == SOURCE
    assert application.stage.kind == StageKind.APPLIED
    # What only careers_apply does: consents recorded, answers kept, resume attached,
    # and the applicant told their application arrived.
    kinds = set(
        CandidateConsent.objects.filter(application=application).values_list("kind", flat=True)
    )
    assert kinds == {CandidateConsent.Kind.DATA_PROCESSING, CandidateConsent.Kind.AI_ASSESSMENT}
    assert candidate.resumes.get().text.startswith(candidate.full_name)
    assert OutboxMessage.objects.filter(event="application_received").exists()
    # A campus job: a graduate of this year, answering in their own language.
    assert (
        "应届毕业生" in candidate.resumes.get().text or "graduating" in candidate.resumes.get().text
    )
    answers = list(application.screening_answers.values_list("answer", flat=True))
    assert len(answers) == 3
    chinese = candidate.language == Candidate.Language.ZH_HANS
    assert any(CJK.search(answer) for answer in answers) == chinese


def test_each_run_of_the_trickle_brings_someone_new(connected_job):
    for seed in ("1", "1", "2"):
        call_command(
            "demo_trickle", "--once", "--allow-production", "--seed", seed, stdout=io.StringIO()
        )

    emails = list(Candidate.objects.values_list("email", flat=True))
    assert len(emails) == len(set(emails)) == 3
    assert Application.objects.filter(job=connected_job).count() == 3


class _NeverReject(random.Random):
    def random(self) -> float:
        return 0.99


def test_waiting_applicants_are_screened_into_the_ai_interview(
    connected_job, django_capture_on_commit_callbacks
):
    call_command(
        "demo_trickle", "--once", "--allow-production", "--seed", "5", stdout=io.StringIO()
    )
    application = Application.objects.get(job=connected_job)
    later = timezone.now() + timedelta(minutes=1)

    assert demo_applicants_screen(rng=_NeverReject(), now=later) == (1, 0)
    with django_capture_on_commit_callbacks() as callbacks:
        assert demo_applicants_screen(rng=_NeverReject(), now=later + timedelta(minutes=1)) == (
            1,
            0,
        )

    application.refresh_from_db()
    assert application.stage.kind == StageKind.AI_INTERVIEW
    assert application.stage.vendor_connection is not None
    assert application.transitions.order_by("created_at", "pk").last().actor == demo_user(
        Role.RECRUITER
    )
    # Entering the stage queued the vendor invitation, as any move does.
    assert any("invites_queue" in callback.__qualname__ for callback in callbacks)


def test_the_seeded_history_is_not_screened_by_the_trickle(connected_job):
    """Only the trickle's recent careers-site applicants move: the seed's are history."""
    call_command(
        "demo_trickle", "--once", "--allow-production", "--seed", "5", stdout=io.StringIO()
    )
    Application.objects.update(applied_at=timezone.now() - timedelta(days=3))

    assert demo_applicants_screen(rng=_NeverReject(), now=timezone.now() + timedelta(hours=1)) == (
        0,
        0,
    )


def test_each_start_gives_the_simulators_a_new_seed(connected_job):
    """Simulators draw interview ids from their seed: the same seed on a second start
    handed out the first run's ids, and the results landed on the first run's people."""
    from hrflow.demo import prepare_vendors

    def seeds() -> list[str]:
        return [argv[argv.index("--seed") + 1] for _vendor, argv in prepare_vendors(NOWHERE)]

    first, second = seeds(), seeds()

    assert len(first) == 2
    assert first != second


def test_demo_jobs_read_like_chinese_job_posts_and_a_second_start_keeps_them(demo_data):
    jobs = list(Job.objects.all())
    assert jobs
    assert all(job.salary_min_k and job.salary_max_k > job.salary_min_k for job in jobs)
    assert all(12 < job.salary_months <= 16 for job in jobs)
    campus = [job for job in jobs if job.channel == Job.Channel.CAMPUS]
    assert campus
    assert all(
        job.experience_required == Job.Experience.GRADUATE
        and job.application_deadline > timezone.localdate()
        for job in campus
    )
    posts = {job.pk: (job.salary_min_k, job.salary_max_k, job.salary_months) for job in jobs}

    assert demo_job_basics_fill() == 0  # what a second `make demo` does: nothing
    assert {
        job.pk: (job.salary_min_k, job.salary_max_k, job.salary_months) for job in Job.objects.all()
    } == posts


def test_the_trickle_applies_only_where_the_careers_site_takes_applications(connected_job):
    internal = JobFactory(channel=Job.Channel.REFERRAL)
    closed = JobFactory(application_deadline=timezone.localdate() - timedelta(days=1))
    for job in (internal, closed):
        for stage in job.stages.filter(kind=StageKind.AI_INTERVIEW):
            stage.vendor_connection = connected_job.stages.get(
                kind=StageKind.AI_INTERVIEW
            ).vendor_connection
            stage.save(update_fields=["vendor_connection"])

    assert demo_trickle_jobs() == [connected_job]


def test_the_demo_has_a_closed_review_cycle_with_kpi_data_and_an_open_one(demo_data):
    made = demo_data.employees.performance
    assert made is not None
    # KPI values of the last closed half-year, stored in one bulk call.
    closed = ReviewCycle.objects.get(status=ReviewCycle.Status.CLOSED)
    values = MetricValue.objects.filter(on__range=(closed.period_start, closed.period_end))
    assert made.kpi_values == values.count() > 0
    assert set(values.values_list("metric__code", flat=True)) == {
        "safety_incidents",
        "output_units",
        "quality_defects",
    }
    # The closed cycle: one review outcome per review, each with its final rating.
    reviews = Review.objects.filter(cycle=closed)
    outcomes = Outcome.objects.filter(kind=Outcome.Kind.REVIEW, review__cycle=closed)
    assert outcomes.count() == reviews.count() == made.closed_reviews > 0
    assert not outcomes.filter(rating__isnull=True).exists()
    assert set(outcomes.values_list("rating", flat=True)) <= {1, 2, 3, 4, 5}
    # Managers wrote most of them; HR moved two ratings, saying why.
    written = reviews.filter(manager_submitted_at__isnull=False).count()
    assert written > reviews.count() / 2
    moved = Calibration.objects.filter(review__cycle=closed).exclude(old_rating=None)
    assert moved.count() == 2
    assert all(c.reason and c.new_rating != c.old_rating for c in moved)
    # Safety goals banded lower-is-better, and KPI scores computed from the values.
    safety = Goal.objects.filter(review__cycle=closed, metric__code="safety_incidents")
    assert safety.count() == reviews.count()
    assert safety.first().bands == [["2", "100"], ["3", "60"]]
    assert reviews.filter(score__isnull=False).count() == written
    # Ratings spread over the scale (they follow each person's KPI results).
    assert len(set(outcomes.values_list("rating", flat=True))) >= 3
    # Last year's hiring drive: the cycle reviews hires whose AI interview, carried
    # over from their hire record, came before they started; the higher it scored
    # their safety awareness, the fewer safety incidents they had in the period.
    safety, incidents = _ai_safety_against_incidents(closed)
    assert len(safety) >= 85
    assert statistics.correlation(safety, incidents) < 0
    # Leavers with their reasons, probation decisions, 陈静's training history.
    left = Outcome.objects.filter(kind=Outcome.Kind.LEAVING)
    assert left.count() == made.leavers == 2
    assert all(outcome.reason for outcome in left)
    assert made.probation_decided > 0
    assert Outcome.objects.filter(kind=Outcome.Kind.PROBATION).exists()
    chen = Employee.objects.get(user__email="employee@hrflow.local")
    assert Enrolment.objects.filter(employee=chen, status=Enrolment.Status.COMPLETED).exists()
    assert Certificate.objects.filter(employee=chen).exists()
    assert Enrolment.objects.filter(employee=chen, status=Enrolment.Status.ENROLLED).exists()
    # The current cycle is open: 陈静's self review is to write, then 张伟's review of her.
    opened = ReviewCycle.objects.get(status=ReviewCycle.Status.OPEN)
    mine = Review.objects.get(cycle=opened, employee=chen)
    assert mine.self_submitted_at is None
    assert mine.stage == Review.Stage.SELF
    assert mine.manager.user.email == "manager@hrflow.local"
    assert made.open_reviews == Review.objects.filter(cycle=opened).count()


def _ai_safety_against_incidents(closed: ReviewCycle) -> tuple[list[float], list[float]]:
    """Each reviewed hire's AI safety-awareness score and safety incidents in the period,
    for those with a review Outcome and AI evidence assessed before their hire date."""
    safety, incidents = [], []
    outcomes = Outcome.objects.filter(
        kind=Outcome.Kind.REVIEW,
        review__cycle=closed,
        rating__isnull=False,
        employee__source_application_id__isnull=False,
    ).select_related("employee")
    for outcome in outcomes:
        employee = outcome.employee
        evidence = SkillEvidence.objects.filter(
            employee=employee,
            source="ai_interview",
            dimension_code="safety_awareness",
            hired_assessment__isnull=False,
            assessed_at__date__lt=employee.hire_date,
        ).first()
        if evidence is None:
            continue
        total = MetricValue.objects.filter(
            employee=employee,
            metric__code="safety_incidents",
            on__range=(closed.period_start, closed.period_end),
        ).aggregate(total=Sum("value"))["total"]
        safety.append(float(evidence.score))
        incidents.append(float(total or 0))
    return safety, incidents


def test_the_plant_supervisor_sees_low_ai_safety_scores_and_sessions_to_book(demo_data, client):
    """Issue 16's story: the AI interview scored safety awareness; after hire the shift
    leader sees who scored low and books them on the safety course."""
    today = timezone.localdate()
    plant = demo_data.employees.plant
    # The supervisor account is a lead in the plant, named as that employee, with only
    # the employee role: line management comes from the org chart.
    user = User.objects.get(email=SUPERVISOR_EMAIL)
    lead = Employee.objects.get(user=user)
    assert plant is not None
    assert plant.supervisor == lead
    assert user.full_name == lead.full_name
    assert user_roles(user) == {Role.EMPLOYEE}
    seat = Assignment.objects.as_of(today).select_related("department").get(employee=lead)
    assert seat.department.path.startswith(Department.objects.get(code="ops").path)
    # The production family needs safety awareness and hands-on ability at level 3.
    required = CompetencyRequirement.objects.filter(position=None, job_family="plant")
    assert set(required.values_list("competency__code", "level")) == {
        ("safety_awareness", 3),
        ("hands_on_ability", 3),
    }
    assert plant.requirements == 2
    # What the team training page reads: the safety course for at least three reports,
    # hires of the drive whose AI interview scored their safety awareness, most of them
    # in the bottom of the applicant pool (the rest rated below the level since).
    team = team_training(user=user, day=today)
    assert team.size >= 3
    safety = Course.objects.get(code="safety-basics")
    groups = [item for item in team.groups if safety in item.group.courses]
    suggested = [s for item in groups for s in item.group.suggestions]
    assert len({s.employee.pk for s in suggested}) >= 3
    assert all(s.competency.code == "safety_awareness" for s in suggested)
    scored = SkillEvidence.objects.filter(
        employee__in=[s.employee for s in suggested],
        source="ai_interview",
        dimension_code="safety_awareness",
    )
    assert scored.values("employee").distinct().count() == len(suggested)
    weak_ai = [s for s in suggested if s.pool_percentile is not None and s.pool_percentile < 30]
    assert len(weak_ai) >= 2
    # Upcoming sessions to choose, one nearly full: the one chosen seats the whole group.
    upcoming = safety.sessions.filter(starts_at__gt=timezone.now())
    assert upcoming.count() >= 2
    for item in groups:
        sessions = [offer for offer in item.offers if offer.course == safety]
        assert len(sessions) == upcoming.count()
        assert all(offer.session is not None for offer in sessions)
        assert any(0 < offer.free <= 3 for offer in sessions)  # nearly full
        chosen = next(offer for offer in item.offers if offer.selected)
        assert chosen.course == safety
        assert chosen.free >= len(item.group.suggestions)
    workshop = Course.objects.get(code="hands-on-workshop")
    assert workshop.sessions.filter(starts_at__gt=timezone.now()).count() >= 2
    # The supervisor wrote their team's reviews in the closed cycle.
    closed = ReviewCycle.objects.get(status=ReviewCycle.Status.CLOSED)
    assert Review.objects.filter(cycle=closed, manager=lead).exists()
    # And the page shows it.
    client.force_login(user)
    page = client.get("/employees/training/team/").content.decode()
    assert page.count('data-testid="suggestion-group"') == len(team.groups)
    assert safety.title_zh in page or safety.title_en in page
    assert "no-suggestions" not in page


def test_the_demo_has_locked_payroll_months_with_payslips_and_one_in_review(demo_data):
    """Issue 19: `make demo` has a locked run with payslips for the demo employees; the
    accounts' people who worked those months have theirs to open and acknowledge."""
    payroll = demo_data.payroll
    assert payroll.refused == []
    assert payroll.locked >= 2
    assert payroll.in_review >= 1
    locked = Payslip.objects.filter(run__status=PayrollRun.Status.LOCKED)
    assert locked.count() > 20
    assert locked.filter(net__gt=0).count() > 0.9 * locked.count()
    # A joiner on the month's last days owes the month's insurance on a day or two of
    # pay: the review puts such a payslip on top for the payroll officer.
    for payslip in locked.filter(net__lte=0).select_related("run"):
        flagged = {
            reason.flag
            for row in run_review(payslip.run).outliers
            if row.employee_id == payslip.employee_id
            for reason in row.reasons
        }
        assert Flag.NET_NOT_POSITIVE in flagged
    for email in ("manager@hrflow.local", "supervisor@hrflow.local"):
        person = Employee.objects.get(user__email=email)
        theirs = locked.filter(employee=person).order_by("-run__month")
        assert theirs.count() >= 2, email
        # Paid since January: the year to date withholds tax, as a real year would.
        assert Decimal(theirs.first().ytd["tax"]) > 0, email
    # 陈静 joined through the hiring story: a salary from her first day, paid from then.
    chen = Employee.objects.get(user__email="employee@hrflow.local")
    assert chen.salary_records.filter(valid_from=chen.hire_date).exists()
    assert PayrollRun.objects.filter(status=PayrollRun.Status.COMPUTED).count() == (
        payroll.in_review
    )
    again = demo_data_ensure(language="zh-hans", applications=APPLICATIONS)
    assert (again.payroll.locked, again.payroll.in_review) == (0, 0)
