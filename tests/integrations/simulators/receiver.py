"""A webhook receiver for the simulator tests: records every request and answers from a
queue of scripted responses (then a default)."""

import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MSB_ACK = b'{"code":0,"msg":"success"}'


@dataclass
class Received:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    at: float


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        split = urlsplit(self.path)
        owner = self.server.owner
        with owner.cond:
            owner.requests.append(
                Received(
                    split.path,
                    parse_qs(split.query),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                    time.monotonic(),
                )
            )
            status, payload, headers = (
                owner.responses.popleft() if owner.responses else owner.default
            )
            owner.cond.notify_all()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: "Receiver"


class Receiver:
    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.requests: list[Received] = []
        self.responses: deque[tuple[int, bytes, dict[str, str]]] = deque()
        self.default: tuple[int, bytes, dict[str, str]] = (200, MSB_ACK, {})
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.owner = self
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/conn-1"

    def reset(self, default: tuple[int, bytes] = (200, MSB_ACK)) -> None:
        with self.cond:
            self.requests.clear()
            self.responses.clear()
            self.default = (default[0], default[1], {})

    def script(self, *responses: tuple[int, bytes]) -> None:
        with self.cond:
            self.responses.extend((status, body, {}) for status, body in responses)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        with self.cond:
            while len(self.requests) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {count} requests, got {len(self.requests)}")
                self.cond.wait(remaining)
            return list(self.requests)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
