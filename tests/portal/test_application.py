"""The portal's application page, the candidate's withdrawal and the satisfaction survey.

Every page starts from the signed-in candidate: another candidate's ids are
404, and anonymous visitors are sent to the portal's sign-in.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hrflow.notifications.models import OutboxMessage
from hrflow.org.selectors import company_current
from recruiting.models import (
    Application,
    Assessment,
    Candidate,
    DocumentRequest,
    Interview,
    SurveyResponse,
)
from recruiting.models.applications import StageTransition
from recruiting.services.applications import application_reject
from tests.portal.helpers import portal_client as signed_in
from tests.recruiting.factories import ApplicationFactory, reason, recruiter_for
from tests.recruiting.interviews.test_services import scheduled
from tests.recruiting.offers.test_services import send as send_offer
from tests.recruiting.services.test_surveys import ai_interview_done, hired

pytestmark = pytest.mark.django_db


def portal_client_en(candidate: Candidate):
    """A portal session that reads the pages in English (the assertions' language)."""
    return signed_in(candidate, language="en")


AFTER_AI = SurveyResponse.Moment.AFTER_AI_INTERVIEW
AFTER_DECISION = SurveyResponse.Moment.AFTER_DECISION


def page(application: Application) -> str:
    return reverse("portal:application", kwargs={"pk": application.pk})


def withdraw_url(application: Application) -> str:
    return reverse("portal:withdraw", kwargs={"pk": application.pk})


def survey_url(application: Application, moment: str) -> str:
    return reverse("portal:survey", kwargs={"pk": application.pk, "moment": moment})


def flashes(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# Who may open the pages


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("where", ["application", "withdraw", "survey"])
def test_anonymous_visitors_are_sent_to_the_portal_sign_in(client, method, where):
    application = ApplicationFactory()
    url = {
        "application": page(application),
        "withdraw": withdraw_url(application),
        "survey": survey_url(application, AFTER_AI),
    }[where]
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("portal:sign-in"))
    application.refresh_from_db()
    assert application.status == Application.Status.ACTIVE


@pytest.mark.parametrize("where", ["application", "withdraw", "survey"])
def test_another_candidates_application_is_404(where):
    mine, theirs = ApplicationFactory(), ApplicationFactory()
    ai_interview_done(theirs)
    url = {
        "application": page(theirs),
        "withdraw": withdraw_url(theirs),
        "survey": survey_url(theirs, AFTER_AI),
    }[where]
    client = portal_client_en(mine.candidate)
    assert client.get(url).status_code == 404
    # The application page is read-only: a POST is refused before anything is looked up.
    expected_post = 405 if where == "application" else 404
    assert client.post(url, {"rating": "5", "reason": "x"}).status_code == expected_post
    theirs.refresh_from_db()
    assert theirs.status == Application.Status.ACTIVE
    assert not SurveyResponse.objects.exists()


def test_a_missing_application_is_404():
    application = ApplicationFactory()
    client = portal_client_en(application.candidate)
    missing = reverse("portal:application", kwargs={"pk": application.pk + 1000})
    assert client.get(missing).status_code == 404


# The application page


def test_application_page_shows_the_job_status_timeline_and_withdraw_link():
    application = ApplicationFactory()
    response = portal_client_en(application.candidate).get(page(application))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert application.job.title in html
    assert 'data-testid="portal-application-status"' in html
    item = response.context["item"]
    assert item.application.pk == application.pk
    assert next(step.code for step in item.steps) == "applied"
    assert 'data-step="decision"' in html
    assert response.context["portal_section"] == "home"
    assert withdraw_url(application) in html


def test_an_ended_application_offers_no_withdrawal():
    application = application_reject(application=ApplicationFactory(), reason=reason())
    response = portal_client_en(application.candidate).get(page(application))
    assert response.status_code == 200
    assert withdraw_url(application) not in response.content.decode()
    assert 'data-testid="portal-withdraw-link"' not in response.content.decode()


def test_application_page_links_the_ai_interview_while_it_is_open():
    application = ApplicationFactory()
    Assessment.objects.create(
        application=application,
        kind=Assessment.Kind.AI_INTERVIEW,
        status=Assessment.Status.INVITED,
        source="manual",
        external_id="open-invite",
        invite_url="https://ai-interview.example.com/i/open",
        invite_expires_at=timezone.now() + timedelta(days=2),
    )
    html = portal_client_en(application.candidate).get(page(application)).content.decode()
    assert "https://ai-interview.example.com/i/open" in html
    assert 'data-testid="portal-ai-link"' in html


def test_application_page_hides_an_expired_ai_interview_link():
    application = ApplicationFactory()
    Assessment.objects.create(
        application=application,
        kind=Assessment.Kind.AI_INTERVIEW,
        status=Assessment.Status.INVITED,
        source="manual",
        external_id="old-invite",
        invite_url="https://ai-interview.example.com/i/old",
        invite_expires_at=timezone.now() - timedelta(hours=1),
    )
    html = portal_client_en(application.candidate).get(page(application)).content.decode()
    assert "https://ai-interview.example.com/i/old" not in html


def test_application_page_links_the_surveys_that_are_due():
    application = ApplicationFactory()
    ai_interview_done(application)
    html = portal_client_en(application.candidate).get(page(application)).content.decode()
    assert survey_url(application, AFTER_AI) in html
    assert survey_url(application, AFTER_DECISION) not in html


def test_application_page_lists_interviews_and_document_requests():
    interview, _people, _hr = scheduled()
    application = interview.application
    DocumentRequest.objects.create(
        application=application, kind=DocumentRequest.Kind.DEGREE, label="学位证书 / Degree"
    )
    html = portal_client_en(application.candidate).get(page(application)).content.decode()
    assert f'data-interview="{interview.pk}"' in html
    assert "学位证书 / Degree" in html


def test_application_page_shows_the_offer_card():
    application = ApplicationFactory()
    offer = send_offer(application)
    html = portal_client_en(application.candidate).get(page(application)).content.decode()
    assert f'data-testid="offer-card-{offer.pk}"' in html
    assert reverse("portal:offer", kwargs={"pk": offer.pk}) in html


def test_application_page_without_an_offer_shows_no_offer_card():
    application = ApplicationFactory()
    html = portal_client_en(application.candidate).get(page(application)).content.decode()
    assert 'data-testid="offer-card-' not in html


def _document_requests(application: Application, count: int) -> None:
    for n in range(count):
        DocumentRequest.objects.create(
            application=application, kind=DocumentRequest.Kind.OTHER, label=f"Document {n}"
        )


def test_application_page_costs_the_same_queries_for_one_or_many_document_requests():
    small, large = ApplicationFactory(), ApplicationFactory()
    _document_requests(small, 1)
    _document_requests(large, 6)
    company_current()  # created on first use: not part of what a page costs
    counts = []
    for application in (small, large):
        client = portal_client_en(application.candidate)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page(application))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Withdrawing


def test_withdraw_page_explains_what_it_means():
    application = ApplicationFactory()
    response = portal_client_en(application.candidate).get(withdraw_url(application))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="withdraw-consequences"' in html
    assert "interviews scheduled for it are cancelled" in html
    assert "cannot undo it" in html
    assert 'name="csrfmiddlewaretoken"' in html
    application.refresh_from_db()
    assert application.status == Application.Status.ACTIVE


def test_withdrawing_ends_the_application_cancels_interviews_and_keeps_the_reason():
    # given an application with a scheduled interview
    interview, _people, _hr = scheduled()
    application = interview.application
    client = portal_client_en(application.candidate)
    # when the candidate confirms
    response = client.post(withdraw_url(application), {"reason": "I took another offer."})
    # then
    assert response.status_code == 302
    assert response.url == page(application)
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert application.archived_at is not None
    transition = StageTransition.objects.filter(application=application).latest("created_at")
    assert (transition.to_status, transition.reason, transition.actor) == (
        Application.Status.WITHDRAWN,
        "I took another offer.",
        None,
    )
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    followed = client.get(response.url)
    assert any("You withdrew your application" in text for text in flashes(followed))


def test_the_recruiters_hear_of_a_withdrawal_with_the_reason():
    application = ApplicationFactory()
    recruiter = recruiter_for(application.job)
    client = portal_client_en(application.candidate)

    client.post(withdraw_url(application), {"reason": "I took another offer."})
    client.post(withdraw_url(application), {"reason": "again"})  # ended: nothing more

    [notice] = OutboxMessage.objects.filter(event="application_withdrawn")
    assert notice.recipient == recruiter.email
    assert notice.channel == "email"
    assert "I took another offer." in notice.body
    assert application.job.title in notice.subject


def test_a_second_withdraw_changes_nothing():
    application = ApplicationFactory()
    client = portal_client_en(application.candidate)
    client.post(withdraw_url(application), {"reason": ""})
    application.refresh_from_db()
    ended_at = application.archived_at
    transitions = StageTransition.objects.filter(application=application).count()

    response = client.post(withdraw_url(application), {"reason": "again"}, follow=True)

    assert response.status_code == 200
    assert any("already ended" in text for text in flashes(response))
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert application.archived_at == ended_at
    assert StageTransition.objects.filter(application=application).count() == transitions


def test_a_rejected_application_cannot_be_withdrawn():
    application = application_reject(application=ApplicationFactory(), reason=reason())
    client = portal_client_en(application.candidate)
    response = client.get(withdraw_url(application), follow=True)
    assert any("already ended" in text for text in flashes(response))
    client.post(withdraw_url(application))
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED


def test_a_too_long_reason_is_refused_and_changes_nothing():
    application = ApplicationFactory()
    response = portal_client_en(application.candidate).post(
        withdraw_url(application), {"reason": "x" * 1001}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    application.refresh_from_db()
    assert application.status == Application.Status.ACTIVE


# The satisfaction survey


def test_survey_page_offers_five_choices_and_a_comment():
    application = ApplicationFactory()
    ai_interview_done(application)
    response = portal_client_en(application.candidate).get(survey_url(application, AFTER_AI))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('type="radio" name="rating"') == 5
    for word in ("Very poor", "Excellent"):
        assert word in html
    assert 'name="comment"' in html
    assert "portal_pages.css" in html


def test_answering_the_survey_thanks_and_returns_to_the_application():
    application = ApplicationFactory()
    ai_interview_done(application)
    client = portal_client_en(application.candidate)
    response = client.post(survey_url(application, AFTER_AI), {"rating": "4", "comment": "Fine"})
    assert response.status_code == 302
    assert response.url == page(application)
    answer = SurveyResponse.objects.get()
    assert (answer.application_id, answer.moment, answer.rating, answer.comment) == (
        application.pk,
        AFTER_AI,
        4,
        "Fine",
    )
    followed = client.get(response.url)
    assert any("Thank you" in text for text in flashes(followed))
    assert survey_url(application, AFTER_AI) not in followed.content.decode()


def test_answering_the_survey_twice_keeps_the_first_answer():
    application = hired(ApplicationFactory())
    client = portal_client_en(application.candidate)
    client.post(survey_url(application, AFTER_DECISION), {"rating": "5"})
    response = client.post(survey_url(application, AFTER_DECISION), {"rating": "1"}, follow=True)
    assert any("already answered" in text for text in flashes(response))
    assert list(SurveyResponse.objects.values_list("rating", flat=True)) == [5]


@pytest.mark.parametrize("rating", ["", "0", "6", "abc"])
def test_a_bad_rating_changes_nothing(rating):
    application = ApplicationFactory()
    ai_interview_done(application)
    response = portal_client_en(application.candidate).post(
        survey_url(application, AFTER_AI), {"rating": rating, "comment": "x"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["rating"]
    assert not SurveyResponse.objects.exists()


def test_a_survey_that_is_not_due_shows_a_note_and_takes_no_answer():
    application = ApplicationFactory()
    client = portal_client_en(application.candidate)
    response = client.get(survey_url(application, AFTER_AI))
    assert response.status_code == 200
    assert 'data-testid="survey-not-due"' in response.content.decode()
    assert 'data-testid="survey-form"' not in response.content.decode()
    response = client.post(survey_url(application, AFTER_AI), {"rating": "5"})
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_an_unknown_survey_moment_is_404():
    application = ApplicationFactory()
    ai_interview_done(application)
    client = portal_client_en(application.candidate)
    assert client.get(survey_url(application, "whenever")).status_code == 404
    assert client.post(survey_url(application, "whenever"), {"rating": "5"}).status_code == 404
    assert not SurveyResponse.objects.exists()
