"""careers_apply: one transaction; the same answer whether or not we know the person."""

import pytest

from hrflow.core.errors import ApplicationError
from hrflow.notifications.models import OutboxMessage
from recruiting.models import (
    Application,
    Candidate,
    CandidateConsent,
    Job,
    Resume,
    SelfIdentification,
)
from recruiting.services.careers import (
    AUTOMATIC_SUFFIX,
    LIMIT_PER_EMAIL,
    LIMIT_PER_IP,
    NOTICE_VERSION,
    TooManyApplications,
    careers_client_admit,
)
from tests.recruiting.careers_helpers import apply, job_without_ai_interview
from tests.recruiting.factories import CandidateFactory, JobFactory

pytestmark = pytest.mark.django_db


def _stored() -> tuple[int, ...]:
    """Counts of everything an application could write."""
    return (
        Candidate.objects.count(),
        Application.objects.count(),
        Resume.objects.count(),
        CandidateConsent.objects.count(),
        SelfIdentification.objects.count(),
        OutboxMessage.objects.count(),
    )


def test_a_new_applicant_becomes_a_candidate_in_the_first_stage():
    job = JobFactory()

    application = apply(job, language="en", phone="138 0013 8000")

    candidate = application.candidate
    assert (candidate.full_name, candidate.email, candidate.phone, candidate.language) == (
        "张伟",
        "zhang.wei@example.com",
        "+8613800138000",
        "en",
    )
    assert application.stage == job.stages.order_by("position").first()
    assert application.source == "careers_site"
    assert "Python Django" in candidate.resumes.get().text
    assert OutboxMessage.objects.filter(
        candidate_ref=candidate.pk, event="application_received"
    ).exists()


def test_a_known_email_attaches_to_the_existing_candidate_without_changing_it():
    # given a candidate HR knows, with their own name and phone
    known = CandidateFactory(full_name="张伟", email="zhang.wei@example.com", phone="13900139000")

    # when someone applies with that address, a different name and phone
    application = apply(JobFactory(), email="Zhang.Wei@Example.com ", full_name="Mallory")

    # then the application joins the record, and the record keeps its own details
    assert application.candidate == known
    known.refresh_from_db()
    assert (known.full_name, known.phone) == ("张伟", "+8613900139000")
    assert Candidate.objects.count() == 1


def test_a_known_email_fills_a_missing_phone_only():
    known = CandidateFactory(email="zhang.wei@example.com", phone="")

    apply(JobFactory(), phone="13800138000")

    known.refresh_from_db()
    assert known.phone == "+8613800138000"


def test_a_second_application_to_the_same_job_stores_nothing_and_answers_the_same():
    job = JobFactory()
    apply(job)
    before = _stored()

    again = apply(job, resume_name="new.pdf")

    assert again is None  # the view shows the same thank-you page
    assert _stored() == before


def test_a_bad_file_is_refused_alike_whether_or_not_the_address_applied_before():
    """Otherwise the refusal would tell a stranger that this address applied."""
    job = JobFactory()
    apply(job, email="known@example.com")

    for email in ("known@example.com", "stranger@example.com"):
        with pytest.raises(ApplicationError) as refused:
            apply(job, email=email, resume_name="cv.pdf", resume_data=b"not a pdf")
        assert refused.value.extra["field"] == "resume"


def test_a_repeat_does_not_fill_the_known_record():
    job = JobFactory(phone_required=False)
    known = CandidateFactory(email="zhang.wei@example.com", phone="")
    apply(job, phone="")

    apply(job, phone="13800138000")

    known.refresh_from_db()
    assert known.phone == ""


def test_the_honeypot_pretends_success_and_stores_nothing():
    before = _stored()

    assert apply(JobFactory(), honeypot="http://spam.example") is None

    assert _stored() == before


def test_consents_are_stored_with_the_notice_version_and_a_hashed_address():
    application = apply(JobFactory())

    consents = {c.kind: c for c in application.consents.all()}
    assert set(consents) == {"data_processing", "ai_assessment"}
    for consent in consents.values():
        assert consent.notice_version == NOTICE_VERSION
        assert consent.candidate == application.candidate
        assert consent.given_at is not None
        assert len(consent.ip_hash) == 64
        assert "203.0.113.7" not in consent.ip_hash


def test_a_job_without_an_ai_interview_needs_only_the_data_consent():
    application = apply(job_without_ai_interview(), consents=["data_processing"])

    assert list(application.consents.values_list("kind", flat=True)) == ["data_processing"]


@pytest.mark.parametrize(
    ("consents", "field"),
    [
        ([], "consent_data"),
        (["ai_assessment"], "consent_data"),
        (["data_processing"], "consent_ai"),
    ],
)
def test_missing_consent_refuses_and_stores_nothing(consents, field):
    job = JobFactory()
    before = _stored()

    with pytest.raises(ApplicationError) as refused:
        apply(job, consents=consents)

    assert refused.value.extra["field"] == field
    assert _stored() == before


def test_self_identification_is_optional():
    application = apply(JobFactory(), self_identification={"gender": "", "age_band": ""})

    assert not SelfIdentification.objects.filter(candidate=application.candidate).exists()


def test_self_identification_is_kept_apart_and_replaced_when_given_again():
    first = apply(JobFactory(), self_identification={"gender": "female", "age_band": "25_34"})
    answers = SelfIdentification.objects.get(candidate=first.candidate)
    assert (answers.gender, answers.age_band, answers.ethnicity) == (
        "female",
        "25_34",
        "undisclosed",
    )

    apply(JobFactory(), self_identification={"gender": "undisclosed", "disability": "no"})

    answers.refresh_from_db()
    assert (answers.gender, answers.age_band, answers.disability) == (
        "undisclosed",
        "undisclosed",
        "no",
    )
    assert SelfIdentification.objects.count() == 1


def test_an_unknown_self_identification_answer_refuses_and_stores_nothing():
    job = JobFactory()
    before = _stored()

    with pytest.raises(ApplicationError):
        apply(job, self_identification={"gender": "robot"})

    assert _stored() == before


@pytest.mark.parametrize("status", [Job.Status.DRAFT, Job.Status.ON_HOLD, Job.Status.CLOSED])
def test_a_job_that_is_not_open_refuses(status):
    job = JobFactory(status=status)
    before = _stored()

    with pytest.raises(ApplicationError):
        apply(job)

    assert _stored() == before


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cv.pdf", b"MZ\x90\x00 not a pdf"),
        ("cv.exe", b"%PDF-1.4 renamed"),
        ("cv.pdf", b""),
        ("cv.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)),
    ],
)
def test_a_bad_resume_refuses_and_stores_nothing(name, data, settings):
    job = JobFactory()
    before = _stored()

    with pytest.raises(ApplicationError) as refused:
        apply(job, resume_name=name, resume_data=data)

    assert refused.value.extra["field"] == "resume"
    assert _stored() == before
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_bad_phone_refuses_and_stores_nothing():
    job = JobFactory()
    before = _stored()

    with pytest.raises(ApplicationError) as refused:
        apply(job, phone="not a phone")

    assert refused.value.extra["field"] == "phone"
    assert _stored() == before


def test_each_client_is_admitted_a_limited_number_of_times():
    """Counted per attempt before the form is read (tests/careers/test_pages.py
    shows the view asks first); another client is not held back."""
    for _attempt in range(LIMIT_PER_IP[0]):
        careers_client_admit(ip="203.0.113.7")

    with pytest.raises(TooManyApplications):
        careers_client_admit(ip="203.0.113.7")

    careers_client_admit(ip="198.51.100.1")


def test_applications_per_email_are_limited_whatever_the_address():
    limit = LIMIT_PER_EMAIL[0]
    for number in range(limit):
        apply(JobFactory(), ip=f"198.51.100.{number}")
    before = _stored()

    with pytest.raises(TooManyApplications):
        apply(JobFactory(), ip="198.51.100.99", email="ZHANG.wei@example.com")

    assert _stored() == before


def test_repeated_and_refused_attempts_count_towards_the_limit():
    """A script retrying one job cannot try forever: repeats are counted too."""
    job = JobFactory()
    for _attempt in range(LIMIT_PER_EMAIL[0]):
        apply(job, ip=None)

    with pytest.raises(TooManyApplications):
        apply(job, ip=None)


def test_a_job_that_rejects_automatically_records_the_other_notice():
    """The AI notice then says rejections may be automatic; the consent names that text."""
    from tests.recruiting.screening.test_services import _rule

    job = JobFactory()
    _rule(job, auto_reject=True)

    application = apply(job)

    versions = dict(application.consents.values_list("kind", "notice_version"))
    assert versions == {
        "data_processing": NOTICE_VERSION,
        "ai_assessment": NOTICE_VERSION + AUTOMATIC_SUFFIX,
    }


@pytest.mark.django_db(transaction=True)
def test_a_double_submit_at_the_same_moment_stores_one_application():
    """Two requests of one double-click race; the contact lock lets one through."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection

    job = JobFactory()
    attempts = LIMIT_PER_EMAIL[0]  # all within the e-mail's rate limit
    barrier = Barrier(attempts)

    def submit(number: int) -> object:
        try:
            barrier.wait()
            return apply(job, ip=f"198.51.100.{number}")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=attempts) as pool:
        results = list(pool.map(submit, range(attempts)))

    assert sum(result is not None for result in results) == 1
    assert Candidate.objects.count() == 1
    assert Application.objects.count() == 1
