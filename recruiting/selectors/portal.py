"""What the candidate portal shows: each of the candidate's applications as a timeline.

Every query here starts from the signed-in candidate, never from an id in the
address alone, so one candidate cannot reach another's rows. The steps are
told in candidate words (a stage's kind, not HR's internal stage name), and the
home page costs the same few queries however many applications there are.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from recruiting.models import (
    Application,
    Assessment,
    Candidate,
    DocumentRequest,
    Interview,
    Offer,
    Stage,
    StageKind,
    SurveyResponse,
)

# How each kind of stage is named to candidates.
STAGE_WORDS: dict[str, Promise] = {
    StageKind.APPLIED: _("Application received"),
    StageKind.SCREENING: _("Under review"),
    StageKind.AI_INTERVIEW: _("AI interview"),
    StageKind.WRITTEN_TEST: _("Written test"),
    StageKind.INTERVIEW: _("Interviews"),
    StageKind.BACKGROUND_CHECK: _("Background check"),
    StageKind.OFFER: _("Offer"),
    StageKind.HIRED: _("Hired"),
}
OPEN_AI = (Assessment.Status.INVITED, Assessment.Status.IN_PROGRESS)


@dataclass(frozen=True)
class Step:
    code: str
    label: Promise | str
    state: str  # done, current, upcoming, closed
    at: datetime | None = None
    detail: Promise | str = ""


@dataclass(frozen=True)
class NextStep:
    text: Promise | str
    when: datetime | None = None
    deadline: bool = False  # `when` is the last moment to act, not when something happens
    url: str = ""  # where to act: a portal page or the vendor's AI interview
    action: Promise | str = ""
    external: bool = False


@dataclass
class PortalApplication:
    application: Application
    steps: list[Step]
    next_step: NextStep
    ai_interview: Assessment | None
    interviews: list[Interview]
    offer: Offer | None
    documents_due: int
    surveys_due: list[str] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.application.status == Application.Status.ACTIVE


def portal_applications(candidate: Candidate) -> QuerySet[Application]:
    """The candidate's own applications (a merged duplicate's are folded in, not shown)."""
    return Application.objects.filter(candidate=candidate).exclude(status=Application.Status.MERGED)


def portal_application_get(candidate: Candidate, pk: int) -> Application | None:
    return portal_applications(candidate).select_related("job", "stage").filter(pk=pk).first()


def portal_timeline(candidate: Candidate) -> list[PortalApplication]:
    """Every application with its steps and what happens next, newest first."""
    now = timezone.now()
    return [_portal_application(application, now) for application in _timeline_queryset(candidate)]


def portal_timeline_one(candidate: Candidate, pk: int) -> PortalApplication | None:
    """One of the candidate's applications as on the home page; None if it is not theirs."""
    application = _timeline_queryset(candidate).filter(pk=pk).first()
    return None if application is None else _portal_application(application, timezone.now())


def _timeline_queryset(candidate: Candidate) -> QuerySet[Application]:
    return (
        portal_applications(candidate)
        .select_related("job", "stage")
        .prefetch_related(  # type: ignore[type-var]  # django-stubs: several Prefetch objects
            Prefetch("job__stages", queryset=Stage.objects.order_by("position")),
            Prefetch(
                "assessments",
                queryset=Assessment.objects.filter(kind=Assessment.Kind.AI_INTERVIEW).order_by(
                    "-created_at", "-pk"
                ),
                to_attr="ai_attempts",
            ),
            Prefetch(
                "interviews",
                queryset=Interview.objects.exclude(status=Interview.Status.CANCELLED).order_by(
                    "starts_at"
                ),
                to_attr="live_interviews",
            ),
            Prefetch(
                "offers", queryset=Offer.objects.order_by("-created_at"), to_attr="all_offers"
            ),
            Prefetch(
                "document_requests",
                queryset=DocumentRequest.objects.filter(
                    status__in=(DocumentRequest.Status.REQUESTED, DocumentRequest.Status.RETURNED)
                ),
                to_attr="open_document_requests",
            ),
            Prefetch("survey_responses", to_attr="answered_surveys"),
        )
        .order_by("-applied_at", "-pk")
    )


def _portal_application(application: Application, now: datetime) -> PortalApplication:
    stages = list(application.job.stages.all())
    ai_stage = next((s for s in stages if s.kind == StageKind.AI_INTERVIEW), None)
    ai = application.ai_attempts[0] if application.ai_attempts else None  # type: ignore[attr-defined]
    interviews = list(application.live_interviews)  # type: ignore[attr-defined]
    offers = list(application.all_offers)  # type: ignore[attr-defined]
    offer = next((o for o in offers if o.status != Offer.Status.WITHDRAWN), None)
    steps = _steps(application, ai_stage, ai, interviews, offer)
    answered = {answer.moment for answer in application.answered_surveys}  # type: ignore[attr-defined]
    return PortalApplication(
        application=application,
        steps=steps,
        next_step=_next_step(application, ai, interviews, offer, now),
        ai_interview=ai,
        interviews=interviews,
        offer=offer,
        documents_due=len(application.open_document_requests),  # type: ignore[attr-defined]
        surveys_due=[
            moment for moment in _survey_moments(application, ai) if moment not in answered
        ],
    )


def _passed(application: Application, stage: Stage | None) -> bool:
    if stage is None:
        return False
    if application.status == Application.Status.HIRED:
        return True
    return application.stage.position > stage.position


def _steps(
    application: Application,
    ai_stage: Stage | None,
    ai: Assessment | None,
    interviews: list[Interview],
    offer: Offer | None,
) -> list[Step]:
    ended = application.status in (Application.Status.REJECTED, Application.Status.WITHDRAWN)
    steps = [Step("applied", _("Applied"), "done", application.applied_at)]
    if ai_stage is not None:
        if ai is None:
            steps.append(Step("ai_invited", _("AI interview invited"), "upcoming"))
        else:
            steps.append(Step("ai_invited", _("AI interview invited"), "done", ai.created_at))
            done = ai.status == Assessment.Status.COMPLETED
            steps.append(
                Step(
                    "ai_done",
                    _("AI interview done") if done else _("AI interview to take"),
                    "done" if done else ("current" if ai.status in OPEN_AI else "closed"),
                    ai.completed_at,
                    "" if done or ai.status in OPEN_AI else ai.get_status_display(),
                )
            )
        if _passed(application, ai_stage):
            steps.append(Step("result", _("Result"), "done", None, _("Passed")))
        elif ended and application.stage_id == ai_stage.pk:
            steps.append(Step("result", _("Result"), "closed", None, _("Not taken further")))
        else:
            steps.append(Step("result", _("Result"), "upcoming"))
    if interviews:
        last = interviews[-1]
        held = last.starts_at <= timezone.now() or last.status == Interview.Status.COMPLETED
        steps.append(
            Step("interview", _("Interview"), "done" if held else "current", last.starts_at)
        )
    else:
        steps.append(Step("interview", _("Interview"), "upcoming"))
    if offer is not None:
        answered = offer.status in (Offer.Status.ACCEPTED, Offer.Status.DECLINED)
        steps.append(
            Step(
                "offer",
                _("Offer"),
                "done" if answered else "current",
                offer.responded_at or offer.created_at,
                offer.get_status_display(),
            )
        )
    else:
        steps.append(Step("offer", _("Offer"), "upcoming"))
    steps.append(_decision(application))
    if ended:  # nothing after an ended application happens any more
        steps = [s if s.state != "upcoming" else Step(s.code, s.label, "closed") for s in steps]
    return steps


def _decision(application: Application) -> Step:
    status = application.status
    if status == Application.Status.HIRED:
        return Step("decision", _("Decision"), "done", application.stage_entered_at, _("Hired"))
    if status == Application.Status.REJECTED:
        return Step(
            "decision", _("Decision"), "closed", application.stage_entered_at, _("Not selected")
        )
    if status == Application.Status.WITHDRAWN:
        return Step(
            "decision", _("Decision"), "closed", application.stage_entered_at, _("Withdrawn")
        )
    return Step("decision", _("Decision"), "upcoming")


def _next_step(
    application: Application,
    ai: Assessment | None,
    interviews: list[Interview],
    offer: Offer | None,
    now: datetime,
) -> NextStep:
    status = application.status
    if status == Application.Status.HIRED:
        return NextStep(_("Welcome aboard! Your onboarding team will contact you."))
    if status == Application.Status.REJECTED:
        return NextStep(
            _(
                "This application is closed. Thank you for your time; we keep your profile for "
                "roles that fit."
            )
        )
    if status == Application.Status.WITHDRAWN:
        return NextStep(_("You withdrew this application."))
    if offer is not None and offer.status == Offer.Status.SENT:
        return NextStep(
            _("Read your offer and answer it."),
            when=_end_of(offer.respond_by),
            deadline=True,
            url=reverse("portal:offer", kwargs={"pk": offer.pk}),
            action=_("See the offer"),
        )
    upcoming = [i for i in interviews if i.starts_at > now]
    if upcoming:
        interview = upcoming[0]
        if interview.candidate_response == Interview.Response.PENDING:
            return NextStep(
                _("Confirm your interview, or ask for another time."),
                when=interview.starts_at,
                url=reverse("portal:interview", kwargs={"pk": interview.pk}),
                action=_("Answer"),
            )
        return NextStep(
            _("Your interview is coming up."),
            when=interview.starts_at,
            url=reverse("portal:interview", kwargs={"pk": interview.pk}),
            action=_("Details"),
        )
    if ai is not None and ai_link_open(ai, now):
        return NextStep(
            _("Take your AI interview before the link expires."),
            when=ai.invite_expires_at,
            deadline=True,
            url=ai.invite_url,
            action=_("Start the AI interview"),
            external=True,
        )
    if (
        ai is not None
        and ai.status == Assessment.Status.COMPLETED
        and (application.stage.kind == StageKind.AI_INTERVIEW)
    ):
        return NextStep(
            _(
                "Your AI interview is being assessed. You will hear the result here and by "
                "e-mail as soon as it is ready."
            )
        )
    words = STAGE_WORDS.get(application.stage.kind, _("Under review"))
    return NextStep(
        _(
            "Our team is working on the step “%(step)s”. You will hear from us here as soon "
            "as there is news."
        )
        % {"step": words}
    )


def ai_link_open(ai: Assessment, now: datetime) -> bool:
    """The vendor's link still takes the candidate to the interview."""
    return (
        ai.status in OPEN_AI
        and bool(ai.invite_url)
        and (ai.invite_expires_at is None or ai.invite_expires_at > now)
    )


def _end_of(day: object) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, datetime.max.time()))  # type: ignore[arg-type]


def _survey_moments(application: Application, ai: Assessment | None) -> list[str]:
    moments: list[str] = []
    if ai is not None and ai.status == Assessment.Status.COMPLETED:
        moments.append(SurveyResponse.Moment.AFTER_AI_INTERVIEW)
    if application.status in (Application.Status.HIRED, Application.Status.REJECTED):
        moments.append(SurveyResponse.Moment.AFTER_DECISION)
    return moments


def offer_for_candidate(*, candidate: Candidate, pk: int) -> Offer | None:
    """The candidate's own offer with this id, or None: every portal lookup of an offer
    starts from the signed-in candidate, so another person's id finds nothing."""
    return (
        Offer.objects.select_related("application__job", "application__candidate")
        .filter(pk=pk, application__in=portal_applications(candidate))
        .first()
    )
