"""HR admins keep the competency catalogue in the app: list, add, edit (the code stays);
other roles open none of it, and bad input is a form error that changes nothing."""

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from hrflow.competencies.forms import CompetencyForm
from hrflow.competencies.models import Competency
from hrflow.competencies.services import competency_save
from hrflow.core.models import AuditEvent
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("competencies:competency-list")
CREATE = reverse("competencies:competency-create")
GOOD = {"code": "risk-control", "name_zh": "风险控制", "name_en": "Risk control", "levels": "4"}


def _edit_url(competency: Competency) -> str:
    return reverse("competencies:competency-edit", kwargs={"pk": competency.pk})


@pytest.fixture
def hr(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    return client


def _competency(code: str = "negotiation", *, is_active: bool = True) -> Competency:
    return competency_save(
        competency=None, code=code, name_zh="谈判", name_en="Negotiation", is_active=is_active
    )


def _catalogue() -> list[tuple]:
    return list(Competency.objects.order_by("pk").values_list())


def test_hr_sees_the_catalogue_with_codes_names_levels_and_status(hr):
    _competency("retired-skill", is_active=False)
    html = hr.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count('data-testid="competency-row"') == Competency.objects.count()
    assert 'data-code="safety_awareness"' in html  # the catalogue installed per dimension
    assert 'data-code="retired-skill"' in html
    assert "谈判" in html
    assert "Negotiation" in html
    assert reverse("competencies:dimension-map") in html


def test_hr_adds_a_competency_and_the_add_is_audited(hr):
    response = hr.post(CREATE, {**GOOD, "description": "  识别并控制项目风险  "})
    assert response.status_code == 302
    added = Competency.objects.get(code="risk-control")
    assert (added.name_zh, added.name_en, added.levels, added.is_active) == (
        "风险控制", "Risk control", 4, True,
    )  # fmt: skip
    assert added.description == "识别并控制项目风险"
    assert AuditEvent.objects.filter(
        action="competencies.competency_create", target_id=str(added.pk)
    ).exists()


def test_hr_edits_a_competency_but_never_its_code(hr):
    competency = _competency()
    form = hr.get(_edit_url(competency)).context["form"]
    assert "code" not in form.fields
    response = hr.post(
        _edit_url(competency),
        {"code": "other", "name_zh": "商务谈判", "name_en": "Negotiation", "levels": "3"},
    )
    assert response.status_code == 302
    competency.refresh_from_db()
    assert (competency.code, competency.name_zh, competency.levels) == (
        "negotiation",
        "商务谈判",
        3,
    )
    assert competency.is_active is False  # the box was not ticked: retired
    event = AuditEvent.objects.get(action="competencies.competency_update")
    assert event.changes == {
        "name_zh": ["谈判", "商务谈判"],
        "levels": [5, 3],
        "is_active": [True, False],
    }


BAD_FIELDS = [
    {"name_zh": ""},
    {"name_zh": "   "},
    {"name_en": ""},
    {"name_en": "x" * 81},
    {"description": "x" * 2001},
    {"levels": "0"},
    {"levels": "11"},
    {"levels": "-1"},
    {"levels": "NaN"},
    {"levels": "²"},
    {"levels": "٣"},  # Arabic-Indic 3: int() reads it, nobody typed it
    {"levels": "1" + "0" * 20},
    {"levels": ""},
]


@pytest.mark.parametrize("bad", [*BAD_FIELDS, {"code": ""}, {"code": "a b"}, {"code": "x" * 41}])
def test_bad_input_to_add_is_a_form_error_and_adds_nothing(hr, bad):
    before = _catalogue()
    response = hr.post(CREATE, {**GOOD, **bad})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == set(bad)
    assert _catalogue() == before
    assert not AuditEvent.objects.filter(action__startswith="competencies.").exists()


@pytest.mark.parametrize("bad", BAD_FIELDS)
def test_bad_input_to_edit_is_a_form_error_and_changes_nothing(hr, bad):
    competency = _competency()
    before = _catalogue()
    data = {"name_zh": "谈判", "name_en": "Negotiation", "levels": "5", "is_active": "on", **bad}
    response = hr.post(_edit_url(competency), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == set(bad)
    assert _catalogue() == before
    assert not AuditEvent.objects.filter(action="competencies.competency_update").exists()


def test_a_code_already_in_the_catalogue_is_refused_under_the_code(hr):
    before = _catalogue()
    response = hr.post(CREATE, {**GOOD, "code": "safety_awareness"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["code"]
    assert _catalogue() == before


def test_a_nul_character_is_refused_and_changes_nothing(hr):
    competency = _competency()
    before = _catalogue()
    assert hr.post(CREATE, {**GOOD, "name_zh": "风\x00险"}).status_code == 400
    data = {"name_zh": "谈\x00判", "name_en": "Negotiation", "levels": "5"}
    assert hr.post(_edit_url(competency), data).status_code == 400
    assert _catalogue() == before
    # Past the middleware, the form refuses it too.
    form = CompetencyForm({**GOOD, "name_en": "Risk\x00control"})
    assert list(form.errors) == ["name_en"]


def test_a_competency_that_does_not_exist_is_a_404(hr):
    missing = reverse("competencies:competency-edit", kwargs={"pk": 10**9})
    assert hr.get(missing).status_code == 404
    assert hr.post(missing, {"name_zh": "x", "name_en": "x", "levels": "5"}).status_code == 404


@pytest.mark.parametrize(
    "role", [Role.RECRUITER, Role.HIRING_MANAGER, Role.INTERVIEWER, Role.EMPLOYEE]
)
def test_only_hr_admins_open_the_competency_pages(client, role):
    competency = _competency()
    ours = AuditEvent.objects.filter(action__startswith="competencies.")
    before, events = _catalogue(), ours.count()
    client.force_login(UserFactory(roles=[role]))
    for url in (LIST, CREATE, _edit_url(competency), reverse("competencies:dimension-map")):
        assert client.get(url).status_code == 404, url
    assert client.post(CREATE, GOOD).status_code == 404
    data = {"name_zh": "x", "name_en": "x", "levels": "5"}
    assert client.post(_edit_url(competency), data).status_code == 404
    mapped = reverse("competencies:dimension-map")
    assert client.post(mapped, {"communication": competency.pk}).status_code == 404
    assert _catalogue() == before
    assert ours.count() == events


def test_the_menu_offers_competencies_to_hr_admins_only(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    assert f'href="{LIST}"' in client.get(reverse("web:dashboard")).content.decode()
    client.force_login(UserFactory(roles=[Role.RECRUITER]))
    assert f'href="{LIST}"' not in client.get(reverse("web:dashboard")).content.decode()


@pytest.mark.parametrize("extra", [0, 60])
def test_the_catalogue_costs_the_same_queries_at_any_size(hr, django_assert_max_num_queries, extra):
    for number in range(extra):
        _competency(f"extra-{number}")
    with django_assert_max_num_queries(5):
        response = hr.get(LIST)
    assert response.content.decode().count('data-testid="competency-row"') == (
        Competency.objects.count()
    )


def test_the_pages_speak_chinese_and_english(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    chinese = client.get(LIST).content.decode()  # the default language
    assert "新建能力项" in chinese
    assert "AI 评估维度 → 能力项" in chinese
    english = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "New competency" in english
    assert "AI dimensions → competencies" in english
