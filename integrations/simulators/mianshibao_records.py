"""面试宝's result record (docs/vendors/mianshibao.md), built from a seeded generator.

The mixed types are on purpose, as the spec says: scores are numbers or numeric strings,
`finishTime` is epoch milliseconds while the other times are naive Beijing strings, the
mobile number is masked. A missing `outUserId` is an absent key, not null.
"""

import random
from datetime import datetime, timedelta
from typing import Any

from integrations.simulators import data
from integrations.simulators.clock import beijing, epoch_ms

DEFAULT_DIMENSIONS = ("沟通能力", "逻辑思维", "岗位匹配度", "抗压能力", "专业能力")
PASS_DESCRIPTIONS = {1: "推荐", 0: "不推荐", 2: "待定"}
MEDIA_TTL = timedelta(days=1)  # OSS signed URLs: one day
ABSENT = object()  # an `outUserId` that is left out of the record entirely

# interviewStatus codes (docs/vendors/README.md section 2.5)
INVITED, IN_PROGRESS, FINISHED, REPORTED, EXPIRED, CANCELLED = 0, 1, 2, 3, 4, 5


def plain(value: float) -> float | int:
    """86.0 -> 86: the vendor never sends a trailing .0."""
    return int(value) if float(value).is_integer() else round(value, 1)


def mixed(rng: random.Random, value: float | int | None) -> Any:
    """A score as 面试宝 sends it: usually a number, sometimes a numeric string."""
    if value is None:
        return None
    shown = plain(value)
    return str(shown) if rng.random() < 0.35 else shown


def pass_flag(total: float | None) -> int | None:
    if total is None:
        return None
    return 1 if total >= 80 else 2 if total >= 60 else 0


def dimension_values(
    rng: random.Random, names: tuple[str, ...] = DEFAULT_DIMENSIONS, around: float | None = None
) -> dict[str, float | int]:
    centre = around if around is not None else rng.uniform(55, 95)
    values: dict[str, float | int] = {}
    for name in names:
        value = min(100.0, max(0.0, centre + rng.uniform(-10, 10)))
        values[name] = plain(round(value * 2) / 2)
    return values


def dimension_scores(rng: random.Random, values: dict[str, Any]) -> list[dict[str, Any]]:
    """`values` may already hold wire values (strings, None): they are kept as given."""
    return [
        {
            "dimName": name,
            "score": value if not isinstance(value, int | float) else mixed(rng, value),
        }
        for name, value in values.items()
    ]


def emotion(rng: random.Random) -> dict[str, float]:
    positive = round(rng.uniform(0.4, 0.85), 2)
    neutral = round(rng.uniform(0.05, 1 - positive - 0.02), 2)
    return {"positive": positive, "neutral": neutral, "negative": round(1 - positive - neutral, 2)}


def videos(rng: random.Random, record_id: str, expires: datetime) -> list[dict[str, Any]]:
    expires_s = epoch_ms(expires) // 1000
    items = []
    for number, question in enumerate(rng.sample(data.QUESTIONS_ZH, 2), start=1):
        signature = data.nonce(rng, 28) + "%3D"
        items.append(
            {
                "questionNo": number,
                "question": question,
                "videoUrl": f"https://oss.msb.local/v/{record_id}-{number}.mp4"
                f"?Expires={expires_s}&Signature={signature}",
                "duration": rng.randint(40, 180),
            }
        )
    return items


def report_url(record_id: str) -> str:
    return f"https://m.msb.local/report/{record_id}"


def record_object(
    *,
    record_id: str,
    interview_id: str,
    out_user_id: Any,
    retake_count: int,
    status: int,
    position_id: str,
    candidate_name: str,
    mobile: str,
    update_time: datetime,
    total_score: Any = None,
    pass_flag_value: int | None = None,
    dimension_list: list[dict[str, Any]] | None = None,
    ai_evaluation: str | None = None,
    keywords: list[str] | None = None,
    emotion_value: dict[str, float] | None = None,
    video_list: list[dict[str, Any]] | None = None,
    report: str | None = None,
    start_time: datetime | None = None,
    finish_time: datetime | None = None,
) -> dict[str, Any]:
    record: dict[str, Any] = {"recordId": record_id, "interviewId": interview_id}
    if out_user_id is not ABSENT:
        record["outUserId"] = out_user_id
    record.update(
        {
            "retakeCount": retake_count,
            "interviewStatus": status,
            "positionId": position_id,
            "candidateName": candidate_name,
            "mobile": mobile,
            "totalScore": total_score,
            "passFlag": pass_flag_value,
            "passFlagDesc": PASS_DESCRIPTIONS.get(pass_flag_value)
            if pass_flag_value is not None
            else None,
            "dimensionScores": dimension_list or [],
            "aiEvaluation": ai_evaluation,
            "keywords": keywords or [],
            "emotion": emotion_value,
            "videoList": video_list or [],
            "reportUrl": report,
            "startTime": beijing(start_time) if start_time else None,
            "finishTime": epoch_ms(finish_time) if finish_time else None,
            "updateTime": beijing(update_time),
        }
    )
    return record


def scored_fields(
    rng: random.Random,
    record_id: str,
    *,
    reported_at: datetime,
    total: float | None = None,
    names: tuple[str, ...] = DEFAULT_DIMENSIONS,
    media_expires: datetime | None = None,
) -> dict[str, Any]:
    """The report part of a record (status 3), as `record_object` keyword arguments."""
    values = dimension_values(rng, names, around=total)
    if total is None:
        total = round(sum(values.values()) / len(values) + rng.uniform(-2, 2), 1)
        total = min(100.0, max(0.0, total))
    finish = reported_at - timedelta(seconds=rng.randint(120, 3600))
    start = finish - timedelta(seconds=rng.randint(600, 1800))
    return {
        "status": REPORTED,
        "total_score": mixed(rng, total),
        "pass_flag_value": pass_flag(total),
        "dimension_list": dimension_scores(rng, values),
        "ai_evaluation": rng.choice(data.EVALUATIONS_ZH),
        "keywords": rng.sample(data.KEYWORDS_ZH, 2),
        "emotion_value": emotion(rng),
        "video_list": videos(rng, record_id, media_expires or reported_at + MEDIA_TTL),
        "report": report_url(record_id),
        "start_time": start,
        "finish_time": finish,
    }
