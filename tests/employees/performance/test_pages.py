"""The review pages: who opens what (others get 404), the forms through the services,
hostile input refused with nothing changed, both languages, constant queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employees.models import Calibration, MetricValue, Outcome, Review, ReviewAnswer, ReviewCycle
from hrflow.accounts.roles import Role
from tests.employees.contracts.people import employee_make
from tests.employees.performance.scene import cycle_open, scene_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_client(client):  # type: ignore[no-untyped-def]
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _world(people: int = 2, **cycle):  # type: ignore[no-untyped-def]
    scene = scene_make(people=people)
    opened = cycle_open(scene, **cycle)
    review = Review.objects.get(cycle=opened, employee=scene.people[0])
    # another manager with a report of their own, and an employee of nobody's
    other_boss_user = UserFactory(roles=[Role.EMPLOYEE])
    other_boss = employee_make(
        hire_date=scene.start, user=other_boss_user, status="regular", department=scene.team
    )
    employee_make(hire_date=scene.start, status="regular", manager=other_boss)
    return scene, opened, review, other_boss_user


def test_the_review_page_opens_for_hr_the_employee_and_their_manager_only(client):
    scene, _cycle, review, other_boss_user = _world()
    url = reverse("employees:performance-review", kwargs={"pk": review.pk})
    for user, status in (
        (scene.hr, 200),
        (scene.users[0], 200),
        (scene.boss_user, 200),
        (scene.users[1], 404),  # a colleague
        (other_boss_user, 404),  # another manager
        (UserFactory(roles=[Role.HIRING_MANAGER]), 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user
        for name in ("self", "manager", "acknowledge"):
            post = reverse(f"employees:performance-review-{name}", kwargs={"pk": review.pk})
            if status == 404:
                assert client.post(post, {"rating": "3"}).status_code == 404
    assert not ReviewAnswer.objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "employees:performance-cycle",
        "employees:performance-calibration",
    ],
)
def test_cycle_pages_are_hrs_only(client, name):
    scene, cycle, _review, other_boss_user = _world()
    url = reverse(name, kwargs={"pk": cycle.pk})
    for user, status in ((scene.hr, 200), (scene.boss_user, 404), (scene.users[0], 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
    for post in ("performance-cycle-close", "performance-calibration-start"):
        client.force_login(other_boss_user)
        assert client.post(reverse(f"employees:{post}", kwargs={"pk": cycle.pk})).status_code == 404
    client.force_login(scene.users[0])
    review_post = reverse("employees:performance-review-calibrate", kwargs={"pk": _review.pk})
    assert client.post(review_post, {"rating": "5", "reason": "x"}).status_code == 404
    assert ReviewCycle.objects.get(pk=cycle.pk).status == "open"
    assert not Calibration.objects.exists()


def test_the_manager_sees_the_goal_scored_from_todays_values_before_submitting(english_client):
    client = english_client
    scene, _cycle, review, _other = _world(self_review=False)
    for day, value in ((scene.start, 1), (scene.start + timedelta(days=1), 2)):
        MetricValue.objects.create(
            metric=scene.metric, employee=scene.people[0], on=day, value=value, source="manual"
        )
    client.force_login(scene.boss_user)

    page = client.get(reverse("employees:performance-review", kwargs={"pk": review.pk}))

    goal = page.content.decode().split('data-testid="review-goal"')[1]
    assert "actual 3 ·" in goal
    assert "score 60 %" in goal  # 3 incidents: the 60 % band
    review.refresh_from_db()
    assert review.score is None  # shown, not stored: the manager has not submitted
    assert not review.goals.filter(score__isnull=False).exists()


def test_self_review_then_manager_review_then_close_then_acknowledge(english_client):
    client = english_client
    scene, cycle, review, _other = _world()
    sections = {s.kind: s for s in scene.template.sections.all()}
    MetricValue.objects.create(
        metric=scene.metric, employee=scene.people[0], on=scene.start, value=3, source="manual"
    )
    client.force_login(scene.users[0])
    page = client.get(reverse("employees:performance-review", kwargs={"pk": review.pk}))
    assert b'data-testid="review-form"' in page.content
    response = client.post(
        reverse("employees:performance-review-self", kwargs={"pk": review.pk}),
        {
            f"c-{sections['comments'].pk}": "本季度零事故",
            f"r-{sections['competencies'].pk}-{scene.competency.pk}": "4",
        },
    )
    assert response.status_code == 302
    assert ReviewAnswer.objects.filter(review=review, reviewer_kind="self").count() == 2

    client.force_login(scene.boss_user)
    response = client.post(
        reverse("employees:performance-review-manager", kwargs={"pk": review.pk}),
        {f"r-{sections['competencies'].pk}-{scene.competency.pk}": "5", "rating": "4"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.manager_rating, str(review.score)) == (4, "76.00")  # 60*.6 + 100*.4
    page = client.get(reverse("employees:performance-review", kwargs={"pk": review.pk}))
    text = page.content.decode()
    assert "76.00 %" in text
    assert 'data-testid="metric-values"' in text  # the period's values under the goal

    # the colleague's review: rated 3 (set straight; its forms are tested above)
    Review.objects.filter(cycle=cycle, employee=scene.people[1]).update(manager_rating=3)
    client.force_login(scene.hr)
    close = reverse("employees:performance-cycle-close", kwargs={"pk": cycle.pk})
    assert client.post(close).status_code == 302
    assert Outcome.objects.filter(review__cycle=cycle).count() == 2

    client.force_login(scene.users[0])
    page = client.get(reverse("employees:performance-review", kwargs={"pk": review.pk}))
    assert b'data-testid="review-acknowledge"' in page.content
    assert b'data-testid="final-rating">4<' in page.content
    ack = reverse("employees:performance-review-acknowledge", kwargs={"pk": review.pk})
    assert client.post(ack).status_code == 302
    assert Review.objects.get(pk=review.pk).acknowledged_at is not None
    page = client.get(reverse("employees:performance-review", kwargs={"pk": review.pk}))
    assert b'data-testid="review-acknowledge"' not in page.content


@pytest.mark.parametrize("bad", ["²", "NaN", "\u0661", "1" + "0" * 20, "-1", "0", "6", "a\x00b"])
def test_hostile_ratings_change_nothing(client, bad):
    scene, _cycle, review, _other = _world(self_review=False)
    section = scene.template.sections.get(kind="competencies")
    client.force_login(scene.boss_user)

    response = client.post(
        reverse("employees:performance-review-manager", kwargs={"pk": review.pk}),
        {f"r-{section.pk}-{scene.competency.pk}": bad, "rating": bad},
    )

    assert response.status_code in (400,)
    assert not ReviewAnswer.objects.exists()
    assert Review.objects.get(pk=review.pk).manager_rating is None


def test_a_nul_in_a_comment_changes_nothing(client):
    scene, _cycle, review, _other = _world()
    section = scene.template.sections.get(kind="comments")
    client.force_login(scene.users[0])
    response = client.post(
        reverse("employees:performance-review-self", kwargs={"pk": review.pk}),
        {f"c-{section.pk}": "a\x00b"},
    )
    assert response.status_code == 400
    assert not ReviewAnswer.objects.exists()


def test_hr_opens_a_cycle_from_the_page_and_bad_bands_are_a_form_error(english_client):
    client = english_client
    scene = scene_make()
    client.force_login(scene.hr)
    url = reverse("employees:performance-cycle-open")
    form = {
        "name": "2026 H2",
        "kind": "half_year",
        "period_start": scene.start.isoformat(),
        "period_end": scene.end.isoformat(),
        "department": str(scene.team.pk),
        "self_review": "on",
        "metric": str(scene.metric.pk),
        "target": "2",
        "bands": "3:100, 2:60",
    }

    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "Bounds must rise" in refused.content.decode()
    assert not ReviewCycle.objects.exists()

    hostile = (("department", "\u0661"), ("metric", "²"), ("target", "NaN"), ("bands", "x"))
    for field, value in hostile:
        assert client.post(url, {**form, field: value}).status_code == 200
    assert not ReviewCycle.objects.exists()

    response = client.post(url, {**form, "bands": "2:100，3:60"})
    cycle = ReviewCycle.objects.get()
    assert response.status_code == 302
    assert cycle.reviews.count() == 2
    assert cycle.reviews.first().goals.get().bands == [["2", "100"], ["3", "60"]]


def test_calibration_from_the_page_needs_a_reason(english_client):
    client = english_client
    scene, cycle, review, _other = _world(self_review=False)
    client.force_login(scene.hr)
    url = reverse("employees:performance-review-calibrate", kwargs={"pk": review.pk})

    for form in ({"rating": "5", "reason": ""}, {"rating": "²", "reason": "x"}):
        assert client.post(url, form).status_code == 302
    # a NUL anywhere is refused before any view (400)
    assert client.post(url, {"rating": "5", "reason": "a\x00b"}).status_code == 400
    assert not Calibration.objects.exists()

    assert client.post(url, {"rating": "5", "reason": "全年零事故"}).status_code == 302
    assert Review.objects.get(pk=review.pk).final_rating == 5
    page = client.get(reverse("employees:performance-calibration", kwargs={"pk": cycle.pk}))
    assert b'data-testid="distribution-departments"' in page.content


def test_the_pages_speak_chinese(client):
    scene, cycle, review, _other = _world()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    client.force_login(scene.users[0])
    mine = client.get(reverse("employees:performance-my-reviews")).content.decode()
    assert "我的考核" in mine
    page = client.get(reverse("employees:performance-review", kwargs={"pk": review.pk}))
    assert "自评" in page.content.decode()
    client.force_login(scene.hr)
    overview = client.get(reverse("employees:performance-cycle", kwargs={"pk": cycle.pk}))
    assert "进度" in overview.content.decode()


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name",
    [
        "employees:performance-cycle",
        "employees:performance-calibration",
        "employees:performance-cycles",
    ],
)
def test_hr_pages_read_a_fixed_number_of_queries(client, django_assert_num_queries, name):
    small_scene, small, _r, _o = _world(people=2)
    client.force_login(small_scene.hr)
    kwargs = {} if name.endswith("cycles") else {"pk": small.pk}
    expected = _queries(client, reverse(name, kwargs=kwargs))

    big_scene, big, _r, _o = _world(people=25)
    for review in Review.objects.filter(cycle=big)[:10]:
        Review.objects.filter(pk=review.pk).update(manager_rating=review.pk % 5 + 1)
    client.force_login(big_scene.hr)
    kwargs = {} if name.endswith("cycles") else {"pk": big.pk}
    with django_assert_num_queries(expected):
        client.get(reverse(name, kwargs=kwargs))


def test_my_reviews_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    small_scene, _c, _r, _o = _world(people=2)
    client.force_login(small_scene.boss_user)
    expected = _queries(client, reverse("employees:performance-my-reviews"))

    big_scene, _c, _r, _o = _world(people=25)
    client.force_login(big_scene.boss_user)
    with django_assert_num_queries(expected):
        client.get(reverse("employees:performance-my-reviews"))
