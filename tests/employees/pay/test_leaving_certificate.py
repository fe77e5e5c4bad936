"""The exit certificate (离职证明): what Labour Contract Law art. 50 and implementing
regulations art. 24 ask it to state, read back from the PDF with its font embedded; no
reason for leaving unless the employee asks; every issue logged; HR admins only."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from employees.models import Contract, ExitCertificate
from employees.services.exit_certificates import exit_certificate_issue
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from tests.employees.pay.leaving_scene import fixed_term_contract, leaves, paid_employee
from tests.employees.records.scene import employee_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def hr():
    return UserFactory(roles=[Role.HR_ADMIN])


@pytest.fixture
def leaver():
    employee = paid_employee("10000", since=date(2021, 1, 1), name="韩梅梅")
    fixed_term_contract(employee, date(2027, 12, 31))
    return leaves(employee, date(2024, 6, 30))


def _url(employee) -> str:
    return reverse("employees:employee-exit-certificate", kwargs={"ref": employee.number})


def _text(document: bytes) -> str:
    reader = PdfReader(io.BytesIO(document))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_certificate_states_the_four_facts_in_chinese_and_english(hr, leaver):
    _certificate, document = exit_certificate_issue(employee=leaver, actor=hr)
    text = _text(document)

    assert "离职证明" in text
    assert f"兹证明韩梅梅（员工编号：{leaver.number}）自2021年1月1日起" in text
    assert "劳动合同期限：固定期限，自2021年1月1日至2027年12月31日。" in text
    assert "双方劳动合同于2024年6月30日解除。" in text  # before its term: 解除
    assert "在本单位的工作年限：3年6个月（2021年1月1日至2024年6月30日）。" in text
    assert "工程师" in text  # the position
    assert "Term of the labour contract: fixed term, from 1 January 2021 to 31 December 2027." in (
        text.replace("\n", " ")
    )
    assert "the Chinese text prevails" in text
    # Nothing adverse and no reason unless asked: not even the leaving's own reason.
    assert "岗位撤销" not in text
    assert "离职原因" not in text
    assert "Reason for leaving" not in text


def test_the_font_is_embedded(hr, leaver):
    _certificate, document = exit_certificate_issue(employee=leaver, actor=hr)
    reader = PdfReader(io.BytesIO(document))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts
    for font in fonts.values():
        font = font.get_object()
        assert font["/Subtype"] == "/Type0"
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        stream = descriptor.get("/FontFile2")
        assert stream is not None
        assert len(stream.get_object().get_data()) > 1000


def test_a_contract_that_ran_out_ended_and_the_reason_only_on_request(hr):
    employee = paid_employee("10000", since=date(2022, 3, 1))
    fixed_term_contract(employee, date(2024, 2, 29))
    employee = leaves(employee, date(2024, 2, 29))

    _certificate, document = exit_certificate_issue(employee=employee, actor=hr, reason="个人发展")
    text = _text(document)
    assert "双方劳动合同于2024年2月29日终止。" in text
    assert "应本人要求注明离职原因：个人发展。" in text
    assert "stated at the employee's request: 个人发展" in text.replace("\n", " ")


def test_every_issue_is_logged_and_audited(hr, leaver):
    exit_certificate_issue(employee=leaver, actor=hr)
    exit_certificate_issue(employee=leaver, actor=hr, reason="合同到期")

    issued = list(ExitCertificate.objects.filter(employee=leaver).order_by("pk"))
    assert [(c.issued_by, c.reason_stated) for c in issued] == [(hr, ""), (hr, "合同到期")]
    assert issued[0].content["service_years"] == 3
    assert issued[0].content["service_months"] == 6
    assert len(issued[0].sha256) == 64
    assert AuditEvent.objects.filter(action="employees.exit_certificate_issue").count() == 2


def test_refused_without_a_leaving_or_a_contract(hr):
    staying = paid_employee("10000", since=date(2021, 1, 1))
    with pytest.raises(ApplicationError):
        exit_certificate_issue(employee=staying, actor=hr)
    no_contract = leaves(paid_employee("10000", since=date(2021, 1, 1)), date(2024, 6, 30))
    with pytest.raises(ApplicationError, match="labour contract"):
        exit_certificate_issue(employee=no_contract, actor=hr)
    assert not ExitCertificate.objects.exists()


def test_hr_issues_it_from_the_page_and_gets_the_pdf(client, hr, leaver):
    client.force_login(hr)
    record = client.get(reverse("employees:employee-detail", kwargs={"ref": leaver.number}))
    assert _url(leaver) in record.content.decode()
    assert client.get(_url(leaver)).status_code == 200

    response = client.post(_url(leaver), {"state_reason": "on", "reason": "个人原因"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="exit-certificate-')
    assert "应本人要求注明离职原因：个人原因。" in _text(response.content)
    page = client.get(_url(leaver)).content.decode()
    assert "个人原因" in page  # the log shows the issue and what was stated


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"state_reason": "on", "reason": ""}, "Write the reason the employee asked to be stated."),
        ({"state_reason": "on", "reason": "x" * 201}, "at most 200 characters"),
        ({"state_reason": "on", "reason": "   "}, "Write the reason the employee asked"),
    ],
)
def test_hostile_input_is_refused_and_nothing_is_issued(client, hr, leaver, data, message):
    client.force_login(hr)
    response = client.post(_url(leaver), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ExitCertificate.objects.exists()


def test_a_reason_not_asked_for_is_never_printed(client, hr, leaver):
    client.force_login(hr)
    response = client.post(_url(leaver), {"reason": "严重违纪"})  # the box not ticked
    assert response.status_code == 200
    assert "严重违纪" not in _text(response.content)
    assert ExitCertificate.objects.get().reason_stated == ""


def test_only_hr_admins_open_it(client, leaver):
    staying = employee_make()
    for role in (Role.PAYROLL, Role.RECRUITER, Role.HIRING_MANAGER, Role.EMPLOYEE):
        client.force_login(UserFactory(roles=[role]))
        assert client.get(_url(leaver)).status_code == 404, role
        assert client.post(_url(leaver), {}).status_code == 404, role
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    assert client.get(_url(staying)).status_code == 404  # no leaving: no certificate page
    for ref in ("../", "E" + "9" * 40, "١٢", "0", "-1"):
        assert client.get(f"/employees/{ref}/exit-certificate/").status_code == 404, ref
    assert not ExitCertificate.objects.exists()
    assert Contract.objects.filter(employee=leaver).exists()
