"""面试宝's vendor API over real HTTP: envelopes, windows, throttle (docs/vendors/mianshibao.md)."""

import re

from tests.integrations.simulators.conftest import MSB_KEY, Sim

RECORD_KEYS = [
    "recordId", "interviewId", "outUserId", "retakeCount", "interviewStatus", "positionId",
    "candidateName", "mobile", "totalScore", "passFlag", "passFlagDesc", "dimensionScores",
    "aiEvaluation", "keywords", "emotion", "videoList", "reportUrl", "startTime", "finishTime",
    "updateTime",
]  # fmt: skip
INVITE = {
    "positionId": "P12",
    "outUserId": "ats-app-1042",
    "name": "李娜",
    "mobile": "13812341234",
    "email": "li.na@example.com",
}


def _envelope(response) -> dict:
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json;charset=UTF-8"
    body = response.json()
    assert list(body) == ["code", "msg", "data", "requestId"]
    assert re.fullmatch(r"[0-9a-f]{32}", body["requestId"])
    return body


def test_every_call_needs_the_app_key_and_errors_are_http_200(msb: Sim):
    missing = _envelope(msb.http.get("/openapi/v2/position/list"))
    assert (missing["code"], missing["msg"], missing["data"]) == (40001, "无效的AppKey", None)
    wrong = msb.http.get("/openapi/v2/position/list", headers={"X-MSB-AppKey": "nope"})
    assert _envelope(wrong)["code"] == 40001


def test_position_list_is_paged(msb: Sim):
    body = _envelope(msb.msb("position/list", page=1, pageSize=3))
    assert (body["code"], body["msg"]) == (0, "success")
    assert body["data"]["total"] == 8
    assert body["data"]["list"] == [
        {"positionId": "P10", "positionName": "数据分析师"},
        {"positionId": "P11", "positionName": "Java开发工程师"},
        {"positionId": "P12", "positionName": "产品经理"},
    ]
    assert _envelope(msb.msb("position/list", pageSize=101))["code"] == 40010


def test_invite_dedupes_on_request_id(msb: Sim):
    headers = {**MSB_KEY, "X-MSB-RequestId": "req-1"}
    first = _envelope(msb.http.post("/openapi/v2/interview/invite", json=INVITE, headers=headers))
    again = _envelope(msb.http.post("/openapi/v2/interview/invite", json=INVITE, headers=headers))
    assert first["code"] == 0
    assert first["data"] == again["data"]
    assert set(first["data"]) == {"interviewId", "inviteUrl", "expireTime"}
    assert first["data"]["expireTime"] == "2024-05-08 16:00:00"
    invitations = msb.get("invitations")["invitations"]
    assert [i["requestId"] for i in invitations] == ["req-1"]
    other = {**MSB_KEY, "X-MSB-RequestId": "req-2"}
    second = _envelope(msb.http.post("/openapi/v2/interview/invite", json=INVITE, headers=other))
    assert second["data"]["interviewId"] != first["data"]["interviewId"]
    bad = {**INVITE, "positionId": "P404"}
    refused = _envelope(msb.http.post("/openapi/v2/interview/invite", json=bad, headers=MSB_KEY))
    assert refused["code"] == 40010
    assert refused["msg"].startswith("参数错误")
    logged = msb.get("requests?path=/openapi/v2/interview/invite")["requests"]
    assert [r["headers"].get("x-msb-requestid") for r in logged] == [
        "req-1",
        "req-1",
        "req-2",
        None,
    ]


def test_result_window_rules(msb: Sim):
    def code(**params) -> int:
        return _envelope(msb.msb("interview/result/list", **params))["code"]

    assert code() == 40010
    assert code(startTime="2024-04-24 00:00:00", endTime="2024-05-01 00:00:01") == 40010
    assert code(startTime="2024-04-24 00:00:00", endTime="2024-05-01 00:00:00") == 0
    assert code(startTime="2024-05-01T00:00:00", endTime="2024-05-01 01:00:00") == 40010
    assert code(startTime="2024-05-01 02:00:00", endTime="2024-05-01 01:00:00") == 40010
    window = {"startTime": "2024-05-01 00:00:00", "endTime": "2024-05-01 01:00:00"}
    assert code(**window, pageSize=101) == 40010
    assert code(**window, pageSize=100) == 0
    assert code(**window, order="random") == 40010


def test_result_list_order_paging_and_bounds(msb: Sim):
    msb.post("bulk", {"count": 5, "spacing_ms": 1000, "end": "2024-05-01T07:00:04Z"})
    window = {"startTime": "2024-05-01 15:00:00", "endTime": "2024-05-01 15:00:04"}

    desc = _envelope(msb.msb("interview/result/list", **window))["data"]
    times = [r["updateTime"] for r in desc["list"]]
    assert times == [f"2024-05-01 15:00:0{s}" for s in (4, 3, 2, 1, 0)]
    assert (desc["total"], desc["page"], desc["pageSize"]) == (5, 1, 20)

    asc = _envelope(msb.msb("interview/result/list", **window, order="asc", page=2, pageSize=2))
    assert [r["updateTime"][-2:] for r in asc["data"]["list"]] == ["02", "03"]
    beyond = _envelope(msb.msb("interview/result/list", **window, page=4, pageSize=2))["data"]
    assert (beyond["list"], beyond["total"]) == ([], 5)

    inner = {"startTime": "2024-05-01 15:00:01", "endTime": "2024-05-01 15:00:03"}
    assert _envelope(msb.msb("interview/result/list", **inner))["data"]["total"] == 3
    # The window is Beijing wall time: the same digits read as UTC find nothing.
    utc_digits = {"startTime": "2024-05-01 07:00:00", "endTime": "2024-05-01 07:00:04"}
    assert _envelope(msb.msb("interview/result/list", **utc_digits))["data"]["total"] == 0


def test_throttle_is_code_42900_without_retry_after(msb: Sim):
    msb.post("config", {"rate_limit": 5})
    for _ in range(5):
        assert _envelope(msb.msb("position/list"))["code"] == 0
    throttled = msb.msb("position/list")
    assert _envelope(throttled)["code"] == 42900
    assert _envelope(throttled)["msg"] == "请求过于频繁"
    assert "retry-after" not in throttled.headers
    msb.post("clock", {"advance_seconds": 60})
    assert _envelope(msb.msb("position/list"))["code"] == 0


def test_detail_and_record_shape(msb: Sim):
    record_id = msb.post("scenario", {"name": "S1", "outUserId": "ats-app-1042"})["ids"][0]
    record = _envelope(msb.msb("interview/result/detail", recordId=record_id))["data"]
    assert list(record) == RECORD_KEYS
    assert record["outUserId"] == "ats-app-1042"
    assert (record["totalScore"], record["passFlag"], record["passFlagDesc"]) == ("86.5", 1, "推荐")
    assert (record["retakeCount"], record["interviewStatus"]) == (0, 3)
    assert re.fullmatch(r"1[3-9]\d\*{4}\d{4}", record["mobile"])
    assert isinstance(record["finishTime"], int)
    assert len(str(record["finishTime"])) == 13
    for key in ("startTime", "updateTime"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", record[key])
    assert record["updateTime"] == "2024-05-01 16:00:00"
    scores = {d["dimName"]: d["score"] for d in record["dimensionScores"]}
    assert scores == {
        "沟通能力": 88,
        "逻辑思维": 79.5,
        "岗位匹配度": 85,
        "抗压能力": "91",
        "专业能力": 87,
    }
    assert set(record["emotion"]) == {"positive", "neutral", "negative"}
    assert set(record["videoList"][0]) == {"questionNo", "question", "videoUrl", "duration"}
    assert record["reportUrl"] == f"https://m.msb.local/report/{record_id}"

    unknown = _envelope(msb.msb("interview/result/detail", recordId="R000"))
    assert (unknown["code"], unknown["data"]) == (40010, None)
    assert "记录不存在" in unknown["msg"]
    assert _envelope(msb.msb("interview/result/detail"))["code"] == 40010


def test_completing_invitations_moves_them_to_reported(msb: Sim):
    created = msb.post("candidates", {"count": 2})
    window = {"startTime": "2024-05-01 15:00:00", "endTime": "2024-05-01 17:00:00"}
    listed = _envelope(msb.msb("interview/result/list", **window))["data"]["list"]
    assert {r["interviewStatus"] for r in listed} == {0}
    done = msb.post("complete", {"interview_id": created["interview_ids"][0]})
    assert done["completed"] == [created["ids"][0]]
    record = done["records"][0]
    assert record["interviewStatus"] == 3
    assert record["totalScore"] is not None
    assert msb.post("complete", {"count": 5})["completed"] == [created["ids"][1]]
