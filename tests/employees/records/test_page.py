"""The employee page: as of a day, history, dated changes by form, who sees what, queries."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from employees.models import Assignment, EmployeeDocument, EmployeeNote, SkillEvidence
from employees.services.assignments import assignment_change
from hrflow.competencies.models import Competency
from hrflow.core.models import AuditEvent
from recruiting.hiring.services import application_hire
from tests.employees.hire_scene import hire_scene
from tests.employees.records.scene import contract_make, team
from tests.hrflow.factories import DepartmentFactory
from tests.html_text import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """Pages in English, so the assertions read the English words."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _page(employee) -> str:
    return reverse("employees:employee-detail", kwargs={"ref": employee.number})


def _change(employee) -> str:
    return reverse("employees:employee-change", kwargs={"ref": employee.number})


def test_the_page_shows_the_record_as_of_a_day_and_the_whole_history(client):
    scene = team()
    today = timezone.localdate()
    sales = DepartmentFactory(name="市场部")
    assignment_change(
        employee=scene.report, valid_from=today - timedelta(days=30), change="transfer",
        actor=scene.hr, reason="业务调整", department_id=sales.pk,
    )  # fmt: skip
    contract_make(scene.report)
    client.force_login(scene.hr)

    now = client.get(_page(scene.report))
    then = client.get(_page(scene.report), {"as_of": str(today - timedelta(days=60))})

    assert now.context["record"].job.department == sales
    assert then.context["record"].job.department == scene.department
    text = visible_text(now.content.decode())
    assert "业务调整" in text
    assert "市场部" in text
    assert "研发部" in text
    assert len(now.context["record"].history) == 2
    # the roster fields the law asks for
    for label in ("Sex", "ID number", "Home address", "Contact", "Form of employment",
                  "Start date", "Contract term"):  # fmt: skip
        assert label in text
    assert "Fixed term" in visible_text(str(now.content.decode()))


def test_the_page_opens_by_number_or_id_and_404s_a_stranger_s(client):
    scene = team()
    client.force_login(scene.hr)
    by_id = reverse("employees:employee-detail", kwargs={"ref": str(scene.report.pk)})
    assert client.get(by_id).status_code == 200
    assert (
        client.get(reverse("employees:employee-detail", kwargs={"ref": "E999999"})).status_code
        == 404
    )
    assert (
        client.get(reverse("employees:employee-detail", kwargs={"ref": "%00'"})).status_code == 404
    )
    client.force_login(scene.boss_user)
    assert client.get(_page(scene.other)).status_code == 404
    client.force_login(scene.recruiter)
    assert client.get(_page(scene.report)).status_code == 404


def test_a_dated_change_through_the_form_cuts_the_record(client):
    scene = team()
    client.force_login(scene.hr)
    future = timezone.localdate() + timedelta(days=20)
    position_title = "高级工程师"

    response = client.post(_change(scene.report), {
        "change": "promotion", "valid_from": future.isoformat(), "job_title": position_title,
        "reason": "年度晋升",
    })  # fmt: skip

    assert response.status_code == 302
    rows = list(Assignment.objects.filter(employee=scene.report).order_by("valid_from"))
    assert [row.job_title for row in rows] == ["工程师", position_title]
    assert rows[0].valid_to == future
    assert rows[1].recorded_by == scene.hr
    # planned: today's record is unchanged, the day itself shows the promotion
    page = client.get(_page(scene.report), {"as_of": future.isoformat()})
    assert page.context["record"].job.job_title == position_title


@pytest.mark.parametrize("case", ["before_first", "own_manager", "loop", "nothing", "bad_date"])
def test_a_refused_change_is_a_form_error_and_changes_nothing(client, case):
    scene = team()
    client.force_login(scene.hr)
    first = scene.boss.assignments.get().valid_from
    data = {
        "before_first": {"change": "transfer", "valid_from": str(first - timedelta(days=1)),
                         "job_title": "X"},
        "own_manager": {"change": "manager", "valid_from": str(timezone.localdate()),
                        "manager": scene.boss.number},
        # the boss's report cannot become the boss's manager
        "loop": {"change": "manager", "valid_from": str(timezone.localdate()),
                 "manager": scene.report.number},
        "nothing": {"change": "status", "valid_from": str(timezone.localdate())},
        "bad_date": {"change": "status", "valid_from": "2024-02-31", "status": "leaving"},
    }[case]  # fmt: skip
    before = list(Assignment.objects.order_by("pk").values())

    response = client.post(_change(scene.boss), data)

    assert response.status_code == 400
    form = next(f for f in response.context["change_forms"] if f.kind == data["change"])
    assert form.errors
    assert list(Assignment.objects.order_by("pk").values()) == before


def test_only_hr_admins_write(client):
    scene = team()
    for user in (scene.boss_user, scene.recruiter):
        client.force_login(user)
        assert client.post(_change(scene.report), {
            "change": "status", "valid_from": str(timezone.localdate()), "status": "leaving",
        }).status_code == 404  # fmt: skip
        note = reverse("employees:employee-note", kwargs={"ref": scene.report.number})
        assert client.post(note, {"body": "x"}).status_code == 404
        edit = reverse("employees:employee-edit", kwargs={"ref": scene.report.number})
        assert client.get(edit).status_code == 404
    assert Assignment.objects.filter(employee=scene.report).count() == 1
    assert not EmployeeNote.objects.exists()


def test_hr_adds_a_note_and_edits_identity_audited(client):
    scene = team()
    client.force_login(scene.hr)
    note = reverse("employees:employee-note", kwargs={"ref": scene.report.number})
    assert client.post(note, {"body": "试用期表现良好"}).status_code == 302
    assert client.post(note, {"body": "   "}).status_code == 400
    assert EmployeeNote.objects.get(employee=scene.report).author == scene.hr

    edit = reverse("employees:employee-edit", kwargs={"ref": scene.report.number})
    response = client.post(edit, {
        "identity": "1", "full_name": "陈静", "preferred_name": "Jing", "sex": "female",
        "id_document_type": "resident_id", "email": "jing@example.com", "personal_email": "",
        "phone": "13900000000", "address": "北京市", "city": "北京",
    })  # fmt: skip
    assert response.status_code == 302
    scene.report.refresh_from_db()
    assert (scene.report.preferred_name, scene.report.phone) == ("Jing", "13900000000")
    event = AuditEvent.objects.filter(action="employees.identity_update").get()
    assert set(event.changes) >= {"preferred_name", "phone", "sex"}
    bad = client.post(edit, {"identity": "1", "full_name": "", "email": "not-mail"})
    assert bad.status_code == 400


def test_a_manager_sees_job_skills_and_contract_term_but_nothing_private(client):
    scene = team()
    contract_make(scene.report)
    document = EmployeeDocument(
        employee=scene.report, kind="id_document", original_name="id.pdf",
        content_type="application/pdf", extension=".pdf", size=3, sha256="0" * 64, origin="hr",
    )  # fmt: skip
    document.file.save("x.pdf", ContentFile(b"pdf"), save=False)
    document.save()
    EmployeeNote.objects.create(employee=scene.report, body="HR 私密备注")
    SkillEvidence.objects.create(
        employee=scene.report, competency=Competency.objects.first(), source="manual",
        score=70, origin_ref="test:1",
    )  # fmt: skip
    client.force_login(scene.boss_user)

    response = client.get(_page(scene.report))

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert response.context["record"].kind == "manager"
    assert "HR 私密备注" not in text
    assert "id.pdf" not in text
    assert "ID number" not in text
    assert "Bank account" not in text
    assert response.context["record"].skills
    assert response.context["record"].contract
    download = reverse("employees:employee-document", kwargs={"pk": document.pk})
    assert client.get(download).status_code == 404
    client.force_login(scene.hr)
    response = client.get(download)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_hired_employee_s_page_shows_the_hire_record_and_the_way_back(client):
    scene = hire_scene()
    outcome = application_hire(application=scene.application, actor=scene.recruiter)
    employee = outcome.employee
    from hrflow.accounts.roles import Role
    from tests.hrflow.factories import UserFactory

    hr = UserFactory(roles=[Role.HR_ADMIN, Role.RECRUITER])
    client.force_login(hr)

    response = client.get(_page(employee))

    record = response.context["record"]
    assert record.snapshot is not None
    assert record.assessments
    assert response.context["hire_link"] == reverse(
        "recruiting:candidate-detail", kwargs={"pk": scene.application.candidate_id}
    )
    text = visible_text(response.content.decode())
    assert "25k x 14" in text  # the offer's terms
    assert f"Hired from application #{scene.application.pk}" in text
    assert "沟通表达" in text  # a carried dimension score
    assert "v3.2" in text  # the vendor's model version on the evidence
    html = response.content.decode()
    assert f"https://ai.example.com/report/{scene.application.pk}" in html
    assert f"https://ai.example.com/v/{scene.application.pk}/1" in html
    assert len(record.history_steps) >= 2


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_page_runs_the_same_number_of_queries_however_long_the_file(client):
    scene = team()
    client.force_login(scene.hr)
    small = _count(client, _page(scene.report))
    today = timezone.localdate()
    for step in range(1, 8):
        assignment_change(
            employee=scene.report, valid_from=today - timedelta(days=300 - step * 30),
            change="transfer", actor=scene.hr, department_id=DepartmentFactory().pk,
        )  # fmt: skip
    for index in range(5):
        EmployeeNote.objects.create(employee=scene.report, body=f"n{index}")
    large = _count(client, _page(scene.report))
    assert small == large
    assert large <= 25
    client.force_login(scene.boss_user)
    assert _count(client, _page(scene.report)) <= 20


def test_no_field_asks_about_marriage_pregnancy_or_childbearing():
    """Women's Rights Law 2023: never ask. Every employees model and form field, name and label."""
    import inspect

    from django import forms as django_forms
    from django.apps import apps

    from employees.records import forms as record_forms
    from employees.selfservice import forms as self_forms

    words = ("marri", "marital", "spouse", "pregnan", "child", "birth", "matern",
             "婚", "孕", "育", "配偶", "子女", "生育")  # fmt: skip
    labels = []
    for model in apps.get_app_config("employees").get_models():
        for field in model._meta.get_fields():
            labels += [field.name, str(getattr(field, "verbose_name", ""))]
    for module in (record_forms, self_forms):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, django_forms.BaseForm) and cls.__module__ == module.__name__:
                form = (
                    cls() if cls is not record_forms.AssignmentChangeForm else cls(kind="transfer")
                )
                for name, field in form.fields.items():
                    labels += [name, str(field.label or "")]
    assert len(labels) > 100
    found = [label for label in labels for word in words if word in label.lower()]
    assert found == []
