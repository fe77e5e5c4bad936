"""Offers: sending with a real PDF letter, withdrawing, and the candidate's signed answer."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Count
from django.utils import translation

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from hrflow.notifications.models import OutboxMessage
from recruiting.models import Application, Offer, StageKind
from recruiting.offers.services import (
    company_today,
    offer_answer,
    offer_send,
    offer_withdraw,
)
from recruiting.resumes import MAX_RESUME_BYTES
from recruiting.services.applications import application_move, application_reject
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import (
    ApplicationFactory,
    CandidateFactory,
    JobFactory,
    reason,
)
from tests.recruiting.services.test_resume_attach import docx, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The refusals are matched in English (the default language is Chinese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def application() -> Application:
    job = JobFactory(title="Backend engineer")
    return ApplicationFactory(job=job, candidate=CandidateFactory(full_name="Zhang Wei"))


@pytest.fixture
def recruiter(application: Application) -> User:
    person = UserFactory(roles=[Role.RECRUITER], language="en")
    application.job.recruiters.add(person)
    return person


def send(application: Application, actor: User | None = None, **overrides: object) -> Offer:
    today = company_today()
    fields: dict[str, object] = {
        "position_title": "Backend engineer",
        "salary": "¥25,000 x 14",
        "start_date": today + timedelta(days=30),
        "respond_by": today + timedelta(days=7),
        "message": "We would love to have you on the team.",
        "letter_name": "Offer Zhang Wei.pdf",
        "letter_data": pdf("Offer letter Zhang Wei"),
        "actor": actor,
    }
    fields.update(overrides)
    return offer_send(application=application, **fields)  # type: ignore[arg-type]


def offer_notices(application: Application) -> set[int]:
    """How many offer_sent messages each channel got for this application (as a set:
    {1} means every channel once). The portal and e-mail are always among them."""
    counts = dict(
        OutboxMessage.objects.filter(event="offer_sent", application_ref=application.pk)
        .values_list("channel")
        .annotate(count=Count("pk"))
    )
    assert not counts or {"portal", "email"} <= counts.keys()
    return set(counts.values())


def stored_letters() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "offers"
    return list(folder.iterdir()) if folder.exists() else []


def test_send_stores_the_letter_moves_to_the_offer_stage_and_tells_the_candidate_once(
    application, recruiter
):
    """The letter is kept with its size and hash; the candidate hears once per channel."""
    data = pdf("Offer letter Zhang Wei")

    offer = send(application, recruiter, letter_data=data)

    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT
    assert offer.sent_by == recruiter
    assert offer.letter_name == "Offer Zhang Wei.pdf"
    assert offer.letter_size == len(data)
    assert len(offer.letter_sha256) == 64
    with offer.letter.open("rb") as stored:
        assert stored.read() == data
    assert offer.letter.name.startswith("offers/")
    assert "Zhang" not in offer.letter.name  # stored under a random name
    application.refresh_from_db()
    assert application.stage.kind == StageKind.OFFER
    assert offer_notices(application) == {1}
    assert AuditEvent.objects.filter(action="recruiting.offer_send").count() == 1


def test_a_second_offer_in_the_offer_stage_tells_the_candidate_again(application, recruiter):
    """After a withdrawn offer, the new one is told under its own key (the stage's is used)."""
    first = send(application, recruiter)
    offer_withdraw(offer=first, actor=recruiter, reason="Salary band changed")

    second = send(application, recruiter, salary="¥27,000 x 14")

    assert second.pk != first.pk
    assert offer_notices(application) == {2}
    keys = OutboxMessage.objects.filter(event="offer_sent").values_list(
        "idempotency_key", flat=True
    )
    assert any(f"offer{second.pk}" in key for key in keys)


def test_an_application_already_in_the_offer_stage_is_told_by_the_offer_itself(application):
    """Moved there by hand first (which told them once): the offer's own message follows."""
    offer_stage = application.job.stages.get(kind=StageKind.OFFER)
    application_move(application=application, to_stage=offer_stage)
    assert offer_notices(application) == {1}

    send(application)

    assert offer_notices(application) == {2}


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("offer.pdf", b"Dear candidate, this is plain text.", id="not-a-pdf"),
        pytest.param("offer.pdf", b"%PDF-1.4\nthis is not really a pdf", id="damaged-pdf"),
        pytest.param("offer.docx", docx(), id="word-file"),
        pytest.param("offer.exe", pdf(), id="pdf-bytes-wrong-name"),
        pytest.param("offer.pdf", b"", id="empty"),
        pytest.param("offer.pdf", b"%PDF-1.4" + b"0" * MAX_RESUME_BYTES, id="too-large"),
    ],
)
def test_a_letter_that_is_not_a_real_pdf_is_refused_and_nothing_is_stored(
    application, recruiter, name, data
):
    stage_before = application.stage_id

    with pytest.raises(ApplicationError) as refused:
        send(application, recruiter, letter_name=name, letter_data=data)

    assert "letter" in refused.value.extra["fields"]
    assert Offer.objects.count() == 0
    assert stored_letters() == []
    assert offer_notices(application) == set()
    application.refresh_from_db()
    assert application.stage_id == stage_before


def test_a_second_open_offer_is_refused(application, recruiter):
    first = send(application, recruiter)

    with pytest.raises(ApplicationError, match="already has an offer"):
        send(application, recruiter, salary="¥30,000 x 14")

    assert list(Offer.objects.values_list("pk", flat=True)) == [first.pk]
    assert len(stored_letters()) == 1
    assert offer_notices(application) == {1}


def test_an_ended_application_gets_no_offer(application, recruiter):
    application_reject(application=application, reason=reason(), actor=recruiter)

    with pytest.raises(ApplicationError, match="active applications only"):
        send(application, recruiter)

    assert Offer.objects.count() == 0
    assert stored_letters() == []


@pytest.mark.parametrize(
    ("field", "days"),
    [
        pytest.param("start_date", -1, id="start-in-the-past"),
        pytest.param("start_date", 3 * 365, id="start-years-away"),
        pytest.param("respond_by", -1, id="answer-by-in-the-past"),
        pytest.param("respond_by", 60, id="answer-by-after-the-start"),
    ],
)
def test_dates_that_make_no_sense_are_refused_on_their_field(application, field, days):
    with pytest.raises(ApplicationError) as refused:
        send(application, **{field: company_today() + timedelta(days=days)})

    assert field in refused.value.extra["fields"]
    assert Offer.objects.count() == 0


def test_blank_terms_are_refused(application):
    with pytest.raises(ApplicationError) as refused:
        send(application, position_title="  ", salary="")

    assert {"position_title", "salary"} <= set(refused.value.extra["fields"])
    assert Offer.objects.count() == 0


def test_withdraw_only_an_open_offer(application, recruiter):
    offer = send(application, recruiter)

    offer_withdraw(offer=offer, actor=recruiter, reason="Budget frozen")

    offer.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN
    event = AuditEvent.objects.get(action="recruiting.offer_withdraw")
    assert event.changes["reason"] == "Budget frozen"
    told = OutboxMessage.objects.filter(event="offer_withdrawn", application_ref=application.pk)
    assert {message.channel for message in told} >= {"portal", "email"}
    with pytest.raises(ApplicationError, match="Only an offer waiting"):
        offer_withdraw(offer=offer, actor=recruiter)
    assert told.count() == 2  # refused: nothing more is sent


# The answer ----------------------------------------------------------------


def answer(offer: Offer, **overrides: object) -> Offer:
    fields: dict[str, object] = {
        "candidate": offer.application.candidate,
        "accept": True,
        "signature_name": offer.application.candidate.full_name,
        "ip": "203.0.113.7",
    }
    fields.update(overrides)
    return offer_answer(offer=offer, **fields)  # type: ignore[arg-type]


def staff_mail() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(event="offer_answered").order_by("recipient"))


FULL_WIDTH = "".join(chr(ord(c) + 0xFEE0) if c != " " else c for c in "Zhang Wei")


@pytest.mark.parametrize("typed", ["Zhang Wei", "  zhang   WEI ", "ZHANGWEI", FULL_WIDTH])
def test_accept_with_the_candidate_name_records_the_signed_answer(application, typed):
    offer = send(application)

    answer(offer, signature_name=typed)

    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert offer.signature_name == " ".join(typed.split())
    assert offer.responded_at is not None
    assert len(offer.response_ip_hash) == 64
    assert "203.0.113.7" not in offer.response_ip_hash
    assert offer.decline_reason == ""
    assert AuditEvent.objects.filter(action="recruiting.offer_accept").count() == 1


def test_the_recruiters_are_mailed_at_once_in_their_language(application):
    """Each active recruiter of the job gets one e-mail; others hear nothing."""
    english = UserFactory(roles=[Role.RECRUITER], full_name="Amy", language="en")
    chinese = UserFactory(roles=[Role.RECRUITER], full_name="王芳", language="zh-hans")
    gone = UserFactory(roles=[Role.RECRUITER], is_active=False)
    application.job.recruiters.add(english, chinese, gone)
    UserFactory(roles=[Role.RECRUITER])  # recruits for other jobs
    offer = send(application)

    answer(offer)
    with pytest.raises(ApplicationError):
        answer(offer)  # a retry queues no second e-mail

    mails = staff_mail()
    assert [mail.recipient for mail in mails] == sorted([english.email, chinese.email])
    assert all(mail.channel == "email" and mail.candidate_ref is None for mail in mails)
    by_recipient = {mail.recipient: mail for mail in mails}
    mail_en = by_recipient[english.email]
    assert mail_en.subject == "Zhang Wei accepted the offer for Backend engineer"
    assert f"/recruiting/candidates/{application.candidate_id}/" in mail_en.body
    assert mail_en.idempotency_key == f"offer_answered:{offer.pk}:{english.pk}"
    assert by_recipient[chinese.email].language == "zh-hans"


def test_a_name_that_does_not_match_is_refused_and_nothing_changes(application, recruiter):
    offer = send(application)

    with pytest.raises(ApplicationError) as refused:
        answer(offer, signature_name="Li Na")

    assert "signature_name" in refused.value.extra["fields"]
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SENT
    assert offer.signature_name == ""
    assert offer.responded_at is None
    assert staff_mail() == []


def test_an_empty_signature_is_refused(application):
    offer = send(application)

    with pytest.raises(ApplicationError, match="Type your full name"):
        answer(offer, signature_name="   ", accept=False)

    assert Offer.objects.get().status == Offer.Status.SENT


def test_answering_twice_is_refused(application, recruiter):
    offer = send(application)
    answer(offer)

    with pytest.raises(ApplicationError, match="already answered"):
        answer(offer, accept=False)

    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert len(staff_mail()) == 1


def test_a_withdrawn_offer_cannot_be_answered(application, recruiter):
    offer = send(application, recruiter)
    offer_withdraw(offer=offer, actor=recruiter)

    with pytest.raises(ApplicationError, match="withdrawn"):
        answer(offer)

    offer.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN
    assert staff_mail() == []


def test_an_offer_past_its_answer_by_date_cannot_be_answered(application, recruiter):
    offer = send(application)
    yesterday = company_today() - timedelta(days=1)
    Offer.objects.filter(pk=offer.pk).update(respond_by=yesterday)

    with pytest.raises(ApplicationError, match="ended on"):
        answer(offer)

    assert Offer.objects.get().status == Offer.Status.SENT


def test_the_last_day_to_answer_still_counts(application, recruiter):
    offer = send(application, respond_by=company_today())

    answer(offer)

    assert Offer.objects.get().status == Offer.Status.ACCEPTED


def test_another_candidate_cannot_answer(application):
    offer = send(application)
    stranger = ApplicationFactory(candidate=CandidateFactory(full_name="Zhang Wei")).candidate

    with pytest.raises(ApplicationError):
        answer(offer, candidate=stranger)

    assert Offer.objects.get().status == Offer.Status.SENT


def test_decline_with_a_reason(application, recruiter):
    offer = send(application)

    answer(offer, accept=False, decline_reason="  I took another offer.  ")

    offer.refresh_from_db()
    assert offer.status == Offer.Status.DECLINED
    assert offer.decline_reason == "I took another offer."
    assert offer.signature_name == "Zhang Wei"
    assert AuditEvent.objects.filter(action="recruiting.offer_decline").count() == 1
    [mail] = staff_mail()
    assert mail.subject == "Zhang Wei declined the offer for Backend engineer"


def test_accepting_keeps_no_decline_reason(application):
    offer = send(application)

    answer(offer, decline_reason="ignored when accepting")

    assert Offer.objects.get().decline_reason == ""
