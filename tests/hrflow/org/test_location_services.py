import pytest
from django.core.exceptions import ValidationError

from hrflow.core.models import AuditEvent
from hrflow.org.services import location_create, location_update
from tests.hrflow.factories import LocationFactory

pytestmark = pytest.mark.django_db


def test_location_create_and_update_are_audited():
    location = location_create(name="杭州研发中心", code="hz", city="杭州")

    location_update(location=location, city="Hangzhou", address="西湖区")

    location.refresh_from_db()
    assert (location.city, location.address) == ("Hangzhou", "西湖区")
    event = AuditEvent.objects.get(action="org.location_update")
    assert event.changes == {"city": ["杭州", "Hangzhou"], "address": ["", "西湖区"]}


def test_duplicate_location_code_is_refused():
    LocationFactory(code="sh")
    with pytest.raises(ValidationError):
        location_create(name="另一个", code="sh")
