"""The leave form shows what the chosen type needs (the rule on each option, read by
leave_form.js), and the server refuses a wrong combination posted without the script:
a form error, nothing stored, no file left behind."""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from employees.models import EmployeeDocument, LeaveRequest
from employees.services.sensitive import health_consent_give
from employees.timepages.forms import LeaveRequestForm, leave_type_rule
from tests.employees.leave.scene import grant, leave_type
from tests.employees.records.scene import Team, team

pytestmark = pytest.mark.django_db

URL = "employees:time-leave-new"
WORKDAY = "2026-11-04"  # a Wednesday workday
HOLIDAY = "2026-10-01"  # National Day: no working time to take


@pytest.fixture
def scene(client: Any) -> Team:
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        found = team()
    grant(found.report, "annual", "40")
    return found


def _note() -> SimpleUploadedFile:
    return SimpleUploadedFile("note.pdf", b"%PDF-1.4 a scanned note", "application/pdf")


def _stored_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def _post(client: Any, code: str, **fields: Any) -> Any:
    data = {"leave_type": leave_type(code).pk, "start_day": WORKDAY, "end_day": WORKDAY}
    return client.post(reverse(URL), {**data, **fields})


def test_each_option_carries_its_types_rule_and_the_first_rule_shows(client, scene):
    """The script reads data-hours and data-document; without it the hint under the list
    still tells the rule of the type shown first."""
    client.force_login(scene.report_user)
    page = client.get(reverse(URL)).content.decode()
    assert "data-leave-rules" in page
    assert 'src="/static/hrflow/js/leave_form.js"' in page
    personal = leave_type("personal")
    sick = leave_type("sick")
    assert f'value="{personal.pk}" data-rule="Unpaid. Can be taken in hours' in page
    option = page[page.index(f'value="{personal.pk}"') :].split(">", 1)[0]
    assert "data-hours" in option
    assert "data-document" not in option
    option = page[page.index(f'value="{sick.pk}"') :].split(">", 1)[0]
    assert "data-document" in option
    assert "data-hours" not in option
    assert "Paid at 80 per cent." in option
    assert "health data" in option
    first = LeaveRequestForm().fields["leave_type"].queryset.first()
    assert leave_type_rule(first) in page


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("annual", "Paid in full."),
        ("personal", "Unpaid. Can be taken in hours, one day at a time."),
        ("marriage", "Paid in full. Needs a supporting document."),
        ("sick", "Paid at 80 per cent. Needs a supporting document, kept as health data"),
    ],
)
def test_the_rule_in_words(code, expected):
    with translation.override("en"):
        assert leave_type_rule(leave_type(code)).startswith(expected)


def test_a_bound_form_shows_the_rule_of_the_type_posted(scene):
    with translation.override("en"):
        form = LeaveRequestForm({"leave_type": leave_type("personal").pk})
        assert form.fields["leave_type"].help_text.startswith("Unpaid.")
        garbled = LeaveRequestForm({"leave_type": "x"})
        assert garbled.fields["leave_type"].help_text  # the first type's, not an error


def test_hours_for_a_type_taken_in_days_are_a_form_error(client, scene):
    client.force_login(scene.report_user)
    response = _post(client, "annual", hours_asked="2")
    assert response.status_code == 400
    assert "This leave is taken in whole or half days, not hours." in response.content.decode()
    assert not LeaveRequest.objects.exists()


def test_hours_for_an_hourly_type_are_taken(client, scene):
    client.force_login(scene.report_user)
    response = _post(client, "personal", hours_asked="2")
    assert response.status_code == 302
    assert str(LeaveRequest.objects.get().hours) == "2.00"


def test_a_document_for_a_type_that_needs_none_is_a_form_error_and_nothing_is_kept(client, scene):
    client.force_login(scene.report_user)
    response = _post(client, "annual", document=_note())
    assert response.status_code == 400
    assert "This kind of leave needs no document" in response.content.decode()
    assert not LeaveRequest.objects.exists()
    assert not EmployeeDocument.objects.exists()
    assert _stored_files() == []


def test_a_missing_document_is_a_form_error(client, scene):
    client.force_login(scene.report_user)
    response = _post(client, "marriage")
    assert response.status_code == 400
    assert "This kind of leave needs a supporting document." in response.content.decode()
    assert not LeaveRequest.objects.exists()


def test_a_refused_request_keeps_neither_the_documents_row_nor_its_file(client, scene):
    """The sick note is checked and stored first; the request is then refused (no
    working time that day), and the note goes with it."""
    client.force_login(scene.report_user)
    response = _post(
        client, "sick", start_day=HOLIDAY, end_day=HOLIDAY, document=_note(), health_consent="on"
    )
    assert response.status_code == 400
    assert "No working time falls between these days" in response.content.decode()
    assert not LeaveRequest.objects.exists()
    assert not EmployeeDocument.objects.exists()
    assert _stored_files() == []
    # The consent ticked with it stands or falls with the request.
    scene.report.refresh_from_db()
    assert scene.report.health_consent_at is None


def test_a_sick_note_without_the_health_consent_is_a_form_error_and_nothing_is_kept(client, scene):
    client.force_login(scene.report_user)
    page = client.get(reverse(URL)).content.decode()
    assert 'name="health_consent"' in page  # asked on the form, where it is needed
    response = _post(client, "sick", document=_note())
    assert response.status_code == 400
    assert "separate consent to health data" in response.content.decode()
    assert not LeaveRequest.objects.exists()
    assert not EmployeeDocument.objects.exists()
    assert _stored_files() == []


def test_the_consent_is_not_asked_again_once_given(client, scene):
    health_consent_give(employee=scene.report, actor=scene.report_user)
    client.force_login(scene.report_user)
    assert 'name="health_consent"' not in client.get(reverse(URL)).content.decode()
    assert _post(client, "sick", document=_note()).status_code == 302


def test_a_sick_note_with_its_request_is_kept_as_health_data(client, scene):
    client.force_login(scene.report_user)
    response = _post(client, "sick", document=_note(), health_consent="on")
    assert response.status_code == 302
    scene.report.refresh_from_db()
    assert scene.report.health_consent_at is not None
    # Encrypted at rest: the note is not on disk as it was sent.
    [stored] = _stored_files()
    assert b"a scanned note" not in stored.read_bytes()
    document = LeaveRequest.objects.get().document
    with document.file.open() as opened:
        assert opened.read() == b"%PDF-1.4 a scanned note"
    request = LeaveRequest.objects.get()
    assert request.document is not None
    assert request.document.kind == EmployeeDocument.Kind.MEDICAL
    assert len(_stored_files()) == 1
