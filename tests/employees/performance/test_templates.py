"""Review templates: sections saved at once, weights summing to 100 %, active competencies."""

from decimal import Decimal

import pytest

from employees.models import ReviewTemplate, SectionKind, TemplateSection
from employees.performance.templates import SectionInput, review_template_save
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from tests.employees.performance.scene import competency_make, template_sections

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_template_is_saved_with_its_sections_and_competencies_and_audited():
    competency = competency_make()

    template = review_template_save(
        name=" 车间考核 ", sections=template_sections(competency), actor=None
    )

    assert template.name == "车间考核"
    rows = list(template.sections.order_by("position"))
    assert [(row.kind, row.weight) for row in rows] == [
        ("kpi", Decimal(60)),
        ("competencies", Decimal(40)),
        ("comments", Decimal(0)),
    ]
    assert list(rows[1].competencies.all()) == [competency]
    assert AuditEvent.objects.filter(action="employees.review_template_save").count() == 1


@pytest.mark.parametrize(
    ("weights", "total"),
    [((60, 30), "90"), ((60, 50), "110"), ((Decimal("33.33"), Decimal("66.66")), "99.99")],
)
def test_weights_that_do_not_sum_to_100_are_refused_with_the_total(weights, total):
    competency = competency_make()
    sections = [
        SectionInput(kind=SectionKind.KPI, title="KPI", weight=Decimal(weights[0])),
        SectionInput(
            kind=SectionKind.COMPETENCIES,
            title="能力",
            weight=Decimal(weights[1]),
            competency_ids=(competency.pk,),
        ),
    ]

    with pytest.raises(ApplicationError) as refused:
        review_template_save(name="x", sections=sections, actor=None)

    assert f"add up to {total} %" in refused.value.message
    assert not ReviewTemplate.objects.exists()
    assert not TemplateSection.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        SectionInput(kind=SectionKind.COMMENTS, title="评语", weight=Decimal(10)),
        SectionInput(kind="essay", title="x", weight=Decimal(0)),
        SectionInput(kind=SectionKind.KPI, title="  ", weight=Decimal(0)),
        SectionInput(kind=SectionKind.KPI, title="KPI", weight=Decimal("NaN")),
        SectionInput(kind=SectionKind.KPI, title="KPI", weight=Decimal("-1")),
        SectionInput(kind=SectionKind.COMPETENCIES, title="能力", weight=Decimal(0)),
    ],
)
def test_a_bad_section_changes_nothing(bad):
    competency = competency_make()
    sections = [*template_sections(competency), bad]

    with pytest.raises(ApplicationError):
        review_template_save(name="x", sections=sections, actor=None)

    assert not ReviewTemplate.objects.exists()


def test_inactive_or_unknown_competencies_are_refused():
    retired = competency_make("retired")
    retired.is_active = False
    retired.save()
    for ids in ((retired.pk,), (10**9,)):
        sections = [
            SectionInput(
                kind=SectionKind.COMPETENCIES, title="能力", weight=Decimal(100), competency_ids=ids
            )
        ]
        with pytest.raises(ApplicationError, match="active competencies"):
            review_template_save(name="x", sections=sections, actor=None)
    assert not ReviewTemplate.objects.exists()


def test_a_template_in_use_keeps_its_sections(english):
    from tests.employees.performance.scene import cycle_open, scene_make

    scene = scene_make()
    cycle_open(scene)

    with pytest.raises(ApplicationError, match="save your changes as a new template"):
        review_template_save(
            name="new",
            template=scene.template,
            sections=template_sections(scene.competency),
            actor=None,
        )

    assert scene.template.sections.count() == 3
