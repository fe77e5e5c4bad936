"""What HR has done with some of the seeded candidates: resumes, notes, interviews, offers.

The seed writes the recruiting history fast with COPY; this adds, through the
ordinary services and once, the things a recruiter opens a profile for: a PDF
resume (in the candidate's language, with their name), a recruiter's and a
manager's notes, an upcoming interview for people in an interview stage, and
an offer for people in the offer stage. Each part skips whoever already has
it, so a second `make demo` adds nothing. The messages these actions send to
candidates land in the demo's mail log and SMS simulator, like any other.
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from hrflow.accounts.roles import Role
from recruiting.demo.people import demo_user
from recruiting.demo.resume_pdf import resume_pdf
from recruiting.demo.resumes import ResumeFacts, resume_file
from recruiting.interviews.services import InterviewPlan, interview_schedule
from recruiting.models import Application, Candidate, Interview, Offer, StageKind
from recruiting.offers.services import company_today, offer_send
from recruiting.seeding.offers import LETTER_PREFIX
from recruiting.services.candidates import note_add
from recruiting.services.resumes import resume_attach

RESUMES = 80  # seeded candidates given a resume, furthest along first
NOTES = 40
INTERVIEWS = 12
OFFERS = 6
# Ranks stages by how far along they are: later stages get the stories first.
FURTHEST = (
    StageKind.OFFER,
    StageKind.INTERVIEW,
    StageKind.BACKGROUND_CHECK,
    StageKind.WRITTEN_TEST,
    StageKind.AI_INTERVIEW,
    StageKind.SCREENING,
    StageKind.APPLIED,
)

NOTES_ZH = (
    "电话沟通：期望月薪 {salary}k，一个月内可到岗，对岗位很感兴趣。",
    "简历亮点：项目经历扎实，与岗位要求匹配度高，建议尽快安排面试。",
    "业务面反馈：基础扎实，沟通清晰；系统设计略弱，建议终面重点考察。",
    "候选人手上另有一个 offer，希望两周内给答复，请加快流程。",
)
NOTES_EN = (
    "Phone screen: expects {salary}k a month, can start within a month, keen on the role.",
    "Strong projects that match the requirements well; let's interview soon.",
    "Team interview: solid basics and clear communication; probe system design in the final.",
    "Holds another offer and wants an answer within two weeks; please move fast.",
)


@dataclass(frozen=True)
class StoriesMade:
    resumes: int
    notes: int
    interviews: int
    offers: int


def demo_stories_ensure(*, seed: int = 7) -> StoriesMade:
    """Resumes, notes, interviews and offers for the seeded candidates that lack them."""
    rng = random.Random(seed)  # noqa: S311 - reproducible made-up data, not secrets
    return StoriesMade(
        resumes=_resumes(rng),
        notes=_notes(rng),
        interviews=_interviews(rng),
        offers=_offers(rng),
    )


def _furthest_applications(kinds: tuple[str, ...] = FURTHEST) -> list[Application]:
    """Active applications, furthest along first, one per candidate."""
    # Those the employee stories hired (from the offer stage) still count, so a later
    # start picks the same people as the first and adds nothing; the seed's own hires
    # (whose offers share the seeded letter) do not.
    applications = (
        Application.objects.filter(
            Q(status=Application.Status.ACTIVE, stage__kind__in=kinds)
            | Q(
                status=Application.Status.HIRED,
                offers__status=Offer.Status.ACCEPTED,
                pk__in=[]
                if kinds != FURTHEST
                else Offer.objects.exclude(letter__startswith=LETTER_PREFIX).values(
                    "application_id"
                ),
            )
        )
        .exclude(candidate__merged_into__isnull=False)
        .select_related("candidate", "job", "job__department", "stage")
        .order_by("-stage__position", "pk")
    )
    seen: set[int] = set()
    unique = []
    for application in applications:
        if application.candidate_id not in seen:
            seen.add(application.candidate_id)
            unique.append(application)
    return unique


def _resumes(rng: random.Random) -> int:
    """The recruiter's upload (a verified resume), as for people HR has been talking to;
    the trickle's applicants send theirs through the careers form instead."""
    recruiter = demo_user(Role.RECRUITER)
    made = 0
    for application in _furthest_applications()[:RESUMES]:
        candidate = application.candidate
        if candidate.resumes.exists():
            continue
        name, data = resume_file(_facts(candidate, application), rng)
        resume_attach(candidate=candidate, name=name, data=data, actor=recruiter)
        made += 1
    return made


def expected_monthly_k(candidate: Candidate) -> int:
    """What the candidate asks for a month, in thousands: the same in notes and offers."""
    student = not candidate.current_company
    return 6 + candidate.pk % 4 * 2 if student else 15 + candidate.pk % 6 * 2


def _facts(candidate: Candidate, application: Application) -> ResumeFacts:
    student = not candidate.current_company
    return ResumeFacts(
        full_name=candidate.full_name,
        chinese=candidate.language == Candidate.Language.ZH_HANS,
        email=candidate.email,
        phone=candidate.phone,
        city=candidate.city,
        education=candidate.education,
        company=candidate.current_company,
        title=candidate.current_title,
        wanted=application.job.title,
        department=application.job.department.code if application.job.department else "",
        student=student,
    )


def _notes(rng: random.Random) -> int:
    recruiter, manager = demo_user(Role.RECRUITER), demo_user(Role.HIRING_MANAGER)
    made = 0
    for index, application in enumerate(_furthest_applications()[:NOTES]):
        candidate = application.candidate
        if candidate.notes.exists():
            continue
        texts = NOTES_ZH if candidate.language == Candidate.Language.ZH_HANS else NOTES_EN
        body = texts[index % len(texts)].format(salary=expected_monthly_k(candidate))
        # Interview feedback comes from the manager, the rest from the recruiter.
        author = manager if index % len(texts) == 2 and manager else recruiter
        note_add(candidate=candidate, body=body, author=author, application=application)
        made += 1
    return made


def _interviews(rng: random.Random) -> int:
    manager = demo_user(Role.HIRING_MANAGER)
    recruiter = demo_user(Role.RECRUITER)
    made = 0
    for application in _furthest_applications((StageKind.INTERVIEW,))[:INTERVIEWS]:
        if application.interviews.exists():
            continue
        panel = [
            person
            for person in (manager, recruiter)
            if person is not None
            and (
                application.job.hiring_managers.filter(pk=person.pk).exists()
                or application.job.recruiters.filter(pk=person.pk).exists()
            )
        ]
        if not panel:
            continue
        chinese = application.candidate.language == Candidate.Language.ZH_HANS
        video = rng.random() < 0.5
        interview_schedule(
            application=application,
            plan=InterviewPlan(
                kind=Interview.Kind.VIDEO if video else Interview.Kind.ONSITE,
                starts_at=_next_working_slot(rng),
                duration_minutes=rng.choice((45, 60)),
                interviewers=panel,
                location=""
                if video
                else (application.job.location.address if application.job.location else "总部"),
                meeting_url=f"https://meeting.example.com/{rng.randint(100, 999)}-"
                f"{rng.randint(100, 999)}-{rng.randint(100, 999)}"
                if video
                else "",
                note_for_candidate="请提前 10 分钟到场并携带身份证。"
                if chinese
                else "Please arrive ten minutes early.",
            ),
            actor=recruiter,
        )
        made += 1
    return made


def _next_working_slot(rng: random.Random) -> datetime:
    """10:00, 14:00 or 16:00 on one of the next working days, company time."""
    day = timezone.localdate() + timedelta(days=rng.randint(1, 6))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    at = time(hour=rng.choice((10, 14, 16)))
    return timezone.make_aware(datetime.combine(day, at))


def _offers(rng: random.Random) -> int:
    recruiter = demo_user(Role.RECRUITER)
    made = 0
    # Offers go to those at the offer stage, then to those through the background check
    # (sending the offer moves them into the offer stage).
    ready = (StageKind.OFFER, StageKind.BACKGROUND_CHECK)
    for application in _furthest_applications(ready)[:OFFERS]:
        if application.offers.exists():
            continue
        candidate = application.candidate
        chinese = candidate.language == Candidate.Language.ZH_HANS
        monthly, months = expected_monthly_k(candidate) + 2, rng.choice((13, 14, 15, 16))
        salary = (
            f"月薪 {monthly}k · {months}薪"
            if chinese
            else f"{monthly}k a month, {months} months' pay"
        )
        title = application.job.title.split(" · ")[-1]
        today = company_today()
        lines = (
            [f"您好，{candidate.full_name}：", f"我们很高兴向您发出 {title} 岗位的录用通知。",
             f"薪资：{salary}", f"入职日期：{today + timedelta(days=30):%Y年%m月%d日}"]
            if chinese
            else [f"Dear {candidate.full_name},", f"We are glad to offer you the role of {title}.",
                  f"Salary: {salary}", f"Start date: {today + timedelta(days=30):%d %B %Y}"]
        )  # fmt: skip
        offer_send(
            application=application,
            position_title=title,
            salary=salary,
            start_date=today + timedelta(days=30),
            respond_by=today + timedelta(days=7),
            message="期待您的加入！" if chinese else "We look forward to working with you!",
            letter_name="录用通知书.pdf" if chinese else "offer-letter.pdf",
            letter_data=resume_pdf("录用通知书" if chinese else "Offer letter", lines),
            actor=recruiter,
        )
        made += 1
    return made
