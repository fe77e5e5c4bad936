"""The demo's process supervision: start each child in a process group of its own with
its own log file, wait for the web server, watch them all, stop them all.

Kept apart from `hrflow.demo`, which decides what to run (database, simulators,
commands, banner); this module knows nothing of Django or of hrflow, only processes.
"""

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

STOP_GRACE_SECONDS = 15
WEB_READY_TIMEOUT_SECONDS = 90

Processes = dict[str, subprocess.Popen[bytes]]


def start(name: str, argv: list[str], log_dir: Path, cwd: Path) -> subprocess.Popen[bytes]:
    # Each child leads its own process group: Ctrl-C reaches only the
    # supervisor, which then stops every group whole (gunicorn's and Celery's
    # own worker processes included) with one signal each. Its output goes to
    # its own log file, so the terminal keeps the banner.
    with open(log_dir / f"{name}.log", "ab") as log:
        log.write(f"\n==== {time.strftime('%Y-%m-%d %H:%M:%S %Z')} starting {name}\n".encode())
        log.flush()
        return subprocess.Popen(  # noqa: S603 - our own argv, no shell
            argv,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def log_tail(path: Path, lines: int = 15) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def wait_until_serving(url: str, processes: Processes) -> bool:
    """True once `url` answers; False if a child dies first or the time runs out."""
    deadline = time.monotonic() + WEB_READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes.values()):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own loopback URL
                return True
        except OSError:
            time.sleep(0.5)
    return False


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def stop_all(processes: Processes) -> None:
    """SIGTERM every group (warm shutdown), then SIGKILL what is left after the grace time."""
    for process in processes.values():
        _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes.values():
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        # Leaders may be gone while their workers linger; the group goes whole.
        _signal_group(process, signal.SIGKILL)


def port_is_free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def stop_requested_on_signals() -> threading.Event:
    """An event set by Ctrl-C or SIGTERM, so the watch loop can stop every child cleanly."""
    stopping = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    return stopping


def watch(processes: Processes, stopping: threading.Event, log_dir: Path) -> int:
    """Wait for a stop request (exit 0) or a child's death (exit 1, its log's end printed).

    One dead child stops the rest, so the demo never keeps running half-broken.
    """
    while not stopping.is_set():
        dead = [name for name, process in processes.items() if process.poll() is not None]
        if dead:
            for name in dead:
                print(f"--- the end of {log_dir / (name + '.log')}:", flush=True)
                print(log_tail(log_dir / f"{name}.log"), flush=True)
            print(f"{', '.join(dead)} stopped unexpectedly; stopping the rest.", flush=True)
            return 1
        stopping.wait(0.5)
    return 0
