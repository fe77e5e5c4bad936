"""VueSim interview object -> CanonicalResult. Pure: no I/O, no clock, no models.

The wire format is docs/vendors/vuesim.md; what each field becomes follows the
canonical result of docs/vendors/README.md section 2. Anything the mapping cannot trust
raises MalformedPayload (the record is quarantined whole); smaller doubts become
warnings.
"""

from decimal import Decimal
from typing import Any

from integrations.adapters.scoring import computed_overall, scoring_status
from integrations.contracts import (
    AffectSignal,
    CanonicalDimension,
    CanonicalResult,
    Lifecycle,
    MediaItem,
    Scale,
    Verdict,
)
from integrations.errors import MalformedPayload
from integrations.mapping import FieldMapping, mapping_from_json
from integrations.parsing import allowed_url, items, obj, rfc3339, text, url_expiry
from integrations.scores import clean_key, normalize, parse_number

VENDOR = "vuesim"
HOSTS = ("vuesim.local",)

DEFAULT_MAPPING: dict[str, Any] = {
    "dimensions": {
        "communication": "communication",
        "problem_solving": "logical_thinking",
        "role_fit": "job_fit",
        "collaboration": "teamwork",
        "adaptability": "learning_ability",
        "resilience": "stress_tolerance",
        "technical_knowledge": "professional_skill",
        "motivation": "motivation",
    },
    "overall_scale": {"type": "linear", "min": "1", "max": "5"},
    "dimension_scale": {"type": "linear", "min": "1", "max": "5"},
    "verdicts": {
        "strong_yes": "PASS",
        "yes": "PASS",
        "mixed": "REVIEW",
        "no": "FAIL",
        "strong_no": "FAIL",
    },
    "statuses": {
        "invited": "INVITED",
        "started": "IN_PROGRESS",
        "completed": "AWAITING_SCORE",
        "scoring": "AWAITING_SCORE",
        "scored": "SCORED",
        "expired": "EXPIRED",
        "withdrawn": "CANCELLED",
    },
    "timezone": "UTC",
    "keep_affect": False,
    "required_dimensions": [],
}


def default_mapping() -> FieldMapping:
    return mapping_from_json(DEFAULT_MAPPING)


def map_interview(body: dict[str, Any], mapping: FieldMapping) -> CanonicalResult:
    interview = obj(body, what="interview")
    warnings: list[str] = []
    external_id = _identifier(interview.get("id"), "id")
    lifecycle = _lifecycle(interview, mapping)
    candidate = obj(interview.get("candidate") or {}, what="candidate")
    position = obj(interview.get("position") or {}, what="position")
    overall_data = obj(interview.get("overall") or {}, what="overall")
    _check_declared_scale(overall_data.get("scale"), mapping.overall_scale)
    overall_raw, overall = normalize(
        overall_data.get("rating"), mapping.overall_scale, what="overall.rating"
    )
    dimensions = _dimensions(interview.get("competencies"), mapping)
    source = "VENDOR"
    if overall is None and dimensions and lifecycle == Lifecycle.SCORED:
        overall, source = computed_overall(dimensions, mapping), "COMPUTED"
    recommendation = overall_data.get("recommendation")
    verdict = Verdict.NONE
    if recommendation is not None:
        verdict = mapping.verdicts.get(clean_key(str(recommendation)), Verdict.NONE)
        if clean_key(str(recommendation)) not in mapping.verdicts:
            warnings.append(f"unknown recommendation {recommendation!r}")
    media, keywords = _responses(interview.get("responses"), warnings)
    report_url = interview.get("report_url")
    if report_url and not allowed_url(report_url, HOSTS):
        warnings.append("report_url dropped: not an https link on the vendor's host")
    return CanonicalResult(
        vendor=VENDOR,
        external_result_id=external_id,
        external_interview_id=external_id,
        external_candidate_ref=text(candidate.get("external_id"), what="candidate.external_id"),
        attempt_no=_positive_int(interview.get("attempt", 1), "attempt") or 1,
        supersedes_external_id=text(
            interview.get("previous_attempt_id"), what="previous_attempt_id"
        ),
        lifecycle_status=lifecycle,
        scoring_status=scoring_status(lifecycle, overall, dimensions, mapping),
        vendor_verdict=verdict,
        vendor_verdict_raw="" if recommendation is None else str(recommendation),
        overall_score=overall,
        overall_raw=overall_raw,
        overall_scale=mapping.overall_scale,
        overall_source=source,
        started_at=rfc3339(interview.get("started_at"), what="started_at"),
        completed_at=rfc3339(interview.get("completed_at"), what="completed_at"),
        scored_at=rfc3339(interview.get("updated_at"), what="updated_at")
        if lifecycle == Lifecycle.SCORED
        else None,
        vendor_updated_at=rfc3339(interview.get("updated_at"), what="updated_at"),
        vendor_revision=_positive_int(interview.get("version"), "version", optional=True),
        report_url=allowed_url(report_url, HOSTS) or "",
        language=str(position.get("locale") or "en-US"),
        dimensions=dimensions,
        media=media,
        affect=_affect(interview.get("sentiment")) if mapping.keep_affect else (),
        keywords=keywords,
        candidate_email=text(candidate.get("email"), what="candidate.email"),
        test_id=str(position.get("id") or ""),
        warnings=tuple(warnings),
    )


def record_version(body: dict[str, Any]) -> tuple[str, str | None, int | None]:
    """(id, updated_at, version) without a full mapping: enough to page and to dedupe."""
    return (
        _identifier(body.get("id"), "id"),
        body.get("updated_at"),
        body.get("version") if isinstance(body.get("version"), int) else None,
    )


def _identifier(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 128:
        raise MalformedPayload(f"{what}: expected an id of 1-128 characters")
    return value


def _positive_int(value: Any, what: str, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise MalformedPayload(f"{what}: expected a positive whole number, got {value!r}")
    return value


def _lifecycle(interview: dict[str, Any], mapping: FieldMapping) -> Lifecycle:
    if interview.get("deleted") is True:
        return Lifecycle.DELETED
    status = interview.get("status")
    lifecycle = mapping.statuses.get(clean_key(str(status))) if isinstance(status, str) else None
    if lifecycle is None:
        raise MalformedPayload(f"status: {status!r} is not a known interview status")
    return lifecycle


def _check_declared_scale(declared: Any, scale: Scale) -> None:
    """The payload may state its scale; it must agree with the mapping's linear one."""
    if declared is None or scale.type != "linear":
        return
    declared = obj(declared, what="overall.scale")
    low = parse_number(declared.get("min"), what="overall.scale.min")
    high = parse_number(declared.get("max"), what="overall.scale.max")
    if (low, high) != (scale.min, scale.max):
        raise MalformedPayload(
            f"overall.scale: the vendor says {low:g}-{high:g}, "
            f"the connection's mapping says {scale.describe()}"
        )


def _dimensions(value: Any, mapping: FieldMapping) -> tuple[CanonicalDimension, ...]:
    dimensions: list[CanonicalDimension] = []
    seen: set[str] = set()
    for index, item in enumerate(items(value, what="competencies")):
        item = obj(item, what=f"competencies[{index}]")
        key = item.get("key")
        if not isinstance(key, str) or not clean_key(key):
            raise MalformedPayload(f"competencies[{index}].key: expected a name")
        if clean_key(key) in seen:
            raise MalformedPayload(f"competencies: {key!r} appears twice")
        seen.add(clean_key(key))
        raw, score = normalize(
            item.get("rating"), mapping.dimension_scale, what=f"competencies.{key}.rating"
        )
        dimensions.append(
            CanonicalDimension(
                vendor_key=key,
                vendor_label=text(item.get("name"), what="competency name", limit=120) or key,
                canonical_key=mapping.canonical_for(key),
                raw_value=raw,
                scale=mapping.dimension_scale,
                normalized=score,
                comment=text(item.get("rationale"), what="rationale", limit=2000),
            )
        )
    return tuple(dimensions)


def _responses(value: Any, warnings: list[str]) -> tuple[tuple[MediaItem, ...], tuple[str, ...]]:
    media: list[MediaItem] = []
    keywords: list[str] = []
    for index, item in enumerate(items(value, what="responses")):
        item = obj(item, what=f"responses[{index}]")
        words = tuple(str(word)[:60] for word in items(item.get("keywords"), what="keywords"))
        keywords += [word for word in words if word not in keywords]
        url = item.get("video_url")
        safe = allowed_url(url, HOSTS)
        if url and not safe:
            warnings.append(f"responses[{index}].video_url dropped: not on the vendor's host")
        duration, order = item.get("duration_seconds"), item.get("order")
        media.append(
            MediaItem(
                kind="video",
                url=safe or "",
                url_expires_at=url_expiry(safe, "exp") if safe else None,
                question_id=str(item.get("question_id") or ""),
                order=order if isinstance(order, int) else index + 1,
                prompt=text(item.get("prompt"), what="prompt", limit=2000),
                duration_s=duration if isinstance(duration, int) else None,
                keywords=words,
                transcript_excerpt=text(
                    item.get("transcript_excerpt"), what="transcript", limit=4000
                ),
            )
        )
    return tuple(media), tuple(keywords)


def _affect(value: Any) -> tuple[AffectSignal, ...]:
    overall = obj(value, what="sentiment").get("overall") if value else None
    if not overall:
        return ()
    overall = obj(overall, what="sentiment.overall")
    confidence = parse_number(overall.get("confidence"), what="sentiment.confidence")
    return (AffectSignal("overall", str(overall.get("label", ""))[:40], Decimal(confidence)),)
