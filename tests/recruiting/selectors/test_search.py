"""Candidate search: the ranking, paging through it, scoping, and its fixed cost."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hrflow.accounts.roles import Role
from recruiting.models import Candidate
from recruiting.selectors.search import candidate_matches, candidate_search
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory

pytestmark = pytest.mark.django_db


def _hr():
    return UserFactory(roles=[Role.HR_ADMIN])


def _person(name: str, days_ago: int, job=None) -> Candidate:
    candidate = CandidateFactory(full_name=name)
    ApplicationFactory(candidate=candidate, **({"job": job} if job else {}))
    Candidate.objects.filter(pk=candidate.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return candidate


def _names(rows):
    return [row.full_name for row in rows]


def test_exact_names_come_first_then_prefixes_then_any_match_newest_first():
    contains_new = _person("李张伟", days_ago=1)
    prefix_new = _person("张伟华", days_ago=2)
    exact_old = _person("张伟", days_ago=30)
    prefix_old = _person("张伟强", days_ago=20)
    _person("王芳", days_ago=0)  # no match

    rows = candidate_search(viewer=_hr(), q="张伟")

    assert rows == [exact_old, prefix_new, prefix_old, contains_new]


def test_pinyin_full_reading_initials_and_prefix_find_the_chinese_name():
    zhang_wei = _person("张伟", days_ago=3)
    zhao_wei = _person("赵伟", days_ago=1)

    # 赵伟 (zhaowei) is a fuzzy match for "zhangwei": found, but after the exact one.
    assert candidate_search(viewer=_hr(), q="zhangwei") == [zhang_wei, zhao_wei]
    assert candidate_search(viewer=_hr(), q="zhang wei")[0] == zhang_wei
    # Both are "zw"; exact initials rank alike, so the newer one leads.
    assert candidate_search(viewer=_hr(), q="zw") == [zhao_wei, zhang_wei]
    assert candidate_search(viewer=_hr(), q="zha") == [zhao_wei, zhang_wei]


def test_paging_through_a_broad_search_gives_the_full_ranking_once():
    """Each page is cut from the per-branch top rows; the pages must join up exactly."""
    generator = random.Random(7)
    names = ["张", "张伟", "张伟华", "李张", "张三丰", "Zhang Li", "王张伟", "张丽"]
    people = [_person(generator.choice(names), days_ago=generator.randint(0, 5)) for _ in range(45)]
    _person("王芳", days_ago=0)
    hr = _hr()

    pages = [candidate_search(viewer=hr, q="张", start=s, stop=s + 7) for s in range(0, 49, 7)]

    def tier(c: Candidate) -> int:
        return 0 if c.full_name == "张" else 1 if c.full_name.startswith("张") else 2

    fresh = {c.pk: c for c in Candidate.objects.filter(pk__in=[p.pk for p in people])}
    expected = sorted(fresh.values(), key=lambda c: (tier(c), -c.created_at.timestamp(), -c.pk))
    joined = [row for page in pages for row in page]
    assert [c.pk for c in joined] == [c.pk for c in expected if "张" in c.full_name]
    assert len(joined) == len({c.pk for c in joined})


def test_a_recruiter_finds_their_candidates_behind_many_newer_ones_they_may_not_see():
    """The per-branch row limit applies after scoping, so hidden rows cannot crowd out."""
    own_job = JobFactory()
    recruiter = UserFactory(roles=[Role.RECRUITER])
    own_job.recruiters.add(recruiter)
    mine = [_person("张明", days_ago=40 + index, job=own_job) for index in range(2)]
    for index in range(30):
        _person("张明", days_ago=index)

    rows = candidate_search(viewer=recruiter, q="张明", start=0, stop=5)

    assert rows == mine
    assert set(candidate_matches(viewer=recruiter, q="张明")) == set(mine)


def test_search_costs_two_queries_however_many_match():
    hr = _hr()
    _person("张一", days_ago=1)
    candidate_search(viewer=hr, q="")  # the viewer's roles are loaded once, then cached
    with CaptureQueriesContext(connection) as few:
        candidate_search(viewer=hr, q="张")
    for index in range(30):
        _person(f"张{index}", days_ago=index)
    with CaptureQueriesContext(connection) as many:
        rows = candidate_search(viewer=hr, q="张")

    assert len(rows) == 25
    assert len(few.captured_queries) == len(many.captured_queries) == 2


def test_like_wildcards_in_a_query_are_taken_literally():
    _person("张伟", days_ago=1)
    _person("Maxabel", days_ago=1)  # "x_b" would match it if "_" were a wildcard
    plain = _person("100%_ready", days_ago=1)

    assert candidate_search(viewer=_hr(), q="0%_") == [plain]
    assert candidate_search(viewer=_hr(), q="%_r") == [plain]
    assert candidate_search(viewer=_hr(), q="x_b") == []
    assert candidate_search(viewer=_hr(), q="\\") == []


def test_a_tag_narrows_the_search_and_an_empty_query_lists_newest_first():
    from recruiting.services.candidates import candidate_set_tags

    old = _person("张伟", days_ago=9)
    new = _person("张伟", days_ago=1)
    other = _person("李娜", days_ago=0)
    candidate_set_tags(candidate=old, names=["后端"])
    hr = _hr()

    assert candidate_search(viewer=hr, q="张伟", tag="后端") == [old]
    assert candidate_search(viewer=hr) == [other, new, old]


def test_one_or_two_characters_inside_a_name_are_found_through_the_name_pieces():
    """志伟 inside 张志伟: too short for the trigram index, found by the pieces index."""
    hr = UserFactory(roles=[Role.HR_ADMIN])
    inside = CandidateFactory(full_name="张志伟")
    CandidateFactory(full_name="志明")
    CandidateFactory(full_name="李伟志")  # 伟志, not 志伟

    found = candidate_search(viewer=hr, q="志伟")

    assert [c.pk for c in found] == [inside.pk]
    assert Candidate.objects.filter(full_name__has_piece="伟").count() == 2
