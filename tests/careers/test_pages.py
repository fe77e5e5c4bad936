"""The public careers pages: the board, a job's page and its apply form, thanks."""

import re

import pytest
from django.core.files.uploadhandler import FileUploadHandler
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrflow.org.selectors import company_current
from recruiting.models import Application, Candidate, Job, Resume
from recruiting.services.careers import LIMIT_PER_IP
from tests.hrflow.factories import DepartmentFactory, LocationFactory
from tests.recruiting.careers_helpers import job_without_ai_interview
from tests.recruiting.factories import CandidateFactory, JobFactory
from tests.recruiting.services.test_resume_attach import pdf

pytestmark = pytest.mark.django_db
BOARD = reverse("careers:job-list")


def _form(**overrides):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "full_name": "张伟",
        "email": "zhang.wei@example.com",
        "phone": "13800138000",
        "resume": SimpleUploadedFile("简历.pdf", pdf(), content_type="application/pdf"),
        "consent_data": "on",
        "consent_ai": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def _titles(response) -> list[str]:
    return [job.title for job in response.context["page"].object_list]


def _without_tokens(html: str) -> str:
    """The page minus what differs on every render (the masked CSRF token)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_board_lists_open_jobs_only():
    JobFactory(title="开放职位")
    for status in (Job.Status.DRAFT, Job.Status.ON_HOLD, Job.Status.CLOSED):
        JobFactory(title=f"不公开 {status}", status=status)

    response = Client().get(BOARD)

    assert response.status_code == 200
    assert _titles(response) == ["开放职位"]
    assert "不公开" not in response.content.decode()
    # the public layout, not the staff shell
    assert b'class="sidebar"' not in response.content


def test_board_searches_titles_and_descriptions():
    JobFactory(title="Python 后端工程师")
    JobFactory(title="产品经理", description="负责 Python 数据平台的规划")
    JobFactory(title="销售代表")

    response = Client().get(BOARD, {"q": "python"})

    assert sorted(_titles(response)) == ["Python 后端工程师", "产品经理"]


def test_board_filters_by_department_location_and_channel():
    sales, shanghai = DepartmentFactory(name="销售部"), LocationFactory(name="上海总部")
    JobFactory(title="A", department=sales, location=shanghai, channel="experienced")
    JobFactory(title="B", department=sales, channel="campus")
    JobFactory(title="C", location=shanghai, channel="campus")

    client = Client()
    assert sorted(_titles(client.get(BOARD, {"department": sales.pk}))) == ["A", "B"]
    assert sorted(_titles(client.get(BOARD, {"location": shanghai.pk}))) == ["A", "C"]
    assert sorted(_titles(client.get(BOARD, {"channel": "campus"}))) == ["B", "C"]
    both = {"department": sales.pk, "location": shanghai.pk, "channel": "experienced"}
    assert _titles(client.get(BOARD, both)) == ["A"]
    # malformed filters are ignored rather than failing
    assert len(_titles(client.get(BOARD, {"department": "x", "channel": "nope"}))) == 3


def test_board_pages_through_many_jobs():
    for number in range(25):
        JobFactory(title=f"职位 {number:02d}")

    first, second = Client().get(BOARD), Client().get(BOARD, {"page": 2})

    assert len(_titles(first)) == 20
    assert len(_titles(second)) == 5


def _board_queries(count: int) -> int:
    Job.objects.all().delete()
    for _number in range(count):
        JobFactory(location=LocationFactory(), department=DepartmentFactory())
    client = Client()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(BOARD).status_code == 200
    return len(captured)


def test_board_queries_do_not_grow_with_the_number_of_jobs():
    company_current()  # the settings row exists, as on a running site

    assert _board_queries(2) == _board_queries(20)


@pytest.mark.parametrize("status", [Job.Status.DRAFT, Job.Status.ON_HOLD, Job.Status.CLOSED])
def test_job_pages_of_jobs_not_open_are_404(status):
    job = JobFactory(status=status)
    client = Client()

    assert client.get(reverse("careers:job-detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("careers:job-thanks", args=[job.pk])).status_code == 404
    response = client.post(reverse("careers:job-detail", args=[job.pk]), _form())
    assert response.status_code == 404
    assert not Application.objects.exists()


def test_job_page_shows_the_posting_and_the_ai_notice():
    job = JobFactory(title="算法工程师", description="训练推荐模型", requirements="熟悉 PyTorch")

    html = Client().get(reverse("careers:job-detail", args=[job.pk])).content.decode()

    assert "训练推荐模型" in html
    assert "熟悉 PyTorch" in html
    assert 'data-testid="ai-notice"' in html
    assert 'name="consent_ai"' in html
    assert 'name="website"' in html  # the honeypot


def test_job_without_an_ai_interview_asks_for_no_ai_consent():
    job = job_without_ai_interview()

    html = Client().get(reverse("careers:job-detail", args=[job.pk])).content.decode()

    assert 'name="consent_ai"' not in html
    assert 'data-testid="ai-notice"' not in html


def test_applying_redirects_to_thanks_in_the_page_language():
    job = JobFactory()
    client = Client()
    client.cookies["django_language"] = "en"

    response = client.post(reverse("careers:job-detail", args=[job.pk]), _form())

    assert response.status_code == 302
    assert response.url == reverse("careers:job-thanks", args=[job.pk])
    candidate = Candidate.objects.get()
    assert candidate.language == "en"
    assert candidate.applications.get().job == job


def _thank_you_body(job, **form) -> str:
    client = Client()
    response = client.post(reverse("careers:job-detail", args=[job.pk]), _form(**form))
    assert response.status_code == 302
    return _without_tokens(client.get(response.url).content.decode())


def test_the_answer_is_the_same_for_known_unknown_repeated_and_bot_applicants():
    job = JobFactory()
    CandidateFactory(email="known@example.com")

    unknown = _thank_you_body(job, email="new@example.com")
    known = _thank_you_body(job, email="known@example.com")
    repeated = _thank_you_body(job, email="known@example.com")
    bot = _thank_you_body(job, email="bot@example.com", website="http://spam.example")

    assert unknown == known == repeated == bot
    assert Application.objects.filter(job=job).count() == 2
    assert not Candidate.objects.filter(email="bot@example.com").exists()


def test_a_bad_resume_is_shown_on_the_form_and_nothing_is_stored():
    from django.core.files.uploadedfile import SimpleUploadedFile

    job = JobFactory()
    bad = SimpleUploadedFile("cv.pdf", b"<html><script>alert(1)</script>", content_type="text/html")

    response = Client().post(reverse("careers:job-detail", args=[job.pk]), _form(resume=bad))

    assert response.status_code == 200
    assert response.context["form"].errors["resume"]
    assert not Candidate.objects.exists()
    assert not Resume.objects.exists()


def test_missing_consent_is_shown_on_its_checkbox():
    job = JobFactory()

    response = Client().post(reverse("careers:job-detail", args=[job.pk]), _form(consent_ai=""))

    assert response.status_code == 200
    assert response.context["form"].errors["consent_ai"]
    assert not Application.objects.exists()


def test_the_form_needs_its_csrf_token():
    job = JobFactory()
    client = Client(enforce_csrf_checks=True)
    url = reverse("careers:job-detail", args=[job.pk])

    refused = client.post(url, _form())
    assert refused.status_code == 403
    assert not Application.objects.exists()

    page = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    accepted = client.post(url, _form(csrfmiddlewaretoken=token))
    assert accepted.status_code == 302
    assert Application.objects.count() == 1


def test_too_many_applications_get_a_friendly_429_and_store_nothing():
    client = Client(REMOTE_ADDR="203.0.113.50")
    for number in range(LIMIT_PER_IP[0]):
        job = JobFactory()
        response = client.post(
            reverse("careers:job-detail", args=[job.pk]), _form(email=f"p{number}@example.com")
        )
        assert response.status_code == 302
    job = JobFactory()

    response = client.post(
        reverse("careers:job-detail", args=[job.pk]), _form(email="late@example.com")
    )

    assert response.status_code == 429
    assert b'data-testid="apply-too-many"' in response.content
    assert not Candidate.objects.filter(email="late@example.com").exists()


class CountingUploadHandler(FileUploadHandler):
    """Counts the bytes of uploaded files Django reads from request bodies."""

    received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        CountingUploadHandler.received += len(raw_data)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def test_a_client_over_the_limit_is_refused_before_its_body_is_read(settings):
    """Counted before the CSRF check and the form parse the body: a flood of uploads
    over the limit costs no parsing. CSRF is still checked for those within it."""
    settings.FILE_UPLOAD_HANDLERS = [
        "tests.careers.test_pages.CountingUploadHandler",
        *settings.FILE_UPLOAD_HANDLERS,
    ]
    client = Client(REMOTE_ADDR="203.0.113.51", enforce_csrf_checks=True)
    url = reverse("careers:job-detail", args=[JobFactory().pk])
    page = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    forged = client.post(url, _form(email="forged@example.com"))  # no token: counted, 403
    assert forged.status_code == 403
    for number in range(LIMIT_PER_IP[0] - 1):
        sent = client.post(url, _form(email=f"p{number}@example.com", csrfmiddlewaretoken=token))
        assert sent.status_code == 302
    CountingUploadHandler.received = 0

    refused = client.post(url, _form(email="late@example.com", csrfmiddlewaretoken=token))

    assert refused.status_code == 429
    assert CountingUploadHandler.received == 0
    assert not Candidate.objects.filter(email="late@example.com").exists()


def test_the_ai_notice_says_so_when_rejections_may_be_automatic():
    from tests.recruiting.screening.test_services import _rule

    reviewed, automatic = JobFactory(), JobFactory()
    _rule(reviewed, auto_reject=False)
    _rule(automatic, auto_reject=True)
    client = Client()

    reviewed_html = client.get(reverse("careers:job-detail", args=[reviewed.pk])).content
    automatic_html = client.get(reverse("careers:job-detail", args=[automatic.pk])).content

    assert b'data-testid="ai-notice-automatic"' not in reviewed_html
    assert b'data-testid="ai-notice-automatic"' in automatic_html
