"""A metric file is stored whole or not at all: a file with any bad row stores nothing and
its report names each bad row (row, column, reason), in CSV, GB18030 CSV and XLSX alike;
a good file stores every row with its import record; the same file again changes
nothing; a changed value is audited old -> new."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from employees.metrics.importing import FileRefused, metric_file_import
from employees.metrics.services import metric_save
from employees.models import Metric, MetricImport, MetricValue
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from tests.employees.metrics.files import HEADER_EN, HEADER_ZH, file_of
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db

KINDS = ["csv", "csv-bom", "gb18030", "xlsx"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def hr():
    return UserFactory(roles=[Role.HR_ADMIN])


@pytest.fixture
def people():
    return employee_make(name="王工"), employee_make(name="李工")


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def _import(kind, rows, actor):
    name, data = file_of(kind, rows)
    return metric_file_import(name=name, data=data, actor=actor)


@pytest.mark.parametrize("kind", KINDS)
def test_a_good_file_stores_every_row_with_its_import_record(kind, hr, people):
    wang, li = people
    rows = [
        HEADER_ZH,
        (wang.number, "王工", "safety_incidents", _day(3), "2"),
        (wang.number, "王工", "output_units", _day(3), "118.5"),
        (li.number, "李工", "safety_incidents", _day(3), "0"),
        (li.number, "李工", "customer_satisfaction", _day(2), "4.75"),
    ]
    imported = _import(kind, rows, hr)
    stored = {
        (v.employee_id, v.metric.code, v.on.isoformat()): v.value
        for v in MetricValue.objects.select_related("metric")
    }
    assert stored == {
        (wang.pk, "safety_incidents", _day(3)): Decimal("2"),
        (wang.pk, "output_units", _day(3)): Decimal("118.5"),
        (li.pk, "safety_incidents", _day(3)): Decimal("0"),
        (li.pk, "customer_satisfaction", _day(2)): Decimal("4.75"),
    }
    batch = MetricImport.objects.get()
    assert (batch.file_name, batch.rows, batch.imported_by) == (file_of(kind, rows)[0], 4, hr)
    assert len(batch.sha256) == 64
    assert set(MetricValue.objects.values_list("batch", "source", "recorded_by")) == {
        (batch.pk, "import", hr.pk)
    }
    assert (imported.stored.inserted, imported.stored.updated) == (4, 0)


@pytest.mark.parametrize("kind", KINDS)
def test_a_file_with_bad_rows_stores_nothing_and_names_each_bad_row(kind, hr, people):
    wang, li = people
    Metric.objects.filter(code="quality_defects").update(is_active=False)
    rows = [
        HEADER_ZH,
        (wang.number, "王工", "safety_incidents", _day(3), "2"),  # row 2: good
        ("E999999", "无名", "safety_incidents", _day(3), "1"),  # 3: unknown employee
        (wang.number, "王工", "no_such_metric", _day(3), "1"),  # 4: unknown metric
        (wang.number, "王工", "quality_defects", _day(3), "1"),  # 5: inactive metric
        (wang.number, "王工", "output_units", "2026-02-30", "1"),  # 6: no such day
        (wang.number, "王工", "output_units", _day(-5), "1"),  # 7: in the future
        (li.number, "李工", "output_units", _day(4), "NaN"),  # 8: NaN
        (li.number, "李工", "output_units", _day(5), "inf"),  # 9: infinite
        (li.number, "李工", "output_units", _day(6), "١٢"),  # 10: Arabic-Indic digits
        (li.number, "李工", "output_units", _day(7), "1e999"),  # 11: too large
        (wang.number, "王工", "safety_incidents", _day(3), "3"),  # 12: duplicate of row 2
        (li.number, "李工", "output_units", _day(8), ""),  # 13: value missing
    ]
    with pytest.raises(FileRefused) as refused:
        _import(kind, rows, hr)
    assert [(line.row, line.column) for line in refused.value.lines] == [
        (3, "工号"),
        (4, "指标代码"),
        (5, "指标代码"),
        (6, "日期"),
        (7, "日期"),
        (8, "数值"),
        (9, "数值"),
        (10, "数值"),
        (11, "数值"),
        (12, "日期"),
        (13, "数值"),
    ]
    reasons = [line.reason for line in refused.value.lines]
    assert "E999999" in reasons[0]
    assert "no_such_metric" in reasons[1]
    assert "no longer in use" in reasons[2]
    assert "future" in reasons[4]
    assert "row 2" in reasons[9]
    assert refused.value.bad_rows == 11
    assert "11 of 12 rows" in refused.value.message
    assert not MetricValue.objects.exists()
    assert not MetricImport.objects.exists()


def test_english_headers_in_any_order_and_extra_columns_are_read(hr, people):
    wang, _li = people
    rows = [("Value", "Note", *HEADER_EN[:3]), ("5", "ok", wang.number, "output_units", _day(1))]
    _import("csv", rows, hr)
    assert MetricValue.objects.get().value == Decimal("5")


def test_a_header_without_a_needed_column_is_refused_whole(hr, people):
    with pytest.raises(ApplicationError, match="数值"):
        _import(
            "csv", [("工号", "指标代码", "日期"), (people[0].number, "output_units", _day(1))], hr
        )
    assert not MetricImport.objects.exists()


def test_importing_the_same_file_again_stores_its_values_once(hr, people):
    wang, li = people
    rows = [
        HEADER_ZH,
        (wang.number, "王工", "safety_incidents", _day(3), "2"),
        (li.number, "李工", "safety_incidents", _day(3), "1.5"),
    ]
    _import("xlsx", rows, hr)
    first = list(MetricValue.objects.order_by("pk").values_list("pk", "value", "recorded_at"))
    again = _import("csv", rows, hr)
    assert (
        list(MetricValue.objects.order_by("pk").values_list("pk", "value", "recorded_at")) == first
    )
    assert (again.stored.inserted, again.stored.updated, again.stored.unchanged) == (0, 0, 2)
    assert not AuditEvent.objects.filter(action="employees.metric_value_change").exists()
    assert MetricImport.objects.count() == 2  # who sent what, when


def test_a_changed_value_is_replaced_and_audited_old_to_new(hr, people):
    wang, li = people
    li_row = (li.number, "李工", "safety_incidents", _day(3), "1")
    _import("csv", [HEADER_ZH, (wang.number, "王工", "safety_incidents", _day(3), "2"), li_row], hr)
    second = _import(
        "csv", [HEADER_ZH, (wang.number, "王工", "safety_incidents", _day(3), "4"), li_row], hr
    )
    value = MetricValue.objects.get(employee=wang)
    assert value.value == Decimal("4")
    assert value.batch == second.batch
    (event,) = AuditEvent.objects.filter(action="employees.metric_value_change")
    assert (event.target_id, event.changes, event.actor) == (
        str(value.pk),
        {"value": ["2", "4"]},
        hr,
    )
    assert (second.stored.inserted, second.stored.updated, second.stored.unchanged) == (0, 1, 1)


def test_a_retired_metric_keeps_its_values_but_takes_no_new_ones(hr, people):
    wang, _li = people
    rows = [HEADER_ZH, (wang.number, "王工", "output_units", _day(3), "7")]
    _import("csv", rows, hr)
    metric = Metric.objects.get(code="output_units")
    metric_save(
        metric=metric, code=metric.code, name_zh=metric.name_zh, name_en=metric.name_en,
        direction=metric.direction, aggregation=metric.aggregation, is_active=False,
    )  # fmt: skip
    with pytest.raises(FileRefused):
        _import("csv", [HEADER_ZH, (wang.number, "王工", "output_units", _day(2), "8")], hr)
    assert list(MetricValue.objects.values_list("value", flat=True)) == [Decimal("7")]


def test_values_keep_four_decimal_places(hr, people):
    rows = [HEADER_ZH, (people[0].number, "王工", "output_units", _day(1), "2.123456")]
    _import("csv", rows, hr)
    assert MetricValue.objects.get().value == Decimal("2.1235")
