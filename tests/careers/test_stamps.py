"""The apply form's "shown" stamp through the page: it proves the fill time once, for
the visitor it was shown to, for a few hours (careers/stamps.py).

What a person does: opens the form, sends it once (or twice, by a double click);
opens two jobs in two tabs and sends both; sends a bad file, fixes it and sends
again; leaves the tab open overnight. What a script does: takes one stamp, waits
the minimum once, and posts it from fresh sessions, as often as it likes.
"""

import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from recruiting.models import Application, Job
from tests.recruiting.factories import JobFactory
from tests.recruiting.services.test_resume_attach import pdf

pytestmark = pytest.mark.django_db


def _form(email: str, shown: str, resume: bytes | None = None) -> dict[str, object]:
    return {
        "full_name": "张伟",
        "email": email,
        "phone": "13800138000",
        "resume": SimpleUploadedFile("cv.pdf", resume or pdf(), content_type="application/pdf"),
        "consent_data": "on",
        "consent_ai": "on",
        "shown": shown,
    }


def _url(job: Job) -> str:
    return reverse("careers:job-detail", args=[job.pk])


def _shown(client: Client, job: Job) -> str:
    """Open the job's page as a browser does; the stamp its form carries."""
    page = client.get(_url(job)).content.decode()
    return re.search(r'name="shown" value="([^"]+)"', page).group(1)


def test_one_stamp_replayed_in_fresh_sessions_stores_one_application(settings):
    """The report: one stamp, waited out once, posted from three fresh sessions."""
    settings.HRFLOW_CAREERS_MIN_FILL_SECONDS = 0.05
    jobs = [JobFactory() for _ in range(5)]
    first = Client()
    stamp = _shown(first, jobs[0])
    time.sleep(0.1)  # the minimum, waited out once

    first.post(_url(jobs[0]), _form("a@example.com", stamp))
    Client().post(_url(jobs[1]), _form("b@example.com", stamp))  # no cookies at all
    opened = Client()
    _shown(opened, jobs[2])  # a fresh session that opened the page for its own cookies
    opened.post(_url(jobs[2]), _form("c@example.com", stamp))
    Client().post(_url(jobs[3]), _form("d@example.com", stamp))
    first.post(_url(jobs[4]), _form("e@example.com", stamp))  # the same session, again

    assert Application.objects.count() == 1
    assert Application.objects.get().job == jobs[0]


def _aged(client: Client, job: Job, seconds_ago: float) -> str:
    """The stamp this client's page would have carried `seconds_ago`."""
    from careers.stamps import VISITOR_COOKIE, stamp_issue

    _shown(client, job)  # the visitor's cookie
    visitor = client.cookies[VISITOR_COOKIE].value
    return stamp_issue(visitor=visitor, shown_at=time.time() - seconds_ago)


@pytest.mark.parametrize(
    ("shown", "stored"),
    [
        (lambda client, job: _aged(client, job, 5), True),  # a person: five seconds
        (lambda client, job: _aged(client, job, 0.5), False),  # a bot: half a second
        (lambda client, job: _shown(client, job), False),  # sent as soon as shown
        (lambda client, job: "1700000000.000:x:y:forged", False),  # a stamp we did not sign
        (lambda client, job: "", False),  # no stamp at all
    ],
)
def test_a_form_sent_faster_than_a_person_can_fill_it_is_thanked_and_not_stored(
    settings, shown, stored
):
    settings.HRFLOW_CAREERS_MIN_FILL_SECONDS = 3
    job = JobFactory()
    client = Client()

    response = client.post(_url(job), _form("li@example.com", shown(client, job)))

    assert response.status_code == 302
    assert response.url == reverse("careers:job-thanks", args=[job.pk])
    assert Application.objects.filter(job=job).exists() is stored


def test_two_tabs_each_send_once_and_a_double_click_stores_nothing_more(settings):
    settings.HRFLOW_CAREERS_MIN_FILL_SECONDS = 3
    first_job, second_job = JobFactory(), JobFactory()
    client = Client()
    first_tab, second_tab = _aged(client, first_job, 60), _aged(client, second_job, 60)

    sent = [
        client.post(_url(first_job), _form("li@example.com", first_tab)),
        client.post(_url(second_job), _form("li@example.com", second_tab)),
        client.post(_url(first_job), _form("li@example.com", first_tab)),  # the double click
    ]

    assert [response.status_code for response in sent] == [302, 302, 302]
    assert Application.objects.count() == 2


def test_a_stamp_older_than_its_lifetime_asks_to_send_the_form_again(settings):
    settings.HRFLOW_CAREERS_MIN_FILL_SECONDS = 3
    job = JobFactory()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    overnight = _aged(client, job, 7 * 3600)

    response = client.post(_url(job), _form("li@example.com", overnight))

    assert response.status_code == 200
    assert "more than 6 hours ago" in " ".join(response.context["form"].non_field_errors())
    assert not Application.objects.exists()
    # the form comes back with a new stamp of now: sent again later, it counts
    again = re.search(r'name="shown" value="([^"]+)"', response.content.decode()).group(1)
    assert again != overnight
    settings.HRFLOW_CAREERS_MIN_FILL_SECONDS = 0
    assert client.post(_url(job), _form("li@example.com", again)).status_code == 302
    assert Application.objects.count() == 1


def test_a_stamp_from_another_session_is_refused_visibly(settings):
    """A person whose cookies were cleared is told; a script's replay stores nothing."""
    job = JobFactory()
    stamp = _aged(Client(), job, 60)
    other = Client(HTTP_ACCEPT_LANGUAGE="en")

    response = other.post(_url(job), _form("li@example.com", stamp))

    assert response.status_code == 200
    assert "another browser window" in " ".join(response.context["form"].non_field_errors())
    assert not Application.objects.exists()


def test_a_refused_file_gives_the_stamp_back(settings):
    """The visitor fixes the file and sends the same form again: it is not taken for a replay."""
    settings.HRFLOW_CAREERS_MIN_FILL_SECONDS = 3
    job = JobFactory()
    client = Client()
    stamp = _aged(client, job, 60)

    refused = client.post(_url(job), _form("li@example.com", stamp, resume=b"MZ not a pdf"))
    fixed = client.post(_url(job), _form("li@example.com", stamp))

    assert refused.status_code == 200
    assert refused.context["form"].errors["resume"]
    assert fixed.status_code == 302
    assert Application.objects.count() == 1


def test_the_page_sets_its_visitor_cookie_for_the_careers_site_only():
    from careers.stamps import VISITOR_COOKIE

    client = Client()
    _shown(client, JobFactory())

    cookie = client.cookies[VISITOR_COOKIE]
    assert cookie["httponly"]
    assert cookie["path"] == "/careers/"
    assert cookie["samesite"] == "Lax"
    assert len(cookie.value) >= 20
