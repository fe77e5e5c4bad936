"""Recording a leaver from the employee page: the status, the contract and the outcome
stored through `employee_leave`; its refusals as form errors with nothing changed; HR only."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from employees.models import Assignment, Contract, Employee, EmployeeStatus, Outcome
from employees.services import leaving
from employees.services.leaving import employee_leave
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from tests.employees.records.scene import contract_make, team
from tests.hrflow.factories import UserFactory
from tests.html_text import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """Pages in English, so the assertions read the English words."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _leave(employee) -> str:
    return reverse("employees:employee-leave", kwargs={"ref": employee.number})


def _form(**changes):
    last_day = timezone.localdate() - timedelta(days=1)
    return {"last_day": last_day.isoformat(), "voluntary": "yes", "reason": "个人发展", **changes}


def _snapshot(employee):
    return (
        list(Assignment.objects.filter(employee=employee).values_list("status", "valid_from")),
        list(Contract.objects.filter(employee=employee).values_list("status", "ended_on")),
        Outcome.objects.filter(employee=employee).count(),
    )


def test_hr_records_a_leaver_and_the_record_shows_it(client):
    scene = team()
    contract = contract_make(scene.report)
    client.force_login(scene.hr)
    page = client.get(reverse("employees:employee-detail", kwargs={"ref": scene.report.number}))
    assert _leave(scene.report) in page.content.decode()

    form = client.get(_leave(scene.report))
    response = client.post(_leave(scene.report), _form())

    assert form.status_code == 200
    assert response.status_code == 302
    assert response.url == reverse("employees:employee-detail", kwargs={"ref": scene.report.number})
    yesterday = timezone.localdate() - timedelta(days=1)
    outcome = Outcome.objects.get(employee=scene.report, kind=Outcome.Kind.LEAVING)
    assert (outcome.occurred_on, outcome.voluntary, outcome.reason) == (yesterday, True, "个人发展")
    assert Assignment.objects.as_of(timezone.localdate()).get(employee=scene.report).status == (
        EmployeeStatus.LEFT
    )
    contract.refresh_from_db()
    assert contract.ended_on == yesterday
    text = visible_text(client.get(response.url).content.decode())
    assert f"Left the company; last working day {yesterday.isoformat()}." in text
    assert "Voluntary: the employee resigned" in text
    assert "个人发展" in text
    assert "Record leaving" not in text  # recorded once


def test_a_future_last_day_shows_them_leaving_and_involuntary_is_stored(client):
    scene = team()
    client.force_login(scene.hr)
    last_day = timezone.localdate() + timedelta(days=30)

    client.post(_leave(scene.report), _form(last_day=last_day.isoformat(), voluntary="no"))

    outcome = Outcome.objects.get(employee=scene.report)
    assert outcome.voluntary is False
    today = Assignment.objects.as_of(timezone.localdate()).get(employee=scene.report)
    assert today.status == EmployeeStatus.LEAVING
    page = client.get(reverse("employees:employee-detail", kwargs={"ref": scene.report.number}))
    assert "Leaving the company" in visible_text(page.content.decode())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": "   "}, "This field is required."),
        ({"reason": "x" * 501}, "Ensure this value has at most 500 characters"),
        ({"reason": "a\x00b"}, None),  # the site's NUL guard answers 400 before the form
        ({"last_day": "2000-01-01"}, "The last day cannot come before the first"),
        ({"last_day": "²"}, "Enter a valid date."),
        ({"voluntary": "maybe"}, "Select a valid choice."),
    ],
)
def test_refusals_are_form_errors_and_nothing_changes(client, changes, message):
    scene = team()
    contract_make(scene.report)
    client.force_login(scene.hr)
    before = _snapshot(scene.report)

    response = client.post(_leave(scene.report), _form(**changes))

    assert response.status_code == 400
    assert message is None or message in response.content.decode()
    assert _snapshot(scene.report) == before


def test_a_second_leaving_is_refused_with_the_services_words(client):
    scene = team()
    client.force_login(scene.hr)
    client.post(_leave(scene.report), _form())
    before = _snapshot(scene.report)

    page = client.get(_leave(scene.report))
    response = client.post(_leave(scene.report), _form(reason="再次"))

    assert 'data-testid="leaving-recorded"' in page.content.decode()
    assert response.status_code == 400
    assert "This employee&#x27;s leaving is recorded already." in response.content.decode()
    assert _snapshot(scene.report) == before


def test_only_hr_records_a_leaving(client):
    scene = team()
    before = _snapshot(scene.report)
    for user in (
        scene.boss_user,  # the line manager
        scene.report_user,  # the employee themselves
        scene.recruiter,
        UserFactory(roles=[Role.HIRING_MANAGER]),
    ):
        client.force_login(user)
        assert client.get(_leave(scene.report)).status_code == 404, user
        assert client.post(_leave(scene.report), _form()).status_code == 404, user
    assert _snapshot(scene.report) == before
    # The manager's view of the record offers no such action.
    client.force_login(scene.boss_user)
    page = client.get(reverse("employees:employee-detail", kwargs={"ref": scene.report.number}))
    assert _leave(scene.report) not in page.content.decode()


def test_an_employee_number_nobody_has_is_404(client):
    scene = team()
    client.force_login(scene.hr)
    for ref in ("E999999", "99999999", "²"):
        url = reverse("employees:employee-leave", kwargs={"ref": ref})
        assert client.post(url, _form()).status_code == 404
    assert not Outcome.objects.exists()


def _leave_now(employee, reason="个人发展"):
    employee_leave(
        employee=employee,
        last_day=timezone.localdate() - timedelta(days=1),
        voluntary=True,
        reason=reason,
        actor=None,
    )


def test_the_service_refuses_a_second_leaving_and_records_nothing_more():
    scene = team()
    _leave_now(scene.report)
    before = _snapshot(scene.report)

    with pytest.raises(ApplicationError, match="recorded already"):
        _leave_now(scene.report, reason="再次")

    assert _snapshot(scene.report) == before


@pytest.mark.django_db(transaction=True)
def test_two_leavings_at_once_record_one(monkeypatch):
    """As two quick submits run (each request its own transaction, no pytest one around
    them): the first holds the employee's row until it commits, so the second waits and
    is refused by the "recorded already" check, not by passing it beside the first."""
    scene = team()
    entered, release = threading.Event(), threading.Event()
    record = leaving.outcome_record

    def slow_record(**kwargs):
        if not entered.is_set():
            entered.set()
            release.wait(10)
        return record(**kwargs)

    monkeypatch.setattr(leaving, "outcome_record", slow_record)
    errors = []

    def submit(reason):
        try:
            with translation.override("en"):
                _leave_now(Employee.objects.get(pk=scene.report.pk), reason=reason)
        except Exception as error:  # gathered for the assertion below
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=submit, args=("个人发展",))
    first.start()
    assert entered.wait(10)
    second = threading.Thread(target=submit, args=("再次",))
    second.start()
    time.sleep(0.5)  # the second reaches its lock (or, unlocked, passes the check)
    release.set()
    first.join(20)
    second.join(20)

    assert [type(e) for e in errors] == [ApplicationError]
    assert "recorded already" in errors[0].message  # the check, not a later refusal
    assert Outcome.objects.filter(employee=scene.report).count() == 1
    assert Assignment.objects.filter(employee=scene.report, status=EmployeeStatus.LEFT).count() == 1
