"""Recruiting in Django admin: read-only, scoped like the HR pages, flat in queries."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.contracts import AssessmentResult
from recruiting.models import Application, Assessment, Candidate, Job, ScreeningDecision, Stage
from recruiting.screening.rules import MissingPolicy, Part, Source
from recruiting.screening.services import application_screen, screening_rule_save
from recruiting.services.applications import application_move, application_reject
from recruiting.services.assessments import record_assessment_result
from tests.fixtures.admin_site import admin_change_url, admin_changelist_url
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, JobFactory, reason, recruiter_for

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
HOSTILE_NOTE = "<script>alert('raw')</script>"
MODELS = (Job, Candidate, Application, Assessment, ScreeningDecision)
READ_ONLY_MODELS = (Candidate, Application, Assessment, ScreeningDecision)


def _stage(job: Job, kind: str) -> Stage:
    return job.stages.filter(kind=kind).order_by("position").first()


def _screened_application(score: str = "70") -> Application:
    """An application on its own job with a vendor result and the rule's decision on it."""
    job = JobFactory()
    application = application_move(
        application=ApplicationFactory(job=job), to_stage=_stage(job, "ai_interview")
    )
    screening_rule_save(
        job=job,
        name="Campus screening",
        stage=_stage(job, "ai_interview"),
        parts=[Part(Source.AI_OVERALL, Decimal(1))],
        missing=MissingPolicy.REWEIGHT,
        advance_at=Decimal(80),
        advance_to=_stage(job, "interview"),
        reject_below=Decimal(60),
        reject_reason=reason("score_below_threshold"),
        auto_reject=False,
        actor=None,
    )
    record_assessment_result(
        result=AssessmentResult(
            source="conn:admin-test",
            external_id=f"r-{application.pk}",
            kind="ai_interview",
            status="completed",
            overall_score=Decimal(score),
            completed_at=T0,
            vendor_updated_at=T0,
            raw={"id": f"r-{application.pk}", "note": HOSTILE_NOTE, "名字": "张伟"},
        ),
        application=application,
    )
    application_screen(application=application)
    return application


def _a_row_of(model: type, application: Application):
    return {
        Job: application.job,
        Candidate: application.candidate,
        Application: application,
        Assessment: application.assessments.first(),
        ScreeningDecision: application.screening_decisions.first(),
    }[model]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("who", ["superuser_client", "hr_admin_client"])
def test_changelist_and_change_page_open_with_real_rows(request, who, model):
    client = request.getfixturevalue(who)
    application = _screened_application()
    row = _a_row_of(model, application)

    listed = client.get(admin_changelist_url(model))
    shown = client.get(admin_change_url(row))

    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 1
    assert shown.status_code == 200
    assert shown.context["original"] == row


@pytest.mark.parametrize("model", READ_ONLY_MODELS, ids=lambda m: m.__name__)
def test_nothing_is_added_changed_or_deleted_in_admin(superuser_client, model):
    """Rows are written by the HR pages' services (or the sync); admin only shows them.

    (A job's posting basics are changed in admin through job_update:
    tests/recruiting/test_job_posting_admin.py.)"""
    application = _screened_application()
    row = _a_row_of(model, application)
    meta = model._meta
    count = model.objects.count()

    added = superuser_client.post(reverse(f"admin:recruiting_{meta.model_name}_add"), {})
    changed = superuser_client.post(admin_change_url(row), {})
    deleted = superuser_client.post(
        reverse(f"admin:recruiting_{meta.model_name}_delete", args=[row.pk]), {"post": "yes"}
    )
    page = superuser_client.get(admin_change_url(row)).content.decode()

    assert (added.status_code, changed.status_code, deleted.status_code) == (403, 403, 403)
    assert model.objects.count() == count
    assert 'name="_save"' not in page  # no form to submit


def test_changelist_queries_do_not_grow_with_its_rows(hr_admin_client):
    """2 rows or 20: the same statements (related rows joined, counts in subqueries)."""
    urls = [admin_changelist_url(model) for model in MODELS]
    for _ in range(2):
        _screened_application()
    for url in urls:
        hr_admin_client.get(url)  # the session's first page may write it
    two_rows = {url: _queries_of(hr_admin_client, url, rows=2) for url in urls}

    for _ in range(18):
        _screened_application()
    twenty_rows = {url: _queries_of(hr_admin_client, url, rows=20) for url in urls}

    assert twenty_rows == two_rows


def _queries_of(client, url: str, *, rows: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).context["cl"].result_count == rows, url
    return len(queries)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_choice_of_every_filter_opens_and_narrows_the_list(superuser_client, model):
    """Each filter link gives a page, never more rows than the whole list."""
    _screened_application("70")
    rejected = _screened_application("90")
    application_reject(application=rejected, reason=reason("not_qualified"))
    url = admin_changelist_url(model)
    whole = superuser_client.get(url).context["cl"]

    opened = 0
    for spec in whole.filter_specs:
        for choice in spec.choices(whole):
            response = superuser_client.get(url + choice["query_string"])
            assert response.status_code == 200, choice["query_string"]
            assert response.context["cl"].result_count <= whole.result_count
            opened += 1

    assert opened >= 2 * len(whole.filter_specs)


@pytest.mark.parametrize(
    ("model", "filters", "expected"),
    [
        (Application, {"status__exact": "rejected"}, "rejected"),
        (Application, {"status__exact": "active"}, "kept"),
        (Job, {"status__exact": "open"}, "both"),
        (Candidate, {"erased_at__isempty": "0"}, "none"),
        (Assessment, {"kind__exact": "ai_interview"}, "both"),
        (Assessment, {"kind__exact": "written_test"}, "none"),
        (ScreeningDecision, {"outcome__exact": "advance"}, "rejected"),
        (ScreeningDecision, {"outcome__exact": "hold"}, "kept"),
    ],
)
def test_filters_keep_the_rows_they_name(superuser_client, model, filters, expected):
    kept = _screened_application("70")
    rejected = _screened_application("90")
    application_reject(application=rejected, reason=reason("not_qualified"))
    rows = {
        "kept": {_a_row_of(model, kept).pk},
        "rejected": {_a_row_of(model, rejected).pk},
        "both": {_a_row_of(model, kept).pk, _a_row_of(model, rejected).pk},
        "none": set(),
    }

    response = superuser_client.get(admin_changelist_url(model), filters)

    assert {row.pk for row in response.context["cl"].result_list} == rows[expected]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_search_finds_the_rows_of_one_candidate_or_job(superuser_client, model):
    """Jobs by title, everything else by the candidate's name."""
    wanted = _screened_application()
    _screened_application()
    Candidate.objects.filter(pk=wanted.candidate_id).update(full_name="欧阳娜娜")
    Job.objects.filter(pk=wanted.job_id).update(title="量子计算研究员")
    search = "量子计算" if model is Job else "欧阳"

    response = superuser_client.get(admin_changelist_url(model), {"q": search})

    found = [row.pk for row in response.context["cl"].result_list]
    assert found == [_a_row_of(model, wanted).pk]


def test_assessment_found_by_its_vendor_id(superuser_client):
    wanted = _screened_application()
    _screened_application()

    response = superuser_client.get(admin_changelist_url(Assessment), {"q": f"r-{wanted.pk}"})

    assert [row.application_id for row in response.context["cl"].result_list] == [wanted.pk]


def test_raw_payload_is_shown_indented_and_escaped(superuser_client):
    assessment = _screened_application().assessments.get()

    page = superuser_client.get(admin_change_url(assessment)).content.decode()

    assert "&lt;script&gt;alert(&#x27;raw&#x27;)&lt;/script&gt;" in page
    assert HOSTILE_NOTE not in page
    assert "&quot;名字&quot;: &quot;张伟&quot;" in page  # indented JSON, Chinese as written


def test_a_staff_recruiter_sees_only_the_rows_of_their_own_jobs(client):
    """Admin-site access does not widen a role's scope."""
    theirs = _screened_application()
    _screened_application()
    recruiter = recruiter_for(theirs.job)
    recruiter.is_staff = True
    recruiter.save(update_fields=["is_staff"])
    client.force_login(recruiter)

    jobs = client.get(admin_changelist_url(Job)).context["cl"].result_list
    applications = client.get(admin_changelist_url(Application)).context["cl"].result_list
    candidates = client.get(admin_changelist_url(Candidate)).context["cl"].result_list
    decisions = client.get(admin_changelist_url(ScreeningDecision)).context["cl"].result_list
    others = Application.objects.exclude(pk=theirs.pk).get()

    assert [job.pk for job in jobs] == [theirs.job_id]
    assert [application.pk for application in applications] == [theirs.pk]
    assert [candidate.pk for candidate in candidates] == [theirs.candidate_id]
    assert [decision.application_id for decision in decisions] == [theirs.pk]
    assert (
        client.get(admin_change_url(others)).status_code == 302
    )  # Django's "no such row" redirect
    assert client.get(admin_change_url(others.job)).status_code == 302


def test_staff_without_recruiting_permissions_is_refused(client):
    application = _screened_application()
    client.force_login(UserFactory(roles=[Role.EMPLOYEE], is_staff=True))

    for model in MODELS:
        assert client.get(admin_changelist_url(model)).status_code == 403, model
        assert client.get(admin_change_url(_a_row_of(model, application))).status_code == 403, model


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_users_without_admin_site_access_are_sent_to_its_sign_in(client, model):
    application = _screened_application()
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))  # no is_staff

    for url in (admin_changelist_url(model), admin_change_url(_a_row_of(model, application))):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_candidate_page_leaves_out_self_identification_and_documents(superuser_client):
    from recruiting.models import SelfIdentification

    application = _screened_application()
    SelfIdentification.objects.create(
        candidate=application.candidate, gender="female", ethnicity="minority"
    )

    page = superuser_client.get(admin_change_url(application.candidate), HTTP_ACCEPT_LANGUAGE="en")

    html = page.content.decode()
    assert application.candidate.full_name in html
    assert "An ethnic minority" not in html
    assert "self-identification" not in html.lower()
    assert "document" not in html.lower()


def test_application_columns_and_history_are_labelled_in_chinese(superuser_client):
    """Foreign keys without verbose names of their own get translated labels in admin."""
    application = _screened_application()

    listed = superuser_client.get(admin_changelist_url(Application), HTTP_ACCEPT_LANGUAGE="zh-hans")
    shown = superuser_client.get(admin_change_url(application), HTTP_ACCEPT_LANGUAGE="zh-hans")

    for html in (listed.content.decode(), shown.content.decode()):
        assert "候选人" in html
        assert ">Candidate<" not in html
    assert "原阶段" in shown.content.decode()
    assert "From stage" not in shown.content.decode()
