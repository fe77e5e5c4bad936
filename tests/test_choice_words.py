"""Every choice list candidates meet, rendered in Chinese, against the words expected.

One English word can carry two Chinese meanings ("Yes" answers a question, 是, or
recommends a person, 推荐): the catalogue tells them apart by message context. The
careers apply form and the portal's forms are rendered as a candidate sees them,
and each choice list is read from the HTML and compared with this table.
"""

from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from recruiting.models import Interview, SurveyResponse
from recruiting.questions.services import QuestionSpec, screening_questions_save
from tests.portal.helpers import portal_client
from tests.recruiting.careers_helpers import job_without_ai_interview
from tests.recruiting.factories import ApplicationFactory
from tests.recruiting.interviews.test_services import scheduled
from tests.recruiting.services.test_surveys import ai_interview_done

pytestmark = pytest.mark.django_db

APPLY_FORM_CHOICES = {
    "gender": ["—", "女", "男", "其他性别", "不愿透露"],
    "age_band": ["—", "25岁以下", "25-34岁", "35-44岁", "45-54岁", "55岁及以上", "不愿透露"],
    "ethnicity": ["—", "汉族", "少数民族", "不愿透露"],
    "disability": ["—", "是", "否", "不愿透露"],
    "yes_no_question": ["是", "否"],
    "single_choice_question": ["请选择…", "本科", "硕士"],
}
SURVEY_CHOICES = {"rating": ["1很差", "2差", "3一般", "4好", "5非常好"]}  # number, then word


class ChoiceLists(HTMLParser):
    """{field name: [visible label of each option or radio]} from a rendered form."""

    def __init__(self) -> None:
        super().__init__()
        self.lists: dict[str, list[str]] = {}
        self.radio_names: dict[str, str] = {}  # radio id -> its field name
        self._select = ""
        self._label_for = ""
        self._text: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "select":
            self._select = values.get("name", "")
            self.lists[self._select] = []
        elif tag == "option" and self._select:
            self._text = []
        elif tag == "input" and values.get("type") == "radio":
            self.radio_names[values.get("id", "")] = values.get("name", "")
        elif tag == "label" and values.get("for") in self.radio_names:
            self._label_for = values["for"]
            self._text = []
        elif tag == "label" and self._text is None:
            self._depth = 0
        if self._label_for and tag == "label":
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = ""
        elif tag == "option" and self._text is not None:
            self.lists[self._select].append("".join(self._text).strip())
            self._text = None
        elif tag == "label" and self._label_for:
            self._depth -= 1
            if self._depth == 0:
                name = self.radio_names[self._label_for]
                self.lists.setdefault(name, []).append("".join(self._text or []).strip())
                self._label_for, self._text = "", None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def choice_lists(html: str) -> dict[str, list[str]]:
    parser = ChoiceLists()
    parser.feed(html)
    return parser.lists


def test_the_apply_forms_choice_lists_read_as_chinese_candidates_expect():
    job = job_without_ai_interview()
    yes_no, single = screening_questions_save(
        job=job,
        questions=[
            QuestionSpec(text="能否五月入职？", kind="yes_no"),
            QuestionSpec(text="最高学历", kind="single_choice", choices=("本科", "硕士")),
        ],
        actor=None,
    )

    response = Client().get(
        reverse("careers:job-detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    found = choice_lists(response.content.decode())
    found["yes_no_question"] = found.pop(f"q{yes_no.pk}")
    found["single_choice_question"] = found.pop(f"q{single.pk}")
    assert found == APPLY_FORM_CHOICES


def test_the_portal_surveys_choices_read_as_chinese_candidates_expect():
    application = ApplicationFactory()
    ai_interview_done(application)
    client = portal_client(application.candidate, language="zh-hans")

    response = client.get(
        reverse(
            "portal:survey",
            kwargs={"pk": application.pk, "moment": SurveyResponse.Moment.AFTER_AI_INTERVIEW},
        )
    )

    assert response.status_code == 200
    assert choice_lists(response.content.decode()) == SURVEY_CHOICES


def test_the_portal_names_a_past_interview_held_and_its_length_in_interview_words():
    interview, _people, _hr = scheduled()
    interview.status = Interview.Status.COMPLETED  # as the interview's end leaves it

    with translation.override("zh-hans"):
        listed = render_to_string("portal/_interviews.html", {"interviews": [interview]})
    page = portal_client(interview.application.candidate, language="zh-hans").get(
        reverse("portal:interview", kwargs={"pk": interview.pk})
    )

    assert "已进行" in listed  # not 暂存, the word for a result set aside
    assert "暂存" not in listed
    assert "时长" in page.text  # an interview's length, not a job's 耗时
    assert "耗时" not in page.text
