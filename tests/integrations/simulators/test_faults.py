"""Every fault kind, on both simulators, over real HTTP."""

import json
import time
from email.utils import parsedate_to_datetime

import pytest

from tests.integrations.simulators.conftest import PINNED_NOW, Sim

MSB_LIST = "interview/result/list"
MSB_WINDOW = {"startTime": "2024-05-01 00:00:00", "endTime": "2024-05-01 23:59:59"}


def test_status_fault_fires_times_then_stops(vue: Sim):
    vue.post("faults", {"kind": "status", "status": 503, "path": "/api/v1/interviews", "times": 2})
    headers = vue.bearer()
    statuses = [vue.http.get("/api/v1/interviews", headers=headers).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert vue.http.get("/api/v1/positions", headers=headers).status_code == 200
    (rule,) = vue.get("faults")["faults"]
    assert (rule["seen"], rule["fired"]) == (3, 2)
    logged = vue.get("requests?path=/api/v1/interviews")["requests"]
    assert [r["faults"] for r in logged] == [["status"], ["status"], []]
    assert vue.control("DELETE", "faults") == {"faults": []}


def test_vuesim_rate_limit_every_nth_call(vue: Sim):
    vue.post("faults", {"kind": "rate_limit", "path": "/api/v1/", "every": 5, "retry_after": 2})
    headers = vue.bearer()
    responses = [vue.http.get("/api/v1/positions", headers=headers) for _ in range(10)]
    assert [r.status_code for r in responses] == [200] * 4 + [429] + [200] * 4 + [429]
    limited = responses[4]
    assert limited.headers["retry-after"] == "2"
    assert limited.headers["x-ratelimit-remaining"] == "0"
    assert limited.json() == {"error": "rate_limited"}


def test_vuesim_rate_limit_retry_after_as_http_date(vue: Sim):
    vue.post("faults", {"kind": "rate_limit", "retry_after": 30, "retry_after_format": "http-date"})
    limited = vue.http.get("/api/v1/positions", headers={"Authorization": "Bearer x"})
    moment = parsedate_to_datetime(limited.headers["retry-after"])
    assert (moment - parsedate_to_datetime(limited.headers["date"])).total_seconds() == 30


def test_msb_rate_limit_in_envelope_or_bare_429(msb: Sim):
    msb.post(
        "faults",
        [
            {"kind": "rate_limit", "times": 1},
            {"kind": "rate_limit", "variant": "http", "after": 1, "times": 1},
        ],
    )
    envelope = msb.msb("position/list")
    assert (envelope.status_code, envelope.json()["code"]) == (200, 42900)
    bare = msb.msb("position/list")
    assert (bare.status_code, bare.content) == (429, b"")
    assert "retry-after" not in bare.headers
    assert msb.msb("position/list").json()["code"] == 0


@pytest.mark.parametrize("vendor", ["vue", "msb"])
def test_html_502_gateway_page(vendor: str, request: pytest.FixtureRequest):
    sim: Sim = request.getfixturevalue(vendor)
    sim.post("faults", {"kind": "html", "times": 1})
    path = "/api/v1/positions" if vendor == "vue" else "/openapi/v2/position/list"
    response = sim.http.get(path)
    assert response.status_code == 502
    assert response.headers["content-type"] == "text/html"
    assert response.text.startswith("<html>")
    assert "502 Bad Gateway" in response.text


def test_vuesim_malformed_page_is_truncated_but_keeps_its_link(vue: Sim):
    vue.post("bulk", {"count": 6})
    vue.post("faults", {"kind": "malformed", "path": "/api/v1/interviews", "after": 1, "times": 1})
    headers = vue.bearer()
    first = vue.http.get("/api/v1/interviews", params={"per_page": 3}, headers=headers)
    second = vue.http.get(first.links["next"]["url"], headers=headers)
    assert second.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(second.content)
    assert "next" not in second.links  # page 2 of 2
    intact = vue.http.get(first.links["next"]["url"], headers=headers)
    assert len(intact.json()) == 3


def test_msb_malformed_bom_trailing_comma_gbk(msb: Sim):
    msb.post("scenario", {"name": "S1"})
    msb.post("faults", {"kind": "malformed", "times": 1})
    response = msb.msb(MSB_LIST, **MSB_WINDOW)
    assert response.headers["content-type"] == "application/json;charset=GBK"
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content[3:].decode("gbk")
    assert text.endswith(",}")
    assert "李" in text or "数据" in text or "沟通能力" in text
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    assert json.loads(text[:-2] + "}")["code"] == 0


@pytest.mark.parametrize(
    ("variant", "starts_with_bom", "charset"),
    [("bom", True, "UTF-8"), ("trailing_comma", False, "UTF-8"), ("gbk", False, "GBK")],
)
def test_msb_malformed_variants(msb: Sim, variant: str, starts_with_bom: bool, charset: str):
    msb.post("faults", {"kind": "malformed", "variant": variant, "times": 1})
    response = msb.msb("position/list")
    assert response.content.startswith(b"\xef\xbb\xbf") is starts_with_bom
    assert response.headers["content-type"] == f"application/json;charset={charset}"
    text = response.content.removeprefix(b"\xef\xbb\xbf").decode(charset.lower())
    if variant == "trailing_comma":
        assert text.endswith(",}")
    else:
        assert json.loads(text)["data"]["list"][0]["positionName"] == "数据分析师"


def test_slow_delays_the_answer(vue: Sim):
    vue.post("faults", {"kind": "slow", "delay": 0.3, "times": 1})
    started = time.perf_counter()
    assert vue.http.get("/api/v1/positions", headers=vue.bearer()).status_code == 200
    assert time.perf_counter() - started >= 0.3


def test_token_expiry_revokes_the_presented_token(vue: Sim):
    vue.post("faults", {"kind": "token_expiry", "path": "/api/v1/interviews", "times": 1})
    headers = vue.bearer()
    expired = vue.http.get("/api/v1/interviews", headers=headers)
    assert expired.status_code == 401
    assert 'error="invalid_token"' in expired.headers["www-authenticate"]
    assert vue.http.get("/api/v1/positions", headers=headers).status_code == 401
    assert vue.http.get("/api/v1/interviews", headers=vue.bearer()).status_code == 200


def test_cursor_expiry_hits_only_cursor_requests(vue: Sim):
    vue.post("bulk", {"count": 4})
    vue.post("faults", {"kind": "cursor_expiry", "times": 1})
    headers = vue.bearer()
    first = vue.http.get("/api/v1/interviews", params={"per_page": 2}, headers=headers)
    assert first.status_code == 200
    follow = vue.http.get(first.links["next"]["url"], headers=headers)
    assert (follow.status_code, follow.json()) == (422, {"error": "cursor_expired"})
    assert vue.http.get(first.links["next"]["url"], headers=headers).status_code == 200


def test_auth_revoked(vue: Sim, msb: Sim):
    headers = vue.bearer()
    vue.post("faults", {"kind": "auth_revoked"})
    api = vue.http.get("/api/v1/positions", headers=headers)
    assert (api.status_code, api.json()["error"]) == (401, "invalid_token")
    token = vue.http.post(
        "/oauth/token",
        auth=("vuesim-client", "vuesim-secret"),
        data={"grant_type": "client_credentials"},
    )
    assert (token.status_code, token.json()) == (401, {"error": "invalid_client"})

    msb.post("faults", {"kind": "auth_revoked"})
    body = msb.msb("position/list").json()
    assert (body["code"], body["msg"]) == (40001, "无效的AppKey")


def test_scope_fault(vue: Sim, msb: Sim):
    vue.post("faults", {"kind": "scope", "times": 1})
    refused = vue.http.get("/api/v1/interviews", headers=vue.bearer())
    assert (refused.status_code, refused.json()["error"]) == (403, "insufficient_scope")
    msb.post("faults", {"kind": "scope", "times": 1})
    assert msb.msb("position/list").json()["code"] == 40003


def test_msb_status_and_code_faults(msb: Sim):
    msb.post(
        "faults",
        [
            {"kind": "code", "code": 50000, "times": 1},
            {"kind": "status", "status": 503, "after": 1, "times": 1},
        ],
    )
    busy = msb.msb("position/list")
    assert (busy.status_code, busy.json()["code"], busy.json()["msg"]) == (
        200,
        50000,
        "系统繁忙，请稍后重试",
    )
    assert msb.msb("position/list").status_code == 503
    assert msb.msb("position/list").json()["code"] == 0


def test_msb_insert_fault_shifts_desc_pages(msb: Sim):
    msb.post("bulk", {"count": 6, "end": "2024-05-01T07:00:00Z"})
    msb.post(
        "faults",
        {"kind": "insert", "path": "/openapi/v2/" + MSB_LIST, "after": 1, "count": 2, "times": 1},
    )
    page1 = msb.msb(MSB_LIST, **MSB_WINDOW, pageSize=3).json()["data"]
    page2 = msb.msb(MSB_LIST, **MSB_WINDOW, pageSize=3, page=2).json()["data"]
    assert (page1["total"], page2["total"]) == (6, 8)
    first_ids = [r["recordId"] for r in page1["list"]]
    second_ids = [r["recordId"] for r in page2["list"]]
    # Two newer records pushed two of page 1's records onto page 2: desc offset paging drifts.
    assert len(set(first_ids) & set(second_ids)) == 2


def test_unsupported_and_malformed_rules_are_refused(vue: Sim, msb: Sim):
    assert msb.post("faults", {"kind": "token_expiry"}, status=400)["error"] == "bad_request"
    assert vue.post("faults", {"kind": "insert"}, status=400)["error"] == "bad_request"
    assert vue.post("faults", {"kind": "status", "bogus": 1}, status=400)["error"] == "bad_request"
    assert vue.post("faults", {"kind": "status", "times": 0}, status=400)["error"] == "bad_request"
    assert vue.get("faults") == {"faults": []}


def test_clock_control(vue: Sim):
    assert vue.get("clock") == {
        "now": "2024-05-01T08:00:00.000Z",
        "fixed": True,
        "offset_seconds": 0.0,
    }
    assert vue.post("clock", {"advance_seconds": 90})["now"] == "2024-05-01T08:01:30.000Z"
    assert (
        vue.post("clock", {"now": "2024-05-02T08:00:00+08:00"})["now"] == "2024-05-02T00:00:00.000Z"
    )
    assert vue.post("clock", {"now": "2024-05-02 08:00:00"}, status=400)["error"] == "bad_request"
    shifted = vue.post("clock", {"offset_seconds": -3600})
    assert (shifted["fixed"], shifted["offset_seconds"]) == (False, -3600.0)
    assert vue.post("clock", {"real": True})["fixed"] is False
    assert PINNED_NOW.startswith("2024")
