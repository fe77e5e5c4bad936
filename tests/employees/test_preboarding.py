"""Pre-boarding: one-time links, the new hire's own session and pages, sensitive fields
encrypted and never shown whole, checked uploads, policies, and nothing forbidden asked."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from employees.models import (
    EmployeeConsent,
    EmployeeDocument,
    OnboardingPlan,
    Policy,
    PreboardingLink,
    SensitiveAccess,
)
from employees.preboarding.forms import PREBOARDING_FORMS
from employees.services.onboarding import onboarding_plan_create
from employees.services.preboarding import preboarding_invite
from hrflow.accounts.roles import Role
from hrflow.core.models import AuditEvent
from hrflow.notifications.models import OutboxMessage
from tests.employees.onboarding_scene import employee_make
from tests.hrflow.factories import UserFactory
from tests.recruiting.resume_pdfs import text_pdf

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"  # a valid GB 11643 check character
BANK_NUMBER = "6222021234567890123"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def hr():
    return UserFactory(roles=[Role.HR_ADMIN])


@pytest.fixture
def new_hire():
    employee = employee_make(name="王小明")
    onboarding_plan_create(employee=employee, actor=None)
    return employee


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def _signed_in(client, employee, hr):  # type: ignore[no-untyped-def]
    invitation = preboarding_invite(employee=employee, actor=hr)
    response = client.post(_path(invitation.url))
    assert response.status_code == 302
    assert response.url == reverse("employees:welcome-home")
    return invitation


def test_invite_sends_mail_and_text_to_the_personal_contacts_and_keeps_only_a_hash(hr, new_hire):
    invitation = preboarding_invite(employee=new_hire, actor=hr, required_documents=["degree"])

    token = _path(invitation.url).rstrip("/").rsplit("/", 1)[-1]
    link = PreboardingLink.objects.get()
    assert token not in link.token_hash
    assert len(link.token_hash) == 64
    sent = {message.channel: message for message in OutboxMessage.objects.all()}
    assert sent["email"].recipient == "xiaoming@example.com"
    assert token in sent["email"].body
    assert sent["sms"].recipient == "13800138000"
    assert token not in sent["sms"].body
    assert OnboardingPlan.objects.get(employee=new_hire).required_documents == ["degree"]
    assert AuditEvent.objects.filter(action="employees.preboarding_invite").exists()


def test_a_link_signs_in_once_and_the_session_it_opened_goes_on(client, hr, new_hire):
    invitation = _signed_in(client, new_hire, hr)

    again = client.post(_path(invitation.url))
    assert again.status_code == 410
    assert b'data-reason="used"' in again.content
    # The session the link opened continues.
    assert client.get(reverse("employees:welcome-home")).status_code == 200
    # Opening the link (GET) spends nothing: a new link shows the start button.
    other = preboarding_invite(employee=new_hire, actor=hr)
    assert client.get(_path(other.url)).status_code == 200
    assert PreboardingLink.objects.get(pk=other.link.pk).used_at is None


def test_an_expired_link_says_so_and_offers_to_ask_hr(client, hr, new_hire):
    invitation = preboarding_invite(employee=new_hire, actor=hr)
    PreboardingLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    page = client.get(_path(invitation.url))
    assert page.status_code == 410
    assert b'data-reason="expired"' in page.content
    assert client.post(_path(invitation.url)).status_code == 410
    assert client.get(reverse("employees:welcome-home")).status_code == 403  # not signed in
    asked = client.post(_path(invitation.url) + "renew/")
    client.post(_path(invitation.url) + "renew/")
    assert asked.status_code == 200
    told = OutboxMessage.objects.filter(event="preboarding_link_renewal")
    assert list(told.values_list("recipient", flat=True)) == [hr.email]  # once per link
    assert client.get("/employees/welcome/in/not-a-token/").status_code == 410


def test_another_persons_ids_are_404(client, hr, new_hire):
    someone = employee_make(name="李四")
    theirs = EmployeeDocument.objects.create(
        employee=someone,
        kind="photo",
        original_name="p.png",
        content_type="image/png",
        extension=".png",
        size=1,
        sha256="0" * 64,
        origin="preboarding",
        file="employees/x.png",
    )
    _signed_in(client, new_hire, hr)

    assert (
        client.get(reverse("employees:welcome-document-file", args=[theirs.pk])).status_code == 404
    )
    assert client.get(reverse("employees:welcome-policy", args=[999999])).status_code == 404
    assert client.get(reverse("employees:welcome-edit", args=["health"])).status_code == 404
    # Staff sign-in opens nothing here, and the pre-boarding session opens no staff page.
    assert client.get(reverse("employees:onboarding-my-tasks")).status_code == 302


def test_sensitive_fields_are_encrypted_at_rest_and_never_shown_whole(client, hr, new_hire):
    _signed_in(client, new_hire, hr)

    client.post(
        reverse("employees:welcome-edit", args=["identity"]),
        {"document_type": "resident_id", "number": ID_NUMBER},
    )
    client.post(
        reverse("employees:welcome-edit", args=["bank"]),
        {"bank": "中国工商银行", "branch": "上海张江支行", "account_number": BANK_NUMBER},
    )
    client.post(
        reverse("employees:welcome-edit", args=["emergency"]),
        {"name_1": "王大明", "relation_1": "父亲", "phone_1": "13900139000"},
    )

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, bank_account, emergency_contacts FROM employees_employee "
            "WHERE id = %s",
            [new_hire.pk],
        )
        raw = " ".join(cursor.fetchone())
    for clear in (ID_NUMBER, BANK_NUMBER, "王大明", "13900139000", "工商"):
        assert clear not in raw
    new_hire.refresh_from_db()
    assert new_hire.id_number == ID_NUMBER
    assert new_hire.id_number_tail == "002X"
    assert new_hire.bank_account["number"] == BANK_NUMBER
    assert new_hire.emergency_contacts[0]["name"] == "王大明"
    changes = SensitiveAccess.objects.filter(employee=new_hire, action="change")
    assert set(changes.values_list("field", flat=True)) == {
        "id_number",
        "bank_account",
        "emergency_contacts",
    }
    for page in ("identity", "bank", "emergency"):
        html = client.get(reverse("employees:welcome-edit", args=[page])).content.decode()
        assert ID_NUMBER not in html
        assert BANK_NUMBER not in html
        assert "13900139000" not in html
    assert (
        "002X" in client.get(reverse("employees:welcome-edit", args=["identity"])).content.decode()
    )


def test_bad_details_change_nothing(client, hr, new_hire):
    _signed_in(client, new_hire, hr)

    wrong_check = client.post(
        reverse("employees:welcome-edit", args=["identity"]),
        {"document_type": "resident_id", "number": "110105194912310021"},
    )
    months = client.post(
        reverse("employees:welcome-edit", args=["service"]), {"years": "3", "months": "13"}
    )
    phone = client.post(
        reverse("employees:welcome-edit", args=["details"]),
        {"full_name": "王小明", "sex": "male", "address": "上海", "phone": "abc"},
    )

    assert (wrong_check.status_code, months.status_code, phone.status_code) == (400, 400, 400)
    new_hire.refresh_from_db()
    assert new_hire.id_number is None
    assert new_hire.prior_service_months is None
    assert new_hire.phone == "13800138000"
    client.post(reverse("employees:welcome-edit", args=["service"]), {"years": "3", "months": "6"})
    new_hire.refresh_from_db()
    assert new_hire.prior_service_months == 42


def test_uploads_are_checked_and_an_optional_photo_may_be_skipped(client, hr, new_hire):
    OnboardingPlan.objects.filter(employee=new_hire).update(required_documents=["degree"])
    _signed_in(client, new_hire, hr)
    url = reverse("employees:welcome-documents")

    fake = client.post(
        url, {"kind": "degree", "file": SimpleUploadedFile("degree.pdf", b"MZ\x90\x00exe")}
    )
    empty = client.post(url, {"kind": "degree", "file": SimpleUploadedFile("degree.png", b"")})
    assert fake.status_code == 400
    assert empty.status_code == 400
    assert not EmployeeDocument.objects.filter(employee=new_hire).exists()
    finish = client.post(reverse("employees:welcome-finish"))
    assert finish.status_code == 302
    assert (
        OnboardingPlan.objects.get(employee=new_hire).preboarding_done_at is None
    )  # degree missing

    ok = client.post(
        url, {"kind": "degree", "file": SimpleUploadedFile("学位证.pdf", text_pdf(["学位"]))}
    )
    assert ok.status_code == 302
    document = EmployeeDocument.objects.get(employee=new_hire)
    assert (document.origin, document.kind, document.content_type) == (
        "preboarding",
        "degree",
        "application/pdf",
    )
    download = client.get(reverse("employees:welcome-document-file", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")

    client.post(
        reverse("employees:welcome-edit", args=["identity"]),
        {"document_type": "resident_id", "number": ID_NUMBER},
    )
    client.post(
        reverse("employees:welcome-edit", args=["bank"]),
        {"bank": "招商银行", "account_number": BANK_NUMBER},
    )
    client.post(
        reverse("employees:welcome-edit", args=["emergency"]),
        {"name_1": "王大明", "phone_1": "13900139000"},
    )
    for policy in Policy.objects.filter(is_active=True):
        client.post(reverse("employees:welcome-policy", args=[policy.pk]), {"read": "yes"})
    client.post(reverse("employees:welcome-finish"))
    # No photo was uploaded (optional): handing in works.
    assert OnboardingPlan.objects.get(employee=new_hire).preboarding_done_at is not None


def test_policies_are_acknowledged_with_their_version(client, hr, new_hire):
    policy = Policy.objects.create(code="handbook", version="2026-01", title="员工手册", body="……")
    _signed_in(client, new_hire, hr)

    unticked = client.post(reverse("employees:welcome-policy", args=[policy.pk]), {})
    assert unticked.status_code == 200
    assert not EmployeeConsent.objects.filter(employee=new_hire).exists()
    client.post(reverse("employees:welcome-policy", args=[policy.pk]), {"read": "yes"})
    client.post(reverse("employees:welcome-policy", args=[policy.pk]), {"read": "yes"})

    consent = EmployeeConsent.objects.get(employee=new_hire, kind="policy:handbook")
    assert consent.notice_version == "2026-01"


def test_the_first_day_plan_shows_the_new_hires_tasks(client, hr, new_hire):
    _signed_in(client, new_hire, hr)

    html = client.get(reverse("employees:welcome-first-day")).content.decode()

    assert "首日报到" in html
    assert new_hire.hire_date.isoformat() in html
    assert "准备工位和电脑" not in html  # IT's task, not the new hire's


def test_no_form_asks_about_marriage_pregnancy_childbearing_or_health():
    forbidden = re.compile(r"marri|marital|pregnan|child|birth|health|婚|孕|育|健康", re.I)
    for form_class in PREBOARDING_FORMS:
        for name, field in form_class.base_fields.items():
            assert not forbidden.search(name), (form_class.__name__, name)
            assert not forbidden.search(str(field.label)), (form_class.__name__, name)
