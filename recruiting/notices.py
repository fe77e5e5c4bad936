"""What recruiting tells candidates and staff: its events, registered from `ready()`."""

from django.utils.translation import gettext_lazy as _

from hrflow.notifications.events import Audience, Event, Timing, events_register

CANDIDATE_VARIABLES = ("candidate_name", "job_title", "company_name", "portal_link")
INTERVIEW_VARIABLES = (
    *CANDIDATE_VARIABLES,
    "interview_kind",
    "interview_time",
    "interview_duration",
    "interview_place",  # the address, or the meeting link for a video interview
    "respond_link",
)

RECRUITING_EVENTS: tuple[Event, ...] = (
    Event(
        code="application_received",
        label=_("Application received"),
        audience=Audience.CANDIDATE,
        variables=CANDIDATE_VARIABLES,
        subject=_("We received your application for {{ job_title }}"),
        body=_(
            "Dear {{ candidate_name }},\n\nthank you for applying for {{ job_title }} at "
            "{{ company_name }}. We will tell you about every step here and in your "
            "candidate portal: {{ portal_link }}\n\n{{ company_name }} recruiting"
        ),
        discloses_automation=True,
    ),
    Event(
        code="ai_interview_invitation",
        label=_("AI interview invitation"),
        audience=Audience.CANDIDATE,
        variables=(*CANDIDATE_VARIABLES, "interview_link", "expires_at"),
        subject=_("Your AI interview for {{ job_title }}"),
        body=_(
            "Dear {{ candidate_name }},\n\nthe next step for {{ job_title }} is an AI "
            "interview. Please take it here before {{ expires_at }}:\n{{ interview_link }}"
            "\n\n{{ company_name }} recruiting"
        ),
        # SMS providers cap each variable (Aliyun: 35 characters), so texts carry no
        # links: they point to the e-mail and the portal, which have them whole.
        sms=_(
            "{{ company_name }}: please take your AI interview for {{ job_title }} "
            "before {{ expires_at }}; the link is in your e-mail and candidate portal."
        ),
        discloses_automation=True,
    ),
    Event(
        code="ai_interview_passed",
        label=_("AI interview passed / next step"),
        audience=Audience.CANDIDATE,
        variables=(*CANDIDATE_VARIABLES, "next_step"),
        subject=_("Good news about your application for {{ job_title }}"),
        body=_(
            "Dear {{ candidate_name }},\n\nyou passed the AI interview for {{ job_title }}. "
            "Your next step: {{ next_step }}. We will contact you shortly with the details."
            "\n\n{{ company_name }} recruiting"
        ),
        sms=_(
            "{{ company_name }}: you passed the AI interview for {{ job_title }}. "
            "Next step: {{ next_step }}."
        ),
        discloses_automation=True,
    ),
    Event(
        code="interview_scheduled",
        label=_("Interview scheduled"),
        audience=Audience.CANDIDATE,
        variables=INTERVIEW_VARIABLES,
        subject=_("Interview for {{ job_title }} on {{ interview_time }}"),
        body=_(
            "Dear {{ candidate_name }},\n\nwe would like to meet you for {{ job_title }}.\n"
            "When: {{ interview_time }} ({{ interview_duration }} minutes)\n"
            "How: {{ interview_kind }}\nWhere: {{ interview_place }}\n\n"
            "Please confirm or ask for another time: {{ respond_link }}\n"
            "The attached calendar file adds the interview to your calendar."
            "\n\n{{ company_name }} recruiting"
        ),
        sms=_(
            "{{ company_name }}: interview for {{ job_title }} on {{ interview_time }}. "
            "Please confirm it from your e-mail or candidate portal."
        ),
    ),
    Event(
        code="interview_changed",
        label=_("Interview changed"),
        audience=Audience.CANDIDATE,
        variables=INTERVIEW_VARIABLES,
        subject=_("Changed: your interview for {{ job_title }}"),
        body=_(
            "Dear {{ candidate_name }},\n\nyour interview for {{ job_title }} has changed.\n"
            "When: {{ interview_time }} ({{ interview_duration }} minutes)\n"
            "How: {{ interview_kind }}\nWhere: {{ interview_place }}\n\n"
            "Please confirm or ask for another time: {{ respond_link }}\n"
            "The attached calendar file updates the entry in your calendar."
            "\n\n{{ company_name }} recruiting"
        ),
        sms=_(
            "{{ company_name }}: your interview for {{ job_title }} moved to "
            "{{ interview_time }}. Please confirm it from your e-mail or candidate portal."
        ),
    ),
    Event(
        code="interview_cancelled",
        label=_("Interview cancelled"),
        audience=Audience.CANDIDATE,
        variables=INTERVIEW_VARIABLES,
        subject=_("Cancelled: your interview for {{ job_title }}"),
        body=_(
            "Dear {{ candidate_name }},\n\nyour interview for {{ job_title }} on "
            "{{ interview_time }} is cancelled. The attached calendar file removes it from "
            "your calendar. We will be in touch.\n\n{{ company_name }} recruiting"
        ),
        sms=_(
            "{{ company_name }}: your interview for {{ job_title }} on "
            "{{ interview_time }} is cancelled."
        ),
    ),
    Event(
        code="interview_reminder",
        label=_("Interview reminder"),
        audience=Audience.CANDIDATE,
        variables=INTERVIEW_VARIABLES,
        subject=_("Reminder: interview for {{ job_title }} tomorrow"),
        body=_(
            "Dear {{ candidate_name }},\n\na reminder of your interview for {{ job_title }}.\n"
            "When: {{ interview_time }} ({{ interview_duration }} minutes)\n"
            "How: {{ interview_kind }}\nWhere: {{ interview_place }}"
            "\n\n{{ company_name }} recruiting"
        ),
        sms=_(
            "{{ company_name }}: reminder, interview for {{ job_title }} at {{ interview_time }}."
        ),
        timing=Timing.DAYTIME,
    ),
    Event(
        code="rejected",
        label=_("Rejected"),
        audience=Audience.CANDIDATE,
        variables=CANDIDATE_VARIABLES,
        subject=_("Your application for {{ job_title }}"),
        body=_(
            "Dear {{ candidate_name }},\n\nthank you for your time and interest in "
            "{{ job_title }}. After careful review we will not move forward with your "
            "application this time. We keep your profile in our talent pool and may "
            "contact you about other roles.\n\n{{ company_name }} recruiting"
        ),
        timing=Timing.DELAYED,
        discloses_automation=True,
    ),
    Event(
        code="talent_pool_archived",
        label=_("Archived to the talent pool"),
        audience=Audience.CANDIDATE,
        variables=CANDIDATE_VARIABLES,
        subject=_("We keep your profile for future roles"),
        body=_(
            "Dear {{ candidate_name }},\n\nyour application for {{ job_title }} is closed. "
            "We keep your profile in the {{ company_name }} talent pool and will contact "
            "you when a role fits.\n\n{{ company_name }} recruiting"
        ),
        timing=Timing.DAYTIME,
    ),
    Event(
        code="offer_sent",
        label=_("Offer sent"),
        audience=Audience.CANDIDATE,
        variables=CANDIDATE_VARIABLES,
        subject=_("Your offer for {{ job_title }}"),
        body=_(
            "Dear {{ candidate_name }},\n\nwe are delighted to offer you the position of "
            "{{ job_title }} at {{ company_name }}. You can read and answer the offer in "
            "your candidate portal: {{ portal_link }}\n\n{{ company_name }} recruiting"
        ),
        sms=_(
            "{{ company_name }}: we have sent you an offer for {{ job_title }}. "
            "Please see your e-mail or candidate portal."
        ),
    ),
    Event(
        code="offer_withdrawn",
        label=_("Offer withdrawn"),
        audience=Audience.CANDIDATE,
        variables=CANDIDATE_VARIABLES,
        subject=_("About your offer for {{ job_title }}"),
        body=_(
            "Dear {{ candidate_name }},\n\nthe offer for {{ job_title }} we sent you has "
            "been withdrawn. The recruiting team will contact you to explain. You can see "
            "your applications in your candidate portal: {{ portal_link }}"
            "\n\n{{ company_name }} recruiting"
        ),
    ),
    Event(
        code="hr_message",
        label=_("Message from the recruiting team"),
        audience=Audience.CANDIDATE,
        variables=(*CANDIDATE_VARIABLES, "subject", "message", "sender_name"),
        subject=_("{{ subject }}"),
        body=_(
            "Dear {{ candidate_name }},\n\n{{ message }}\n\n{{ sender_name }}\n"
            "{{ company_name }} recruiting\n\nYour applications and all our messages: "
            "{{ portal_link }}"
        ),
    ),
    Event(
        code="magic_link",
        label=_("Candidate portal sign-in link"),
        audience=Audience.CANDIDATE,
        variables=("candidate_name", "company_name", "login_link", "expires_minutes"),
        subject=_("Your sign-in link for the {{ company_name }} candidate portal"),
        body=_(
            "Dear {{ candidate_name }},\n\nuse this link to sign in to your candidate "
            "portal. It works once, within {{ expires_minutes }} minutes:\n{{ login_link }}"
            "\n\nIf you did not ask for it, ignore this message: nobody can sign in "
            "without the link. Please do not forward it.\n\n{{ company_name }} recruiting"
        ),
        # E-mail only: Aliyun caps an SMS variable at 35 characters, too short for a
        # link with a secret in it; a texted code is the way to add phone sign-in.
        secret=True,
    ),
    Event(
        code="documents_requested",
        label=_("Documents requested"),
        audience=Audience.CANDIDATE,
        variables=(*CANDIDATE_VARIABLES, "document_label"),
        subject=_("Please upload a document for {{ job_title }}"),
        body=_(
            "Dear {{ candidate_name }},\n\nfor your application for {{ job_title }} we need: "
            "{{ document_label }}. Please upload it in your candidate portal: "
            "{{ portal_link }}\n\n{{ company_name }} recruiting"
        ),
    ),
    Event(
        code="interviewer_invitation",
        label=_("Interview to give (interviewers)"),
        audience=Audience.STAFF,
        variables=(
            "interviewer_name",
            "candidate_name",
            "job_title",
            "interview_kind",
            "interview_time",
            "interview_duration",
            "interview_place",
            "scorecard_link",
        ),
        subject=_("Interview: {{ candidate_name }} for {{ job_title }}, {{ interview_time }}"),
        body=_(
            "Hello {{ interviewer_name }},\n\nyou interview {{ candidate_name }} for "
            "{{ job_title }}.\nWhen: {{ interview_time }} ({{ interview_duration }} minutes)\n"
            "How: {{ interview_kind }}\nWhere: {{ interview_place }}\n\n"
            "The candidate's profile and your scorecard: {{ scorecard_link }}"
        ),
    ),
    Event(
        code="interviewer_released",
        label=_("Interview cancelled or taken off the panel (interviewers)"),
        audience=Audience.STAFF,
        variables=(
            "interviewer_name",
            "candidate_name",
            "job_title",
            "interview_kind",
            "interview_time",
            "interview_duration",
            "interview_place",
        ),
        subject=_(
            "Cancelled: interview with {{ candidate_name }} for {{ job_title }}, "
            "{{ interview_time }}"
        ),
        body=_(
            "Hello {{ interviewer_name }},\n\nyou no longer interview {{ candidate_name }} "
            "for {{ job_title }} on {{ interview_time }}. The attached calendar file removes "
            "the interview from your calendar."
        ),
    ),
    Event(
        code="offer_answered",
        label=_("Offer answered (recruiters)"),
        audience=Audience.STAFF,
        variables=("candidate_name", "job_title", "answer", "answered_at", "profile_link"),
        subject=_("{{ candidate_name }} {{ answer }} the offer for {{ job_title }}"),
        body=_(
            "{{ candidate_name }} {{ answer }} the offer for {{ job_title }} on "
            "{{ answered_at }}.\n\nThe profile: {{ profile_link }}"
        ),
    ),
    Event(
        code="application_withdrawn",
        label=_("Candidate withdrew (recruiters)"),
        audience=Audience.STAFF,
        variables=("candidate_name", "job_title", "reason", "profile_link"),
        subject=_("{{ candidate_name }} withdrew from {{ job_title }}"),
        body=_(
            "{{ candidate_name }} withdrew their application for {{ job_title }} in the "
            "candidate portal. Their interviews for it are cancelled.\n\nReason given: "
            "{{ reason }}\n\nThe profile: {{ profile_link }}"
        ),
    ),
    Event(
        code="deletion_requested",
        label=_("Candidate asks for erasure (recruiters)"),
        audience=Audience.STAFF,
        variables=("candidate_name", "requested_at", "review_link"),
        subject=_("{{ candidate_name }} asks us to erase their data"),
        body=_(
            "{{ candidate_name }} asked on {{ requested_at }} for their data to be erased. "
            "They still have an application in progress, so a person decides: "
            "{{ review_link }}"
        ),
    ),
    Event(
        code="integration_alert",
        label=_("Integration needs attention (HR alert)"),
        audience=Audience.STAFF,
        variables=("connection_name", "problem", "detail"),
        subject=_("[hrflow] {{ connection_name }}: {{ problem }}"),
        body=_("{{ connection_name }}: {{ problem }}\n\n{{ detail }}"),
    ),
)

# What the live preview fills in, so HR sees a realistic message before saving.
SAMPLES: dict[str, str] = {
    "candidate_name": "李娜 / Li Na",
    "job_title": "数据分析师 / Data analyst",
    "company_name": "ACME",
    "portal_link": "https://careers.example.com/portal/",
    "interview_link": "https://ai-interview.example.com/i/7f3a",
    "expires_at": "2026-12-01 18:00",
    "next_step": "现场面试 / Onsite interview",
    "interview_kind": "视频 / Video",
    "interview_time": "2026-12-03 14:00",
    "interview_duration": "60",
    "interview_place": "https://meet.example.com/abc-defg",
    "respond_link": "https://hr.example.com/interviews/respond/…",
    "interviewer_name": "王芳 / Wang Fang",
    "scorecard_link": "https://hr.example.com/recruiting/interviews/12/",
    "subject": "关于面试安排 / About your interview",
    "message": "请带上身份证原件。 / Please bring your ID card.",
    "sender_name": "王芳 / Wang Fang",
    "login_link": "https://careers.example.com/portal/in/…",
    "expires_minutes": "15",
    "document_label": "身份证 / ID card",
    "answer": "accepted / 接受了",
    "answered_at": "2026-12-02 10:30",
    "profile_link": "https://hr.example.com/recruiting/candidates/42/",
    "requested_at": "2026-12-02 10:30",
    "reason": "接受了其他工作机会 / accepted another offer",
    "review_link": "https://hr.example.com/recruiting/deletion-requests/",
    "connection_name": "VueSim",
    "problem": "paused: credentials refused",
    "detail": "401 from the vendor",
}


def notices_register() -> None:
    events_register(RECRUITING_EVENTS, samples=SAMPLES)
