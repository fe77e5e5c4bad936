"""docs/vendors/scenarios.md S1-S18 (and our AFFECT): each fixture produces the
specified raw shape, read back through the vendor API as an adapter would see it."""

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.integrations.simulators.conftest import MSB_KEY, Sim
from tests.integrations.simulators.receiver import Receiver

NOW = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
MSB_TODAY = {"startTime": "2024-04-30 00:00:00", "endTime": "2024-05-01 23:59:59"}


def _vue(vue: Sim, name: str, **params: Any) -> tuple[dict, list[dict]]:
    made = vue.post("scenario", {"name": name, **params})
    headers = vue.bearer()
    items = []
    for interview_id in made["ids"]:
        response = vue.http.get(f"/api/v1/interviews/{interview_id}", headers=headers)
        items.append(response.json() if response.status_code == 200 else {"status_code": 404})
    return made, items


def _msb(msb: Sim, name: str, **params: Any) -> tuple[dict, list[dict]]:
    made = msb.post("scenario", {"name": name, **params})
    records = []
    for record_id in made["ids"]:
        body = msb.msb("interview/result/detail", recordId=record_id).json()
        records.append(body["data"] if body["code"] == 0 else {"code": body["code"]})
    return made, records


def _ratings(item: dict) -> dict[str, Any]:
    return {c["key"]: c["rating"] for c in item["competencies"]}


# -- VueSim ---------------------------------------------------------------------------
def test_vuesim_s1_happy_path(vue: Sim):
    made, (item,) = _vue(vue, "S1", external_id="ats-app-1042")
    assert made["title"] == "Happy path"
    assert (item["status"], item["attempt"], item["deleted"]) == ("scored", 1, False)
    assert item["overall"] == {
        "rating": 4.2,
        "scale": {"min": 1, "max": 5},
        "recommendation": "yes",
    }
    assert None not in _ratings(item).values()
    assert item["candidate"]["external_id"] == "ats-app-1042"
    assert item["updated_at"] == "2024-05-01T08:00:00.000Z"


def test_vuesim_s2_missing_dimension(vue: Sim):
    _, (item,) = _vue(vue, "S2")
    role_fit = next(c for c in item["competencies"] if c["key"] == "role_fit")
    assert role_fit == {
        "key": "role_fit",
        "name": "Role Fit",
        "rating": None,
        "rationale": "not assessed",
    }
    assert [k for k, v in _ratings(item).items() if v is None] == ["role_fit"]


def test_vuesim_s3_retake(vue: Sim):
    _, (first, second) = _vue(vue, "S3")
    assert (first["attempt"], first["previous_attempt_id"]) == (1, None)
    assert (second["attempt"], second["previous_attempt_id"]) == (2, first["id"])
    assert second["candidate"] == first["candidate"]
    assert first["updated_at"] < second["updated_at"]
    assert (first["overall"]["rating"], second["overall"]["rating"]) == (3.4, 4.2)


def test_vuesim_s4_partial(vue: Sim):
    _, (item,) = _vue(vue, "S4")
    assert (item["status"], item["overall"]) == ("scoring", None)
    assert sum(v is None for v in _ratings(item).values()) == 3
    assert item["completed_at"] is not None


def test_vuesim_s5_duplicate_delivery(vue: Sim, receiver: Receiver):
    vue.post("config", {"webhook_url": receiver.url})
    made = vue.post("scenario", {"name": "S5"})
    ids = [d["request_headers"]["webhook-id"] for d in made["deliveries"]]
    assert len(ids) == 3
    assert ids[0] == ids[1] != ids[2]
    hooks = receiver.wait_for(3)
    assert hooks[0].body == hooks[1].body
    assert json.loads(hooks[2].body)["data"] == json.loads(hooks[0].body)["data"]
    assert all(d["status"] == 200 for d in made["deliveries"])


def test_vuesim_s6_out_of_order(vue: Sim, receiver: Receiver):
    vue.post("config", {"webhook_url": receiver.url})
    _, (item,) = _vue(vue, "S6")
    newer, older = (json.loads(h.body) for h in receiver.wait_for(2))
    assert (newer["type"], newer["data"]["version"]) == ("interview.rescored", 3)
    assert (older["type"], older["data"]["version"]) == ("interview.scored", 2)
    assert older["data"]["updated_at"] < newer["data"]["updated_at"]
    assert (item["version"], item["overall"]["rating"]) == (3, 4.4)


def test_vuesim_s7_rate_limited(vue: Sim):
    made = vue.post("scenario", {"name": "S7"})
    assert len(made["ids"]) == 12
    headers = vue.bearer()
    codes = [vue.http.get("/api/v1/interviews", headers=headers).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]


def test_vuesim_s8_503_twice(vue: Sim):
    vue.post("scenario", {"name": "S8"})
    headers = vue.bearer()
    codes = [vue.http.get("/api/v1/interviews", headers=headers).status_code for _ in range(3)]
    assert codes == [503, 503, 200]


def test_vuesim_s9_truncated_page_two(vue: Sim):
    vue.post("scenario", {"name": "S9"})
    headers = vue.bearer()
    first = vue.http.get("/api/v1/interviews", params={"per_page": 3}, headers=headers)
    assert len(first.json()) == 3
    second = vue.http.get(first.links["next"]["url"], headers=headers)
    with pytest.raises(json.JSONDecodeError):
        json.loads(second.content)


def test_vuesim_s10_out_of_range(vue: Sim):
    _, (item,) = _vue(vue, "S10")
    assert _ratings(item)["communication"] == 6
    _, (overall,) = _vue(vue, "S10", variant="overall")
    assert overall["overall"]["rating"] == 6


def test_vuesim_s11_offsets(vue: Sim):
    made, (item,) = _vue(vue, "S11")
    assert item["completed_at"] == "2024-05-01T00:30:00.000+08:00"
    assert made["expected_completed_at_utc"] == "2024-04-30T16:30:00.000Z"
    assert datetime.fromisoformat(item["completed_at"]) == datetime(2024, 4, 30, 16, 30, tzinfo=UTC)
    assert item["started_at"] == "2024-05-01T00:12:05.250+08:00"
    assert item["updated_at"] == "2024-05-01T16:00:00.000+08:00"


def test_vuesim_s12_unmatched(vue: Sim):
    _, (item,) = _vue(vue, "S12")
    assert re.fullmatch(r"ext-unmatched-[0-9a-f]{8}", item["candidate"]["external_id"])


def test_vuesim_s13_deletion(vue: Sim, receiver: Receiver):
    vue.post("config", {"webhook_url": receiver.url})
    made, (tombstone, purged) = _vue(vue, "S13")
    assert (tombstone["deleted"], tombstone["report_url"]) == (True, None)
    assert purged == {"status_code": 404}
    events = [json.loads(h.body) for h in receiver.wait_for(2)]
    assert [e["type"] for e in events] == ["interview.deleted"] * 2
    assert [e["data"]["interview_id"] for e in events] == made["ids"]


def test_vuesim_s14_expired(vue: Sim):
    _, (item,) = _vue(vue, "S14")
    assert (item["status"], item["overall"], item["completed_at"]) == ("expired", None, None)


def test_vuesim_s15_short_tokens(vue: Sim):
    made = vue.post("scenario", {"name": "S15"})
    assert made["config"] == {"token_ttl_s": 3}
    token = vue.http.post(
        "/oauth/token",
        auth=("vuesim-client", "vuesim-secret"),
        data={"grant_type": "client_credentials"},
    )
    assert token.json()["expires_in"] == 3
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    first = vue.http.get("/api/v1/interviews", params={"per_page": 4}, headers=headers)
    vue.post("clock", {"advance_seconds": 3})
    assert vue.http.get(first.links["next"]["url"], headers=headers).status_code == 401
    assert vue.http.get(first.links["next"]["url"], headers=vue.bearer()).status_code == 200


def test_vuesim_s16_cursor_expired(vue: Sim):
    made = vue.post("scenario", {"name": "S16"})
    assert [f["kind"] for f in made["faults"]] == ["cursor_expiry"]
    headers = vue.bearer()
    first = vue.http.get("/api/v1/interviews", params={"per_page": 4}, headers=headers)
    expired = vue.http.get(first.links["next"]["url"], headers=headers)
    assert (expired.status_code, expired.json()) == (422, {"error": "cursor_expired"})


def test_vuesim_s17_rescore(vue: Sim):
    made, (item,) = _vue(vue, "S17")
    assert item["overall"]["rating"] == 4.2
    again, (rescored,) = _vue(vue, "S17", interview_id=made["ids"][0])
    assert again["ids"] == made["ids"]
    assert rescored["overall"] == {
        "rating": 3.8,
        "scale": {"min": 1, "max": 5},
        "recommendation": "mixed",
    }
    assert rescored["version"] == item["version"] + 1
    assert rescored["updated_at"] > item["updated_at"]


def test_vuesim_s18_expired_media(vue: Sim):
    _, (item,) = _vue(vue, "S18")
    for response in item["responses"]:
        exp = int(parse_qs(urlsplit(response["video_url"]).query)["exp"][0])
        assert exp < NOW.timestamp()


# -- 面试宝 -----------------------------------------------------------------------------
def _dims(record: dict) -> dict[str, Any]:
    return {d["dimName"]: d["score"] for d in record["dimensionScores"]}


def test_msb_s1_happy_path(msb: Sim):
    _, (record,) = _msb(msb, "S1", outUserId="ats-app-1042")
    assert (record["totalScore"], record["passFlag"], record["passFlagDesc"]) == ("86.5", 1, "推荐")
    assert record["outUserId"] == "ats-app-1042"
    assert _dims(record)["抗压能力"] == "91"


def test_msb_s2_missing_dimension(msb: Sim):
    _, (null,) = _msb(msb, "S2")
    assert _dims(null)["岗位匹配度"] is None
    _, (absent,) = _msb(msb, "S2", variant="absent")
    assert "岗位匹配度" not in _dims(absent)


def test_msb_s3_retake(msb: Sim):
    _, (first, second) = _msb(msb, "S3")
    assert first["interviewId"] == second["interviewId"]
    assert first["recordId"] != second["recordId"]
    assert (first["retakeCount"], second["retakeCount"]) == (0, 1)
    assert first["outUserId"] == second["outUserId"]


def test_msb_s4_partial(msb: Sim):
    _, (record,) = _msb(msb, "S4")
    assert (record["interviewStatus"], record["totalScore"], record["passFlag"]) == (2, None, None)
    assert sum(v is None for v in _dims(record).values()) == 3


def test_msb_s5_duplicates(msb: Sim, receiver: Receiver):
    msb.post("config", {"webhook_url": receiver.url})
    made = msb.post("scenario", {"name": "S5"})
    bodies = [json.loads(h.body) for h in receiver.wait_for(4)]
    event_ids = [b.get("eventId") for b in bodies]
    assert event_ids[0] == event_ids[1] is not None
    assert event_ids[2:] == [None, None]
    assert len({json.dumps(b["data"]) for b in bodies}) == 1
    assert [d["outcome"] for d in made["deliveries"]] == ["delivered"] * 4


def test_msb_s6_out_of_order(msb: Sim, receiver: Receiver):
    msb.post("config", {"webhook_url": receiver.url, "payload_mode": "full"})
    _msb(msb, "S6")
    newer, older = (json.loads(h.body) for h in receiver.wait_for(2))
    assert (newer["eventType"], older["eventType"]) == ("report.updated", "report.generated")
    assert older["data"]["updateTime"] < newer["data"]["updateTime"]
    assert (newer["data"]["totalScore"], older["data"]["totalScore"]) == ("86.5", 80)


@pytest.mark.parametrize(("variant", "status", "code"), [(None, 200, 42900), ("http", 429, None)])
def test_msb_s7_throttle(msb: Sim, variant: str | None, status: int, code: int | None):
    msb.post("scenario", {"name": "S7", "variant": variant})
    responses = [msb.msb("interview/result/list", **MSB_TODAY) for _ in range(5)]
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert responses[4].status_code == status
    if code:
        assert responses[4].json()["code"] == code


def test_msb_s8_html_502(msb: Sim):
    msb.post("scenario", {"name": "S8"})
    codes = [msb.msb("interview/result/list", **MSB_TODAY).status_code for _ in range(3)]
    assert codes == [502, 502, 200]


def test_msb_s9_malformed_page_two(msb: Sim):
    msb.post("scenario", {"name": "S9"})
    first = msb.msb("interview/result/list", **MSB_TODAY, pageSize=3)
    assert len(first.json()["data"]["list"]) == 3
    second = msb.msb("interview/result/list", **MSB_TODAY, pageSize=3, page=2)
    assert second.content.startswith(b"\xef\xbb\xbf")
    assert "GBK" in second.headers["content-type"]


def test_msb_s10_bad_scores(msb: Sim):
    _, records = _msb(msb, "S10")
    assert [r["totalScore"] for r in records] == [105, "优秀", "\uff18\uff16"]
    assert [r["passFlag"] for r in records] == [1, None, None]


def test_msb_s11_time_formats(msb: Sim):
    made, (record,) = _msb(msb, "S11")
    assert record["startTime"] == "2024-05-01 00:12:05"
    finish = datetime.fromtimestamp(record["finishTime"] / 1000, UTC)
    assert finish == datetime(2024, 4, 30, 16, 30, tzinfo=UTC)
    assert made["expected_finish_utc"] == "2024-04-30T16:30:00.000Z"
    assert record["updateTime"] == "2024-05-01 16:00:00"


def test_msb_s12_missing_out_user_id(msb: Sim):
    _, (record,) = _msb(msb, "S12")
    assert "outUserId" not in record
    assert record["recordId"].startswith("R20240501")


def test_msb_s13_deleted(msb: Sim, receiver: Receiver):
    msb.post("config", {"webhook_url": receiver.url})
    made, (gone,) = _msb(msb, "S13")
    assert gone == {"code": 40010}
    (hook,) = receiver.wait_for(1)
    body = json.loads(hook.body)
    assert (body["eventType"], body["data"]["recordId"]) == ("report.deleted", made["ids"][0])
    listed = msb.msb("interview/result/list", **MSB_TODAY).json()["data"]["list"]
    assert made["ids"][0] not in {r["recordId"] for r in listed}


def test_msb_s14_expired(msb: Sim):
    _, (record,) = _msb(msb, "S14")
    assert (record["interviewStatus"], record["totalScore"]) == (4, None)


def test_msb_s15_not_applicable(msb: Sim):
    made = msb.post("scenario", {"name": "S15"})
    assert (made["applicable"], made["ids"]) == (False, [])


def test_msb_s16_inserts_during_desc_paging(msb: Sim):
    made = msb.post("scenario", {"name": "S16", "age_seconds": 600})
    frozen = {"startTime": "2024-05-01 15:00:00", "endTime": "2024-05-01 15:58:00"}
    drifting = {"startTime": "2024-05-01 15:00:00", "endTime": "2024-05-01 16:30:00"}
    page1 = msb.msb("interview/result/list", **drifting, pageSize=5).json()["data"]
    page2 = msb.msb("interview/result/list", **drifting, pageSize=5, page=2).json()["data"]
    assert page2["total"] == page1["total"] + 3
    overlap = {r["recordId"] for r in page1["list"]} & {r["recordId"] for r in page2["list"]}
    assert len(overlap) == 3
    asc = msb.msb("interview/result/list", **frozen, order="asc", pageSize=100).json()["data"]
    assert [r["recordId"] for r in asc["list"]] == made["ids"]


def test_msb_s17_rescore(msb: Sim, receiver: Receiver):
    msb.post("config", {"webhook_url": receiver.url})
    made, (record,) = _msb(msb, "S17", emit=False)
    assert record["totalScore"] == "86.5"
    _, (rescored,) = _msb(msb, "S17", record_id=made["ids"][0])
    assert (rescored["totalScore"], rescored["passFlag"], rescored["passFlagDesc"]) == (
        78,
        2,
        "待定",
    )
    assert rescored["updateTime"] > record["updateTime"]
    (hook,) = receiver.wait_for(1)
    assert json.loads(hook.body)["eventType"] == "report.updated"


def test_msb_s18_expired_media(msb: Sim):
    _, (record,) = _msb(msb, "S18")
    for video in record["videoList"]:
        expires = int(parse_qs(urlsplit(video["videoUrl"]).query)["Expires"][0])
        assert expires < (NOW - timedelta(hours=1)).timestamp()


def test_vuesim_affect_everywhere(vue: Sim):
    """Affect data where an independent server may put it, not only where we do."""
    made, (item,) = _vue(vue, "AFFECT", external_id="ats-app-1042")
    assert made["title"] == "Affect data everywhere (an independent server)"
    assert {"sentiment", "emotion", "facialAffect"} <= set(item)
    assert "sentimentScore" in item["overall"]
    assert item["responses"]
    assert all({"sentiment", "emotion_scores"} <= set(r) for r in item["responses"])
    assert all("emotionalTone" in c for c in item["competencies"])
    _, (bad,) = _vue(vue, "AFFECT", variant="malformed")
    assert _ratings(bad)["communication"] == 6


def test_msb_affect_everywhere(msb: Sim):
    made, (record,) = _msb(msb, "AFFECT", outUserId="ats-app-1042")
    assert made["title"] == "Affect data everywhere (an independent server)"
    assert {"emotion", "sentimentAnalysis", "情绪分析"} <= set(record)
    assert record["videoList"]
    assert all({"emotion", "emotionTrend"} <= set(v) for v in record["videoList"])
    assert all("emotionLabel" in d for d in record["dimensionScores"])
    _, (bad,) = _msb(msb, "AFFECT", variant="malformed")
    assert bad["totalScore"] == 105


def test_every_scenario_is_listed(vue: Sim, msb: Sim):
    names = [f"S{i}" for i in range(1, 19)] + ["AFFECT"]
    assert [s["name"] for s in vue.get("scenarios")["scenarios"]] == names
    assert [s["name"] for s in msb.get("scenarios")["scenarios"] if s["applicable"]] == [
        n for n in names if n != "S15"
    ]
    assert vue.post("scenario", {"name": "S99"}, status=400)["error"] == "bad_request"
    assert MSB_KEY  # the detail reads above used it
