"""面试宝 result record -> CanonicalResult. Pure: no I/O, no clock, no models.

The wire format (docs/vendors/mianshibao.md): scores as numbers or
numeric strings on 0-100, Chinese dimension names, Beijing-time strings
without an offset beside an epoch-milliseconds finishTime, a masked mobile.
"""

from typing import Any

from integrations.adapters.scoring import computed_overall, scoring_status
from integrations.contracts import (
    AffectSignal,
    CanonicalDimension,
    CanonicalResult,
    Lifecycle,
    MediaItem,
    Verdict,
)
from integrations.errors import MalformedPayload
from integrations.mapping import FieldMapping, mapping_from_json
from integrations.parsing import (
    allowed_url,
    epoch_millis,
    items,
    naive_local,
    obj,
    text,
    url_expiry,
)
from integrations.scores import clean_key, normalize, parse_number

VENDOR = "mianshibao"
HOSTS = ("msb.local",)

DEFAULT_MAPPING: dict[str, Any] = {
    "dimensions": {
        "沟通能力": "communication",
        "表达能力": "communication",
        "语言表达": "communication",
        "逻辑思维": "logical_thinking",
        "逻辑能力": "logical_thinking",
        "分析能力": "logical_thinking",
        "岗位匹配度": "job_fit",
        "岗位匹配": "job_fit",
        "人岗匹配": "job_fit",
        "团队合作": "teamwork",
        "团队协作": "teamwork",
        "学习能力": "learning_ability",
        "适应能力": "learning_ability",
        "抗压能力": "stress_tolerance",
        "情绪稳定性": "stress_tolerance",
        "专业能力": "professional_skill",
        "专业知识": "professional_skill",
        "求职意愿": "motivation",
        "求职动机": "motivation",
    },
    "overall_scale": {"type": "linear", "min": "0", "max": "100"},
    "dimension_scale": {"type": "linear", "min": "0", "max": "100"},
    "verdicts": {"1": "PASS", "0": "FAIL", "2": "REVIEW"},
    "statuses": {
        "0": "INVITED",
        "1": "IN_PROGRESS",
        "2": "AWAITING_SCORE",
        "3": "SCORED",
        "4": "EXPIRED",
        "5": "CANCELLED",
    },
    "timezone": "Asia/Shanghai",
    "keep_affect": False,
    "required_dimensions": [],
}


def default_mapping() -> FieldMapping:
    return mapping_from_json(DEFAULT_MAPPING)


def map_record(body: dict[str, Any], mapping: FieldMapping) -> CanonicalResult:
    record = obj(body, what="record")
    warnings: list[str] = []
    zone = mapping.zone
    record_id = _identifier(record.get("recordId"), "recordId")
    lifecycle = _lifecycle(record.get("interviewStatus"), mapping)
    overall_raw, overall = normalize(
        record.get("totalScore"), mapping.overall_scale, what="totalScore"
    )
    dimensions = _dimensions(record.get("dimensionScores"), mapping)
    source = "VENDOR"
    if overall is None and dimensions and lifecycle == Lifecycle.SCORED:
        overall, source = computed_overall(dimensions, mapping), "COMPUTED"
    flag = record.get("passFlag")
    verdict = Verdict.NONE
    if flag is not None:
        if isinstance(flag, bool) or not isinstance(flag, int):
            raise MalformedPayload(f"passFlag: {flag!r} is not 0, 1 or 2")
        if str(flag) not in mapping.verdicts:
            warnings.append(f"unknown passFlag {flag!r}")
        verdict = mapping.verdicts.get(str(flag), Verdict.NONE)
    retakes = record.get("retakeCount", 0)
    if isinstance(retakes, bool) or not isinstance(retakes, int) or retakes < 0:
        raise MalformedPayload(f"retakeCount: {retakes!r} is not a whole number >= 0")
    report_url = record.get("reportUrl")
    if report_url and not allowed_url(report_url, HOSTS):
        warnings.append("reportUrl dropped: not an https link on the vendor's host")
    media = _videos(record.get("videoList"), warnings)
    return CanonicalResult(
        vendor=VENDOR,
        external_result_id=record_id,
        external_interview_id=text(record.get("interviewId"), what="interviewId", limit=128),
        external_candidate_ref=text(record.get("outUserId"), what="outUserId", limit=128),
        attempt_no=retakes + 1,
        supersedes_external_id="",  # a retake names its interview, not the earlier record
        lifecycle_status=lifecycle,
        scoring_status=scoring_status(lifecycle, overall, dimensions, mapping),
        vendor_verdict=verdict,
        vendor_verdict_raw=text(record.get("passFlagDesc"), what="passFlagDesc", limit=40)
        or ("" if flag is None else str(flag)),
        overall_score=overall,
        overall_raw=overall_raw,
        overall_scale=mapping.overall_scale,
        overall_source=source,
        started_at=naive_local(record.get("startTime"), zone, what="startTime"),
        completed_at=epoch_millis(record.get("finishTime"), what="finishTime"),
        scored_at=None,
        vendor_updated_at=naive_local(record.get("updateTime"), zone, what="updateTime"),
        vendor_revision=None,
        report_url=allowed_url(report_url, HOSTS) or "",
        language="zh-CN",
        dimensions=dimensions,
        media=media,
        affect=_affect(record.get("emotion")) if mapping.keep_affect else (),
        summary=text(record.get("aiEvaluation"), what="aiEvaluation"),
        keywords=tuple(str(k)[:60] for k in items(record.get("keywords"), what="keywords")),
        candidate_name=text(record.get("candidateName"), what="candidateName", limit=120),
        test_id=str(record.get("positionId") or ""),
        warnings=tuple(warnings),
    )


def _identifier(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 128:
        raise MalformedPayload(f"{what}: expected an id of 1-128 characters")
    return value


def _lifecycle(status: Any, mapping: FieldMapping) -> Lifecycle:
    if isinstance(status, bool) or not isinstance(status, int):
        raise MalformedPayload(f"interviewStatus: {status!r} is not a status number")
    lifecycle = mapping.statuses.get(str(status))
    if lifecycle is None:
        raise MalformedPayload(f"interviewStatus: {status!r} is not a known status")
    return lifecycle


def _dimensions(value: Any, mapping: FieldMapping) -> tuple[CanonicalDimension, ...]:
    dimensions: list[CanonicalDimension] = []
    seen: set[str] = set()
    for index, item in enumerate(items(value, what="dimensionScores")):
        item = obj(item, what=f"dimensionScores[{index}]")
        name = item.get("dimName")
        if not isinstance(name, str) or not clean_key(name):
            raise MalformedPayload(f"dimensionScores[{index}].dimName: expected a name")
        if clean_key(name) in seen:
            raise MalformedPayload(f"dimensionScores: {name!r} appears twice")
        seen.add(clean_key(name))
        raw, score = normalize(item.get("score"), mapping.dimension_scale, what=f"{name}.score")
        dimensions.append(
            CanonicalDimension(
                vendor_key=name,
                vendor_label=name,
                canonical_key=mapping.canonical_for(name),
                raw_value=raw,
                scale=mapping.dimension_scale,
                normalized=score,
            )
        )
    return tuple(dimensions)


def _videos(value: Any, warnings: list[str]) -> tuple[MediaItem, ...]:
    media = []
    for index, item in enumerate(items(value, what="videoList")):
        item = obj(item, what=f"videoList[{index}]")
        url = item.get("videoUrl")
        safe = allowed_url(url, HOSTS)
        if url and not safe:
            warnings.append(f"videoList[{index}].videoUrl dropped: not on the vendor's host")
        number = item.get("questionNo")
        duration = item.get("duration")
        media.append(
            MediaItem(
                kind="video",
                url=safe or "",
                url_expires_at=url_expiry(safe, "Expires") if safe else None,
                question_id=str(number or ""),
                order=number if isinstance(number, int) else index + 1,
                prompt=text(item.get("question"), what="question", limit=2000),
                duration_s=duration if isinstance(duration, int) else None,
            )
        )
    return tuple(media)


def _affect(value: Any) -> tuple[AffectSignal, ...]:
    if not value:
        return ()
    emotion = obj(value, what="emotion")
    return tuple(
        AffectSignal("overall", str(label)[:40], parse_number(score, what=f"emotion.{label}"))
        for label, score in emotion.items()
    )
