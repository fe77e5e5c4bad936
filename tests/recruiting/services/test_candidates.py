import pytest

from hrflow.core.errors import ApplicationError
from recruiting.models import Application, Assessment, Candidate, Note
from recruiting.screening.rescreening import written_test_enter
from recruiting.selectors.candidates import candidate_duplicates, candidate_find_by_contact
from recruiting.services.candidates import (
    candidate_create,
    candidate_merge,
    candidate_set_tags,
    note_add,
)
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("138 0013 8000", "+8613800138000"),
        ("+86-138-0013-8000", "+8613800138000"),
        ("(010) 6552 9988", "+861065529988"),
        ("+1 415 555 2671", "+14155552671"),
    ],
)
def test_phone_numbers_are_normalised_with_cn_as_default_region(raw, expected):
    assert candidate_create(full_name="张伟", phone=raw).phone == expected


def test_email_is_lowered_and_name_gets_pinyin():
    candidate = candidate_create(full_name=" 张  伟 ", email=" Zhang.Wei@Example.COM ")
    assert candidate.email == "zhang.wei@example.com"
    assert candidate.full_name == "张 伟"
    assert candidate.name_pinyin == "zhangwei zw"


def test_a_bad_phone_number_is_a_clear_error_and_nothing_is_written():
    with pytest.raises(ApplicationError) as error:
        candidate_create(full_name="李四", phone="12")
    assert error.value.extra == {"field": "phone"}
    assert not Candidate.objects.exists()


def test_duplicates_are_found_by_email_or_phone():
    first = candidate_create(full_name="王芳", email="wf@example.com", phone="13800138000")
    same_phone = candidate_create(full_name="Wang Fang", phone="+86 138 0013 8000")
    same_mail = candidate_create(full_name="王 芳", email="WF@example.com")
    candidate_create(full_name="别人", email="other@example.com")

    assert set(candidate_duplicates(first)) == {same_phone, same_mail}
    assert candidate_find_by_contact(phone="138-0013-8000") == first


def test_merge_moves_everything_and_folds_a_shared_job():
    """Nothing is lost: applications, assessments, notes, tags, contacts."""
    job_both, job_other = JobFactory(), JobFactory()
    keep = CandidateFactory(email="keep@example.com", phone="")
    merge = CandidateFactory(email="", phone="13900139000")
    kept_app = ApplicationFactory(candidate=keep, job=job_both)
    twin_app = ApplicationFactory(candidate=merge, job=job_both)
    other_app = ApplicationFactory(candidate=merge, job=job_other)
    written_test_enter(application=twin_app, score=81, actor=None)
    note_add(candidate=merge, body="电话沟通顺利", author=None, application=twin_app)
    candidate_set_tags(candidate=merge, names=["Java", "985"])

    result = candidate_merge(keep=keep, merge=merge)

    merge.refresh_from_db()
    assert merge.merged_into == result == keep
    assert result.phone == "+8613900139000"  # filled from the merged record
    assert set(keep.applications.values_list("pk", flat=True)) == {
        kept_app.pk,
        twin_app.pk,
        other_app.pk,
    }
    assert Application.objects.get(pk=twin_app.pk).status == Application.Status.MERGED
    assert Assessment.objects.get().application_id == kept_app.pk
    assert Note.objects.get().candidate_id == keep.pk
    assert Note.objects.get().application_id == kept_app.pk
    assert set(keep.tags.values_list("name", flat=True)) == {"Java", "985"}
    # the card shows the moved written test; the history stays with its application
    assert Application.objects.get(pk=kept_app.pk).written_test_score == 81
    assert kept_app.transitions.count() == 1
    assert twin_app.transitions.count() == 1


def test_merge_refuses_itself_and_already_merged_records():
    a, b, c = CandidateFactory(), CandidateFactory(), CandidateFactory()
    with pytest.raises(ApplicationError):
        candidate_merge(keep=a, merge=a)
    candidate_merge(keep=a, merge=b)
    with pytest.raises(ApplicationError):
        candidate_merge(keep=c, merge=b)


def test_empty_note_is_refused():
    with pytest.raises(ApplicationError):
        note_add(candidate=CandidateFactory(), body="  ", author=None)


def test_notes_about_one_application_stay_with_that_jobs_team():
    from hrflow.accounts.roles import Role
    from hrflow.accounts.scoping import scoped
    from tests.hrflow.factories import UserFactory

    candidate = CandidateFactory()
    app_x = ApplicationFactory(candidate=candidate)
    app_y = ApplicationFactory(candidate=candidate)
    team_y = UserFactory(roles=[Role.RECRUITER])
    app_y.job.recruiters.add(team_y)
    note_add(candidate=candidate, body="X 面试官反馈", author=None, application=app_x)
    note_add(candidate=candidate, body="关于这个人", author=None)

    visible = set(scoped(Note.objects.all(), team_y).values_list("body", flat=True))

    assert visible == {"关于这个人"}


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("曾志伟", "zengzhiwei"),
        ("曾志伟", "zzw"),
        ("单田芳", "shantianfang"),
        ("于思远", "yusiyuan"),
    ],
)
def test_surnames_are_found_by_their_name_reading(name, typed):
    candidate = candidate_create(full_name=name)
    assert typed in candidate.name_pinyin.split()
