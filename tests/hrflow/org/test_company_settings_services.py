"""The company's own settings: one row, made on first use, changed whole or not at all."""

from datetime import date, time

import pytest

from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from hrflow.org.models import CompanySettings, Weekday
from hrflow.org.selectors import company_current
from hrflow.org.services import company_settings_save
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "company_name": "示例科技",
    "time_zone": "Asia/Shanghai",
    "working_days": [1, 2, 3, 4, 5],
    "working_day_start": time(9),
    "working_day_end": time(18),
}


def _stored() -> tuple:
    company = CompanySettings.objects.get()
    return (
        company.company_name,
        company.time_zone,
        company.working_days,
        company.working_day_start,
        company.working_day_end,
    )


def test_the_row_is_made_with_the_defaults_the_first_time_then_read_in_one_query(
    django_assert_num_queries,
):
    company = company_current()

    assert company.pk == 1
    assert (company.company_name, company.time_zone) == ("hrflow", "Asia/Shanghai")
    # Monday to Friday, 09:00-18:00.
    assert company.working_days == [1, 2, 3, 4, 5]
    assert (company.working_day_start, company.working_day_end) == (time(9), time(18))
    with django_assert_num_queries(1):
        assert company_current().pk == company.pk
    assert CompanySettings.objects.count() == 1


def test_saving_changes_the_row_and_audits_what_changed():
    hr = UserFactory()
    company_current()

    company_settings_save(
        **{
            **GOOD,
            "company_name": "  ACME  ",
            "time_zone": "Europe/Berlin",
            "working_days": [6, 1, 3, 1],
            "working_day_end": time(17, 30),
        },
        actor=hr,
    )

    # The name is trimmed; the days are kept once each, in order.
    assert _stored() == ("ACME", "Europe/Berlin", [1, 3, 6], time(9), time(17, 30))
    event = AuditEvent.objects.get(action="org.company_settings_save")
    assert event.actor == hr
    assert event.target_id == "1"
    assert event.changes == {
        "company_name": ["hrflow", "ACME"],
        "time_zone": ["Asia/Shanghai", "Europe/Berlin"],
        "working_days": [[1, 2, 3, 4, 5], [1, 3, 6]],
        "working_day_end": ["18:00", "17:30"],
    }


def test_saving_the_same_values_changes_and_audits_nothing():
    company_settings_save(**GOOD, actor=UserFactory())
    saved = CompanySettings.objects.get().updated_at

    company_settings_save(**GOOD, actor=UserFactory())

    assert CompanySettings.objects.get().updated_at == saved
    assert AuditEvent.objects.filter(action="org.company_settings_save").count() == 1


def test_the_first_save_makes_the_row():
    company_settings_save(**{**GOOD, "company_name": "ACME"})

    assert _stored()[0] == "ACME"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"company_name": "   "}, "Give the company name candidates see."),
        ({"time_zone": "Mars/Olympus_Mons"}, "Unknown time zone: Mars/Olympus_Mons."),
        ({"time_zone": "../etc/passwd"}, "Unknown time zone: ../etc/passwd."),
        ({"time_zone": ""}, "Unknown time zone: ."),
        ({"working_days": []}, "Choose at least one working day."),
        ({"working_days": [1, 8]}, "Unknown day of the week."),
        ({"working_day_end": time(9)}, "The working day must end after it starts."),
        (
            {"working_day_start": time(22), "working_day_end": time(6)},
            "The working day must end after it starts.",
        ),
    ],
)
def test_a_wrong_value_is_refused_and_nothing_changes(change, problem):
    company_current()
    before = _stored()

    with pytest.raises(ApplicationError) as refused:
        company_settings_save(**{**GOOD, "company_name": "ACME", **change})

    assert problem in refused.value.extra["problems"]
    assert _stored() == before
    assert not AuditEvent.objects.filter(action="org.company_settings_save").exists()


def test_every_problem_is_named_at_once():
    with pytest.raises(ApplicationError) as refused:
        company_settings_save(
            company_name="",
            time_zone="Nowhere",
            working_days=[],
            working_day_start=time(18),
            working_day_end=time(9),
        )

    assert len(refused.value.extra["problems"]) == 4


def test_a_working_day_follows_the_weekly_pattern():
    company = CompanySettings(working_days=[Weekday.MONDAY, Weekday.SATURDAY])

    assert company.is_working_day(date(2026, 11, 9))  # a Monday
    assert not company.is_working_day(date(2026, 11, 10))  # a Tuesday
    assert company.is_working_day(date(2026, 11, 14))  # a Saturday
    assert not company.is_working_day(date(2026, 11, 15))  # a Sunday
