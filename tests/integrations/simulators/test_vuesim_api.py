"""VueSim's vendor API over real HTTP: OAuth, invitations, paging, limits.

The protocol is docs/vendors/vuesim.md.
"""

import threading
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from tests.integrations.simulators.conftest import PINNED_NOW, VUE_AUTH, Sim

INVITE = {
    "position_id": "pos_1",
    "candidate": {
        "external_id": "ats-app-1042",
        "first_name": "Na",
        "last_name": "Li",
        "email": "li.na@example.com",
    },
    "expires_in_days": 7,
}
INTERVIEW_KEYS = [
    "id", "version", "status", "attempt", "previous_attempt_id", "candidate", "position",
    "started_at", "completed_at", "updated_at", "overall", "competencies", "responses",
    "sentiment", "report_url", "deleted",
]  # fmt: skip


def test_token_endpoint_takes_basic_client_credentials(vue: Sim):
    bad = vue.http.post(
        "/oauth/token", auth=("vuesim-client", "wrong"), data={"grant_type": "client_credentials"}
    )
    assert (bad.status_code, bad.json()) == (401, {"error": "invalid_client"})
    missing = vue.http.post("/oauth/token", data={"grant_type": "client_credentials"})
    assert missing.status_code == 401
    grant = vue.http.post("/oauth/token", auth=VUE_AUTH, data={"grant_type": "password"})
    assert (grant.status_code, grant.json()["error"]) == (400, "unsupported_grant_type")

    good = vue.http.post("/oauth/token", auth=VUE_AUTH, data={"grant_type": "client_credentials"})
    body = good.json()
    assert good.status_code == 200
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 3600)
    assert good.headers["cache-control"] == "no-store"


def test_tokens_expire_after_token_ttl_s_on_the_sim_clock(vue: Sim):
    vue.post("config", {"token_ttl_s": 3})
    headers = vue.bearer()
    assert vue.http.get("/api/v1/positions", headers=headers).status_code == 200
    vue.post("clock", {"advance_seconds": 4})
    expired = vue.http.get("/api/v1/positions", headers=headers)
    assert expired.status_code == 401
    assert 'error="invalid_token"' in expired.headers["www-authenticate"]
    assert expired.json()["error"] == "invalid_token"
    assert vue.http.get("/api/v1/positions", headers=vue.bearer()).status_code == 200


def test_api_needs_a_bearer_token_with_the_right_scope(vue: Sim):
    assert vue.http.get("/api/v1/positions").status_code == 401
    read_only = vue.bearer("interviews:read")
    refused = vue.http.post(
        "/api/v1/invitations", json=INVITE, headers={**read_only, "Idempotency-Key": "k"}
    )
    assert refused.status_code == 403
    assert refused.json()["error"] == "insufficient_scope"
    positions = vue.http.get("/api/v1/positions", headers=vue.bearer()).json()
    assert {"id": "pos_1", "title": "Data Analyst", "locale": "en-US"} in positions
    assert all(set(p) == {"id", "title", "locale"} for p in positions)


def test_invitation_replays_the_same_key_and_body_identically(vue: Sim):
    headers = {**vue.bearer(), "Idempotency-Key": "inv-1"}
    first = vue.http.post("/api/v1/invitations", json=INVITE, headers=headers)
    again = vue.http.post("/api/v1/invitations", json=INVITE, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.content == again.content
    assert again.headers["idempotent-replayed"] == "true"
    body = first.json()
    assert set(body) == {"interview_id", "invite_url", "expires_at"}
    assert body["expires_at"] == "2024-05-08T08:00:00.000Z"
    assert vue.get("invitations")["count"] == 1
    logged = vue.get("requests?path=/api/v1/invitations")["requests"]
    assert [r["headers"]["idempotency-key"] for r in logged] == ["inv-1", "inv-1"]


def test_invitation_with_a_reused_key_and_another_body_is_422(vue: Sim):
    headers = {**vue.bearer(), "Idempotency-Key": "inv-2"}
    assert vue.http.post("/api/v1/invitations", json=INVITE, headers=headers).status_code == 201
    other = {**INVITE, "position_id": "pos_2"}
    reused = vue.http.post("/api/v1/invitations", json=other, headers=headers)
    assert (reused.status_code, reused.json()) == (422, {"error": "idempotency_key_reused"})
    missing = vue.http.post("/api/v1/invitations", json=INVITE, headers=vue.bearer())
    assert (missing.status_code, missing.json()["error"]) == (400, "idempotency_key_required")
    unknown = {**INVITE, "position_id": "pos_404"}
    bad = vue.http.post(
        "/api/v1/invitations", json=unknown, headers={**headers, "Idempotency-Key": "inv-3"}
    )
    assert (bad.status_code, bad.json()["error"]) == (422, "unknown_position")


def test_concurrent_duplicate_invitation_is_409(vue: Sim):
    vue.post("faults", {"kind": "slow", "path": "/api/v1/invitations", "delay": 0.5})
    headers = {**vue.bearer(), "Idempotency-Key": "inv-race"}
    results: list[int] = []

    def post() -> None:
        with httpx.Client(base_url=vue.url, timeout=10) as client:
            results.append(
                client.post("/api/v1/invitations", json=INVITE, headers=headers).status_code
            )

    first = threading.Thread(target=post)
    first.start()
    # The first request is in flight once it holds its key: logged is not enough, a
    # duplicate sent between the log and the key would take the key itself and pass.
    while not vue.get("state")["counts"]["idempotency_keys"]:
        pass
    post()
    first.join()
    assert sorted(results) == [201, 409]
    assert vue.get("invitations")["count"] == 1


def _page_through(vue: Sim, headers: dict[str, str], **params: object) -> list[list[dict]]:
    pages = []
    response = vue.http.get("/api/v1/interviews", params=params, headers=headers)
    while True:
        assert response.status_code == 200, response.text
        pages.append(response.json())
        if "next" not in response.links:
            return pages
        response = vue.http.get(response.links["next"]["url"], headers=headers)


def test_interviews_are_ordered_and_paged_by_link_cursor(vue: Sim):
    vue.post("bulk", {"count": 25, "spacing_ms": 0})  # all tied on updated_at: id breaks ties
    vue.post("bulk", {"count": 5, "spacing_ms": 1000, "end": "2024-05-01T07:59:00Z"})
    pages = _page_through(vue, vue.bearer(), per_page=10)
    assert [len(p) for p in pages] == [10, 10, 10]
    items = [item for page in pages for item in page]
    keys = [(datetime.fromisoformat(i["updated_at"]), i["id"]) for i in items]
    assert keys == sorted(keys)
    assert len({i["id"] for i in items}) == 30
    assert all(list(item) == INTERVIEW_KEYS for item in items)


def test_updated_after_is_exclusive_and_per_page_bounded(vue: Sim):
    vue.post("bulk", {"count": 5, "spacing_ms": 1000, "end": "2024-05-01T07:00:04Z"})
    headers = vue.bearer()
    after = vue.http.get(
        "/api/v1/interviews",
        params={"updated_after": "2024-05-01T07:00:02.000Z"},
        headers=headers,
    ).json()
    assert [i["updated_at"] for i in after] == [
        "2024-05-01T07:00:03.000Z",
        "2024-05-01T07:00:04.000Z",
    ]
    offset = vue.http.get(
        "/api/v1/interviews", params={"updated_after": "2024-05-01T15:00:02+08:00"}, headers=headers
    ).json()
    assert offset == after
    for bad in ("0", "201", "x"):
        response = vue.http.get("/api/v1/interviews", params={"per_page": bad}, headers=headers)
        assert response.status_code == 422


def test_cursor_rules(vue: Sim):
    vue.post("bulk", {"count": 6})
    headers = vue.bearer()
    first = vue.http.get("/api/v1/interviews", params={"per_page": 2}, headers=headers)
    next_url = first.links["next"]["url"]
    with_params = vue.http.get(next_url + "&per_page=2", headers=headers)
    assert (with_params.status_code, with_params.json()) == (422, {"error": "cursor_with_params"})
    tampered = vue.http.get(
        "/api/v1/interviews", params={"cursor": "abc.0123456789abcdef"}, headers=headers
    )
    assert (tampered.status_code, tampered.json()["error"]) == (422, "invalid_cursor")
    vue.post("clock", {"advance_seconds": 599})
    assert vue.http.get(next_url, headers=headers).status_code == 200
    vue.post("clock", {"advance_seconds": 1})
    expired = vue.http.get(next_url, headers=headers)
    assert (expired.status_code, expired.json()) == (422, {"error": "cursor_expired"})

    vue.post("config", {"cursor_ttl_s": 0})
    first = vue.http.get("/api/v1/interviews", params={"per_page": 2}, headers=headers)
    immediate = vue.http.get(first.links["next"]["url"], headers=headers)
    assert immediate.json() == {"error": "cursor_expired"}


def test_rate_limit_headers_and_429_per_window(vue: Sim):
    vue.post("config", {"rate_limit": 3})
    headers = vue.bearer()
    window_end = int(datetime(2024, 5, 1, 8, 0, 10, tzinfo=UTC).timestamp())
    remaining = []
    for _ in range(3):
        response = vue.http.get("/api/v1/positions", headers=headers)
        assert response.status_code == 200
        assert response.headers["x-ratelimit-limit"] == "3"
        assert response.headers["x-ratelimit-reset"] == str(window_end)
        remaining.append(response.headers["x-ratelimit-remaining"])
    assert remaining == ["2", "1", "0"]
    limited = vue.http.get("/api/v1/positions", headers=headers)
    assert (limited.status_code, limited.headers["retry-after"]) == (429, "10")
    vue.post("clock", {"advance_seconds": 10})
    assert vue.http.get("/api/v1/positions", headers=headers).status_code == 200


def test_detail_404_once_deleted_and_purged(vue: Sim):
    ids = vue.post("candidates", {"count": 2})["ids"]
    vue.post("complete", {"count": 2})
    headers = vue.bearer()
    vue.post("delete", {"interview_id": ids[0], "purge": False})
    vue.post("delete", {"interview_id": ids[1], "purge": True})
    tombstone = vue.http.get(f"/api/v1/interviews/{ids[0]}", headers=headers).json()
    assert tombstone["deleted"] is True
    assert tombstone["candidate"]["email"] is None
    assert tombstone["responses"] == []
    gone = vue.http.get(f"/api/v1/interviews/{ids[1]}", headers=headers)
    assert (gone.status_code, gone.json()) == (404, {"error": "not_found"})
    listed = {i["id"] for i in vue.http.get("/api/v1/interviews", headers=headers).json()}
    assert listed == {ids[0]}


def test_completed_interview_has_the_spec_shape(vue: Sim):
    interview_id = vue.post("candidates", {"count": 1})["ids"][0]
    done = vue.post("complete", {"interview_id": interview_id})
    assert done["completed"] == [interview_id]
    item = vue.http.get(f"/api/v1/interviews/{interview_id}", headers=vue.bearer()).json()
    assert list(item) == INTERVIEW_KEYS
    assert (item["status"], item["version"], item["attempt"]) == ("scored", 3, 1)
    assert item["overall"]["scale"] == {"min": 1, "max": 5}
    assert 1 <= item["overall"]["rating"] <= 5
    assert item["overall"]["recommendation"] in {"strong_yes", "yes", "mixed", "no", "strong_no"}
    assert {c["key"] for c in item["competencies"]} >= {
        "communication",
        "problem_solving",
        "role_fit",
    }
    assert all(set(c) == {"key", "name", "rating", "rationale"} for c in item["competencies"])
    response = item["responses"][0]
    assert set(response) == {
        "question_id",
        "order",
        "prompt",
        "duration_seconds",
        "video_url",
        "keywords",
        "transcript_excerpt",
    }
    assert response["video_url"].startswith("https://media.vuesim.local/r/")
    assert set(item["sentiment"]["overall"]) == {"label", "confidence"}
    assert item["report_url"] == f"https://app.vuesim.local/reports/{interview_id}"
    assert item["updated_at"].endswith("Z")
    assert (
        vue.post("complete", {"interview_id": interview_id}, status=409)["error"] == "bad_request"
    )


def test_date_header_and_expiry_follow_the_sim_clock(vue: Sim):
    response = vue.http.get("/api/v1/positions", headers=vue.bearer())
    assert parsedate_to_datetime(response.headers["date"]) == datetime.fromisoformat(PINNED_NOW)
    interview_id = vue.post("candidates", {"count": 1, "expires_in_days": 1})["ids"][0]
    vue.post("clock", {"advance_seconds": 86400})
    assert vue.get(f"interviews/{interview_id}")["interview"]["status"] == "expired"
    assert vue.post("complete", {"count": 5})["completed"] == []


def _completed_interview(vue: Sim, first_name: str, last_name: str) -> dict:
    invite = {**INVITE, "candidate": {**INVITE["candidate"], "first_name": first_name}}
    invite["candidate"]["last_name"] = last_name
    headers = {**vue.bearer(), "Idempotency-Key": f"lang-{first_name.isascii()}"}
    created = vue.http.post("/api/v1/invitations", json=invite, headers=headers)
    assert created.status_code == 201, created.text
    interview_id = created.json()["interview_id"]
    vue.post("complete", {"interview_id": interview_id})
    return vue.http.get(f"/api/v1/interviews/{interview_id}", headers=vue.bearer()).json()


def test_a_candidate_with_a_chinese_name_answers_in_chinese(vue: Sim):
    """The demo's Chinese candidates get Chinese questions, keywords and notes."""
    from integrations.simulators import data

    chinese = _completed_interview(vue, "娜", "李")
    english = _completed_interview(vue, "Megan", "Adams")

    for response in chinese["responses"]:
        assert response["prompt"] in data.QUESTIONS_ZH
        assert set(response["keywords"]) <= set(data.KEYWORDS_ZH)
        assert response["transcript_excerpt"].startswith("我在上一份工作中")
    assert {c["rationale"] for c in chinese["competencies"]} <= set(data.RATIONALES_ZH)
    for response in english["responses"]:
        assert response["prompt"] in data.QUESTIONS_EN
        assert set(response["keywords"]) <= set(data.KEYWORDS_EN)
