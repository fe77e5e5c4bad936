"""The pure mapping layer: vendor fixtures in, canonical results out (no I/O)."""

import copy
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from integrations.contracts import Lifecycle, ScoringStatus, Verdict
from integrations.errors import ConfigError, MalformedPayload
from integrations.mapping import mapping_from_json
from integrations.mianshibao import mapping as msb
from integrations.vuesim import mapping as vuesim

VUESIM_INTERVIEW = {
    "id": "iv_01HZX3K9",
    "version": 3,
    "status": "scored",
    "attempt": 2,
    "previous_attempt_id": "iv_01HZW8A1",
    "candidate": {"id": "cand_77", "external_id": "ats-app-1042", "email": "li.na@example.com"},
    "position": {"id": "pos_9", "title": "Data Analyst"},
    "started_at": "2024-05-01T06:01:10.000Z",
    "completed_at": "2024-05-01T06:19:42.512Z",
    "updated_at": "2024-05-01T07:02:03.004Z",
    "overall": {"rating": 4.2, "scale": {"min": 1, "max": 5}, "recommendation": "yes"},
    "competencies": [
        {"key": "communication", "name": "Communication", "rating": 4, "rationale": "Clear"},
        {"key": "problem_solving", "name": "Problem Solving", "rating": 5, "rationale": None},
        {"key": "role_fit", "name": "Role Fit", "rating": None, "rationale": "not assessed"},
    ],
    "responses": [
        {
            "question_id": "q1",
            "order": 1,
            "prompt": "Tell us about…",
            "duration_seconds": 94,
            "video_url": "https://media.vuesim.local/r/abc?sig=x&exp=1715151600",
            "keywords": ["SQL", "A/B testing"],
            "transcript_excerpt": "…",
        }
    ],
    "sentiment": {"overall": {"label": "positive", "confidence": 0.81}},
    "report_url": "https://app.vuesim.local/reports/iv_01HZX3K9",
    "deleted": False,
}

MSB_RECORD = {
    "recordId": "R202405010001",
    "interviewId": "I88231",
    "outUserId": "ats-app-1042",
    "retakeCount": 1,
    "interviewStatus": 3,
    "positionId": "P12",
    "candidateName": "李娜",
    "mobile": "138****1234",
    "totalScore": "86.5",
    "passFlag": 1,
    "passFlagDesc": "推荐",
    "dimensionScores": [
        {"dimName": "沟通能力", "score": 88},
        {"dimName": "逻辑思维", "score": 79.5},
        {"dimName": "岗位匹配度", "score": None},
        {"dimName": "抗压能力", "score": "91"},
    ],
    "aiEvaluation": "候选人表达清晰，逻辑较好……<script>alert(1)</script>",
    "keywords": ["数据分析", "项目管理"],
    "emotion": {"positive": 0.72, "neutral": 0.21, "negative": 0.07},
    "videoList": [
        {
            "questionNo": 1,
            "question": "请做自我介绍",
            "videoUrl": "https://oss.msb.local/v/1.mp4?Expires=1714636800&Signature=x",
            "duration": 95,
        }
    ],
    "reportUrl": "https://m.msb.local/report/R202405010001",
    "startTime": "2024-05-01 14:01:10",
    "finishTime": 1714543402000,
    "updateTime": "2024-05-01 15:02:03",
}


def _vuesim(**changes):
    body = copy.deepcopy(VUESIM_INTERVIEW)
    body.update(changes)
    return vuesim.map_interview(body, vuesim.default_mapping())


def _msb(mapping=None, **changes):
    body = copy.deepcopy(MSB_RECORD)
    body.update(changes)
    return msb.map_record(body, mapping or msb.default_mapping())


def test_vuesim_happy_path_normalises_one_to_five_min_max():
    result = _vuesim()

    assert result.overall_score == Decimal("80.00")
    assert result.overall_raw == "4.2"
    assert result.lifecycle_status == Lifecycle.SCORED
    assert result.scoring_status == ScoringStatus.FINAL
    assert result.vendor_verdict == Verdict.PASS
    scores = {d.canonical_key: (d.raw_value, d.normalized) for d in result.dimensions}
    assert scores == {
        "communication": ("4", Decimal("75.00")),
        "logical_thinking": ("5", Decimal("100.00")),
        "job_fit": ("", None),  # not assessed is null, never 0
    }
    assert result.vendor_updated_at == datetime(2024, 5, 1, 7, 2, 3, 4000, tzinfo=UTC)
    assert (result.attempt_no, result.supersedes_external_id) == (2, "iv_01HZW8A1")
    assert result.media[0].url_expires_at == datetime.fromtimestamp(1715151600, tz=UTC)
    assert result.external_candidate_ref == "ats-app-1042"


def test_a_missing_required_dimension_makes_the_result_partial():
    mapping = mapping_from_json({**vuesim.DEFAULT_MAPPING, "required_dimensions": ["job_fit"]})

    result = vuesim.map_interview(copy.deepcopy(VUESIM_INTERVIEW), mapping)

    assert result.scoring_status == ScoringStatus.PARTIAL


def test_a_result_still_being_scored_awaits_its_score():
    body = {**copy.deepcopy(VUESIM_INTERVIEW), "status": "scoring", "overall": {"rating": None}}
    body["competencies"] = []

    result = vuesim.map_interview(body, vuesim.default_mapping())

    assert result.lifecycle_status == Lifecycle.AWAITING_SCORE
    assert (result.scoring_status, result.overall_score) == (ScoringStatus.NONE, None)


@pytest.mark.parametrize("rating", [6, 0.5, "4,2", "优秀", True, float("nan")])
def test_an_out_of_range_or_unreadable_rating_is_malformed_never_clamped(rating):
    body = copy.deepcopy(VUESIM_INTERVIEW)
    body["overall"]["rating"] = rating

    with pytest.raises(MalformedPayload):
        vuesim.map_interview(body, vuesim.default_mapping())


def test_a_declared_scale_that_disagrees_with_the_mapping_is_malformed():
    body = copy.deepcopy(VUESIM_INTERVIEW)
    body["overall"]["scale"] = {"min": 0, "max": 10}

    with pytest.raises(MalformedPayload, match="mapping says 1-5"):
        vuesim.map_interview(body, vuesim.default_mapping())


def test_offsets_become_utc_instants_and_zoneless_times_are_refused():
    result = _vuesim(completed_at="2024-05-01T00:30:00+08:00")

    assert result.completed_at == datetime(2024, 4, 30, 16, 30, tzinfo=UTC)
    with pytest.raises(MalformedPayload, match="offset"):
        _vuesim(completed_at="2024-05-01 00:30:00")


def test_deleted_and_expired_interviews():
    assert _vuesim(deleted=True).lifecycle_status == Lifecycle.DELETED
    assert _vuesim(status="expired").lifecycle_status == Lifecycle.EXPIRED
    with pytest.raises(MalformedPayload, match="status"):
        _vuesim(status="teleported")


def test_emotion_is_dropped_unless_the_mapping_keeps_it():
    assert _vuesim().affect == ()
    keeping = mapping_from_json({**vuesim.DEFAULT_MAPPING, "keep_affect": True})

    kept = vuesim.map_interview(copy.deepcopy(VUESIM_INTERVIEW), keeping)

    assert [(a.label, a.score) for a in kept.affect] == [("positive", Decimal("0.81"))]


def test_dimension_names_match_after_nfkc_and_zero_width_removal_only():
    body = copy.deepcopy(VUESIM_INTERVIEW)
    body["competencies"] = [
        {"key": "\uff43ommunication\u200b", "name": "Communication", "rating": 3},
        {"key": "problem_solving_v2", "name": "Problem solving v2", "rating": 3},
    ]

    result = vuesim.map_interview(body, vuesim.default_mapping())

    assert [d.canonical_key for d in result.dimensions] == ["communication", None]
    assert result.unmapped_dimensions == ("problem_solving_v2",)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "http://media.vuesim.local/r/abc",
        "https://media.vuesim.local.evil.example/r",
        "https://169.254.169.254/latest",
        "file:///etc/passwd",
    ],
)
def test_media_and_report_links_off_the_vendors_https_hosts_are_dropped_with_a_warning(url):
    body = copy.deepcopy(VUESIM_INTERVIEW)
    body["responses"][0]["video_url"] = url
    body["report_url"] = url

    result = vuesim.map_interview(body, vuesim.default_mapping())

    assert (result.media[0].url, result.report_url) == ("", "")
    assert len(result.warnings) == 2


def test_mianshibao_record_with_numeric_strings_beijing_time_and_epoch_millis():
    result = _msb()

    assert result.overall_score == Decimal("86.50")
    scores = {d.canonical_key: d.normalized for d in result.dimensions}
    assert scores == {
        "communication": Decimal("88.00"),
        "logical_thinking": Decimal("79.50"),
        "job_fit": None,
        "stress_tolerance": Decimal("91.00"),
    }
    assert result.vendor_updated_at == datetime(2024, 5, 1, 7, 2, 3, tzinfo=UTC)
    assert result.completed_at == datetime(2024, 5, 1, 6, 3, 22, tzinfo=UTC)
    assert (result.attempt_no, result.external_interview_id) == (2, "I88231")
    assert (result.vendor_verdict, result.vendor_verdict_raw) == (Verdict.PASS, "推荐")
    assert result.affect == ()
    # Vendor text is kept as inert text; escaping is the page's job.
    assert "<script>" in result.summary


def test_half_past_midnight_beijing_time_is_the_previous_utc_day():
    result = _msb(updateTime="2024-05-01 00:30:00")

    assert result.vendor_updated_at == datetime(2024, 4, 30, 16, 30, tzinfo=UTC)


@pytest.mark.parametrize("score", ["105", 105, "优秀", "\uff18\uff16", "86,5", -1])
def test_mianshibao_scores_outside_0_100_or_not_numbers_are_malformed(score):
    with pytest.raises(MalformedPayload):
        _msb(totalScore=score)


def test_mianshibao_statuses_missing_candidate_and_pending_verdict():
    assert _msb(interviewStatus=4).lifecycle_status == Lifecycle.EXPIRED
    assert _msb(interviewStatus=2, totalScore=None).scoring_status == ScoringStatus.PARTIAL
    assert _msb(outUserId=None).external_candidate_ref == ""
    assert _msb(passFlag=2).vendor_verdict == Verdict.REVIEW
    with pytest.raises(MalformedPayload):
        _msb(interviewStatus="3")


def test_an_ordinal_table_can_make_four_stars_eighty():
    mapping = mapping_from_json(
        {
            **vuesim.DEFAULT_MAPPING,
            "overall_scale": {
                "type": "ordinal",
                "levels": {"1": 0, "2": 25, "3": 50, "4": 80, "5": 100},
            },
        }
    )
    body = copy.deepcopy(VUESIM_INTERVIEW)
    body["overall"] = {"rating": 4, "recommendation": "yes"}

    assert vuesim.map_interview(body, mapping).overall_score == Decimal("80.00")


def test_a_mapping_with_mistakes_names_every_one():
    data = {
        "dimensions": {"沟通能力": "communication", "逻辑思维": "no_such_dimension"},
        "overall_scale": {"type": "linear", "min": 5, "max": 1},
        "dimension_scale": {"type": "stars"},
        "timezone": "Mars/Olympus",
        "verdicts": {"1": "MAYBE"},
    }

    with pytest.raises(ConfigError) as error:
        mapping_from_json(data, known_dimensions={"communication"})

    message = str(error.value)
    for expected in ("no_such_dimension", "overall_scale", "dimension_scale", "Mars", "MAYBE"):
        assert expected in message


def test_the_default_mappings_survive_a_round_trip_through_json():
    for module in (vuesim, msb):
        mapping = module.default_mapping()
        assert mapping_from_json(mapping.to_json()) == mapping
