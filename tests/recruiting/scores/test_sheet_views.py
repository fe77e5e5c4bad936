"""The score sheet page and its files: one rounding, the composite only when complete, the
legend from the job's weights, phone numbers intact, and filters that keep the order."""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hrflow.accounts.roles import Role
from recruiting.models import Job
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import recruiter_for
from tests.recruiting.scores.world import sheet_world

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    return client


@pytest.fixture
def world():
    return sheet_world()


def _url(world) -> str:
    return reverse("recruiting:score-sheet", args=[world.job.pk])


def _csv(client, world, **params) -> list[list[str]]:
    response = client.get(_url(world), {"export": "csv", **params}, **EN)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(client, world, **params):
    response = client.get(_url(world), {"export": "xlsx", **params}, **EN)
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows())


def test_screen_csv_and_xlsx_show_the_same_rounded_composite(admin_client, world):
    page = admin_client.get(_url(world), **EN)
    rows = _csv(admin_client, world)
    sheet = _xlsx(admin_client, world)

    shown = re.findall(r'data-testid="composite"><strong>([\d.]+)<', page.content.decode())
    assert shown == ["93.3"]  # 93.26, one decimal
    assert rows[1][0] == "王芳"
    assert rows[1][-2] == "93.3"
    assert sheet[1][0].value == "王芳"
    assert sheet[1][-2].value == 93.3


def test_a_minimum_is_met_by_the_score_as_shown(admin_client, world):
    # 93.26 reads 93.3: asking for at least 93.3 keeps her; 93.4 does not.
    kept = admin_client.get(_url(world), {"min_composite": "93.3"}, **EN).content.decode()
    dropped = admin_client.get(_url(world), {"min_composite": "93.4"}, **EN).content.decode()

    assert re.findall(r'data-testid="composite"><strong>([\d.]+)<', kept) == ["93.3"]
    assert re.findall(r'data-testid="composite"><strong>([\d.]+)<', dropped) == []


def test_phone_numbers_keep_their_plus_and_no_apostrophe(admin_client, world):
    rows = _csv(admin_client, world)
    sheet = _xlsx(admin_client, world)

    assert rows[1][2] == "+8615833234003"
    assert (sheet[1][2].value, sheet[1][2].data_type) == ("+8615833234003", "s")


def test_incomplete_rows_say_what_is_missing_and_come_last_both_ways(admin_client, world):
    for direction in ("desc", "asc"):
        page = admin_client.get(_url(world), {"sort": "composite", "dir": direction}, **EN)
        names = [row.application.candidate.full_name for row in page.context["rows"]]
        assert names[0] == "王芳", direction
        assert set(names[1:]) == {"李雷", "张伟"}
    text = page.content.decode()
    assert "missing: Resume match" in text
    assert "missing: AI interview, Written test" in text
    rows = _csv(admin_client, world)
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["张伟"][-2:] == ["Incomplete", "AI interview, Written test"]
    assert by_name["王芳"][-1] == ""


def test_the_legend_and_the_file_header_say_what_the_composite_is_made_of(admin_client, world):
    english = admin_client.get(_url(world), **EN).content.decode()
    chinese = admin_client.get(_url(world), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    header = _csv(admin_client, world)[0]

    assert "AI interview 50% + Written test 30% + Resume match 20%" in english
    assert "AI面试 50% + 笔试 30% + 简历匹配度 20%" in chinese
    assert "不完整" in chinese
    assert header[-2] == "Composite score (AI interview 50% + Written test 30% + Resume match 20%)"


def test_the_filter_form_keeps_the_chosen_sort_and_direction(admin_client, world):
    page = admin_client.get(_url(world), {"sort": "written", "dir": "asc"}, **EN)

    form = re.search(
        r'<form class="filters sheet-filters".*?</form>', page.content.decode(), re.S
    ).group(0)
    assert '<input type="hidden" name="sort" value="written">' in form
    assert '<input type="hidden" name="dir" value="asc">' in form
    # and a filter submitted with them keeps the ascending order
    filtered = admin_client.get(_url(world), {"sort": "written", "dir": "asc", "min_ai": "1"})
    names = [row.application.candidate.full_name for row in filtered.context["rows"]]
    assert names == ["李雷", "王芳"]  # written 79 before 91.5


def test_hr_changes_the_weights_from_the_sheet_and_the_ranking_follows(admin_client, world):
    url = reverse("recruiting:score-weights", args=[world.job.pk])

    admin_client.post(url, {"ai_interview": 60, "written_test": 40, "resume_match": 0})

    page = admin_client.get(_url(world), **EN)
    names = [row.application.candidate.full_name for row in page.context["rows"]]
    assert names == ["王芳", "李雷", "张伟"]  # 李雷 84.4 now outranks the resume-only row
    assert "AI interview 60% + Written test 40%" in page.content.decode()


def test_weights_that_do_not_add_up_are_refused_with_a_message(admin_client, world):
    url = reverse("recruiting:score-weights", args=[world.job.pk])

    response = admin_client.post(
        url, {"ai_interview": 90, "written_test": 30, "resume_match": 20}, follow=True, **EN
    )

    assert "add up to 140%" in response.content.decode()
    assert Job.objects.get(pk=world.job.pk).weight_ai_interview == 50


def test_a_hiring_manager_sees_the_legend_but_no_weights_form(client, world):
    manager = UserFactory(roles=[Role.HIRING_MANAGER])
    world.job.hiring_managers.add(manager)
    client.force_login(manager)

    page = client.get(_url(world), **EN).content.decode()

    assert "AI interview 50%" in page
    assert 'data-testid="weights-form"' not in page


def test_a_recruiter_of_the_job_sees_the_weights_form(client, world):
    client.force_login(recruiter_for(world.job))

    assert 'data-testid="weights-form"' in client.get(_url(world)).content.decode()


@pytest.mark.parametrize("value", ["\x00", "²", "NaN", "9" * 30, "-1"])
def test_hostile_weights_and_minimums_are_refused_and_change_nothing(admin_client, world, value):
    before = Job.objects.values("weight_ai_interview", "weight_written_test").get(pk=world.job.pk)
    posted = admin_client.post(
        reverse("recruiting:score-weights", args=[world.job.pk]),
        {"ai_interview": value, "written_test": "30", "resume_match": "20"},
    )
    sheet = admin_client.get(_url(world), {"min_composite": value})

    assert posted.status_code in (200, 302, 400)
    assert sheet.status_code in (200, 400)
    after = Job.objects.values("weight_ai_interview", "weight_written_test").get(pk=world.job.pk)
    assert after == before
