"""The competency catalogue lives in core now; recruiting's scores point at it."""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from hrflow.competencies.models import Dimension
from hrflow.core.models import AuditEvent
from recruiting.catalogue import DIMENSIONS
from recruiting.models import AssessmentDimensionScore
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_catalogue_is_installed_in_the_same_table():
    """The move was state-only: the rows recruiting installed are still there."""
    assert Dimension._meta.db_table == "recruiting_dimension"
    assert set(Dimension.objects.values_list("code", flat=True)) == {d[0] for d in DIMENSIONS}
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM recruiting_dimension")
        assert cursor.fetchone()[0] == len(DIMENSIONS)


def test_the_model_belongs_to_competencies_and_recruiting_has_none():
    assert apps.get_model("competencies", "Dimension") is Dimension
    with pytest.raises(LookupError):
        apps.get_model("recruiting", "Dimension")
    assert AssessmentDimensionScore._meta.get_field("dimension").related_model is Dimension
    content_type = ContentType.objects.get_for_model(Dimension)
    assert (content_type.app_label, content_type.model) == ("competencies", "dimension")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_adds_and_renames_a_dimension_through_the_audited_services(admin_client):
    response = admin_client.post(
        "/admin/competencies/dimension/add/",
        {"code": "customer_focus", "name_zh": "客户导向", "name_en": "Customer focus"},
    )
    assert response.status_code == 302
    added = Dimension.objects.get(code="customer_focus")
    assert AuditEvent.objects.filter(
        action="competencies.dimension_create", target_id=str(added.pk)
    ).exists()

    # The code is shown, not editable: scores, rules and vendor mappings name it.
    response = admin_client.post(
        f"/admin/competencies/dimension/{added.pk}/change/",
        {"code": "other", "name_zh": "以客户为中心", "name_en": "Customer focus"},
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.code, added.name_zh) == ("customer_focus", "以客户为中心")
    event = AuditEvent.objects.get(action="competencies.dimension_update")
    assert event.changes == {"name_zh": ["客户导向", "以客户为中心"]}
    delete_url = f"/admin/competencies/dimension/{added.pk}/delete/"
    assert admin_client.get(delete_url).status_code == 403
