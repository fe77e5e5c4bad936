"""VueSim's interview object (docs/vendors/vuesim.md), built from a seeded generator.

Pure functions: they take the generator and the instants and return wire dicts, with the
keys in the order the spec shows them.
"""

import random
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from integrations.simulators import data
from integrations.simulators.clock import epoch_ms, rfc3339

SCALE = {"min": 1, "max": 5}
DEFAULT_KEYS = (
    "communication",
    "problem_solving",
    "role_fit",
    "collaboration",
    "technical_knowledge",
)
_NAMES = dict(data.VUESIM_COMPETENCIES)
MEDIA_TTL = timedelta(days=7)  # Greenhouse-style signed media URLs live 7 days


def recommendation(rating: float | None) -> str | None:
    if rating is None:
        return None
    if rating >= 4.5:
        return "strong_yes"
    if rating >= 4.0:
        return "yes"
    if rating >= 3.0:
        return "mixed"
    if rating >= 2.0:
        return "no"
    return "strong_no"


def interview_object(
    *,
    interview_id: str,
    version: int,
    status: str,
    candidate: dict[str, Any],
    position: dict[str, Any],
    updated_at: datetime,
    tz: timezone = UTC,
    attempt: int = 1,
    previous_attempt_id: str | None = None,
    started_at: datetime | None = None,
    completed_at: datetime | None = None,
    overall: dict[str, Any] | None = None,
    competencies: list[dict[str, Any]] | None = None,
    responses: list[dict[str, Any]] | None = None,
    sentiment: dict[str, Any] | None = None,
    report_url: str | None = None,
    deleted: bool = False,
) -> dict[str, Any]:
    return {
        "id": interview_id,
        "version": version,
        "status": status,
        "attempt": attempt,
        "previous_attempt_id": previous_attempt_id,
        "candidate": candidate,
        "position": position,
        "started_at": rfc3339(started_at, tz) if started_at else None,
        "completed_at": rfc3339(completed_at, tz) if completed_at else None,
        "updated_at": rfc3339(updated_at, tz),
        "overall": overall,
        "competencies": competencies or [],
        "responses": responses or [],
        "sentiment": sentiment,
        "report_url": report_url,
        "deleted": deleted,
    }


def session_times(rng: random.Random, finished: datetime) -> tuple[datetime, datetime]:
    """(started_at, completed_at) of an interview scored at `finished`."""
    completed = finished - timedelta(
        seconds=rng.randint(60, 3600), milliseconds=rng.randint(0, 999)
    )
    started = completed - timedelta(
        seconds=rng.randint(600, 1800), milliseconds=rng.randint(0, 999)
    )
    return started, completed


def ratings(
    rng: random.Random, keys: tuple[str, ...], around: float | None = None
) -> dict[str, float | int]:
    """A rating per competency: mostly integers, sometimes halves ("int or float")."""
    centre = around if around is not None else rng.uniform(2.2, 4.8)
    result: dict[str, float | int] = {}
    for key in keys:
        value = min(5.0, max(1.0, centre + rng.choice((-1.0, -0.5, 0.0, 0.0, 0.5, 1.0))))
        result[key] = round(value) if rng.random() < 0.8 else round(value * 2) / 2
    return result


def competencies(
    rng: random.Random,
    values: dict[str, float | int | None],
    *,
    missing_note: str = "not assessed",
    chinese: bool = False,
) -> list[dict[str, Any]]:
    result = []
    rationales = data.RATIONALES_ZH if chinese else data.RATIONALES_EN
    for key, value in values.items():
        rationale = missing_note if value is None else rng.choice(rationales)
        result.append(
            {
                "key": key,
                "name": _NAMES.get(key, key.title()),
                "rating": value,
                "rationale": rationale,
            }
        )
    return result


def overall_block(rating: float | None) -> dict[str, Any]:
    return {"rating": rating, "scale": dict(SCALE), "recommendation": recommendation(rating)}


def responses(
    rng: random.Random,
    interview_id: str,
    *,
    media_expires: datetime,
    count: int = 2,
    chinese: bool = False,
) -> list[dict[str, Any]]:
    """The answers; a Chinese-speaking candidate (`chinese`) is asked and answers in Chinese."""
    items = []
    exp = epoch_ms(media_expires) // 1000
    questions = data.QUESTIONS_ZH if chinese else data.QUESTIONS_EN
    keywords = data.KEYWORDS_ZH if chinese else data.KEYWORDS_EN
    excerpt = "我在上一份工作中{}。" if chinese else "In my last role I {}."
    for order, prompt in enumerate(rng.sample(questions, count), start=1):
        token = data.hex_token(rng, 12)
        sig = data.hex_token(rng, 24)
        items.append(
            {
                "question_id": f"q{order}",
                "order": order,
                "prompt": prompt,
                "duration_seconds": rng.randint(45, 180),
                "video_url": f"https://media.vuesim.local/r/{token}?sig={sig}&exp={exp}",
                "keywords": rng.sample(keywords, 2),
                "transcript_excerpt": excerpt.format(
                    rng.choice(_EXCERPTS_ZH if chinese else _EXCERPTS)
                ),
            }
        )
    return items


# Each has a `&` or `<`: senders escape those differently (Go and Greenhouse write
# \u0026 / \u003c), so receivers that re-serialise before verifying get caught.
_EXCERPTS = (
    "rebuilt the weekly sales dashboard (load time <2 s)",
    "ran an A/B test & shipped the winner",
    "owned the CRM migration & the data clean-up",
    "mentored two junior analysts & ran code reviews",
)
_EXCERPTS_ZH = (
    "重做了每周销售看板（加载时间 <2 秒）",
    "主导了一次 A/B 测试 & 上线了胜出方案",
    "负责 CRM 迁移 & 数据清洗",
    "带了两名初级分析师 & 负责代码评审",
)


def sentiment(rng: random.Random, rating: float) -> dict[str, Any]:
    label = "positive" if rating >= 3.5 else "neutral" if rating >= 2.5 else "negative"
    return {"overall": {"label": label, "confidence": round(rng.uniform(0.6, 0.95), 2)}}


def report_url(interview_id: str) -> str:
    return f"https://app.vuesim.local/reports/{interview_id}"


def scored_fields(
    rng: random.Random,
    interview_id: str,
    *,
    scored_at: datetime,
    overall: float | None = None,
    keys: tuple[str, ...] = DEFAULT_KEYS,
    media_expires: datetime | None = None,
    chinese: bool = False,
) -> dict[str, Any]:
    """The score-bearing part of a scored interview; `overall` may be forced (4.2);
    `chinese`: the questions, answers and notes are in Chinese."""
    values = ratings(rng, keys, around=overall)
    if overall is None:
        mean = sum(values.values()) / len(values)
        overall = round(min(5.0, max(1.0, mean + rng.uniform(-0.3, 0.3))), 1)
    started, completed = session_times(rng, scored_at)
    expires = media_expires or scored_at + MEDIA_TTL
    return {
        "started_at": started,
        "completed_at": completed,
        "overall": overall_block(overall),
        "competencies": competencies(rng, dict(values), chinese=chinese),
        "responses": responses(rng, interview_id, media_expires=expires, chinese=chinese),
        "sentiment": sentiment(rng, overall),
        "report_url": report_url(interview_id),
    }
