"""Self-service: one's own record, contacts with HR told, and nobody else's (404)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from employees.models import EmployeeDocument, SensitiveAccess
from employees.notices import CONTACTS_CHANGED
from employees.selfservice.sections import Section, _sections, selfservice_section_register
from hrflow.accounts.roles import Role
from hrflow.notifications.models import OutboxMessage
from tests.employees.records.scene import contract_make, team
from tests.hrflow.factories import UserFactory
from tests.html_text import visible_text

pytestmark = pytest.mark.django_db
ME = reverse("employees:me")


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _document(employee) -> EmployeeDocument:
    document = EmployeeDocument(
        employee=employee, kind="degree", original_name=f"degree-{employee.number}.pdf",
        content_type="application/pdf", extension=".pdf", size=3, sha256="0" * 64, origin="hr",
    )  # fmt: skip
    document.file.save("x.pdf", ContentFile(b"pdf"), save=False)
    document.save()
    return document


def test_the_employee_sees_their_record_documents_and_contract(client):
    scene = team()
    contract_make(scene.report)
    mine = _document(scene.report)
    client.force_login(scene.report_user)

    response = client.get(ME)

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert scene.report.full_name in text
    assert scene.report.number in text
    assert mine.original_name in text
    assert "Fixed term" in text  # the contract section (a registered section)
    assert (
        client.get(reverse("employees:employee-document", kwargs={"pk": mine.pk})).status_code
        == 200
    )


def test_someone_else_s_ids_are_404_everywhere(client):
    """Two employees: each reaches only their own file, through every URL that names one."""
    scene = team()
    theirs = _document(scene.boss)
    client.force_login(scene.report_user)
    urls = [
        reverse("employees:employee-detail", kwargs={"ref": scene.boss.number}),
        reverse("employees:employee-detail", kwargs={"ref": str(scene.boss.pk)}),
        reverse("employees:employee-document", kwargs={"pk": theirs.pk}),
        reverse("employees:employee-edit", kwargs={"ref": scene.boss.number}),
        reverse("employees:employee-list"),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    posts = [
        reverse(
            "employees:employee-reveal", kwargs={"ref": scene.boss.number, "field": "id_number"}
        ),
        reverse("employees:employee-change", kwargs={"ref": scene.boss.number}),
        reverse("employees:employee-note", kwargs={"ref": scene.boss.number}),
    ]
    for url in posts:
        assert client.post(url, {"reason": "x", "body": "x"}).status_code == 404, url
    assert not SensitiveAccess.objects.exists()
    # their own employee page sends them to self-service
    own = client.get(reverse("employees:employee-detail", kwargs={"ref": scene.report.number}))
    assert own.status_code == 302
    assert own.url == ME


def test_an_account_without_an_employee_record_has_no_self_service(client):
    for role in Role:
        client.force_login(UserFactory(roles=[role]))
        for name in ("me", "me-contacts", "me-emergency"):
            assert client.get(reverse(f"employees:{name}")).status_code == 404


def test_updating_contacts_tells_hr_without_the_values(client):
    scene = team()
    client.force_login(scene.report_user)

    response = client.post(reverse("employees:me-contacts"), {
        "phone": "13700001111", "personal_email": "jing@home.cn", "address": "杭州市西湖区",
    })  # fmt: skip

    assert response.status_code == 302
    scene.report.refresh_from_db()
    assert (scene.report.phone, scene.report.address) == ("13700001111", "杭州市西湖区")
    messages = list(OutboxMessage.objects.filter(event=CONTACTS_CHANGED))
    assert [m.recipient for m in messages] == [scene.hr.email]
    assert scene.report.full_name in messages[0].subject
    assert "13700001111" not in messages[0].body
    assert "杭州" not in messages[0].body
    bad = client.post(reverse("employees:me-contacts"), {"personal_email": "not an email"})
    assert bad.status_code == 400


def test_updating_emergency_contacts_stores_them_encrypted_and_tells_hr(client):
    scene = team()
    client.force_login(scene.report_user)
    form = client.get(reverse("employees:me-emergency"))
    assert form.status_code == 200
    assert form["Cache-Control"] == "no-store"

    response = client.post(reverse("employees:me-emergency"), {
        "name_0": "陈大明", "relation_0": "父亲", "phone_0": "13911112222",
    })  # fmt: skip

    assert response.status_code == 302
    scene.report.refresh_from_db()
    assert scene.report.emergency_contacts == [
        {"name": "陈大明", "relation": "父亲", "phone": "13911112222"}
    ]
    assert OutboxMessage.objects.filter(event=CONTACTS_CHANGED).count() == 1
    # opening the form again shows the stored contacts: a logged look
    client.get(reverse("employees:me-emergency"))
    assert SensitiveAccess.objects.filter(action="show", actor=scene.report_user).count() == 1
    half = client.post(reverse("employees:me-emergency"), {"name_0": "无电话"})
    assert half.status_code == 400


def test_the_person_gives_the_health_consent_themselves(client):
    scene = team()
    client.force_login(scene.report_user)
    assert client.post(reverse("employees:me-health-consent")).status_code == 302
    scene.report.refresh_from_db()
    assert scene.report.health_consent_at is not None
    assert client.get(reverse("employees:me-health-consent")).status_code == 405


def test_other_features_add_sections_through_the_registry(client):
    """The hook onboarding (and later leave, pay) fills: a section per feature."""
    scene = team()
    section = Section(
        key="test-onboarding", title="Onboarding tasks",
        template="employees/selfservice/_contract.html",
        build=lambda employee: {"current": None, "contracts": []}, order=100,
    )  # fmt: skip
    selfservice_section_register(section)
    try:
        client.force_login(scene.report_user)
        text = visible_text(client.get(ME).content.decode())
        assert "Onboarding tasks" in text
    finally:
        _sections.pop("test-onboarding")


def test_the_menu_offers_my_record_to_employees_and_employees_to_hr(client):
    scene = team()
    client.force_login(scene.report_user)
    html = client.get(ME).content.decode()
    assert f'href="{ME}"' in html
    assert 'href="/employees/"' not in html
    client.force_login(scene.hr)
    html = client.get(reverse("employees:employee-list")).content.decode()
    assert 'href="/employees/"' in html
