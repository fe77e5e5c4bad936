"""A job's China basics: salary range and months, education, experience, deadline, phone rule."""

import importlib
from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from recruiting.models import HiringChannel, Job
from recruiting.services.jobs import hiring_channel_set_public, job_update
from tests.recruiting.factories import JobFactory

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("recruiting.migrations.0024_job_posting_basics")


def test_a_job_keeps_its_posting_basics():
    job = JobFactory(
        salary_min_k=15,
        salary_max_k=25,
        salary_months=13,
        education_required=Job.Education.BACHELOR,
        experience_required=Job.Experience.YEARS_3_5,
        application_deadline=date(2027, 1, 31),
    )

    job.refresh_from_db()
    assert (job.salary_min_k, job.salary_max_k, job.salary_months) == (15, 25, 13)
    assert (job.education_required, job.experience_required) == ("bachelor", "3_5")
    assert job.application_deadline == date(2027, 1, 31)
    assert job.phone_required is True  # on unless the job turns it off
    assert job.experience_min_years == 3


def test_defaults_say_nothing_about_pay_and_ask_for_anything():
    job = JobFactory()

    assert (job.salary_min_k, job.salary_max_k, job.salary_negotiable) == (None, None, False)
    assert (job.salary_months, job.education_required, job.experience_required) == (
        12,
        "any",
        "any",
    )
    assert job.experience_min_years == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"salary_min_k": 30, "salary_max_k": 20}, "salary_max_k"),
        ({"salary_min_k": 15}, "salary_max_k"),
        ({"salary_max_k": 15}, "salary_min_k"),
        ({"salary_min_k": 0, "salary_max_k": 10}, "salary_min_k"),
        ({"salary_min_k": 10, "salary_max_k": 1001}, "salary_max_k"),
        ({"salary_months": 11}, "salary_months"),
        ({"salary_months": 25}, "salary_months"),
        ({"education_required": "phd"}, "education_required"),
        ({"experience_required": "3-5"}, "experience_required"),
        ({"application_deadline": timezone.localdate() + timedelta(800)}, "application_deadline"),
    ],
)
def test_bad_posting_basics_are_refused_on_their_field_and_nothing_changes(fields, field):
    job = JobFactory(education_required=Job.Education.MASTER)
    before = Job.objects.values().get(pk=job.pk)
    audits = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refused:
        job_update(job=job, **fields)

    assert field in refused.value.message_dict
    assert Job.objects.values().get(pk=job.pk) == before
    assert AuditEvent.objects.count() == audits


def test_a_new_job_with_a_reversed_range_is_not_created():
    count = Job.objects.count()

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        JobFactory(salary_min_k=25, salary_max_k=15)

    assert refused.value.message_dict["salary_max_k"] == [
        "The highest salary cannot be below the lowest salary."
    ]
    assert Job.objects.count() == count


def test_equal_ends_and_a_negotiable_salary_without_numbers_are_fine():
    single = JobFactory(salary_min_k=8, salary_max_k=8, salary_months=24)
    hidden = JobFactory(salary_negotiable=True)

    assert (single.salary_min_k, single.salary_max_k, single.salary_months) == (8, 8, 24)
    assert hidden.salary_negotiable
    assert hidden.salary_min_k is None


def test_a_change_is_audited_with_its_before_and_after():
    job = JobFactory(salary_min_k=10, salary_max_k=20)

    job_update(job=job, salary_max_k=30, phone_required=False)

    event = AuditEvent.objects.filter(action="recruiting.job_update", target_id=str(job.pk)).get()
    assert event.changes["salary_max_k"] == [20, 30]
    assert event.changes["phone_required"] == [True, False]


def test_a_new_deadline_is_audited_as_iso_text():
    job = JobFactory()

    job_update(job=job, application_deadline=date(2027, 1, 31))

    event = AuditEvent.objects.filter(action="recruiting.job_update", target_id=str(job.pk)).get()
    assert event.changes["application_deadline"] == [None, "2027-01-31"]


def test_the_database_refuses_a_reversed_range_written_raw():
    job = JobFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.filter(pk=job.pk).update(salary_min_k=30, salary_max_k=20)


def test_a_channel_is_made_internal_through_its_service_with_an_audit_row():
    HiringChannel.objects.update_or_create(code="campus", defaults={"is_public": True})

    channel = hiring_channel_set_public(code="campus", is_public=False)

    assert channel.is_public is False
    assert "campus" in HiringChannel.objects.internal_codes()
    assert AuditEvent.objects.filter(action="recruiting.hiring_channel_set_public").count() == 1


def test_an_unknown_channel_is_refused():
    with pytest.raises(ApplicationError):
        hiring_channel_set_public(code="darkweb", is_public=True)
    assert not HiringChannel.objects.filter(code="darkweb").exists()


def test_the_migration_keeps_internal_channels_from_outside_visitors():
    """The rows the migration adds: the data, not a list in the code."""
    HiringChannel.objects.all().delete()

    MIGRATION.channels_add(django_apps, None)

    assert set(HiringChannel.objects.internal_codes()) == {"internal", "referral", "agency"}
    assert set(HiringChannel.objects.filter(is_public=True).values_list("code", flat=True)) == {
        "campus",
        "experienced",
    }
