"""Candidate search: best matches first, reading only about the rows a page shows.

A search is a set of branches, each one indexed way of matching (exact name,
name prefix, substring, pinyin, full text, resume text, tag) with a tier:
exact matches rank first, then prefixes, then any other match; newest first
within a tier. Each branch returns only its newest `stop` rows (`ORDER BY
created_at DESC LIMIT stop`, which PostgreSQL serves by walking the
created_at index for a broad match, or from the branch's own index for a rare
one), and the union of branches, re-sorted, holds the first `stop` rows of
the whole ranking: a row among the first `stop` overall is among the first
`stop` of the branch that gives it its tier, because every newer row of that
branch ranks ahead of it. So a surname shared by 7,000 candidates costs about
what one shared by 70 does, and the search time does not grow with the table.
"""

import contextlib
import re
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.db.models import Exists, OuterRef, Q, QuerySet, Value

from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped
from recruiting.cjk_text import normalize_cjk
from recruiting.lookups import like_escape
from recruiting.models import Candidate, Resume
from recruiting.normalize import normalize_email, normalize_phone

EXACT, PREFIX, ANYWHERE = 0, 1, 2
PHONE_LIKE = re.compile(r"[+\d][\d\s()\-]{5,}")
PINYIN_LIKE = re.compile(r"[a-z]+")
CJK = re.compile(r"[\u4e00-\u9fff]")
# Trigram similarity of strings shorter than this says nothing useful.
FUZZY_MIN_LENGTH = 3
MAX_INITIALS = 4  # longer Latin queries are not read as a name's initials


@dataclass(frozen=True)
class Branch:
    tier: int
    condition: Q | Exists


def candidate_search(
    *,
    viewer: User,
    q: str = "",
    tag: str = "",
    within: Q | Exists | None = None,
    start: int = 0,
    stop: int = 25,
) -> list[Candidate]:
    """Rows `start:stop` of the candidates matching `q` (and `tag`, and the condition
    `within`), best first.

    Two queries whatever the number of matches: the ranked ids, then the rows.
    """
    base = _visible(viewer, tag, within)
    q = _query(q)
    if not q:
        return list(base.defer("search_vector").order_by("-created_at", "-pk")[start:stop])
    ranked = _ranked_ids(base, _branches(q), stop)[start:stop]
    rows = Candidate.objects.defer("search_vector").in_bulk(ranked)
    return [rows[pk] for pk in ranked if pk in rows]


def candidate_matches(
    *, viewer: User, q: str, tag: str = "", within: Q | Exists | None = None
) -> QuerySet[Candidate]:
    """Every candidate matching `q`, unordered: for filtering other lists by a search."""
    base = _visible(viewer, tag, within)
    q = _query(q)
    if not q:
        return base
    ids = [base.filter(branch.condition).values("pk").order_by() for branch in _branches(q)]
    return base.filter(pk__in=ids[0].union(*ids[1:]))


# Up to this many matching candidates, a list filtered by a search (the talent pool) takes
# their ids; past it the term is common enough that walking the list in its own order finds
# a page of matches within a few thousand rows.
MATCH_IDS_LIMIT = 1000


def candidate_match_condition(*, viewer: User, q: str, field: str = "candidate") -> Q | Exists:
    """A condition on another list's `field` (a candidate foreign key): its candidate matches
    `q`. Cost bounded either way, however many match: the ids of a rare term's matches (each
    branch's index read up to the limit, unordered), or for a common one a test of each row's
    candidate by primary key, which a list read in its index order stops after one page."""
    base = _visible(viewer, "", None)
    branches = _branches(_query(q))
    parts = [base.filter(b.condition).order_by().values_list("pk", flat=True) for b in branches]
    # UNION ALL: the set below drops the repeats, PostgreSQL need not.
    limited = [part[: MATCH_IDS_LIMIT + 1] for part in parts]
    ids = set(limited[0].union(*limited[1:], all=True))
    if len(ids) <= MATCH_IDS_LIMIT:
        return Q(**{f"{field}__in": sorted(ids)})
    anywhere = reduce(or_, (branch.condition for branch in branches))
    return Exists(base.filter(anywhere, pk=OuterRef(field)))


def _query(q: str) -> str:
    """The query as stored text is (recruiting.cjk_text): a ⼯ pasted from a PDF finds 工."""
    return " ".join(normalize_cjk(q).split())


def _visible(viewer: User, tag: str, within: Q | Exists | None) -> QuerySet[Candidate]:
    candidates = scoped(Candidate.objects.live(), viewer)
    if tag:
        candidates = candidates.filter(tags__name=tag)
    if within is not None:
        candidates = candidates.filter(within)
    return candidates


def _ranked_ids(base: QuerySet[Candidate], branches: list[Branch], stop: int) -> list[int]:
    """The ids of the first `stop` matches: newest `stop` of each branch, merged."""
    parts = [
        base.filter(branch.condition)
        .annotate(tier=Value(branch.tier))
        .order_by("-created_at", "-pk")
        .values_list("pk", "created_at", "tier")[:stop]
        for branch in branches
    ]
    best: dict[int, tuple[int, datetime]] = {}
    for pk, created_at, tier in parts[0].union(*parts[1:], all=True):
        if pk not in best or tier < best[pk][0]:
            best[pk] = (tier, created_at)
    ranking = sorted(best.items(), key=_rank_key)
    return [pk for pk, _ in ranking[:stop]]


def _rank_key(item: tuple[int, tuple[int, datetime]]) -> tuple[Any, ...]:
    pk, (tier, created_at) = item
    return (tier, -created_at.timestamp(), -pk)


def _branches(q: str) -> list[Branch]:
    """The indexed ways `q` can match a candidate, each with its tier."""
    if "@" in q:
        # An address finds its owner, not namesakes whose pinyin looks alike.
        return [Branch(EXACT, Q(email=normalize_email(q)))]
    if PHONE_LIKE.fullmatch(q):
        with contextlib.suppress(ValueError):
            return [Branch(EXACT, Q(phone=normalize_phone(q)))]
    anywhere = f"%{like_escape(q)}%"
    branches = [
        # iexact / istartswith: a btree on UPPER(full_name) text_pattern_ops.
        Branch(EXACT, Q(full_name__iexact=q)),
        Branch(PREFIX, Q(full_name__istartswith=q)),
        # ILIKE and the rest: trigram and full-text GIN indexes.
        Branch(ANYWHERE, Q(search_vector=SearchQuery(q, config="simple", search_type="websearch"))),
        Branch(
            ANYWHERE,
            Exists(
                Resume.objects.verified().filter(candidate=OuterRef("pk"), text__ilike=anywhere)
            ),
        ),
        Branch(
            ANYWHERE,
            Exists(
                Candidate.tags.through.objects.filter(candidate=OuterRef("pk"), tag__name__iexact=q)
            ),
        ),
    ]
    if len(q) >= FUZZY_MIN_LENGTH or CJK.search(q):
        # Inside a name: any three letters, or Chinese characters (a given name such as
        # 志伟). Two Latin letters inside a name find noise, and no trigram index helps.
        inside = Q(full_name__ilike=anywhere)
        if len(q) < FUZZY_MIN_LENGTH:
            # Too short for the trigram index: the name's pieces find the rows (GIN), and
            # ILIKE keeps the meaning; 张伟 read all 800,000 names at a million applications.
            inside &= Q(full_name__has_piece=q)
        branches.append(Branch(ANYWHERE, inside))
    if len(q) >= FUZZY_MIN_LENGTH:
        branches.append(Branch(ANYWHERE, Q(full_name__trigram_similar=q)))
    pinyin = q.lower().replace(" ", "")
    if PINYIN_LIKE.fullmatch(pinyin):
        # name_pinyin holds words such as "zhangwei zw": the full reading(s), then initials.
        branches += [
            # The full reading is the first word: a btree range, however common the syllable.
            Branch(EXACT, Q(name_pinyin__startswith=f"{pinyin} ") | Q(name_pinyin=pinyin)),
            Branch(PREFIX, Q(name_pinyin__regex=rf"(^| ){pinyin}")),
            Branch(ANYWHERE, Q(name_pinyin__contains=pinyin)),
        ]
        if len(pinyin) <= MAX_INITIALS:
            # Initials ("zw") are the last word.
            branches.append(Branch(EXACT, Q(name_pinyin__endswith=f" {pinyin}")))
        if len(pinyin) >= FUZZY_MIN_LENGTH:
            branches.append(Branch(ANYWHERE, Q(name_pinyin__trigram_similar=pinyin)))
    return branches
