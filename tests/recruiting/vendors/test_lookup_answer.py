"""The "why did it not sync?" lookup answers in one plain sentence first, for every
outcome it can find, with the link that acts on it; the log follows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hrflow.accounts.roles import Role
from integrations.models import HeldPayload, IngestTrace, WebhookEvent
from recruiting.models import Assessment
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, CandidateFactory
from tests.recruiting.vendors.factories import held_payload_make

pytestmark = pytest.mark.django_db
LOOKUP = reverse("recruiting:sync-lookup")


@pytest.fixture
def hr_client(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN], language="en"))
    return client


def _answer(client, q: str) -> tuple[str, str]:
    response = client.get(LOOKUP, {"q": q}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    answer = response.context["answer"]
    html = response.content.decode()
    assert 'data-testid="lookup-answer"' in html
    # the answer comes before the log
    assert html.index('data-testid="lookup-answer"') < html.index("lookup-traces")
    return answer.text, answer.link_url


def _wang(**assessment):
    application = ApplicationFactory(
        candidate=CandidateFactory(full_name="王芳", email="wangfang@example.com")
    )
    if assessment:
        Assessment.objects.create(
            application=application,
            kind=Assessment.Kind.AI_INTERVIEW,
            source="conn:x",
            external_id="iv_1",
            external_interview_id="int_1",
            **assessment,
        )
    return application


def test_a_synced_score_says_when_and_on_whose_profile(hr_client):
    application = _wang(status="completed", overall_score=Decimal("87.50"))
    Assessment.objects.filter(application=application).update(
        updated_at=timezone.now().replace(hour=2, minute=2)  # 10:02 in Shanghai
    )

    text, link = _answer(hr_client, "wangfang@example.com")

    assert text == (
        f"Synced at {timezone.localtime(Assessment.objects.get().updated_at):%m-%d} 10:02: "
        f"score 87.5 is on 王芳's profile ({application.job.title})."
    )
    assert link == reverse("recruiting:candidate-detail", args=[application.candidate_id])


def test_a_result_for_an_address_no_application_waits_under_is_not_matched(
    hr_client, vuesim_connection
):
    held = held_payload_make(
        vuesim_connection,
        kind=HeldPayload.Kind.UNMATCHED,
        candidate_email="stranger@example.com",
        reason="no application",
    )

    text, link = _answer(hr_client, "stranger@example.com")

    assert text.startswith("Not matched: VueSim test sent a result on ")
    assert text.endswith("and no application with this e-mail waits in an AI-interview stage.")
    assert link == reverse("recruiting:held-detail", args=[held.pk])


def test_an_unreadable_result_says_why_and_links_to_the_fix(hr_client, vuesim_connection):
    held = held_payload_make(
        vuesim_connection, external_result_id="iv_bad", reason="overall.rating: 6 is outside 1-5"
    )

    text, link = _answer(hr_client, "iv_bad")

    assert text.startswith("Not stored: VueSim test sent a result on ")
    assert text.endswith("that could not be read (overall.rating: 6 is outside 1-5).")
    assert link == reverse("recruiting:held-detail", args=[held.pk])


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"status": "invited"},
            "Invited, no result yet: 王芳 has not finished the AI interview for {job} (Invited).",
        ),
        (
            {"status": "completed", "scoring_status": "none"},
            "王芳 finished the AI interview for {job}; the vendor has not sent a score yet "
            "(Not scored yet).",
        ),
        (
            {"status": "expired"},
            "No score will come: the vendor reports the AI interview for {job} as Expired.",
        ),
    ],
)
def test_an_invitation_without_a_score_says_where_it_stands(hr_client, fields, expected):
    application = _wang(**fields)

    text, _link = _answer(hr_client, "wangfang@example.com")

    assert text == expected.format(job=application.job.title)


def test_a_candidate_never_invited_is_told_so(hr_client):
    application = _wang()

    text, link = _answer(hr_client, "wangfang@example.com")

    assert text == (
        "Not invited: 王芳 has no AI interview yet. An application invites them when it "
        "enters an AI-interview stage."
    )
    assert link == reverse("recruiting:candidate-detail", args=[application.candidate_id])


def test_a_delivery_still_being_processed_says_to_look_again(hr_client, vuesim_connection):
    WebhookEvent.objects.create(
        connection=vuesim_connection,
        event_id="evt_1",
        subject_external_id="iv_9",
        status=WebhookEvent.Status.RECEIVED,
        received_at=timezone.now() - timedelta(seconds=20),
    )

    text, link = _answer(hr_client, "iv_9")

    assert text.startswith("A delivery from VueSim test arrived at ")
    assert text.endswith("and is being processed: look again in a minute.")
    assert link == ""


def test_a_trace_alone_points_at_the_log(hr_client, vuesim_connection):
    IngestTrace.objects.create(
        connection=vuesim_connection,
        external_result_id="iv_old",
        origin="poll",
        outcome="unchanged",
    )

    text, _link = _answer(hr_client, "iv_old")

    assert text == (
        "No vendor result is stored for this, and none was set aside: the log below shows "
        "every delivery that mentioned it."
    )


def test_nothing_found_says_so_without_an_answer(hr_client):
    response = hr_client.get(LOOKUP, {"q": "nobody@example.com"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.context["answer"] is None
    assert "Nothing from any vendor mentions this." in response.content.decode()
