"""employee.hired and employee.changed: written in the change's transaction, once per change,
gone with a rolled-back one; read by HR admins' tokens through the cursor feed."""

from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from employees.models import Assignment
from employees.records.services import employee_identity_update
from employees.services.assignments import assignment_change
from hrflow.outbound.models import OutboundEvent
from hrflow.outbound.services import outbound_event_write
from recruiting.hiring.services import application_hire
from tests.employees.api.scene import Org
from tests.employees.hire_scene import hire_scene
from tests.recruiting.api.conftest import token_client

pytestmark = pytest.mark.django_db


def test_a_hire_writes_employee_hired_once_even_when_hired_twice() -> None:
    scene = hire_scene(files=False)

    first = application_hire(application=scene.application, actor=scene.recruiter)
    application_hire(application=scene.application, actor=scene.recruiter)

    events = list(OutboundEvent.objects.filter(topic="employee.hired"))
    assert len(events) == 1
    payload = events[0].payload
    assert payload["employee_number"] == first.employee.number
    assert payload["source_application_id"] == scene.application.pk
    assert payload["hire_date"] == first.employee.hire_date.isoformat()
    assert "phone" not in str(payload)
    assert first.employee.full_name not in str(payload)


def test_a_dated_change_writes_one_employee_changed_with_what_and_from_when(org: Org) -> None:
    assignment_change(
        employee=org.employee,
        valid_from=date(2025, 4, 1),
        change=Assignment.Change.TRANSFER,
        actor=org.users["hr_admin"],
        department_id=org.dept_a.pk,
        job_title="高级工程师",
    )

    (event,) = OutboundEvent.objects.filter(topic="employee.changed")
    assert event.payload["employee_number"] == "E900002"
    assert event.payload["effective_from"] == "2025-04-01"
    assert event.payload["change"] == "transfer"
    assert event.payload["fields"] == ["department", "job_title"]
    assert event.payload["job"] == {"department": org.dept_a.pk, "job_title": "高级工程师"}


def test_contact_changes_name_the_fields_never_the_values(org: Org) -> None:
    employee_identity_update(
        employee=org.employee, actor=org.users["hr_admin"], phone="13700137000", city="杭州"
    )
    employee_identity_update(
        employee=org.employee, actor=org.users["hr_admin"], phone="13700137000"
    )  # nothing changes: no event

    (event,) = OutboundEvent.objects.filter(topic="employee.changed")
    assert event.payload["fields"] == ["city", "phone"]
    assert "13700137000" not in str(event.payload)
    assert "杭州" not in str(event.payload)


def test_an_event_key_written_twice_is_one_event() -> None:
    with transaction.atomic():
        first = outbound_event_write(topic="t", key="retry-1", payload={"n": 1})
        again = outbound_event_write(topic="t", key="retry-1", payload={"n": 2})

    assert first.pk == again.pk
    assert OutboundEvent.objects.get(key="retry-1").payload == {"n": 1}


def test_a_failed_change_leaves_no_event(org: Org) -> None:
    def change_then_fail() -> None:
        with transaction.atomic():
            assignment_change(
                employee=org.employee,
                valid_from=date(2025, 4, 1),
                change=Assignment.Change.PROMOTION,
                actor=None,
                job_title="主管",
            )
            assert OutboundEvent.objects.count() == 1
            raise ZeroDivisionError  # the rest of the caller's transaction fails

    with pytest.raises(ZeroDivisionError):
        change_then_fail()

    assert OutboundEvent.objects.count() == 0
    assert not Assignment.objects.filter(employee=org.employee, job_title="主管").exists()


def test_the_feed_pages_by_cursor_and_filters_by_topic(org: Org) -> None:
    with transaction.atomic():
        for number in range(5):
            topic = "employee.changed" if number % 2 else "employee.hired"
            outbound_event_write(topic=topic, key=f"k{number}", payload={"n": number})
    client = token_client(org.users["hr_admin"])
    url = reverse("api:event-list")

    first = client.get(url, {"limit": 2}).json()
    rest = client.get(url, {"after": first["next_after"], "limit": 10}).json()
    changed = client.get(url, {"topic": "employee.changed"}).json()
    bad = client.get(url, {"after": "-1", "limit": "0"})

    assert [e["payload"]["n"] for e in first["results"]] == [0, 1]
    assert first["has_more"]
    assert [e["payload"]["n"] for e in rest["results"]] == [2, 3, 4]
    assert not rest["has_more"]
    assert [e["payload"]["n"] for e in changed["results"]] == [1, 3]
    assert bad.status_code == 400
    assert {"after", "limit"} <= set(bad.json()["errors"])


def test_hr_adding_someone_who_joined_without_a_hire_writes_employee_hired(org: Org) -> None:
    from employees.records.services import employee_create

    employee = employee_create(
        actor=org.users["hr_admin"],
        full_name="赵敏",
        hire_date=date(2024, 3, 1),
        department_id=org.dept_a.pk,
        job_title="会计",
        employment_type="full_time",
        status="regular",
    )

    (event,) = OutboundEvent.objects.filter(topic="employee.hired")
    assert event.payload["employee_number"] == employee.number
    assert event.payload["hire_date"] == "2024-03-01"
    assert event.payload["source_application_id"] is None
