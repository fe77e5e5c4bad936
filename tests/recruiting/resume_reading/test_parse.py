"""Fields read from four real-layout resumes (two Chinese, two English), sent as PDFs."""

import pytest

from recruiting.models import ResumeFieldSuggestion
from recruiting.resume_reading.parse import resume_parse_text
from recruiting.resume_reading.services import resume_parse
from recruiting.services.resumes import resume_attach
from tests.recruiting.factories import CandidateFactory
from tests.recruiting.resume_pdfs import text_pdf
from tests.recruiting.resume_reading.sample_resumes import EXPECTED, TODAY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_field_of_the_resume_is_suggested_and_the_profile_is_left_alone(name):
    text, expected = EXPECTED[name]
    candidate = CandidateFactory()
    resume = resume_attach(
        candidate=candidate, name=f"{name}.pdf", data=text_pdf(text.splitlines())
    )

    resume_parse(resume=resume, today=TODAY)

    suggested = dict(
        ResumeFieldSuggestion.objects.filter(resume=resume).values_list("field", "value")
    )
    assert suggested == expected
    assert set(
        ResumeFieldSuggestion.objects.filter(resume=resume).values_list("status", flat=True)
    ) == {"pending"}
    candidate.refresh_from_db()
    assert (candidate.city, candidate.current_title, candidate.education) == ("", "", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "王磊\n性别：男 | 所在地：广州 | 学历：本科\n"
            "毕业院校：华南理工大学 专业：软件工程 毕业时间：2020年7月\n"
            "工作经历\n2020/07 \u2013 至今 | 广州唯品会信息科技有限公司 | Java开发工程师",
            {
                "city": "广州",
                "school": "华南理工大学",
                "degree": "本科",
                "major": "软件工程",
                "graduation_year": "2020",
                "current_title": "Java开发工程师",
                "years_experience": "6",
            },
        ),
        (
            "Anna Li\nLocation: Hangzhou\nWork Experience\n"
            "Alibaba Group | Product Manager | 2019 - Present\n"
            "Education\nZhejiang University, Master of Engineering in Control Science, 2019",
            {
                "city": "Hangzhou",
                "school": "Zhejiang University",
                "degree": "Master",
                "major": "Control Science",
                "graduation_year": "2019",
                "current_title": "Product Manager",
                "years_experience": "7",
            },
        ),
    ],
    ids=["zh-labelled-one-line", "en-bars"],
)
def test_other_common_layouts(text, expected):
    assert resume_parse_text(text, today=TODAY).fields() == expected


def test_a_city_only_wished_for_is_not_taken_for_where_they_live():
    parsed = resume_parse_text(
        "赵六\n期望城市：深圳\n工作经历\n2020.01-至今 某某公司 销售经理", today=TODAY
    )
    assert parsed.city == ""
    assert parsed.current_title == "销售经理"
