"""One running simulator of each vendor per module, reset (seed 0, clock pinned) before
every test; a webhook receiver for the delivery tests. No database anywhere."""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from integrations.simulators import RunningSimulator, start_in_thread
from tests.integrations.simulators.receiver import Receiver

PINNED_NOW = "2024-05-01T08:00:00Z"
VUE_AUTH = ("vuesim-client", "vuesim-secret")
MSB_KEY = {"X-MSB-AppKey": "msb-demo-appkey"}


class Sim:
    """A client for one simulator, with shortcuts for the control API."""

    def __init__(self, running: RunningSimulator) -> None:
        self.running = running
        self.url = running.url
        self.http = httpx.Client(base_url=running.url, timeout=10)

    def control(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        response = self.http.request(method, f"/__sim__/{path}", json=body)
        assert response.status_code == status, response.text
        return response.json()

    def post(self, path: str, body: Any = None, status: int = 200) -> Any:
        return self.control("POST", path, body if body is not None else {}, status)

    def get(self, path: str) -> Any:
        return self.control("GET", path)

    # VueSim
    def token(self, scope: str | None = None) -> str:
        form = {"grant_type": "client_credentials"}
        if scope:
            form["scope"] = scope
        response = self.http.post("/oauth/token", auth=VUE_AUTH, data=form)
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    def bearer(self, scope: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(scope)}"}

    # 面试宝
    def msb(self, path: str, **params: Any) -> httpx.Response:
        return self.http.get(f"/openapi/v2/{path}", params=params, headers=MSB_KEY)


def _fresh(running: RunningSimulator) -> Iterator[Sim]:
    sim = Sim(running)
    sim.post("reset", {"seed": 0})
    sim.post("clock", {"now": PINNED_NOW})
    yield sim
    sim.http.close()


@pytest.fixture(scope="module")
def vuesim_server() -> Iterator[RunningSimulator]:
    with start_in_thread("vuesim") as running:
        yield running


@pytest.fixture(scope="module")
def msb_server() -> Iterator[RunningSimulator]:
    with start_in_thread("mianshibao") as running:
        yield running


@pytest.fixture
def vue(vuesim_server: RunningSimulator) -> Iterator[Sim]:
    yield from _fresh(vuesim_server)


@pytest.fixture
def msb(msb_server: RunningSimulator) -> Iterator[Sim]:
    yield from _fresh(msb_server)


@pytest.fixture(scope="module")
def receiver_server() -> Iterator[Receiver]:
    receiver = Receiver()
    yield receiver
    receiver.stop()


@pytest.fixture
def receiver(receiver_server: Receiver) -> Receiver:
    receiver_server.reset()
    return receiver_server
