"""HR maps each AI dimension onto a competency in the app, as data: audited, refused
whole on bad input, and used by the next hire (evidence already drawn stays)."""

import pytest
from django.urls import reverse

from employees.models import SkillEvidence
from hrflow.accounts.roles import Role
from hrflow.competencies.models import Competency, Dimension, DimensionMapping
from hrflow.competencies.services import competency_save, dimension_map_save
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from recruiting.hiring.services import application_hire
from tests.employees.hire_scene import hire_scene
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db

MAP = reverse("competencies:dimension-map")


@pytest.fixture
def hr(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    return client


def _competency(code: str = "risk-control", *, is_active: bool = True) -> Competency:
    return competency_save(
        competency=None, code=code, name_zh="风险控制", name_en="Risk control", is_active=is_active
    )


def _map() -> dict[str, int]:
    return dict(DimensionMapping.objects.values_list("dimension__code", "competency_id"))


def _page_choices() -> dict[str, str]:
    """What the page sends back unchanged: every dimension with its competency."""
    mapping = _map()
    return {
        code: str(mapping.get(code, ""))
        for code in Dimension.objects.values_list("code", flat=True)
    }


def _map_events():
    return AuditEvent.objects.filter(action="competencies.dimension_map")


def test_hr_sees_every_dimension_with_its_competency_and_the_rule(hr):
    _competency("retired", is_active=False)
    response = hr.get(MAP, HTTP_ACCEPT_LANGUAGE="en")
    form = response.context["form"]
    assert set(form.fields) == set(Dimension.objects.values_list("code", flat=True))
    safety = Competency.objects.get(code="safety_awareness")
    assert form["safety_awareness"].initial == safety.pk
    offered = {value for value, _label in form.fields["safety_awareness"].choices}
    assert "" in offered  # no competency
    assert Competency.objects.get(code="retired").pk not in offered
    assert 'data-testid="dimension-map-help"' in response.content.decode()


def test_hr_remaps_a_dimension_and_the_change_is_audited_with_old_and_new(hr):
    target = _competency()
    old = _map()["safety_awareness"]
    response = hr.post(MAP, {**_page_choices(), "safety_awareness": str(target.pk)})
    assert response.status_code == 302
    assert _map()["safety_awareness"] == target.pk
    event = _map_events().get()  # the unchanged dimensions are not audited
    safety = Dimension.objects.get(code="safety_awareness")
    assert event.target_id == str(safety.pk)
    assert event.changes == {"competency": [old, target.pk]}


def test_hr_maps_a_dimension_to_no_competency_and_back(hr):
    old = _map()["teamwork"]
    assert hr.post(MAP, {**_page_choices(), "teamwork": ""}).status_code == 302
    assert "teamwork" not in _map()
    assert hr.post(MAP, {**_page_choices(), "teamwork": str(old)}).status_code == 302
    assert _map()["teamwork"] == old
    assert [event.changes for event in _map_events().order_by("pk")] == [
        {"competency": [old, None]},
        {"competency": [None, old]},
    ]


def test_saving_the_page_unchanged_changes_and_audits_nothing(hr):
    before = _map()
    assert hr.post(MAP, _page_choices()).status_code == 302
    assert _map() == before
    assert not _map_events().exists()


def test_a_dimension_the_request_does_not_name_keeps_its_competency(hr):
    """One added after the page was drawn is not unmapped by its save."""
    target = _competency()
    before = _map()
    assert hr.post(MAP, {"communication": str(target.pk)}).status_code == 302
    assert _map() == {**before, "communication": target.pk}


@pytest.mark.parametrize(
    "bad", ["10000000", "inactive", "0", "-1", "NaN", "²", "٣", "1" + "0" * 20, "x" * 3000]
)
def test_a_competency_that_is_missing_inactive_or_malformed_is_a_form_error(hr, bad):
    retired = _competency("retired", is_active=False)
    target = _competency()
    before = _map()
    value = str(retired.pk) if bad == "inactive" else bad
    data = {**_page_choices(), "communication": str(target.pk), "teamwork": value}
    response = hr.post(MAP, data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["teamwork"]
    assert _map() == before  # the valid choice beside it is not saved either
    assert not _map_events().exists()


def test_a_nul_character_is_refused_and_changes_nothing(hr):
    before = _map()
    assert hr.post(MAP, {**_page_choices(), "teamwork": "1\x00"}).status_code == 400
    assert _map() == before


def test_a_competency_retired_since_stays_offered_to_its_dimension_only(hr):
    current = _competency()
    dimension_map_save(competency_ids={"teamwork": current.pk})
    competency_save(
        competency=current, code=current.code, name_zh=current.name_zh,
        name_en=current.name_en, is_active=False,
    )  # fmt: skip
    form = hr.get(MAP).context["form"]
    assert current.pk in {value for value, _label in form.fields["teamwork"].choices}
    assert current.pk not in {value for value, _label in form.fields["communication"].choices}
    # Saving the page as drawn keeps it; choosing it for another dimension is refused.
    assert hr.post(MAP, _page_choices()).status_code == 302
    assert _map()["teamwork"] == current.pk
    response = hr.post(MAP, {**_page_choices(), "communication": str(current.pk)})
    assert list(response.context["form"].errors) == ["communication"]


def test_the_service_refuses_an_inactive_or_missing_competency_and_an_unknown_dimension():
    """Whatever the form let through in the meantime (a competency retired since)."""
    retired = _competency("retired", is_active=False)
    target = _competency()
    before = _map()
    for choices in (
        {"communication": target.pk, "teamwork": retired.pk},
        {"communication": target.pk, "teamwork": 10**9},
        {"communication": target.pk, "no_such_dimension": target.pk},
    ):
        with pytest.raises(ApplicationError):
            dimension_map_save(competency_ids=choices)
    assert _map() == before
    assert not _map_events().exists()


@pytest.mark.parametrize("extra", [0, 30])
def test_the_map_page_costs_the_same_queries_at_any_size(hr, django_assert_max_num_queries, extra):
    for number in range(extra):
        Dimension.objects.create(
            code=f"extra_{number}", name_zh=f"维度{number}", name_en=f"D{number}"
        )
        _competency(f"extra-{number}")
    with django_assert_max_num_queries(6):
        response = hr.get(MAP)
    assert len(response.context["form"].fields) == Dimension.objects.count()


def test_the_next_hire_draws_evidence_by_the_new_map_and_the_old_evidence_stays(hr):
    before = hire_scene()
    first = application_hire(application=before.application).employee
    target = _competency()
    old = _map()["safety_awareness"]
    assert (
        hr.post(
            MAP, {**_page_choices(), "safety_awareness": str(target.pk), "teamwork": ""}
        ).status_code
        == 302
    )

    after = hire_scene()
    second = application_hire(application=after.application).employee

    drawn = SkillEvidence.objects.filter(source="ai_interview")
    assert drawn.get(employee=first, dimension_code="safety_awareness").competency_id == old
    assert drawn.get(employee=second, dimension_code="safety_awareness").competency_id == target.pk
    assert drawn.filter(employee=first, dimension_code="teamwork").exists()
    assert not drawn.filter(employee=second, dimension_code="teamwork").exists()
