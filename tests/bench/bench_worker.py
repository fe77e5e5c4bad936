"""A benchmark's Celery worker, and the CPU its processes use (read from /proc).

The worker runs as in production (prefork, two processes, DEBUG off) on the
benchmark's own database and Redis database, dies with the benchmark even if
that is killed outright, and is stopped with its pool at the end.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

from bench_common import REPO_ROOT

WORKER_START_SECONDS = 60.0
WORKER_STOP_SECONDS = 20.0


# The worker dies with this script even if it is killed outright (SIGKILL skips every
# `finally`): it asks Linux for SIGTERM (a warm shutdown) when its parent goes, then
# becomes `python -m celery ...`.
WORKER_PRELUDE = """\
import os, signal, sys
if sys.platform == "linux":
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != int(sys.argv[1]):
        sys.exit("bench worker: its parent is gone")
os.execv(sys.executable, [sys.executable, "-m", "celery", *sys.argv[2:]])
"""


class Worker:
    """`celery -A hrflow worker --concurrency 2 --pool prefork` on the bench database."""

    def __init__(self, name: str, log: Path) -> None:
        self.node = f"{name}-{os.getpid()}@{socket.gethostname()}"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        from hrflow.celery import app

        started = time.monotonic()
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WORKER_PRELUDE,
                    str(os.getpid()),
                    "-A",
                    "hrflow",
                    "worker",
                    "--loglevel",
                    "INFO",
                    "--concurrency",
                    "2",
                    "--pool",
                    "prefork",
                    "--hostname",
                    self.node,
                    "--without-gossip",
                    "--without-mingle",
                ],
                cwd=REPO_ROOT,
                env=dict(os.environ),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: Ctrl-C reaches only us, and we stop it (and its
                # pool) ourselves, in order.
                start_new_session=True,
            )
        deadline = time.monotonic() + WORKER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the celery worker exited early; see {self.log}")
            if app.control.ping(destination=[self.node], timeout=0.5):
                return time.monotonic() - started
        raise RuntimeError(f"the celery worker did not answer in time; see {self.log}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def pids(self) -> list[int]:
        """The worker and its pool processes."""
        if not self.alive():
            return []
        assert self.process is not None
        return [self.process.pid, *children(self.process.pid)]

    def stop(self) -> None:
        """Warm shutdown (SIGTERM); killed with its pool if it lingers."""
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=WORKER_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                # Not reaped yet, so the process group is still the one we started.
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        # A pool process that outlived its worker: ours by the node name in its command line.
        for pid in pids_with(self.node):
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def children(pid: int) -> list[int]:
    """Every descendant of a process, from /proc (empty where there is no /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        with suppress(OSError, IndexError, ValueError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        kids = [child for child, ppid in parents.items() if ppid == parent]
        found += kids
        frontier += kids
    return found


def pids_with(marker: str) -> list[int]:
    """Processes whose command line holds `marker`, from /proc."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        with suppress(OSError):
            if marker in (entry / "cmdline").read_text(errors="replace").replace("\0", " "):
                found.append(int(entry.name))
    return found
