"""Hand-entered results cannot learn of or take another application's result ids
(issue 12, point 7).

A result is keyed by (source, external id) across all applications. Posting a
key stored for another application answered "belongs to another
application", which told any recruiter that the id existed elsewhere: it now
answers exactly as an unknown application id does. The sources vendor
connections record under ("conn:<uuid>"), and those hrflow itself records
under (written tests, scorecards), are reserved, so no one can squat a
vendor's ids through the API before its result arrives.
"""

import uuid
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from integrations.models import VendorConnection
from recruiting.contracts import AssessmentResult
from recruiting.models import Assessment
from recruiting.services.assessments import record_assessment_result
from tests.recruiting.api.conftest import World, token_client

pytestmark = pytest.mark.django_db


def _body(application_id: int, **changes: Any) -> dict[str, Any]:
    body = {
        "application": application_id,
        "source": "acme",
        "external_id": "taken-1",
        "kind": "ai_interview",
        "status": "completed",
        "overall_score": "60",
    }
    body.update(changes)
    return body


def _post(world: World, role: str, body: dict[str, Any]) -> Any:
    return token_client(world.users[role]).post(reverse("api:assessment-list"), body, format="json")


@pytest.mark.parametrize("role", ["recruiter_x", "hr_admin"])
def test_another_applications_key_answers_like_an_unknown_application(
    world: World, role: str
) -> None:
    """Whether or not the caller can see the other application, they learn nothing."""
    record_assessment_result(
        result=AssessmentResult(
            source="acme", external_id="taken-1", kind="ai_interview", status="completed"
        ),
        application=world.application_y,
    )

    taken = _post(world, role, _body(world.application_x.pk))
    unknown = _post(world, role, _body(2_000_000_000, external_id="free-1"))

    assert taken.status_code == unknown.status_code == 404
    assert taken.json() == unknown.json()
    assert "another application" not in taken.content.decode()
    stored = Assessment.objects.get(source="acme", external_id="taken-1")
    assert stored.application_id == world.application_y.pk


def _connection() -> VendorConnection:
    return VendorConnection.objects.create(
        name="VueSim", vendor="vuesim", base_url="http://127.0.0.1:9/", backfill_from=timezone.now()
    )


@pytest.mark.parametrize(
    "source",
    [
        lambda: _connection().source_key,
        lambda: f"conn:{uuid.uuid4()}",  # a connection made tomorrow
        lambda: "CONN:" + str(uuid.uuid4()),
        lambda: "manual",
        lambda: "scorecard",
    ],
    ids=["connection", "future-connection", "upper-case", "written-tests", "scorecards"],
)
def test_reserved_sources_are_a_400_naming_the_source(world: World, source: Any) -> None:
    before = Assessment.objects.count()

    response = _post(world, "recruiter_x", _body(world.application_x.pk, source=source()))

    assert response.status_code == 400, response.content[:300]
    assert list(response.json()["errors"]) == ["source"]
    assert Assessment.objects.count() == before


def test_a_vendors_stored_result_is_neither_revealed_nor_overwritten(world: World) -> None:
    """Even with the vendor's exact key, the answer is about the source, not the row."""
    connection = _connection()
    vendor_row, _ = record_assessment_result(
        result=AssessmentResult(
            source=connection.source_key,
            external_id="vendor-result-9",
            kind="ai_interview",
            status="completed",
        ),
        application=world.application_y,
    )
    body = _body(world.application_x.pk, source=connection.source_key)
    body["external_id"] = "vendor-result-9"

    for key in (body["external_id"], "vendor-result-unknown"):
        response = _post(world, "recruiter_x", {**body, "external_id": key})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["source"]
    vendor_row.refresh_from_db()
    assert vendor_row.application_id == world.application_y.pk


def test_written_tests_are_still_entered_by_hand(world: World) -> None:
    """Reserving "manual" closes the API's door to it, not HR's own written-test entry."""
    response = token_client(world.users["recruiter_x"]).post(
        reverse("api:application-written-test", kwargs={"pk": world.application_x.pk}),
        {"score": "75"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["source"] == "manual"
