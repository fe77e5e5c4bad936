"""HR's KPI pages: the catalogue (list, add, edit; the code stays), the file import with
its report, a value entered by hand (audited old -> new), and the values list, scoped
for everyone else. Other roles get 404 on HR's pages; bad input changes nothing; the
lists cost the same queries at any size; both languages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from employees.metrics.checking import RawValue
from employees.metrics.services import metric_values_submit
from employees.models import Metric, MetricImport, MetricValue
from hrflow.accounts.roles import Role
from hrflow.core.models import AuditEvent
from tests.employees.metrics.files import HEADER_ZH, file_of
from tests.employees.records.scene import employee_make, team
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("employees:metric-list")
CREATE = reverse("employees:metric-create")
VALUES = reverse("employees:metric-value-list")
ENTER = reverse("employees:metric-value-enter")
IMPORT = reverse("employees:metric-import")
GOOD = {
    "code": "overtime_hours",
    "name_zh": "加班时长",
    "name_en": "Overtime",
    "unit": "小时",
    "direction": "lower",
    "aggregation": "sum",
}
HR_PAGES = [LIST, CREATE, ENTER, IMPORT]


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


@pytest.fixture
def hr_user():
    return UserFactory(roles=[Role.HR_ADMIN])


@pytest.fixture
def hr(client, hr_user):
    client.force_login(hr_user)
    return client


def _edit_url(metric: Metric) -> str:
    return reverse("employees:metric-edit", kwargs={"pk": metric.pk})


def test_hr_sees_the_shipped_catalogue(hr):
    html = hr.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for code in ("safety_incidents", "output_units", "quality_defects", "customer_satisfaction"):
        assert f'data-code="{code}"' in html
    assert "安全事故次数" in html
    assert "Lower is better" in html


def test_hr_adds_a_metric_and_the_add_is_audited(hr):
    response = hr.post(CREATE, GOOD)
    assert response.status_code == 302
    metric = Metric.objects.get(code="overtime_hours")
    assert (metric.name_zh, metric.unit, metric.direction, metric.is_active) == (
        "加班时长", "小时", "lower", True,
    )  # fmt: skip
    assert AuditEvent.objects.filter(
        action="employees.metric_create", target_id=str(metric.pk)
    ).exists()


def test_hr_edits_a_metric_but_never_its_code_and_the_change_is_audited(hr):
    metric = Metric.objects.get(code="output_units")
    response = hr.post(_edit_url(metric), {**GOOD, "code": "other", "is_active": "on"})
    assert response.status_code == 302
    metric.refresh_from_db()
    assert (metric.code, metric.name_en, metric.direction) == ("output_units", "Overtime", "lower")
    event = AuditEvent.objects.get(action="employees.metric_update")
    assert event.changes["direction"] == ["higher", "lower"]


@pytest.mark.parametrize(
    "bad",
    [
        {"code": "safety_incidents"},  # a code already in the catalogue
        {"code": "有 空格"},
        {"name_zh": ""},
        {"direction": "sideways"},
        {"aggregation": "²"},
        {"name_en": "x" * 3000},
    ],
)
def test_bad_input_to_add_is_a_form_error_and_adds_nothing(hr, bad):
    before = Metric.objects.count()
    response = hr.post(CREATE, {**GOOD, **bad})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Metric.objects.count() == before


def test_a_metric_that_does_not_exist_is_a_404(hr):
    assert hr.get(reverse("employees:metric-edit", kwargs={"pk": 10**12})).status_code == 404


@pytest.mark.parametrize(
    "role", [Role.RECRUITER, Role.HIRING_MANAGER, Role.INTERVIEWER, Role.EMPLOYEE]
)
def test_other_roles_get_404_on_every_hr_page(client, role):
    client.force_login(UserFactory(roles=[role]))
    metric = Metric.objects.first()
    for url in [*HR_PAGES, _edit_url(metric)]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, GOOD).status_code == 404, url
    assert Metric.objects.filter(code="overtime_hours").exists() is False


def _upload(kind: str, rows) -> SimpleUploadedFile:
    name, data = file_of(kind, rows)
    return SimpleUploadedFile(name, data)


def test_hr_imports_a_good_file_through_the_page(hr):
    wang = employee_make(name="王工")
    rows = [HEADER_ZH, (wang.number, "王工", "safety_incidents", _day(2), "1")]
    response = hr.post(IMPORT, {"file": _upload("xlsx", rows)})
    assert response.status_code == 302
    assert MetricValue.objects.get().value == Decimal("1")
    page = hr.get(IMPORT).content.decode()
    assert 'data-testid="metric-import-row"' in page


def test_a_bad_file_shows_its_report_through_the_page_and_stores_nothing(hr):
    wang = employee_make(name="王工")
    rows = [
        HEADER_ZH,
        (wang.number, "王工", "safety_incidents", _day(2), "1"),
        ("E404", "某人", "safety_incidents", _day(2), "1"),
        (wang.number, "王工", "output_units", _day(2), "NaN"),
    ]
    response = hr.post(IMPORT, {"file": _upload("gb18030", rows)}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="metric-import-report"' in html
    assert 'data-row="3"' in html
    assert 'data-row="4"' in html
    assert 'data-row="2"' not in html
    assert not MetricValue.objects.exists()
    assert not MetricImport.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("kpi.csv", b""),
        ("kpi.exe", b"MZ"),
        ("kpi.xlsx", b"PK\x03\x04junk"),
        ("kpi.csv", b"a\x00,b"),
    ],
)
def test_an_unreadable_file_is_a_form_error(hr, name, data):
    response = hr.post(IMPORT, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not MetricImport.objects.exists()


def test_the_template_hr_downloads_imports_back_once_filled_in(hr):
    response = hr.get(reverse("employees:metric-import-template"))
    assert response["Content-Disposition"] == 'attachment; filename="kpi-template.csv"'
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "工号,姓名,指标代码,日期,数值"
    assert {line.split(",")[2] for line in lines[1:]} == set(
        Metric.objects.filter(is_active=True).values_list("code", flat=True)
    )
    wang = employee_make(name="王工")
    filled = text.replace("E000001", wang.number).replace("张三", "王工").encode("utf-8-sig")
    assert hr.post(IMPORT, {"file": SimpleUploadedFile("kpi.csv", filled)}).status_code == 302
    assert MetricValue.objects.filter(employee=wang).count() == len(lines) - 1


def test_hr_enters_and_corrects_a_value_by_hand_audited_old_to_new(hr, hr_user):
    wang = employee_make(name="王工")
    form = {"employee": wang.number, "metric": "safety_incidents", "on": _day(3), "value": "2"}
    assert hr.post(ENTER, form).status_code == 302
    assert hr.post(ENTER, {**form, "value": "3.5"}).status_code == 302
    value = MetricValue.objects.get()
    assert (value.value, value.source, value.recorded_by) == (Decimal("3.5"), "manual", hr_user)
    actions = list(AuditEvent.objects.filter(target_id=str(value.pk)).order_by("pk")
                   .values_list("action", "changes"))  # fmt: skip
    assert actions == [
        ("employees.metric_value_create", {"value": [None, "2"]}),
        ("employees.metric_value_change", {"value": ["2", "3.5"]}),
    ]


@pytest.mark.parametrize(
    "bad",
    [
        {"employee": "E404"},
        {"employee": "a" * 3000},
        {"metric": "no_such"},
        {"on": _day(-1)},
        {"on": "2026-02-30"},
        {"value": "NaN"},
        {"value": "²"},
        {"value": "١٢"},
        {"value": "1" + "0" * 20},
        {"value": "-inf"},
    ],
)
def test_bad_input_to_the_entry_form_is_a_form_error_and_stores_nothing(hr, bad):
    wang = employee_make(name="王工")
    form = {"employee": wang.number, "metric": "safety_incidents", "on": _day(3), "value": "2"}
    response = hr.post(ENTER, {**form, **bad})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not MetricValue.objects.exists()


def test_a_nul_anywhere_is_refused_and_changes_nothing(hr):
    wang = employee_make(name="王工")
    form = {"employee": wang.number, "metric": "safety_incidents", "on": _day(3), "value": "2\x00"}
    assert hr.post(ENTER, form).status_code == 400
    assert hr.post(CREATE, {**GOOD, "name_zh": "a\x00"}).status_code == 400
    assert not MetricValue.objects.exists()


def _values_for(people, days: int) -> None:
    raws = [
        RawValue(n, person.number, "output_units", _day(d + 1), str(d))
        for n, (person, d) in enumerate((p, d) for p in people for d in range(days))
    ]
    metric_values_submit(raws=raws, actor=None)


def test_the_values_list_is_scoped_for_managers_and_employees(client):
    scene = team()
    _values_for([scene.boss, scene.report, scene.other], 2)

    def seen(user):
        client.force_login(user)
        response = client.get(VALUES)
        assert response.status_code == 200
        return {row.employee.number for row in response.context["page"].object_list}

    assert seen(scene.hr) == {scene.boss.number, scene.report.number, scene.other.number}
    assert seen(scene.boss_user) == {scene.boss.number, scene.report.number}
    assert seen(scene.report_user) == {scene.report.number}
    assert seen(scene.recruiter) == set()


def test_the_values_list_filters_by_metric_employee_and_period(hr):
    people = [employee_make(name=f"员工{n}") for n in range(2)]
    _values_for(people, 3)
    response = hr.get(VALUES, {"employee": people[0].number, "start": _day(2), "end": _day(1)})
    rows = response.context["page"].object_list
    assert {(row.employee_id, row.on.isoformat()) for row in rows} == {
        (people[0].pk, _day(1)), (people[0].pk, _day(2)),
    }  # fmt: skip
    assert list(hr.get(VALUES, {"metric": "safety_incidents"}).context["page"].object_list) == []


@pytest.mark.parametrize(
    "params",
    [{"start": "²"}, {"end": "9999-99-99"}, {"metric": "x" * 3000}, {"employee": "x" * 3000},
     {"page": "1" + "0" * 20}, {"page": "NaN"}],
)  # fmt: skip
def test_bad_filters_show_the_list_unfiltered_not_an_error(hr, params):
    assert hr.get(VALUES, params).status_code == 200


@pytest.mark.parametrize("extra", [0, 40])
def test_the_lists_cost_the_same_queries_at_any_size(hr, django_assert_max_num_queries, extra):
    people = [employee_make(name=f"员工{n}") for n in range(1 + extra // 10)]
    _values_for(people, 1 + extra // 4)
    for n in range(extra):
        Metric.objects.create(code=f"m{n}", name_zh="指标", name_en="M", direction="higher")
    with django_assert_max_num_queries(8):
        assert hr.get(LIST).status_code == 200
    with django_assert_max_num_queries(10):
        assert hr.get(VALUES).status_code == 200
    with django_assert_max_num_queries(10):
        assert hr.get(IMPORT).status_code == 200


def test_the_pages_speak_chinese_and_english(hr):
    zh = hr.get(LIST, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    en = hr.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "KPI 数据" in zh
    assert "新建指标" in zh
    assert "New metric" in en
    zh_import = hr.get(IMPORT, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "导入文件" in zh_import


def test_the_menu_offers_kpi_data_to_hr_and_their_values_to_employees(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    assert f'href="{LIST}"' in client.get(reverse("web:dashboard")).content.decode()
    client.force_login(UserFactory(roles=[Role.EMPLOYEE]))
    menu = client.get(reverse("web:dashboard")).content.decode()
    assert f'href="{LIST}"' not in menu
    assert f'href="{VALUES}"' in menu
    client.force_login(UserFactory(roles=[Role.RECRUITER]))
    assert f'href="{VALUES}"' not in client.get(reverse("web:dashboard")).content.decode()


@pytest.mark.parametrize("name", ["a\x00b.csv", "../../etc/kpi.csv", "指标" * 200 + ".csv"])
def test_a_hostile_file_name_is_kept_harmless_not_a_server_error(hr, name):
    wang = employee_make(name="王工")
    _name, data = file_of("csv", [HEADER_ZH, (wang.number, "王工", "output_units", _day(1), "1")])
    response = hr.post(IMPORT, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302
    (batch,) = MetricImport.objects.all()
    assert "\x00" not in batch.file_name
    assert "/" not in batch.file_name
    assert 0 < len(batch.file_name) <= 255
