"""The training policy: its service (bounds, audit), HR's page, and Django admin."""

import pytest
from django.urls import reverse
from django.utils import timezone

from employees.models import TrainingSettings
from employees.selectors.positions import seated_on
from employees.training.policy import training_settings_save
from employees.training.suggestions import suggestions_for
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from tests.employees.training.scene import workshop_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "employees:training-settings"


@pytest.fixture
def english_client(client):  # type: ignore[no-untyped-def]
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _values() -> tuple[int, int]:
    row = TrainingSettings.current()
    return row.weak_pool_percentile, row.certificate_warn_days


def test_the_service_changes_the_one_row_and_audits_what_changed():
    hr = UserFactory(roles=[Role.HR_ADMIN])

    saved = training_settings_save(weak_pool_percentile=25, certificate_warn_days=60, actor=hr)

    assert saved.pk == TrainingSettings.current().pk
    assert TrainingSettings.objects.count() == 1
    assert _values() == (25, 60)
    event = AuditEvent.objects.get(action="employees.training_settings_save")
    assert event.actor == hr
    assert event.changes == {"weak_pool_percentile": [30, 25], "certificate_warn_days": [30, 60]}


def test_saving_the_same_values_writes_no_audit_row():
    training_settings_save(weak_pool_percentile=30, certificate_warn_days=30, actor=None)

    assert not AuditEvent.objects.filter(action="employees.training_settings_save").exists()


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("percentile", "days", "field"),
    [
        (0, 30, "weak_pool_percentile"),
        (100, 30, "weak_pool_percentile"),
        (-5, 30, "weak_pool_percentile"),
        (30, 0, "certificate_warn_days"),
        (30, 366, "certificate_warn_days"),
    ],
)
def test_the_service_refuses_values_out_of_bounds_and_changes_nothing(percentile, days, field):
    with pytest.raises(ApplicationError) as refused:
        training_settings_save(
            weak_pool_percentile=percentile, certificate_warn_days=days, actor=None
        )

    assert refused.value.extra["field"] == field
    assert _values() == (30, 30)
    assert not AuditEvent.objects.filter(action="employees.training_settings_save").exists()


def test_the_suggestions_follow_the_percentile_hr_saved():
    w = workshop_make(reports=2, percentiles=[20, 40])
    seats = list(
        seated_on(timezone.localdate()).filter(position=w.position).select_related("employee")
    )
    assert {s.employee for s in suggestions_for(seats)} == {w.reports[0]}

    training_settings_save(weak_pool_percentile=50, certificate_warn_days=30, actor=None)

    assert {s.employee for s in suggestions_for(seats)} == set(w.reports)


def test_hr_changes_the_policy_from_the_page_linked_from_the_courses(english_client):
    english_client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    courses = english_client.get(reverse("employees:training-courses")).content.decode()
    assert reverse(URL) in courses

    page = english_client.get(reverse(URL))
    response = english_client.post(
        reverse(URL), {"weak_pool_percentile": "20", "certificate_warn_days": "45"}
    )

    assert page.status_code == 200
    assert 'value="30"' in page.content.decode()
    assert response.status_code == 302
    assert _values() == (20, 45)


@pytest.mark.parametrize(
    "bad",
    [
        {"weak_pool_percentile": "0"},
        {"weak_pool_percentile": "100"},
        {"weak_pool_percentile": "²"},
        {"weak_pool_percentile": "1" + "0" * 20},
        {"weak_pool_percentile": "NaN"},
        {"weak_pool_percentile": ""},
        {"certificate_warn_days": "366"},
        {"certificate_warn_days": "-1"},
    ],
)
def test_the_page_refuses_bad_values_as_form_errors_and_changes_nothing(english_client, bad):
    english_client.force_login(UserFactory(roles=[Role.HR_ADMIN]))

    response = english_client.post(
        reverse(URL), {"weak_pool_percentile": "20", "certificate_warn_days": "45", **bad}
    )

    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert _values() == (30, 30)


def test_only_hr_opens_the_policy(client):
    for role in (Role.EMPLOYEE, Role.HIRING_MANAGER, Role.RECRUITER, Role.INTERVIEWER):
        client.force_login(UserFactory(roles=[role]))
        assert client.get(reverse(URL)).status_code == 404
        response = client.post(
            reverse(URL), {"weak_pool_percentile": "1", "certificate_warn_days": "1"}
        )
        assert response.status_code == 404
    assert _values() == (30, 30)


def test_admin_lists_and_changes_the_one_row_through_the_service(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN], is_staff=True, is_superuser=True))
    row = TrainingSettings.current()
    change = reverse("admin:employees_trainingsettings_change", args=[row.pk])

    listing = client.get(reverse("admin:employees_trainingsettings_changelist"))
    page = client.get(change)
    refused = client.post(change, {"weak_pool_percentile": "100", "certificate_warn_days": "30"})
    saved = client.post(change, {"weak_pool_percentile": "15", "certificate_warn_days": "30"})

    assert listing.status_code == 200
    assert page.status_code == 200
    assert refused.status_code == 200  # the form again, with its error
    assert saved.status_code == 302
    assert _values() == (15, 30)
    assert AuditEvent.objects.filter(action="employees.training_settings_save").count() == 1
    # One row: no add while it exists, never a delete.
    assert client.get(reverse("admin:employees_trainingsettings_add")).status_code == 403
    delete = reverse("admin:employees_trainingsettings_delete", args=[row.pk])
    assert client.get(delete).status_code == 403
    assert TrainingSettings.objects.count() == 1
