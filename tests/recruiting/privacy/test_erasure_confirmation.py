"""HR's "Erase now" asks first, with what goes; an erased record takes nothing new and
says so in the reader's language; the note box says the candidate can read notes
(issue 14, points 16 and 17)."""

import io
import json
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from recruiting.models import Candidate, DeletionRequest, Note, Resume, Tag
from recruiting.privacy.erasure import candidate_erase, deletion_request_create
from recruiting.privacy.erasure_preview import erasure_preview
from recruiting.privacy.export import candidate_data_export
from recruiting.services.candidates import candidate_set_tags, note_add
from tests.hrflow.factories import UserFactory
from tests.portal.test_data import staff
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, recruiter_for
from tests.recruiting.services.test_resume_attach import pdf

pytestmark = pytest.mark.django_db


def _pending_with_things():
    """A candidate in process with a resume, two notes and a tag, who asked for erasure."""
    application = ApplicationFactory(candidate=CandidateFactory(full_name="王芳"))
    candidate = application.candidate
    recruiter = recruiter_for(application.job)
    note_add(candidate=candidate, body="二面表现稳定", author=recruiter)
    note_add(candidate=candidate, body="期望薪资 25k", author=recruiter)
    candidate_set_tags(candidate=candidate, names=["Python"], actor=recruiter)
    client = staff(recruiter)
    client.post(
        reverse("recruiting:resume-upload", args=[candidate.pk]),
        {"resume": _upload()},
    )
    request = deletion_request_create(candidate=candidate)
    return request, candidate, client


def _upload():
    return SimpleUploadedFile("cv.pdf", pdf("Wang Fang resume"), content_type="application/pdf")


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_preview_counts_what_the_erasure_takes():
    _request, candidate, _client = _pending_with_things()

    preview = erasure_preview(candidate=candidate, viewer=UserFactory(roles=[Role.HR_ADMIN]))

    assert (preview.resumes, preview.notes, preview.tags) == (1, 2, 1)
    assert (preview.applications, preview.open_applications) == (1, 1)
    assert not preview.elsewhere


def test_a_recruiter_counts_only_their_jobs_and_reads_that_the_rest_goes_too():
    _request, candidate, _client = _pending_with_things()
    other = ApplicationFactory(candidate=candidate)
    note_add(candidate=candidate, body="另一职位的备注", author=None, application=other)
    recruiter = recruiter_for(candidate.applications.exclude(pk=other.pk).get().job)

    preview = erasure_preview(candidate=candidate, viewer=recruiter)

    assert (preview.applications, preview.notes) == (1, 2)  # not the other job's
    assert preview.elsewhere


def test_erase_now_without_the_confirm_flag_shows_what_goes_and_erases_nothing():
    request, candidate, client = _pending_with_things()

    response = _english(client).post(
        reverse("recruiting:deletion-decide", args=[request.pk]), {"decision": "confirm"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="erasure-confirm"' in page
    assert "1 resume (with its file)" in page
    assert "2 notes" in page
    assert "1 application in progress is withdrawn" in page
    assert 'name="confirmed" value="yes"' in page
    candidate.refresh_from_db()
    assert candidate.erased_at is None
    assert Note.objects.filter(candidate=candidate).count() == 2
    assert DeletionRequest.objects.get(pk=request.pk).status == DeletionRequest.Status.PENDING


def test_the_confirmation_page_keeps_the_way_back_to_the_queue():
    request, _candidate, client = _pending_with_things()

    page = client.post(
        reverse("recruiting:deletion-decide", args=[request.pk]),
        {"decision": "confirm", "next": "queue"},
    ).content.decode()

    assert '<input type="hidden" name="next" value="queue">' in page
    assert f'href="{reverse("recruiting:deletion-requests")}"' in page


def test_the_confirmed_post_erases():
    request, candidate, client = _pending_with_things()

    response = client.post(
        reverse("recruiting:deletion-decide", args=[request.pk]),
        {"decision": "confirm", "confirmed": "yes"},
    )

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.erased_at is not None
    assert not Note.objects.filter(candidate=candidate).exists()


def _erased():
    request, candidate, client = _pending_with_things()
    client.post(
        reverse("recruiting:deletion-decide", args=[request.pk]),
        {"decision": "confirm", "confirmed": "yes"},
    )
    candidate.refresh_from_db()
    return candidate, client


@pytest.mark.parametrize(
    ("language", "name", "foreign"),
    [
        ("zh-hans", "已删除的候选人 #{pk}", "Erased candidate"),
        ("en", "Erased candidate #{pk}", "已删除"),
    ],
)
def test_an_erased_profile_reads_in_one_language_and_offers_no_forms(language, name, foreign):
    candidate, client = _erased()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = client.get(reverse("recruiting:candidate-detail", args=[candidate.pk])).content.decode()

    heading = page.split('data-testid="profile-name">')[1].split("</h1>")[0]
    assert heading == name.format(pk=candidate.pk)
    assert foreign not in page.split("<title>")[1].split("</title>")[0]
    assert reverse("recruiting:candidate-tags", args=[candidate.pk]) not in page
    assert reverse("recruiting:resume-upload", args=[candidate.pk]) not in page
    assert reverse("recruiting:candidate-note", args=[candidate.pk]) not in page


@pytest.mark.parametrize(
    ("language", "name", "foreign"),
    [
        ("zh-hans", "已删除的候选人 #{pk}", "Erased candidate"),
        ("en", "Erased candidate #{pk}", "已删除"),
    ],
)
def test_lists_name_an_erased_candidate_in_the_readers_language(language, name, foreign):
    candidate, client = _erased()
    client.get(reverse("recruiting:deletion-requests"))  # reads the flash left by the erasure
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    job = candidate.applications.get().job

    for url in (
        reverse("recruiting:candidate-list"),
        reverse("recruiting:score-sheet", args=[job.pk]) + "?status=all",
        reverse("recruiting:score-sheet", args=[job.pk]) + "?status=all&export=csv",
    ):
        page = client.get(url).content.decode()
        assert name.format(pk=candidate.pk) in page, url
        assert foreign not in page, url


def test_the_views_refuse_tags_resumes_and_notes_for_an_erased_candidate():
    candidate, client = _erased()
    _english(client)

    tags = client.post(
        reverse("recruiting:candidate-tags", args=[candidate.pk]), {"tags": "Java"}, follow=True
    )
    resume = client.post(
        reverse("recruiting:resume-upload", args=[candidate.pk]), {"resume": _upload()}, follow=True
    )
    note = client.post(
        reverse("recruiting:candidate-note", args=[candidate.pk]), {"body": "x"}, follow=True
    )

    for response in (tags, resume, note):
        assert "nothing new can be added to the record" in response.content.decode()
    assert not candidate.tags.exists()
    assert not Tag.objects.filter(name="Java").exists()
    assert not Resume.objects.filter(candidate=candidate).exists()
    assert not Note.objects.filter(candidate=candidate).exists()


def test_the_note_box_says_the_candidate_reads_notes_and_the_export_holds_them():
    application = ApplicationFactory()
    candidate = application.candidate
    recruiter = recruiter_for(application.job)
    note_add(candidate=candidate, body="沟通能力强，建议二面", author=recruiter)
    client = _english(staff(recruiter))

    page = client.get(reverse("recruiting:candidate-detail", args=[candidate.pk])).content.decode()
    archive = zipfile.ZipFile(io.BytesIO(candidate_data_export(candidate)))
    data = json.loads(archive.read("data.json"))

    assert "The candidate can see these notes when they download their personal data." in page
    assert [note["body"] for note in data["notes"]] == ["沟通能力强，建议二面"]


def test_the_note_box_says_it_in_chinese():
    application = ApplicationFactory()
    client = staff(recruiter_for(application.job))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    page = client.get(
        reverse("recruiting:candidate-detail", args=[application.candidate_id])
    ).content.decode()

    assert "候选人申请导出个人信息时可以看到备注。" in page


def test_an_erased_candidate_cannot_be_given_data_by_a_service():
    candidate = ApplicationFactory().candidate
    candidate.applications.update(status="withdrawn")
    candidate_erase(candidate=candidate, actor=None)
    candidate = Candidate.objects.get(pk=candidate.pk)

    with pytest.raises(ApplicationError):
        candidate_set_tags(candidate=candidate, names=["x"])
    with pytest.raises(ApplicationError):
        note_add(candidate=candidate, body="x", author=None)


def test_a_copy_loaded_before_the_erasure_cannot_add_data_after_it():
    # The view loaded the candidate; the erasure committed before its note was written.
    stale = ApplicationFactory().candidate
    stale.applications.update(status="withdrawn")
    candidate_erase(candidate=Candidate.objects.get(pk=stale.pk), actor=None)
    assert stale.erased_at is None  # what the view still holds

    with pytest.raises(ApplicationError):
        note_add(candidate=stale, body="Called her back", author=None)
    assert not Note.objects.filter(candidate=stale).exists()
