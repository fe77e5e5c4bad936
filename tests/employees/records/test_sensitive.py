"""Sensitive fields: ciphertext at rest, masked by default, every reveal and change logged."""

import pytest
from django.db import connection
from django.urls import reverse

from employees.models import Employee, SensitiveAccess
from employees.services.sensitive import (
    health_consent_give,
    masked,
    sensitive_reveal,
    sensitive_update,
)
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from tests.employees.records.scene import team
from tests.html_text import visible_text

pytestmark = pytest.mark.django_db
ID = "110101199003071234"


def _reveal(employee, field="id_number") -> str:
    return reverse("employees:employee-reveal", kwargs={"ref": employee.number, "field": field})


def _with_numbers(scene):
    sensitive_update(
        employee=scene.report, field="id_number", value=ID, actor=scene.hr, reason="入职"
    )
    sensitive_update(
        employee=scene.report, field="bank_account", value="6222 0200 1234 5678", actor=scene.hr,
        reason="工资卡",
    )  # fmt: skip
    sensitive_update(
        employee=scene.report, field="emergency_contacts", actor=scene.report_user,
        value=[{"name": "陈大明", "relation": "父亲", "phone": "13911112222"},
               {"name": "Li Na", "relation": "", "phone": "13933334444"}],
    )  # fmt: skip
    scene.report.refresh_from_db()


def test_the_database_holds_ciphertext_only():
    scene = team()
    _with_numbers(scene)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, bank_account, emergency_contacts FROM employees_employee "
            "WHERE id = %s", [scene.report.pk],
        )  # fmt: skip
        raw = " ".join(cursor.fetchone())
    assert ID not in raw
    assert "6222" not in raw
    assert "陈大明" not in raw
    assert "13911112222" not in raw
    assert raw.startswith("gAAAA")  # Fernet tokens
    assert Employee.objects.get(pk=scene.report.pk).id_number == ID


@pytest.mark.usefixtures("english")  # the summary's words are matched in English
def test_pages_show_masks_and_no_values(client):
    scene = team()
    _with_numbers(scene)
    shown = masked(scene.report)
    assert shown.id_number == "**************1234"
    assert shown.bank_account == "**** 5678"
    assert shown.emergency_contacts == "2 contacts (陈**, L****)"
    client.force_login(scene.hr)
    html = client.get(
        reverse("employees:employee-detail", kwargs={"ref": scene.report.number}),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "**************1234" in html
    assert "**** 5678" in html
    assert ID not in html
    assert "6222020012345678" not in html
    assert "13911112222" not in html


def test_every_reveal_is_logged_with_who_and_why(client):
    scene = team()
    _with_numbers(scene)
    before = SensitiveAccess.objects.filter(action="show").count()
    client.force_login(scene.hr)

    first = client.post(_reveal(scene.report), {"reason": "社保申报"})
    second = client.post(_reveal(scene.report, "bank_account"), {"reason": "发薪核对"})

    assert first.status_code == 200
    assert ID in first.content.decode()
    assert first["Cache-Control"] == "no-store"
    assert "6222020012345678" in second.content.decode()
    rows = list(SensitiveAccess.objects.filter(action="show").order_by("pk"))[before:]
    assert [(r.field, r.actor, r.reason) for r in rows] == [
        ("id_number", scene.hr, "社保申报"), ("bank_account", scene.hr, "发薪核对"),
    ]  # fmt: skip
    # and the log is on the page for HR
    page = client.get(reverse("employees:employee-detail", kwargs={"ref": scene.report.number}))
    assert "社保申报" in visible_text(page.content.decode())


def test_a_reveal_without_a_reason_shows_nothing_and_logs_nothing(client):
    scene = team()
    _with_numbers(scene)
    count = SensitiveAccess.objects.count()
    client.force_login(scene.hr)
    response = client.post(_reveal(scene.report), {"reason": "   "})
    assert response.status_code == 400
    assert ID not in response.content.decode()
    assert SensitiveAccess.objects.count() == count
    assert client.post(_reveal(scene.report, "salary"), {"reason": "x"}).status_code == 404


def test_a_manager_and_a_recruiter_are_refused_and_nothing_is_logged(client):
    scene = team()
    _with_numbers(scene)
    count = SensitiveAccess.objects.count()
    for user in (scene.boss_user, scene.recruiter):
        client.force_login(user)
        response = client.post(_reveal(scene.report), {"reason": "好奇"})
        assert response.status_code == 404
        assert ID not in response.content.decode()
        with pytest.raises(ApplicationError):
            sensitive_reveal(employee=scene.report, field="id_number", actor=user, reason="x")
        with pytest.raises(ApplicationError):
            sensitive_update(employee=scene.report, field="id_number", value="1", actor=user)
    assert SensitiveAccess.objects.count() == count


def test_the_person_reveals_their_own_and_sees_who_looked(client):
    scene = team()
    _with_numbers(scene)
    client.force_login(scene.hr)
    client.post(_reveal(scene.report), {"reason": "社保申报"})
    client.force_login(scene.report_user)

    own = client.post(_reveal(scene.report), {"reason": "办银行卡"})

    assert own.status_code == 200
    assert ID in own.content.decode()
    me = visible_text(
        client.get(reverse("employees:me"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert "社保申报" in me
    assert scene.hr.full_name in me


def test_changes_are_logged_and_audited_without_the_value():
    scene = team()
    _with_numbers(scene)
    changes = SensitiveAccess.objects.filter(employee=scene.report, action="change")
    assert changes.count() == 3
    events = AuditEvent.objects.filter(action="employees.sensitive_update")
    assert events.count() == 3
    dump = str(list(events.values_list("changes", flat=True)))
    assert ID not in dump
    assert "1234" not in dump
    assert "陈大明" not in dump


def test_health_notes_need_the_separate_consent_first():
    scene = team()
    with pytest.raises(ApplicationError):
        sensitive_update(
            employee=scene.report, field="health_notes", value="哮喘", actor=scene.hr, reason="x"
        )
    scene.report.refresh_from_db()
    assert scene.report.health_notes is None
    # HR cannot give it for the person
    with pytest.raises(ApplicationError):
        health_consent_give(employee=scene.report, actor=scene.hr)

    health_consent_give(employee=scene.report, actor=scene.report_user)
    sensitive_update(
        employee=scene.report, field="health_notes", value="哮喘", actor=scene.hr, reason="病假"
    )
    scene.report.refresh_from_db()
    assert scene.report.health_notes == "哮喘"
    assert scene.report.health_consent_at


def test_bad_numbers_are_refused():
    scene = team()
    for value in ("12", "x" * 41, "11010<script>"):
        with pytest.raises(ApplicationError):
            sensitive_update(employee=scene.report, field="id_number", value=value, actor=scene.hr)
    with pytest.raises(ApplicationError):
        sensitive_update(
            employee=scene.report, field="emergency_contacts", actor=scene.hr,
            value=[{"name": "A", "phone": ""}],
        )  # fmt: skip
