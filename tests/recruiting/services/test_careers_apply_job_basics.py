"""careers_apply keeps a job's deadline, its phone rule and its channel's visibility."""

from datetime import timedelta

import pytest
from django.utils import translation

from hrflow.core.errors import ApplicationError
from recruiting.models import Application, Candidate, HiringChannel
from recruiting.selectors.careers import careers_today
from tests.recruiting.careers_helpers import apply
from tests.recruiting.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_an_application_after_the_deadline_is_refused_and_nothing_is_stored():
    job = JobFactory(application_deadline=careers_today() - timedelta(days=1))

    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        apply(job)

    assert refused.value.message.startswith(
        f"Applications for this job closed on {job.application_deadline.isoformat()}."
    )
    assert not Candidate.objects.exists()


def test_the_deadline_day_still_counts():
    job = JobFactory(application_deadline=careers_today())

    assert apply(job) is not None


def test_a_job_on_an_internal_channel_takes_no_applications_from_the_careers_site():
    HiringChannel.objects.update_or_create(code="referral", defaults={"is_public": False})
    job = JobFactory(channel="referral")

    with pytest.raises(ApplicationError) as refused:
        apply(job)

    assert refused.value.extra["field"] == "job"
    assert not Application.objects.exists()


def test_the_phone_is_required_unless_the_job_turns_it_off():
    with pytest.raises(ApplicationError) as refused:
        apply(JobFactory(), phone="")
    assert refused.value.extra["field"] == "phone"

    application = apply(JobFactory(phone_required=False), phone="")
    assert application.candidate.phone == ""


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("+86 138-0013-8000", "+8613800138000"), ("+44 20 7946 0958", "+442079460958")],
)
def test_the_phone_is_stored_as_e164(typed, stored):
    application = apply(JobFactory(), phone=typed)

    assert application.candidate.phone == stored


def test_a_landline_is_no_mobile():
    with pytest.raises(ApplicationError) as refused:
        apply(JobFactory(), phone="010-6552 9988")

    assert refused.value.extra["field"] == "phone"
    assert not Candidate.objects.exists()
