"""Metric values through the API: a list stored whole (the same list twice stores once),
a bad item answered 400 by index and field with nothing stored, writes for HR admins
only, reads scoped (HR all, a manager their report's and their own, an employee their
own) with filters; the catalogue read by everyone; the schema documents it."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from employees.metrics.checking import RawValue
from employees.metrics.services import metric_values_submit
from employees.models import Metric, MetricValue
from hrflow.core.models import AuditEvent
from tests.employees.api.scene import Org
from tests.recruiting.api.conftest import token_client

pytestmark = pytest.mark.django_db

URL = reverse("api:metric-value-list")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def _items(org: Org) -> list[dict]:
    return [
        {"employee": org.employee.number, "metric": "safety_incidents", "on": _day(2), "value": 1},
        {"employee": org.other.number, "metric": "output_units", "on": _day(2), "value": "12.5"},
        {"employee": org.manager.number, "metric": "output_units", "on": _day(1), "value": 3},
    ]


def test_hr_posts_a_list_and_the_same_list_again_stores_it_once(org):
    client = token_client(org.users["hr_admin"])
    first = client.post(URL, _items(org), format="json")
    assert first.status_code == 200, first.content
    assert first.json() == {"received": 3, "inserted": 3, "updated": 0, "unchanged": 0}
    again = client.post(URL, _items(org), format="json")
    assert again.json() == {"received": 3, "inserted": 0, "updated": 0, "unchanged": 3}
    assert MetricValue.objects.count() == 3
    assert set(MetricValue.objects.values_list("source", flat=True)) == {"api"}


def test_a_changed_value_replaces_the_old_one_audited(org):
    client = token_client(org.users["hr_admin"])
    client.post(URL, _items(org), format="json")
    changed = [{**_items(org)[1], "value": "13"}]
    assert client.post(URL, changed, format="json").json()["updated"] == 1
    value = MetricValue.objects.get(employee=org.other)
    assert value.value == Decimal("13")
    event = AuditEvent.objects.get(action="employees.metric_value_change")
    assert event.changes == {"value": ["12.5", "13"]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"employee": "E000000"}, "employee"),
        ({"metric": "nope"}, "metric"),
        ({"on": "2026-13-01"}, "on"),
        ({"on": "9999-01-01"}, "on"),
        ({"value": "NaN"}, "value"),
        ({"value": "²"}, "value"),
        ({"value": "١٢"}, "value"),
        ({"value": "1" + "0" * 30}, "value"),
        ({"value": True}, "value"),
        ({"value": None}, "value"),
        ({"employee": "x" * 300}, "employee"),
        ({"on": ["2026-01-01"]}, "on"),
    ],
)
def test_a_bad_item_is_a_400_naming_it_and_nothing_is_stored(org, change, field):
    items = _items(org)
    items[2] = {**items[2], **change}
    response = token_client(org.users["hr_admin"]).post(URL, items, format="json")
    assert response.status_code == 400
    assert f"2.{field}" in response.json()["errors"], response.json()
    assert not MetricValue.objects.exists()


def test_two_items_for_the_same_day_are_refused_by_the_second(org):
    items = [*_items(org), {**_items(org)[0], "value": 2}]
    client = token_client(org.users["hr_admin"])
    response = client.post(URL, items, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "item 0" in response.json()["errors"]["3.on"][0]
    assert not MetricValue.objects.exists()


@pytest.mark.parametrize("body", [{}, [], "text", [[1]], {"employee": "E1"}])
def test_a_body_that_is_not_a_list_of_values_is_a_400(org, body):
    response = token_client(org.users["hr_admin"]).post(URL, body, format="json")
    assert response.status_code == 400
    assert not MetricValue.objects.exists()


def test_too_many_values_in_one_call_are_refused(org, monkeypatch):
    monkeypatch.setattr("employees.api.metrics.MAX_VALUES_PER_CALL", 2)
    response = token_client(org.users["hr_admin"]).post(URL, _items(org), format="json")
    assert response.status_code == 400
    assert not MetricValue.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("manager", 403), ("employee", 403),
                                              ("recruiter", 403), ("anonymous", 401)])  # fmt: skip
def test_only_hr_admins_post_values(org, role, status):
    response = token_client(org.users[role]).post(URL, _items(org), format="json")
    assert response.status_code == status
    assert not MetricValue.objects.exists()


def _stored(org: Org) -> None:
    raws = [RawValue(n, i["employee"], i["metric"], i["on"], str(i["value"]))
            for n, i in enumerate(_items(org))]  # fmt: skip
    metric_values_submit(raws=raws, actor=None)


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        ("hr_admin", {"E900001", "E900002", "E900003"}),
        ("manager", {"E900001", "E900002"}),  # themselves and their report
        ("employee", {"E900002"}),
        ("recruiter", set()),
    ],
)
def test_reads_are_scoped_to_whom_the_caller_may_see(org, role, seen):
    _stored(org)
    response = token_client(org.users[role]).get(URL)
    assert response.status_code == 200
    assert {row["employee"]["number"] for row in response.json()["results"]} == seen


def test_reads_filter_by_metric_employee_and_period(org):
    _stored(org)
    client = token_client(org.users["hr_admin"])

    def numbers(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.content
        return sorted(row["employee"]["number"] for row in response.json()["results"])

    assert numbers(metric="output_units") == ["E900001", "E900003"]
    assert numbers(employee=org.employee.pk) == ["E900002"]
    assert numbers(**{"from": _day(1)}) == ["E900001"]
    assert numbers(to=_day(2)) == ["E900002", "E900003"]
    assert numbers(**{"from": _day(2), "to": _day(2), "metric": "safety_incidents"}) == ["E900002"]


@pytest.mark.parametrize(
    "params",
    [{"from": "²"}, {"to": "2026-99-01"}, {"from": "a\x00b"}, {"metric": "a\x00b"},
     {"cursor": "cD05OTk5OTk5OTk5OTk5OTk5OTk5OTk5OQ=="}, {"ordering": "value"}],
)  # fmt: skip
def test_bad_filters_are_a_4xx_not_a_server_error(org, params):
    _stored(org)
    response = token_client(org.users["hr_admin"]).get(URL, params)
    assert 400 <= response.status_code < 500


def test_the_catalogue_is_read_by_every_signed_in_caller(org):
    response = token_client(org.users["employee"]).get(reverse("api:metric-list"))
    assert response.status_code == 200
    codes = {row["code"] for row in response.json()}
    assert {"safety_incidents", "output_units", "quality_defects", "customer_satisfaction"} <= codes
    assert codes == set(Metric.objects.values_list("code", flat=True))
    assert token_client(None).get(reverse("api:metric-list")).status_code == 401


def test_the_schema_documents_the_metric_endpoints(org):
    response = token_client(org.users["hr_admin"]).get(reverse("api:schema"), {"format": "json"})
    schema = json.loads(response.content)
    values = schema["paths"]["/api/v1/metric-values/"]
    assert {"get", "post"} <= set(values)
    params = {p["name"] for p in values["get"]["parameters"]}
    assert {"metric", "employee", "from", "to"} <= params
    assert "/api/v1/metrics/" in schema["paths"]
