"""The careers site shows and filters a job's China basics, hides internal channels,
closes a job at its deadline and asks for a mobile number unless the job says not to."""

import html as html_module
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from recruiting.models import Application, Candidate, HiringChannel, Job
from recruiting.selectors.careers import careers_today
from tests.careers.test_pages import _form
from tests.recruiting.factories import JobFactory

pytestmark = pytest.mark.django_db
BOARD = reverse("careers:job-list")


def _client(language: str = "zh-hans") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    return client


def _text(response) -> str:
    """The page's visible text, tags stripped and spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _titles(response) -> list[str]:
    return sorted(job.title for job in response.context["page"].object_list)


def _posting(**fields) -> Job:
    values = {
        "title": "后端开发工程师",
        "channel": "experienced",
        "salary_min_k": 15,
        "salary_max_k": 25,
        "salary_months": 13,
        "education_required": "bachelor",
        "experience_required": "3_5",
        "application_deadline": date(2027, 1, 31),
    }
    values.update(fields)
    return JobFactory(**values)


def _detail(job: Job) -> str:
    return reverse("careers:job-detail", args=[job.pk])


def test_the_board_and_the_posting_show_pay_education_experience_and_deadline_in_chinese(
    settings,
):
    job = _posting(application_deadline=careers_today() + timedelta(days=30))
    deadline = job.application_deadline.isoformat()

    for url in (BOARD, _detail(job)):
        text = _text(_client().get(url))
        assert "15k–25k · 13薪" in text, url
        assert "本科" in text, url
        assert "3-5年" in text, url
        assert f"截止 {deadline}" in text, url


def test_the_same_facts_read_in_english():
    job = _posting(application_deadline=careers_today() + timedelta(days=30))

    for url in (BOARD, _detail(job)):
        text = _text(_client("en").get(url))
        assert "¥15k–25k/month · 13 months" in text, url
        assert "Bachelor's degree" in text, url
        assert "3–5 years" in text, url
        assert f"Apply by {job.application_deadline.isoformat()}" in text, url


def test_twelve_months_a_single_figure_and_no_requirements_read_plainly():
    _posting(
        title="客服专员",
        salary_min_k=6,
        salary_max_k=6,
        salary_months=12,
        education_required="any",
        experience_required="any",
        application_deadline=None,
    )

    zh, en = _text(_client().get(BOARD)), _text(_client("en").get(BOARD))

    assert "6k" in zh
    assert "薪" not in zh.split("客服专员", 1)[1][:40]
    assert "学历不限" in zh
    assert "经验不限" in zh
    assert "截止" not in zh
    assert "¥6k/month" in en
    assert "Any education" in en
    assert "Any experience" in en


def test_a_negotiable_salary_shows_no_numbers_anywhere_and_is_never_filtered_on():
    job = _posting(salary_negotiable=True, salary_min_k=40, salary_max_k=60)

    board, detail = _client().get(BOARD), _client().get(_detail(job))

    for response in (board, detail):
        text = _text(response)
        assert "薪资面议" in text
        assert "40k" not in text
        assert "60k" not in text
    # a filter on pay would reveal the hidden range, so such jobs never match one
    assert _titles(_client().get(BOARD, {"salary": "30"})) == []


def test_the_board_filters_by_pay_education_and_experience():
    _posting(title="A", salary_min_k=8, salary_max_k=12, education_required="associate")
    _posting(title="B", salary_min_k=20, salary_max_k=35, experience_required="5_10")
    _posting(title="C", salary_min_k=None, salary_max_k=None, education_required="master")

    client = _client()
    assert _titles(client.get(BOARD, {"salary": "10"})) == ["A", "B"]  # the range reaches it
    assert _titles(client.get(BOARD, {"salary": "15"})) == ["B"]
    assert _titles(client.get(BOARD, {"education": "master"})) == ["C"]
    assert _titles(client.get(BOARD, {"experience": "5_10"})) == ["B"]
    assert _titles(client.get(BOARD, {"salary": "10", "education": "associate"})) == ["A"]


@pytest.mark.parametrize(
    "params",
    [
        {"salary": "abc"},
        {"salary": "-5"},
        {"salary": "0"},
        {"salary": "1e3"},
        {"salary": "99999999999999999999999999"},
        {"salary": "\uff11\uff15"},  # full-width digits
        {"education": "phd"},
        {"education": "本科"},
        {"education": "' OR 1=1 --"},
        {"experience": "3-5"},
        {"experience": "<script>alert(1)</script>"},
        {"experience": "x" * 5000},
        {"channel": "internal"},
        {"channel": "referral"},
        {"page": "-1", "salary": "NaN"},
    ],
)
def test_hostile_filter_values_are_ignored_without_an_error(params):
    _posting(title="A")
    _posting(title="B", education_required="master", experience_required="1_3")

    response = _client().get(BOARD, params)

    assert response.status_code == 200
    assert _titles(response) == ["A", "B"]
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_nul_in_a_filter_is_refused_before_any_view_reads_it():
    """The project's RejectNulMiddleware answers 400; the board never sees the value."""
    response = _client().get(BOARD, {"salary": "15\x00"})

    assert response.status_code == 400


def test_a_list_of_values_uses_the_last_valid_one_or_none():
    _posting(title="A", education_required="master")
    _posting(title="B")

    response = _client().get(f"{BOARD}?education=bachelor&education=master")

    assert response.status_code == 200
    assert _titles(response) == ["A"]


def test_outside_visitors_are_not_offered_internal_channels():
    _posting(title="社招")
    _posting(title="内推岗位", channel="referral")
    _posting(title="内部岗位", channel="internal")
    _posting(title="猎头岗位", channel="agency")

    response = _client().get(BOARD)
    html = response.content.decode()
    options = re.search(r'<select id="careers-channel".*?</select>', html, flags=re.S).group(0)

    assert _titles(response) == ["社招"]
    assert "校园招聘" in options
    assert "社会招聘" in options
    for internal in ("内部招聘", "内部推荐", "猎头", "外包"):
        assert internal not in _text(response), internal
    for code in ("internal", "referral", "agency"):
        assert f'value="{code}"' not in options


def test_an_internal_jobs_page_is_not_found_and_cannot_be_applied_to():
    job = _posting(channel="internal")

    assert _client().get(_detail(job)).status_code == 404
    assert _client().post(_detail(job), _form()).status_code == 404
    assert not Application.objects.exists()


def test_a_channel_made_public_in_the_data_is_offered_again():
    HiringChannel.objects.filter(code="referral").update(is_public=True)
    _posting(title="内推岗位", channel="referral")

    response = _client().get(BOARD, {"channel": "referral"})

    assert _titles(response) == ["内推岗位"]
    assert 'value="referral"' in response.content.decode()


def test_after_the_deadline_the_job_is_listed_as_closed_and_shows_no_form():
    job = _posting(application_deadline=careers_today() - timedelta(days=1))

    board, detail = _client().get(BOARD), _client().get(_detail(job))

    assert "已截止" in _text(board)
    assert detail.status_code == 200
    assert 'data-testid="apply-form"' not in detail.content.decode()
    assert 'data-testid="apply-closed"' in detail.content.decode()
    assert f"该职位已于 {job.application_deadline.isoformat()} 截止申请" in _text(detail)


def test_the_deadline_day_itself_still_takes_applications():
    job = _posting(application_deadline=careers_today())

    response = _client().post(_detail(job), _form())

    assert response.status_code == 302
    assert Application.objects.filter(job=job).count() == 1


def test_an_application_sent_after_the_deadline_is_refused_with_a_message_and_nothing_stored():
    job = _posting(application_deadline=careers_today() - timedelta(days=1))

    response = _client("en").post(_detail(job), _form())

    assert response.status_code == 409
    assert "Applications for this job closed on" in _text(response)
    assert not Candidate.objects.exists()
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800138000", "+8613800138000"),
        ("+86 138-0013-8000", "+8613800138000"),
        ("0086 138 0013 8000", "+8613800138000"),
        ("\uff11\uff13\uff18 \uff10\uff10\uff11\uff13 \uff18\uff10\uff10\uff10", "+8613800138000"),
        ("+44 7911 123456", "+447911123456"),
        ("+1 (415) 555-2671", "+14155552671"),
    ],
)
def test_a_mobile_number_is_stored_as_e164(typed, stored):
    job = _posting()

    response = _client().post(_detail(job), _form(phone=typed))

    assert response.status_code == 302
    assert Candidate.objects.get().phone == stored


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        ("zh-hans", "", "该职位需要填写手机号码。"),
        ("en", "", "A mobile number is required for this job."),
        ("zh-hans", "12345", "请填写手机号码：以 1 开头的 11 位数字"),
        ("en", "12345", "Enter a mobile number: 11 digits starting with 1"),
        ("en", "021-12345678", "Enter a mobile number"),  # a landline
        ("en", "+86 10 1234 5678", "Enter a mobile number"),  # +86 but no mobile
        ("en", "+999 1", "Enter a mobile number"),  # no such shape
        ("en", "10012345678", "Enter a mobile number"),  # 1 then 0: no mobile prefix
    ],
)
def test_a_missing_or_bad_mobile_is_refused_on_its_field_in_the_page_language(
    language, typed, message
):
    job = _posting()

    response = _client(language).post(_detail(job), _form(phone=typed))

    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["phone"])
    assert message in _text(response)
    assert not Candidate.objects.exists()


def test_a_job_that_turns_the_phone_off_takes_applications_without_one():
    job = _posting(phone_required=False)

    page = _text(_client("en").get(_detail(job)))
    response = _client().post(_detail(job), _form(phone=""))

    assert "Mobile phone (optional)" in page
    assert response.status_code == 302
    assert Candidate.objects.get().phone == ""


def test_a_job_without_the_phone_rule_still_checks_a_number_given():
    job = _posting(phone_required=False)

    response = _client("en").post(_detail(job), _form(phone="12345"))

    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    assert not Candidate.objects.exists()


def test_the_phone_field_is_marked_required_unless_the_job_turns_it_off():
    required = _client("en").get(_detail(_posting()))
    optional = _client("en").get(_detail(_posting(title="B", phone_required=False)))

    field = re.search(r'<input[^>]*name="phone"[^>]*>', required.content.decode()).group(0)
    assert "required" in field
    field = re.search(r'<input[^>]*name="phone"[^>]*>', optional.content.decode()).group(0)
    assert "required" not in field


def test_jobs_past_their_deadline_are_listed_after_those_still_open():
    _posting(title="招聘中", application_deadline=None)
    _posting(title="已截止", application_deadline=careers_today() - timedelta(days=1))  # newer

    response = _client().get(BOARD)

    assert [job.title for job in response.context["page"].object_list] == ["招聘中", "已截止"]
