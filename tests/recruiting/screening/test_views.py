"""The screening-rule pages: scoped, each save a new version, a preview that saves nothing."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrflow.accounts.roles import Role
from hrflow.core.models import AuditEvent
from recruiting.models import (
    RejectionReason,
    ScreeningRule,
    ScreeningRuleVersion,
    SelfIdentification,
)
from recruiting.screening.rules import MissingPolicy, Part, RuleSpec, Source
from recruiting.screening.selectors import rule_what_if
from recruiting.services.applications import application_reject
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import JobFactory, reason, recruiter_for
from tests.recruiting.screening.test_services import _rule, _stage, _waiting
from tests.recruiting.screening.test_what_if import _with_result

pytestmark = pytest.mark.django_db


def _login(client, user):
    """Signed in with English pages (the sign-in view sets this cookie from the user)."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _form(job, *, parts=(("ai_overall", "", "1"),), **fields):
    """The editor's POST data: a rule on the AI-interview stage, 80 advances, under 60 rejects."""
    data = {
        "name": "Campus screening",
        "stage": _stage(job, "ai_interview").pk,
        "missing_policy": "reweight",
        "advance_at": "80",
        "advance_to": _stage(job, "interview").pk,
        "reject_below": "60",
        "reject_reason": reason("score_below_threshold").pk,
        "parts-TOTAL_FORMS": str(len(parts)),
        "parts-INITIAL_FORMS": "0",
        "parts-MIN_NUM_FORMS": "0",
        "parts-MAX_NUM_FORMS": "1000",
    }
    for number, (source, dimension, weight) in enumerate(parts):
        data |= {
            f"parts-{number}-source": source,
            f"parts-{number}-dimension": dimension,
            f"parts-{number}-weight": weight,
        }
    return data | fields


def _detail(rule):
    return reverse("recruiting:screening-rule-detail", args=[rule.pk])


def _preview(job):
    return reverse("recruiting:screening-rule-preview", args=[job.pk])


def _count(page, testid):
    return int(re.search(rf'data-testid="{testid}">(\d+)<', page).group(1))


def test_the_list_shows_each_rule_with_version_author_and_decisions(client):
    job = JobFactory()
    recruiter = recruiter_for(job)
    _waiting("70", job)  # the rule "Campus screening" v1, one decision
    rule = job.screening_rules.get()
    _rule(job, rule=rule, actor=recruiter)  # v2, by the recruiter
    _login(client, recruiter)

    page = client.get(reverse("recruiting:screening-rule-list", args=[job.pk])).content.decode()

    row = re.search(r'<tr data-testid="rule-row">(.*?)</tr>', page, re.S).group(1)
    assert "Campus screening" in row
    assert "v2" in row
    assert recruiter.full_name in row
    assert re.search(r'class="num">1</td>\s*$', row)  # the v1 decision counts
    assert reverse("recruiting:screening-rule-create", args=[job.pk]) in page


def test_another_recruiters_job_and_rules_are_404(client):
    job = JobFactory()
    rule = _rule(job).rule
    _login(client, recruiter_for(JobFactory()))

    responses = [
        client.get(reverse("recruiting:screening-rule-list", args=[job.pk])),
        client.get(reverse("recruiting:screening-rule-create", args=[job.pk])),
        client.post(reverse("recruiting:screening-rule-create", args=[job.pk]), _form(job)),
        client.get(_detail(rule)),
        client.post(_detail(rule), _form(job, advance_at="90")),
        client.post(_preview(job), _form(job)),
    ]

    assert [response.status_code for response in responses] == [404] * 6
    assert rule.versions.count() == 1
    assert ScreeningRule.objects.count() == 1


def test_a_hiring_manager_reads_the_rule_and_its_history_but_cannot_change_it(client):
    job = JobFactory()
    rule = _rule(job).rule
    manager = UserFactory(roles=[Role.HIRING_MANAGER])
    job.hiring_managers.add(manager)
    _login(client, manager)

    listing = client.get(reverse("recruiting:screening-rule-list", args=[job.pk]))
    detail = client.get(_detail(rule))
    post = client.post(_detail(rule), _form(job, advance_at="90"))
    preview = client.post(_preview(job), _form(job))

    assert listing.status_code == detail.status_code == 200
    assert 'data-testid="new-rule"' not in listing.content.decode()
    assert 'data-testid="version-row"' in detail.content.decode()
    assert 'data-testid="rule-form"' not in detail.content.decode()
    assert (post.status_code, preview.status_code) == (404, 404)
    assert rule.versions.count() == 1


def test_creating_a_rule_makes_version_1_through_the_service(client):
    job = JobFactory()
    recruiter = recruiter_for(job)
    _login(client, recruiter)

    response = client.post(
        reverse("recruiting:screening-rule-create", args=[job.pk]),
        _form(job, parts=(("ai_dimension", "logical_thinking", "3"), ("written_test", "", "1"))),
    )

    version = ScreeningRuleVersion.objects.get(rule__job=job)
    assert response.status_code == 302
    assert response.url == _detail(version.rule)
    assert version.number == 1
    assert version.created_by == recruiter
    assert version.parts == [
        {"source": "ai_dimension", "weight": "3", "dimension": "logical_thinking"},
        {"source": "written_test", "weight": "1", "dimension": ""},
    ]
    assert not version.auto_reject  # off unless turned on
    assert AuditEvent.objects.filter(action="recruiting.screening_rule_save").count() == 1


def test_saving_makes_version_2_and_keeps_version_1(client):
    job = JobFactory()
    hr = UserFactory(roles=[Role.HR_ADMIN])
    rule = _rule(job).rule
    _login(client, hr)

    response = client.post(
        _detail(rule), _form(job, advance_at="85", reject_below="55"), follow=True
    )

    first, second = rule.versions.order_by("number")
    assert (first.number, first.advance_at, first.reject_below) == (1, Decimal(80), Decimal(60))
    assert (second.number, second.advance_at, second.reject_below) == (2, Decimal(85), Decimal(55))
    assert second.created_by == hr
    page = response.content.decode()
    assert "Saved as version 2." in page
    assert page.count('data-testid="version-row"') == 2
    assert hr.full_name in page
    assert "Save as version 3" in page


def test_the_editor_starts_from_the_current_version(client):
    job = JobFactory()
    rule = _rule(job, parts=[Part(Source.AI_DIMENSION, Decimal("0.6"), "communication")]).rule
    _login(client, UserFactory(roles=[Role.HR_ADMIN]))

    page = client.get(_detail(rule)).content.decode()

    assert 'name="advance_at" value="80.00"' in page
    assert '<option value="communication" selected>' in page
    assert 'name="parts-0-weight" value="0.6"' in page
    assert 'name="auto_reject"' in page
    assert "machine alone" in page


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        (
            {"reject_below": "90"},
            "&#x27;Reject below&#x27; cannot be above &#x27;advance at&#x27;.",
        ),
        ({"advance_at": "120"}, "less than or equal to 100"),
        ({"parts-0-weight": "0"}, "A weight must be above 0."),
        ({"parts-0-source": "ai_dimension"}, "Pick the dimension."),
        ({"reject_reason": ""}, "Say which rejection reason a reject gives."),
        ({"advance_to": "stage"}, "A rule advances to a later stage than the one it judges."),
        ({"auto_reject": "on", "reject_below": ""}, "needs a &#x27;reject below&#x27; threshold"),
        ({"name": "  "}, "This field is required."),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(client, fields, problem):
    job = JobFactory()
    rule = _rule(job).rule
    _login(client, UserFactory(roles=[Role.HR_ADMIN]))
    if fields.get("advance_to") == "stage":
        fields["advance_to"] = _stage(job, "ai_interview").pk

    response = client.post(_detail(rule), _form(job, **fields))

    assert response.status_code == 200
    assert problem in response.content.decode()
    assert rule.versions.count() == 1
    rule.refresh_from_db()
    assert rule.name == "Campus screening"


def test_a_part_twice_is_refused_when_creating_and_no_rule_is_made(client):
    job = JobFactory()
    _login(client, recruiter_for(job))

    response = client.post(
        reverse("recruiting:screening-rule-create", args=[job.pk]),
        _form(job, parts=(("written_test", "", "1"), ("written_test", "", "2"))),
    )

    assert "A part appears twice." in response.content.decode()
    assert not ScreeningRule.objects.filter(job=job).exists()


def test_a_removed_part_and_blank_rows_are_left_out(client):
    job = JobFactory()
    rule = _rule(job).rule
    _login(client, UserFactory(roles=[Role.HR_ADMIN]))
    data = _form(job, parts=(("ai_overall", "", "1"), ("written_test", "", "1"), ("", "", "1")))
    data["parts-1-DELETE"] = "on"

    client.post(_detail(rule), data)

    assert rule.versions.get(number=2).parts == [
        {"source": "ai_overall", "weight": "1", "dimension": ""}
    ]


def test_the_preview_saves_nothing_and_its_counts_match_what_if(client):
    job = JobFactory()
    rule = _rule(job).rule
    for score in ("95", "85", "70", "40"):
        _with_result(job, score)
    application_reject(application=_with_result(job, "90"), reason=reason())
    _login(client, recruiter_for(job))
    audits = AuditEvent.objects.count()

    page = client.post(
        _preview(job), _form(job, advance_at="85", reject_below="50")
    ).content.decode()

    expected = rule_what_if(
        job=job,
        spec=RuleSpec(
            (Part(Source.AI_OVERALL, Decimal(1)),), MissingPolicy.REWEIGHT, Decimal(85), Decimal(50)
        ),
    )
    for outcome in ("advance", "hold", "reject", "waiting"):
        assert _count(page, f"current-{outcome}") == expected.current.get(outcome, 0)
        assert _count(page, f"past-{outcome}") == expected.past.get(outcome, 0)
    assert expected.current == {"advance": 2, "hold": 1, "reject": 1}
    assert (
        "Under this rule 2 of 4 current applications would advance, 1 be suggested for "
        "rejection, 1 wait for review."
    ) in page
    assert rule.versions.count() == 1
    assert ScreeningRule.objects.count() == 1
    assert AuditEvent.objects.count() == audits


def test_the_preview_words_an_automatic_reject_as_such(client):
    job = JobFactory()
    _with_result(job, "40")
    _login(client, recruiter_for(job))

    page = client.post(_preview(job), _form(job, auto_reject="on")).content.decode()

    assert "1 be rejected without review" in page


def test_the_preview_names_what_keeps_it_from_working(client):
    job = JobFactory()
    _login(client, recruiter_for(job))

    page = client.post(_preview(job), _form(job, reject_below="95", name="")).content.decode()

    assert 'data-testid="preview-problems"' in page
    assert "&#x27;Reject below&#x27; cannot be above &#x27;advance at&#x27;." in page


def test_the_preview_shows_the_fairness_table_for_the_question_picked(client):
    job = JobFactory()
    for score, gender, age in [
        *(("90", "female", "under_25"),) * 2,
        *(("50", "female", "under_25"),) * 3,
        *(("90", "male", "25_34"),) * 5,
    ]:
        application = _with_result(job, score)
        SelfIdentification.objects.create(
            candidate=application.candidate, gender=gender, age_band=age
        )
    _login(client, recruiter_for(job))

    by_gender = client.post(_preview(job), _form(job)).content.decode()
    by_age = client.post(_preview(job), _form(job, fairness_dimension="age_band")).content.decode()
    unknown = client.post(_preview(job), _form(job, fairness_dimension="salary")).content.decode()

    female = re.search(r'<tr data-group="female"( data-flagged)?>(.*?)</tr>', by_gender, re.S)
    assert female.group(1)  # 40% against 100%: flagged
    assert "40.0%" in female.group(2)
    assert "0.40" in female.group(2)
    assert 'data-testid="fairness-flag"' in by_gender
    assert '<tr data-group="under_25" data-flagged>' in by_age
    assert '<option value="age_band" selected>' in by_age
    assert '<tr data-group="female" data-flagged>' in unknown  # back to gender


def test_the_list_costs_the_same_queries_for_one_or_many_rules(client):
    job = JobFactory()
    hr = UserFactory(roles=[Role.HR_ADMIN])
    _waiting("70", job)
    url = reverse("recruiting:screening-rule-list", args=[job.pk])
    _login(client, hr)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        version = _rule(job, actor=hr)
        _rule(job, rule=version.rule, actor=hr)

    with CaptureQueriesContext(connection) as five:
        page = client.get(url).content.decode()

    assert page.count('data-testid="rule-row"') == 5
    assert len(five) == len(one)


def test_the_preview_costs_the_same_queries_for_few_or_many_applications(client):
    small, large = JobFactory(), JobFactory()
    user = UserFactory(roles=[Role.HR_ADMIN])
    parts = (("ai_dimension", "logical_thinking", "1"), ("ai_overall", "", "1"))
    _with_result(small, "70")
    for score in ("95", "85", "70", "40", "30", "88", "61"):
        application = _with_result(large, score)
        SelfIdentification.objects.create(candidate=application.candidate, gender="male")
    _login(client, user)

    with CaptureQueriesContext(connection) as few:
        client.post(_preview(small), _form(small, parts=parts))
    with CaptureQueriesContext(connection) as many:
        page = client.post(_preview(large), _form(large, parts=parts)).content.decode()

    assert _count(page, "current-advance") == 3
    assert len(many) == len(few)


def test_the_job_board_links_to_its_rules(client):
    job = JobFactory()
    _login(client, recruiter_for(job))

    page = client.get(reverse("recruiting:job-board", args=[job.pk])).content.decode()

    assert reverse("recruiting:screening-rule-list", args=[job.pk]) in page


def test_only_active_rejection_reasons_are_offered(client):
    job = JobFactory()
    RejectionReason.objects.filter(code="not_qualified").update(is_active=False)
    _login(client, recruiter_for(job))

    page = client.get(reverse("recruiting:screening-rule-create", args=[job.pk])).content.decode()

    assert f'value="{reason("not_qualified").pk}"' not in page
    assert f'value="{reason("score_below_threshold").pk}"' in page


def test_a_rule_is_switched_off_and_on_as_a_new_version():
    from decimal import Decimal

    from recruiting.models import ScreeningRule, StageKind
    from recruiting.screening.rules import MissingPolicy, Part, Source
    from recruiting.screening.services import screening_rule_save
    from tests.recruiting.factories import JobFactory

    job = JobFactory()
    ai = job.stages.get(kind=StageKind.AI_INTERVIEW)
    later = job.stages.filter(position__gt=ai.position).order_by("position").first()
    arguments = {
        "job": job,
        "name": "AI",
        "stage": ai,
        "parts": [Part(Source.AI_OVERALL, Decimal(1))],
        "missing": MissingPolicy.WAIT,
        "advance_at": Decimal(80),
        "advance_to": later,
    }
    first = screening_rule_save(**arguments)
    assert first.rule.is_active
    screening_rule_save(**arguments, rule=first.rule, is_active=False)
    assert not ScreeningRule.objects.get(pk=first.rule.pk).is_active
    screening_rule_save(**arguments, rule=first.rule)  # None: left as it is
    assert not ScreeningRule.objects.get(pk=first.rule.pk).is_active
