"""HR's review template pages: create, change, the weights refused with nothing saved,
a template in use saved as a new one, HR only, constant queries on the list."""

from decimal import Decimal

import pytest
from django.urls import reverse

from employees.models import ReviewTemplate, TemplateSection
from employees.performance.templates import SectionInput, review_template_save
from hrflow.accounts.roles import Role
from hrflow.competencies.models import Competency
from hrflow.core.models import AuditEvent
from hrflow.org.models import Department
from tests.employees.performance.scene import competency_make, cycle_open, scene_make
from tests.hrflow.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_client(client):  # type: ignore[no-untyped-def]
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _hr(client):  # type: ignore[no-untyped-def]
    user = UserFactory(roles=[Role.HR_ADMIN])
    client.force_login(user)
    return user


def _form(competency, kpi="60", competencies="40", **extra):  # type: ignore[no-untyped-def]
    return {
        "name": "生产考核",
        "kind_0": "kpi",
        "title_0": "KPI",
        "weight_0": kpi,
        "kind_1": "competencies",
        "title_1": "能力",
        "weight_1": competencies,
        "competencies_1": [str(competency.pk)],
        "kind_2": "comments",
        "title_2": "评语",
        "weight_2": "",
        **extra,
    }


def _sections(template: ReviewTemplate) -> list[tuple[str, str, Decimal]]:
    return [(s.kind, s.title, s.weight) for s in template.sections.order_by("position")]


def test_hr_creates_a_department_template_with_its_sections(english_client):
    _hr(english_client)
    competency = competency_make()
    department = DepartmentFactory()

    response = english_client.post(
        reverse("employees:performance-template-create"),
        _form(competency, department=str(department.pk)),
    )

    template = ReviewTemplate.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("employees:performance-template", kwargs={"pk": template.pk})
    assert template.department == department
    assert _sections(template) == [
        ("kpi", "KPI", Decimal(60)),
        ("competencies", "能力", Decimal(40)),
        ("comments", "评语", Decimal(0)),
    ]
    assert list(template.sections.get(kind="competencies").competencies.all()) == [competency]
    assert AuditEvent.objects.filter(action="employees.review_template_save").count() == 1
    page = english_client.get(response.url)
    assert page.status_code == 200
    assert 'value="生产考核"' in page.content.decode()
    assert 'name="weight_0" value="60"' in page.content.decode()  # not 6E+1


def test_hr_changes_an_unused_template_in_place(english_client):
    _hr(english_client)
    competency = competency_make()
    english_client.post(reverse("employees:performance-template-create"), _form(competency))
    template = ReviewTemplate.objects.get()
    url = reverse("employees:performance-template", kwargs={"pk": template.pk})

    response = english_client.post(url, _form(competency, kpi="70", competencies="30", name="新"))

    assert response.status_code == 302
    template.refresh_from_db()
    assert ReviewTemplate.objects.count() == 1
    assert template.name == "新"
    assert [w for _k, _t, w in _sections(template)] == [Decimal(70), Decimal(30), Decimal(0)]


@pytest.mark.parametrize(("kpi", "total"), [("50", "90"), ("70", "110")])
def test_weights_not_adding_up_to_100_are_a_form_error_and_nothing_changes(
    english_client, kpi, total
):
    _hr(english_client)
    competency = competency_make()
    english_client.post(reverse("employees:performance-template-create"), _form(competency))
    template = ReviewTemplate.objects.get()
    before = _sections(template)
    audits = AuditEvent.objects.count()

    for url in (
        reverse("employees:performance-template", kwargs={"pk": template.pk}),
        reverse("employees:performance-template-create"),
    ):
        response = english_client.post(url, _form(competency, kpi=kpi, name="改"))

        assert response.status_code == 400
        assert f"The weights add up to {total} %; they must add up to 100 %." in (
            response.content.decode()
        )
    template.refresh_from_db()
    assert template.name == "生产考核"
    assert _sections(template) == before
    assert ReviewTemplate.objects.count() == 1
    assert AuditEvent.objects.count() == audits


@pytest.mark.parametrize(
    "bad",
    [
        {"kind_0": "bonus"},  # no such kind
        {"kind_3": "", "title_3": "无类型"},  # a row with a title and no kind
        {"weight_0": "NaN"},
        {"weight_0": "1e999999"},
        {"weight_0": "-10", "weight_1": "110"},
        {"competencies_1": ["²"]},
        {"competencies_1": ["99999999"]},  # not in the catalogue
        {"competencies_1": []},  # a competencies section rating nothing
        {"department": "²"},
        {"name": "a\x00b"},
        {"title_0": "x" * 121},
    ],
)
def test_hostile_input_is_refused_with_nothing_saved(client, bad):
    _hr(client)
    competency = competency_make()

    response = client.post(
        reverse("employees:performance-template-create"), _form(competency, **bad)
    )

    assert response.status_code == 400
    assert not ReviewTemplate.objects.exists()
    assert not TemplateSection.objects.exists()


def test_a_template_reviews_use_is_saved_as_a_new_one_and_the_page_says_so(english_client):
    scene = scene_make(people=1)
    cycle_open(scene)
    english_client.force_login(scene.hr)
    url = reverse("employees:performance-template", kwargs={"pk": scene.template.pk})
    before = _sections(scene.template)

    page = english_client.get(url)
    assert page.status_code == 200
    assert 'data-testid="template-in-use"' in page.content.decode()
    assert "Save as a new template" in page.content.decode()

    response = english_client.post(url, _form(scene.competency, kpi="70", competencies="30"))

    new = ReviewTemplate.objects.exclude(pk=scene.template.pk).get()
    assert response.status_code == 302
    assert response.url == reverse("employees:performance-template", kwargs={"pk": new.pk})
    assert _sections(scene.template) == before  # the running cycle's reviews keep theirs
    assert [w for _k, _t, w in _sections(new)] == [Decimal(70), Decimal(30), Decimal(0)]


def test_template_pages_are_hrs_only(client):
    scene = scene_make(people=1)
    cycle_open(scene)  # scene.boss_user manages scene.users[0]
    urls = [
        reverse("employees:performance-templates"),
        reverse("employees:performance-template-create"),
        reverse("employees:performance-template", kwargs={"pk": scene.template.pk}),
    ]
    for user in (scene.boss_user, scene.users[0], UserFactory(roles=[Role.HIRING_MANAGER])):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url, _form(scene.competency, name="夺")).status_code == 404
    assert ReviewTemplate.objects.count() == 1
    assert ReviewTemplate.objects.get().name == "车间考核"
    client.force_login(scene.hr)
    missing = reverse("employees:performance-template", kwargs={"pk": scene.template.pk + 999})
    assert client.get(missing).status_code == 404


def test_the_list_reads_the_same_queries_for_one_template_or_many(
    client, django_assert_max_num_queries
):
    _hr(client)
    competency = competency_make()
    url = reverse("employees:performance-templates")
    client.post(reverse("employees:performance-template-create"), _form(competency))
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    one = len(few.captured_queries)  # read now: the next request clears the query log
    for number in range(8):
        client.post(
            reverse("employees:performance-template-create"),
            _form(competency, name=f"模板{number}", department=str(DepartmentFactory().pk)),
        )
    with django_assert_max_num_queries(one):
        response = client.get(url)
    assert response.content.decode().count('data-testid="review-template-row"') == 9
    assert 'KPI <span class="muted small">60 %</span>' in response.content.decode()


def test_the_cycle_list_links_to_the_templates(client):
    _hr(client)
    page = client.get(reverse("employees:performance-cycles")).content.decode()
    assert reverse("employees:performance-templates") in page


def _template_of(competency, extra_comments=0, department=None):  # type: ignore[no-untyped-def]
    """A template (KPI 60, competencies 40, comments) with `extra_comments` comment
    sections more, made by the service."""
    sections = [
        SectionInput(kind="kpi", title="KPI", weight=Decimal(60)),
        SectionInput(
            kind="competencies", title="能力", weight=Decimal(40), competency_ids=(competency.pk,)
        ),
        *(
            SectionInput(kind="comments", title=f"评语{n}", weight=Decimal(0))
            for n in range(1 + extra_comments)
        ),
    ]
    return review_template_save(
        name="生产考核", sections=sections, department=department, actor=None
    )


def _as_shown(template):  # type: ignore[no-untyped-def]
    """The POST a browser sends back for the template's page unchanged."""
    data = {"name": template.name, "department": str(template.department_id or "")}
    for row, section in enumerate(template.sections.order_by("position")):
        data |= {
            f"kind_{row}": section.kind,
            f"title_{row}": section.title,
            f"weight_{row}": format(section.weight.normalize(), "f"),
            f"competencies_{row}": [str(c.pk) for c in section.competencies.all()],
        }
    return data


def test_a_template_with_more_sections_than_the_rows_keeps_them_all(english_client):
    _hr(english_client)
    template = _template_of(competency_make(), extra_comments=4)  # 7 sections
    before = _sections(template)
    url = reverse("employees:performance-template", kwargs={"pk": template.pk})

    page = english_client.get(url).content.decode()
    response = english_client.post(url, _as_shown(template))

    assert 'name="title_6" value="评语4"' in page
    assert 'name="kind_7"' in page  # a spare row for one more
    assert response.status_code == 302
    assert len(before) == 7
    assert _sections(template) == before


def test_a_deactivated_competency_stays_on_offer_and_is_kept_on_save(english_client):
    _hr(english_client)
    competency = competency_make()
    template = _template_of(competency)
    Competency.objects.filter(pk=competency.pk).update(is_active=False)
    url = reverse("employees:performance-template", kwargs={"pk": template.pk})

    page = english_client.get(url).content.decode()
    response = english_client.post(url, _as_shown(template) | {"name": "改名"})

    assert "(inactive)" in page
    assert f'name="competencies_1" value="{competency.pk}"' in page
    assert response.status_code == 302
    section = TemplateSection.objects.get(template=template, kind="competencies")
    assert list(section.competencies.all()) == [competency]
    assert ReviewTemplate.objects.get(pk=template.pk).name == "改名"


def test_a_new_template_may_not_name_a_deactivated_competency(english_client):
    _hr(english_client)
    competency = competency_make()
    _template_of(competency)
    Competency.objects.filter(pk=competency.pk).update(is_active=False)

    response = english_client.post(
        reverse("employees:performance-template-create"), _form(competency, name="另一个")
    )

    assert response.status_code == 400
    assert ReviewTemplate.objects.count() == 1


def test_a_deactivated_department_stays_on_offer_and_is_kept_on_save(english_client):
    _hr(english_client)
    department = DepartmentFactory()
    template = _template_of(competency_make(), department=department)
    Department.objects.filter(pk=department.pk).update(is_active=False)
    url = reverse("employees:performance-template", kwargs={"pk": template.pk})

    page = english_client.get(url).content.decode()
    response = english_client.post(url, _as_shown(template) | {"name": "改名"})

    assert f"{department} (inactive)" in page
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.name, template.department) == ("改名", department)
