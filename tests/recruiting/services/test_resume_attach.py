"""Resume upload: real files are read; hostile or wrong files get a clear error."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from hrflow.core.errors import ApplicationError
from recruiting.models import Candidate, Resume
from recruiting.resumes import MAX_RESUME_BYTES
from recruiting.services.resumes import resume_attach
from tests.recruiting.factories import CandidateFactory
from tests.recruiting.hostile_files import (
    docx_zip_bomb,
    pdf_contents_array_over_pypdf_limit,
    pdf_from_objects,
    pdf_million_operators,
    pdf_over_pypdf_limit,
    pdf_with_nul_in_text,
)

pytestmark = pytest.mark.django_db

DOCUMENT_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>张伟 Python 后端开发 五年经验</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>Django PostgreSQL Celery</w:t></w:r></w:p></w:body></w:document>"
)


def docx(document: str = DOCUMENT_XML, extra_entries: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
        for index in range(extra_entries):
            archive.writestr(f"junk/{index}.xml", "")
    return buffer.getvalue()


def pdf(text: str = "Zhang Wei resume Python Django") -> bytes:
    """A minimal one-page PDF with a text line (valid xref offsets)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_from_objects(objects)


def test_docx_is_stored_privately_and_its_text_is_searchable(settings):
    candidate = CandidateFactory()

    resume = resume_attach(candidate=candidate, name="../../张伟 简历.docx", data=docx())

    assert "Django PostgreSQL Celery" in resume.text
    assert resume.extension == ".docx"
    # the stored name is generated; the uploaded one never reaches the disk path
    assert resume.file.name == f"resumes/{resume.sha256[:2]}/{resume.sha256}.docx"
    assert ".." not in resume.file.name
    assert resume.original_name == "张伟 简历.docx"
    assert not resume.file.url.startswith("/static")
    assert Candidate.objects.filter(pk=candidate.pk, search_vector="django").exists()


def test_pdf_text_is_extracted():
    resume = resume_attach(candidate=CandidateFactory(), name="cv.PDF", data=pdf())
    assert "Python Django" in resume.text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("cv.pdf", b"", "empty"),
        ("cv.pdf", b"MZ\x90\x00 this is a windows executable", "neither"),
        ("cv.pdf", b"<?php system($_GET['c']); ?>", "neither"),
        ("cv.docx", pdf(), "neither"),  # extension and content disagree
        ("cv.exe", pdf(), "neither"),
        ("cv.html", b"<script>alert(1)</script>", "neither"),
        ("cv.pdf", b"%PDF-1.4 garbage without any structure", "cannot be read"),
        ("cv.docx", b"PK\x03\x04 not really a zip", "cannot be read"),
        ("cv.docx", docx(extra_entries=600), "too much"),
        (
            "cv.docx",
            docx(
                '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                "<d>&x;</d>"
            ),
            "cannot be read",
        ),
        ("cv.pdf", b"%PDF-" + b"0" * MAX_RESUME_BYTES, "larger than"),
        ("cv.pdf", pdf_over_pypdf_limit(), "cannot be read"),
        ("cv.pdf", pdf_contents_array_over_pypdf_limit(), "cannot be read"),
    ],
    ids=[
        "empty",
        "exe",
        "php",
        "pdf-as-docx",
        "exe-name",
        "html",
        "broken-pdf",
        "broken-zip",
        "zip-bomb-entries",
        "xxe",
        "too-large",
        "pypdf-limit-on-open",
        "pypdf-limit-on-text",
    ],
)
def test_bad_files_get_a_clear_error_and_change_nothing(name, data, message, settings):
    candidate = CandidateFactory()

    with translation.override("en"), pytest.raises(ApplicationError) as error:
        resume_attach(candidate=candidate, name=name, data=data)

    assert message in error.value.message
    assert error.value.extra == {"field": "resume"}
    assert not Resume.objects.exists()
    assert stored_resumes() == []


def stored_resumes() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "resumes"
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def test_a_pdf_whose_text_holds_a_nul_is_stored_without_it():
    """PostgreSQL cannot store a NUL: it answered 500 and left the file behind."""
    resume = resume_attach(candidate=CandidateFactory(), name="cv.pdf", data=pdf_with_nul_in_text())

    resume.refresh_from_db()
    assert resume.text == "ZhangWei resume"
    assert stored_resumes() == [Path(resume.file.path)]


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("cv\x00.pdf", "cv.pdf"),
        ("invoice\u202efdp.exe.pdf", "invoicefdp.exe.pdf"),  # a right-to-left override
        ("C:\\Users\\li\\cv.pdf", "cv.pdf"),
        ("\x00\x01.pdf", "resume.pdf"),
        ("长" * 300 + ".pdf", "长" * 196 + ".pdf"),
    ],
)
def test_the_uploaded_name_is_kept_safe_to_store_and_show(name, stored):
    resume = resume_attach(candidate=CandidateFactory(), name=name, data=pdf())

    resume.refresh_from_db()
    assert resume.original_name == stored


@pytest.mark.parametrize(
    ("name", "hostile"),
    [
        ("cv.docx", lambda: docx_zip_bomb(with_text=True)),
        ("cv.pdf", pdf_million_operators),
    ],
    ids=["zip-bomb-docx", "million-operator-pdf"],
)
def test_files_that_unpack_to_much_are_stored_with_the_text_read_within_bounds(name, hostile):
    resume = resume_attach(candidate=CandidateFactory(), name=name, data=hostile())

    resume.refresh_from_db()
    assert len(resume.text) <= 100_000  # recruiting.file_text's bound on text kept
