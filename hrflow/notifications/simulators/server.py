"""The HTTP side of the notification simulators: a stdlib ThreadingHTTPServer in a thread.

A simulator app turns a `SimRequest` into a `SimResponse` and never touches a
socket. Two response flags model what a provider's network can do: `delay`
answers only after a pause (our client's timeout fires first), and `drop`
closes the connection without answering - a provider that took the message
but whose reply never arrived, the case `Channel.was_sent` exists for.
"""

import json
import socket
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Generic, Protocol, TypeVar
from urllib.parse import parse_qsl, urlsplit

JSON_UTF8 = "application/json; charset=utf-8"


@dataclass
class SimRequest:
    method: str
    path: str
    query: dict[str, str]  # the first value of each name
    headers: dict[str, str]  # lower-case names
    body: bytes = b""

    def form(self) -> dict[str, str]:
        """A urlencoded body's fields (Aliyun's POST form); empty for any other body."""
        if "application/x-www-form-urlencoded" not in self.headers.get("content-type", ""):
            return {}
        return dict(parse_qsl(self.body.decode("utf-8"), keep_blank_values=True))

    def json(self) -> Any:
        """The body as JSON; raises ValueError when it is not."""
        return json.loads(self.body.decode("utf-8"))


@dataclass
class SimResponse:
    status: int
    body: bytes = b""
    content_type: str = JSON_UTF8
    delay: float = 0.0  # seconds to wait before answering
    drop: bool = False  # close the connection without any answer


class ControlError(ValueError):
    """A control-API call the simulator cannot take: answered 400 with the reason."""


def json_response(status: int, value: Any) -> SimResponse:
    """Compact JSON, Chinese kept as UTF-8, as the vendors send it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return SimResponse(status, text.encode("utf-8"))


def control_json(value: Any, status: int = 200) -> SimResponse:
    """Control-API answers are indented, for a person reading them with curl."""
    return SimResponse(status, json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8"))


def json_body_object(request: "SimRequest") -> dict[str, Any]:
    """A control call's body as a JSON object (empty body: {}), else ControlError."""
    try:
        body = request.json() if request.body.strip() else {}
    except ValueError:
        raise ControlError("the body is not JSON") from None
    if not isinstance(body, dict):
        raise ControlError("the body must be a JSON object")
    return body


class SimulatorApp(Protocol):
    name: str
    base_url: str

    def handle(self, request: SimRequest) -> SimResponse: ...


AppT = TypeVar("AppT", bound=SimulatorApp)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body are two writes; with Nagle on, the second waits for the
    # client's delayed ACK (40 ms a request on Linux loopback).
    disable_nagle_algorithm = True
    timeout = 60
    server: "_Server"

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        split = urlsplit(self.path)
        request = SimRequest(
            method=self.command,
            path=split.path,
            query=dict(parse_qsl(split.query, keep_blank_values=True)),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body,
        )
        try:
            response = self.server.app.handle(request)
        except Exception:  # a simulator bug: answer 500 and say so, do not hang up
            traceback.print_exc(file=sys.stderr)
            response = json_response(500, {"error": "simulator bug, see its log"})
        if response.delay:
            time.sleep(response.delay)
        if response.drop:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up waiting

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            sys.stderr.write(f"[{self.server.app.name}] {format % args}\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, app: SimulatorApp, *, verbose: bool) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.app = app
        self.verbose = verbose
        super().__init__((host, port), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return  # a client closing its connection is not the simulator's problem
        super().handle_error(request, client_address)


class RunningSimulator(Generic[AppT]):
    """A simulator serving in daemon threads: `.url`, `.app`, `.stop()`."""

    def __init__(self, app: AppT, server: _Server) -> None:
        self.app = app
        self._server = server
        bound, port = server.server_address[:2]
        host = bound.decode() if isinstance(bound, bytes) else str(bound)
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{port}"
        self.port = int(port)
        app.base_url = self.url
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"sim-{app.name}",
            daemon=True,
        )
        self._thread.start()
        self._stopped = False

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "RunningSimulator[AppT]":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_in_thread(
    app: AppT, *, host: str = "127.0.0.1", port: int = 0, verbose: bool = False
) -> RunningSimulator[AppT]:
    """Serve `app` on host:port (0: a free port) until `.stop()`."""
    return RunningSimulator(app, _Server(host, port, app, verbose=verbose))
