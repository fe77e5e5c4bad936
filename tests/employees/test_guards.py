"""Guards a read of the change asked for: the hire names only the job's managers, sensitive
documents log their opening, probation ends only by its decision and comes once, a rule's
number never becomes empty, pre-boarding ends at day one."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from employees.models import EmployeeDocument, EmployeeStatus, LegalRule, SensitiveAccess
from employees.services.assignments import assignment_change
from employees.services.contracts import contract_create
from employees.services.preboarding import preboarding_invite
from employees.services.probation_reviews import probation_reviews_open
from employees.services.rules import legal_rule_add
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from recruiting.hiring.services import application_hire
from recruiting.models import Application, Offer
from tests.employees.api.scene import org_build
from tests.employees.hire_scene import hire_scene
from tests.employees.records.scene import employee_make, team
from tests.hrflow.factories import UserFactory
from tests.recruiting.api.conftest import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """The refusals are matched in English; the catalogue translates them."""
    with translation.override("en"):
        yield


def test_a_recruiter_cannot_name_just_anyone_as_the_new_hires_manager() -> None:
    scene = hire_scene()
    stranger = employee_make(name="路人甲")

    response = token_client(scene.recruiter).post(
        reverse("api:application-hire", args=[scene.application.pk]),
        {"manager": stranger.pk},
        format="json",
    )

    assert response.status_code == 400
    assert "manager" in response.json()["errors"]
    assert not Application.objects.filter(pk=scene.application.pk, status="hired").exists()


def test_an_hr_admin_may_name_anyone_who_works_here() -> None:
    scene = hire_scene()
    anyone = employee_make(name="路人乙")
    hr = UserFactory(roles=[Role.HR_ADMIN])

    outcome = application_hire(application=scene.application, actor=hr, manager_id=anyone.pk)

    assert outcome.employee.assignments.first().manager == anyone


def test_an_application_marked_hired_without_an_offer_is_refused_not_a_server_error() -> None:
    scene = hire_scene()
    Offer.objects.filter(pk=scene.offer.pk).delete()
    Application.objects.filter(pk=scene.application.pk).update(status="hired")

    with pytest.raises(ApplicationError):
        application_hire(application=scene.application)


def test_opening_an_id_card_scan_is_logged_as_a_reveal(client) -> None:
    world = team()
    scan = EmployeeDocument(
        employee=world.report, kind="id_document", original_name="id.pdf",
        content_type="application/pdf", extension=".pdf", size=3, sha256="0" * 64, origin="hr",
    )  # fmt: skip
    scan.file.save("id.pdf", ContentFile(b"pdf"), save=False)
    scan.save()
    client.force_login(world.hr)

    response = client.get(reverse("employees:employee-document", args=[scan.pk]))

    assert response.status_code == 200
    logged = SensitiveAccess.objects.get(employee=world.report)
    assert (logged.field, logged.action, logged.actor) == ("id_number", "show", world.hr)


def test_a_manager_gets_no_tails_of_id_or_bank_numbers_in_the_api() -> None:
    org = org_build()
    org.employee.id_number_tail, org.employee.bank_account_tail = "002X", "1234"
    org.employee.save()

    mine = token_client(org.users["employee"]).get(
        reverse("api:employee-detail", args=[org.employee.pk])
    )
    boss = token_client(org.users["manager"]).get(
        reverse("api:employee-detail", args=[org.employee.pk])
    )

    assert mine.json()["id_number"].endswith("002X")
    assert (boss.json()["id_number"], boss.json()["bank_account"]) == (None, None)


def test_probation_under_review_ends_only_by_its_decision_and_comes_once() -> None:
    world = team()
    today = timezone.localdate()
    person = employee_make(name="新人", status="probation", since=today - timedelta(days=80))
    contract = contract_create(
        employee=person, kind="fixed_term", starts_on=person.hire_date,
        ends_on=person.hire_date + timedelta(days=3 * 366), probation_months=3,
        signed_on=person.hire_date, actor=world.hr,
    )  # fmt: skip
    probation_reviews_open(on=contract.probation_ends_on - timedelta(days=7))

    with pytest.raises(ApplicationError, match="probation review is open"):
        assignment_change(
            employee=person, valid_from=today, change="status", actor=world.hr,
            status=EmployeeStatus.REGULAR,
        )  # fmt: skip
    with pytest.raises(ApplicationError, match="only once"):
        assignment_change(
            employee=world.report, valid_from=today, change="status", actor=world.hr,
            status=EmployeeStatus.PROBATION,
        )  # fmt: skip


def test_a_rules_number_never_becomes_empty() -> None:
    latest = LegalRule.objects.filter(code="contract.probation_limits").latest("effective_from")
    value = latest.value
    value["bands"][1]["max_months"] = None

    with pytest.raises(ApplicationError):
        legal_rule_add(
            code="contract.probation_limits", region="", effective_from=date(2030, 1, 1),
            value=value, source_title="test", actor=UserFactory(roles=[Role.HR_ADMIN]),
        )  # fmt: skip
    assert not LegalRule.objects.filter(effective_from=date(2030, 1, 1)).exists()


def test_pre_boarding_ends_at_day_one() -> None:
    world = team()
    world.report.personal_email = "chen@example.com"
    world.report.save()

    with pytest.raises(ApplicationError, match="pre-boarding is over"):
        preboarding_invite(employee=world.report, actor=world.hr)
