"""Request bodies over their route's limit are refused before anything reads them.

The hostile bodies go over a real socket to gunicorn (the production server)
running the app, with its temporary directory pointed at a folder the test
watches: a 200 MB upload used to be spooled there in full before the CSRF check
refused it. Assertions are on bytes: what the client could push, what reached
the spool folder, how far the worker's peak memory rose.
"""

import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from hrflow.core.request_body import upload_allowance
from recruiting.resumes import MAX_RESUME_BYTES
from tests.recruiting.careers_helpers import job_without_ai_interview

pytestmark = pytest.mark.django_db

MiB = 1024 * 1024
HOSTILE_BYTES = 200 * MiB
CHUNK = 256 * 1024
# What loopback socket buffers can hold before the server reads a byte.
SOCKET_BUFFERS = 40 * MiB
BOUNDARY = "hrflowboundary"


@dataclass
class Server:
    port: int
    spool: Path
    master: subprocess.Popen[bytes]

    def worker_peak_kib(self) -> int:
        """VmHWM (peak resident memory) of the one gunicorn worker."""
        children = Path(f"/proc/{self.master.pid}/task/{self.master.pid}/children").read_text()
        worker = int(children.split()[0])
        for line in Path(f"/proc/{worker}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise AssertionError("no VmHWM")

    def spooled_bytes(self) -> int:
        return sum(entry.stat().st_size for entry in os.scandir(self.spool) if entry.is_file())


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One gunicorn worker, started once for the module (it takes seconds to boot)."""
    spool = tmp_path_factory.mktemp("spool")
    heartbeat = tmp_path_factory.mktemp("heartbeat")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "hrflow.settings.test",
        "TMPDIR": str(spool),  # where Django spools uploaded files
    }
    command = [sys.executable, "-m", "gunicorn", "hrflow.wsgi:application", "--workers", "1"]
    master = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}", "--worker-tmp-dir", str(heartbeat)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):  # until it listens (a few seconds at most)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield Server(port, spool, master)
    finally:
        master.terminate()
        master.wait(timeout=30)


@dataclass
class Sent:
    status: int | None
    bytes_sent: int
    spool_peak: int


def _send(server: Server, path: str, *, total: int, chunked: bool = False) -> Sent:
    """POST a multipart upload of `total` bytes of file, in chunks, watching the spool folder.

    Stops as soon as the server answers or drops the connection.
    """
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="resume"; filename="cv.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n%PDF-"
    ).encode()
    length = len(head) + total
    headers = [
        f"POST {path} HTTP/1.1",
        f"Host: 127.0.0.1:{server.port}",
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}",
        # Any well-formed cookie gets past the CSRF middleware to request.POST.
        "Cookie: csrftoken=" + "a" * 32,
        "Transfer-Encoding: chunked" if chunked else f"Content-Length: {length}",
    ]
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    sent, spool_peak, answer = 0, 0, b""
    try:
        sock.sendall(("\r\n".join(headers) + "\r\n\r\n").encode())
        pieces = [head] + [bytes(CHUNK)] * (total // CHUNK)
        for piece in pieces:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            frame = f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if chunked else piece
            try:
                sock.sendall(frame)
            except OSError:  # the server answered and closed
                break
            sent += len(piece)
            spool_peak = max(spool_peak, server.spooled_bytes())
        try:
            answer = sock.recv(4096)
        except OSError:
            answer = b""
    finally:
        sock.close()
    spool_peak = max(spool_peak, server.spooled_bytes())
    status = int(answer.split()[1]) if answer.startswith(b"HTTP/") else None
    return Sent(status, sent, spool_peak)


def test_a_200_mb_upload_is_refused_unread(gunicorn):
    """To the careers form, which takes the largest upload: 413, nothing spooled."""
    warm = _send(gunicorn, "/careers/jobs/1/", total=2 * MiB)  # below the cap: read
    before = gunicorn.worker_peak_kib()

    refused = _send(gunicorn, "/careers/jobs/1/", total=HOSTILE_BYTES)

    assert warm.status is not None
    assert refused.status == 413
    assert refused.spool_peak == 0
    assert refused.bytes_sent < SOCKET_BUFFERS
    assert gunicorn.worker_peak_kib() - before < 16 * 1024


def test_a_body_over_the_usual_cap_is_refused_on_a_route_without_uploads(gunicorn):
    refused = _send(gunicorn, "/portal/sign-in/", total=20 * MiB)

    assert refused.status == 413
    assert refused.spool_peak == 0


def test_a_chunked_body_without_a_length_is_refused_unread(gunicorn):
    refused = _send(gunicorn, "/careers/jobs/1/", total=HOSTILE_BYTES, chunked=True)

    assert refused.status == 411
    assert refused.spool_peak == 0
    assert refused.bytes_sent < SOCKET_BUFFERS


def test_the_upload_forms_take_their_largest_file():
    """Each form that takes a file says so, and its limit is that file's."""
    names = [
        ("careers:job-detail", {"pk": 1}),
        ("recruiting:resume-upload", {"pk": 1}),
        ("recruiting:offer-create", {"pk": 1}),
        ("portal:document-upload", {"pk": 1}),
    ]
    for name, kwargs in names:
        request = RequestFactory().post(reverse(name, kwargs=kwargs))
        assert upload_allowance(request) == MAX_RESUME_BYTES, name


@override_settings(HRFLOW_MAX_REQUEST_BODY_BYTES=64 * 1024)
def test_a_file_over_its_limit_but_under_the_cap_gets_the_forms_own_error(settings):
    """The cap is the file's limit plus the usual body: a file just over its limit is
    refused by the form, in words, not by the cap."""
    settings.HRFLOW_CAREERS_MIN_FILL_SECONDS = 0
    job = job_without_ai_interview()
    big = b"%PDF-" + bytes(MAX_RESUME_BYTES)  # one form error: over 10 MB

    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        reverse("careers:job-detail", args=[job.pk]),
        {
            "full_name": "Li Na",
            "email": "li.na@example.com",
            "phone": "13800138000",
            "resume": SimpleUploadedFile("cv.pdf", big, content_type="application/pdf"),
            "consent_data": "on",
        },
    )

    assert response.status_code == 200
    assert "larger than 10 MB" in " ".join(response.context["form"].errors["resume"])
