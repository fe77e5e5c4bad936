"""HR confirms, edits or dismisses what was read; the profile changes only when HR says so."""

import pytest
from django.utils import translation

from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from recruiting.models import ResumeFieldSuggestion
from recruiting.resume_reading.services import (
    resume_parse,
    resume_suggestion_confirm,
    resume_suggestion_dismiss,
)
from recruiting.services.resumes import resume_attach
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import CandidateFactory
from tests.recruiting.resume_pdfs import text_pdf
from tests.recruiting.resume_reading.sample_resumes import TODAY, ZH_ENGINEER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched in English."""
    with translation.override("en"):
        yield


def _read(candidate, text=ZH_ENGINEER):
    resume = resume_attach(candidate=candidate, name="cv.pdf", data=text_pdf(text.splitlines()))
    resume_parse(resume=resume, today=TODAY)
    return resume


def _suggestion(resume, field):
    return ResumeFieldSuggestion.objects.get(resume=resume, field=field)


def test_confirming_writes_the_profile_and_records_who_and_when():
    hr = UserFactory(roles=[Role.HR_ADMIN])
    candidate = CandidateFactory()
    resume = _read(candidate)

    confirmed = resume_suggestion_confirm(suggestion=_suggestion(resume, "city"), actor=hr)

    candidate.refresh_from_db()
    assert candidate.city == "上海"
    assert confirmed.status == "confirmed"
    assert confirmed.confirmed_value == "上海"
    assert confirmed.decided_by == hr
    assert confirmed.decided_at is not None
    assert AuditEvent.objects.filter(
        action="recruiting.resume_suggestion_confirm", actor=hr
    ).exists()
    # the other fields still wait
    assert candidate.current_title == ""


def test_an_edited_education_part_builds_the_education_line():
    hr = UserFactory(roles=[Role.HR_ADMIN])
    candidate = CandidateFactory()
    resume = _read(candidate)

    resume_suggestion_confirm(suggestion=_suggestion(resume, "school"), actor=hr)
    resume_suggestion_confirm(
        suggestion=_suggestion(resume, "major"), actor=hr, value=" 计算机科学 "
    )
    resume_suggestion_confirm(suggestion=_suggestion(resume, "degree"), actor=hr)

    candidate.refresh_from_db()
    assert candidate.education == "浙江大学 · 本科 · 计算机科学"
    assert _suggestion(resume, "major").value == "计算机科学与技术"  # what was read is kept


def test_what_the_candidate_typed_is_never_overwritten_by_reading():
    candidate = CandidateFactory(city="杭州", current_title="高级后端开发工程师")

    resume = _read(candidate)

    candidate.refresh_from_db()
    assert candidate.city == "杭州"
    assert _suggestion(resume, "city").value == "上海"
    # the same value as the profile is not asked about
    assert not ResumeFieldSuggestion.objects.filter(resume=resume, field="current_title").exists()


def test_a_dismissed_value_is_not_suggested_again_by_the_next_resume():
    hr = UserFactory(roles=[Role.HR_ADMIN])
    candidate = CandidateFactory()
    first = _read(candidate)
    resume_suggestion_dismiss(suggestion=_suggestion(first, "city"), actor=hr)

    second = _read(candidate, ZH_ENGINEER + "\n附：2024年作品集")

    assert not ResumeFieldSuggestion.objects.filter(resume=second, field="city").exists()
    # pending ones of the older resume give way to the newer resume's
    assert not ResumeFieldSuggestion.objects.filter(resume=first, status="pending").exists()
    assert ResumeFieldSuggestion.objects.filter(resume=second, field="school").exists()
    candidate.refresh_from_db()
    assert candidate.city == ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("years_experience", "six", "whole number"),
        ("years_experience", "99", "whole number"),
        ("graduation_year", "18", "whole number"),
        ("city", "   ", "Enter a value"),
        ("school", "x" * 121, "120"),
    ],
)
def test_a_bad_edit_is_refused_and_nothing_changes(field, value, message):
    hr = UserFactory(roles=[Role.HR_ADMIN])
    candidate = CandidateFactory()
    resume = _read(candidate)

    with pytest.raises(ApplicationError, match=message):
        resume_suggestion_confirm(suggestion=_suggestion(resume, field), actor=hr, value=value)

    assert _suggestion(resume, field).status == "pending"
    candidate.refresh_from_db()
    assert (candidate.city, candidate.education) == ("", "")


def test_a_decided_suggestion_cannot_be_decided_again():
    hr = UserFactory(roles=[Role.HR_ADMIN])
    resume = _read(CandidateFactory())
    resume_suggestion_dismiss(suggestion=_suggestion(resume, "city"), actor=hr)

    with pytest.raises(ApplicationError, match="already decided"):
        resume_suggestion_confirm(suggestion=_suggestion(resume, "city"), actor=hr)


def test_an_edit_longer_than_the_profile_field_is_refused_and_nothing_changes():
    hr = UserFactory(roles=[Role.HR_ADMIN])
    candidate = CandidateFactory()
    resume = _read(candidate)
    city = _suggestion(resume, "city")

    with pytest.raises(ApplicationError, match="Keep it to 80 characters"):
        resume_suggestion_confirm(suggestion=city, actor=hr, value="上" * 81)

    city.refresh_from_db()
    candidate.refresh_from_db()
    assert city.status == "pending"
    assert candidate.city == ""
