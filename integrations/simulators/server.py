"""The HTTP front of a simulator: a stdlib ThreadingHTTPServer in a background thread.

`start_in_thread("vuesim")` is what tests, the demo and the management command use; it
returns a `RunningSimulator` with `.url`, `.app` (for in-process inspection) and
`.stop()`. The handler speaks HTTP/1.1 keep-alive so a client paging through 20,000
results reuses one connection, and stamps `Date` from the simulator's clock (adapters
use the vendor's Date header as their watermark).
"""

import ipaddress
import socket
import sys
import threading
import traceback
from collections.abc import Mapping
from datetime import datetime
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from integrations.simulators.base import SimulatorApp
from integrations.simulators.wire import SimRequest


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, the second waits for the
    # client's delayed ACK (40 ms per request on Linux loopback).
    disable_nagle_algorithm = True
    timeout = 60  # an idle keep-alive connection is closed after a minute
    server: "SimulatorServer"

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def _serve(self) -> None:
        body = self._read_body()
        split = urlsplit(self.path)
        request = SimRequest(
            method=self.command,
            path=split.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body,
            raw_query=split.query,
            host=self.headers.get("Host") or self.server.authority,
        )
        response = self.server.app.handle(request)
        try:
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            if response.content_type:
                self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (its timeout was shorter than a `slow` fault).
            self.close_connection = True

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def date_time_string(self, timestamp: float | None = None) -> str:
        return formatdate(self.server.app.clock.now().timestamp(), usegmt=True)

    def version_string(self) -> str:
        return self.server.app.server_header

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            sys.stderr.write(f"[{self.server.app.vendor}] {format % args}\n")


class SimulatorServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, app: SimulatorApp, *, verbose: bool = False) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.app = app
        self.verbose = verbose
        super().__init__((host, port), _Handler)
        bound, bound_port = self.server_address[:2]
        bound_host = bound.decode() if isinstance(bound, bytes) else str(bound)
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        self.authority = f"{shown}:{bound_port}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # a client closing its connection is not the simulator's problem
        traceback.print_exc(file=sys.stderr)


class AutoCompleter:
    """Completes one pending invitation every `interval` seconds (the demo's candidates
    taking their interviews)."""

    def __init__(self, app: SimulatorApp, interval: float) -> None:
        self._app = app
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sim-auto-complete", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self._app.auto_complete_one()
            except Exception:  # keep completing after a bug report
                traceback.print_exc(file=sys.stderr)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


class RunningSimulator:
    def __init__(
        self, app: SimulatorApp, server: SimulatorServer, auto: AutoCompleter | None
    ) -> None:
        self.app = app
        self.server = server
        self.url = f"http://{server.authority}"
        self._auto = auto
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, name=f"sim-{app.vendor}"
        )
        self._thread.daemon = True
        self._thread.start()
        self._stopped = False

    @property
    def vendor(self) -> str:
        return self.app.vendor

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def credentials(self) -> dict[str, Any]:
        return self.app.credentials()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        if self._auto is not None:
            self._auto.stop()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)
        self.app.dispatcher.stop()

    def __enter__(self) -> "RunningSimulator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def app_class(vendor: str) -> type[SimulatorApp]:
    # Imported here so that `base` never depends on the vendors.
    from integrations.simulators.mianshibao import MianshiBaoApp
    from integrations.simulators.vuesim import VueSimApp

    classes: dict[str, type[SimulatorApp]] = {"vuesim": VueSimApp, "mianshibao": MianshiBaoApp}
    if vendor not in classes:
        raise ValueError(f"unknown vendor {vendor!r}; one of {sorted(classes)}")
    return classes[vendor]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def start_in_thread(
    vendor: str,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    seed: int = 0,
    config: Mapping[str, Any] | None = None,
    now: datetime | str | None = None,
    auto_complete_seconds: float | None = None,
    verbose: bool = False,
) -> RunningSimulator:
    """Start a simulator on `host:port` (0 = a free port) in daemon threads.

    `config` is applied at start and again after every `/__sim__/reset`; `now` pins the
    simulated clock (RFC 3339 string or aware datetime).
    """
    app = app_class(vendor)(seed=seed, config=config, now=now)
    try:
        server = SimulatorServer(host, port, app, verbose=verbose)
    except OSError:
        app.dispatcher.stop()
        raise
    app.base_url = f"http://{server.authority}"
    auto = AutoCompleter(app, auto_complete_seconds) if auto_complete_seconds else None
    return RunningSimulator(app, server, auto)
