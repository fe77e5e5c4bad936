"""Resume text from PDFs that record Kangxi radicals (⼯ for 工) is found by what people type."""

import io
from io import StringIO

import pypdf
import pytest
from django.core.management import call_command

from hrflow.accounts.roles import Role
from recruiting.cjk_text import normalize_cjk
from recruiting.models import Candidate, Resume
from recruiting.selectors.candidates import talent_pool
from recruiting.selectors.search import candidate_search
from recruiting.services.applications import application_reject
from recruiting.services.resumes import resume_attach
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, reason
from tests.recruiting.resume_pdfs import text_pdf

pytestmark = pytest.mark.django_db

# What a PDF writer records when its font draws these characters with the radicals'
# glyphs: ⼯ U+2F2F (Kangxi 工), ⼈ U+2F08 (Kangxi 人), ⻓ U+2ED3 and ⻔ U+2ED4
# (Radicals Supplement 长, 门, which NFKC leaves alone), 﨑 U+FA11 (a compatibility
# ideograph) and full-width PYTHON.
WILD_LINES = [
    "王芳  个\u2f08简历",
    "\u2f2f作经历",
    "2019.07-至今  \u2ed3沙\u2ed4店  店\u2ed3",
    "技能：\uff30\uff39\uff34\uff28\uff2f\uff2e、Excel",
]


def _hr():
    return UserFactory(roles=[Role.HR_ADMIN])


def test_the_wild_pdf_really_holds_the_radicals():
    """The fixture is what it claims: without normalising, the radicals come back."""
    raw = pypdf.PdfReader(io.BytesIO(text_pdf(WILD_LINES))).pages[0].extract_text()
    assert "\u2f2f作经历" in raw
    assert "工作经历" not in raw


def test_attached_pdf_text_is_normalised_and_found_by_search_and_in_the_talent_pool():
    candidate = CandidateFactory(full_name="王芳")
    application = ApplicationFactory(candidate=candidate)

    resume = resume_attach(candidate=candidate, name="王芳.pdf", data=text_pdf(WILD_LINES))

    assert "工作经历" in resume.text
    assert "长沙门店  店长" in resume.text
    assert "个人简历" in resume.text
    assert "PYTHON" in resume.text
    assert not any("\u2e80" <= char <= "\u2fdf" for char in resume.text)
    hr = _hr()
    assert candidate_search(viewer=hr, q="工作经历") == [candidate]
    assert candidate_search(viewer=hr, q="店长") == [candidate]
    # someone pasting the radicals from such a file finds it too
    assert candidate_search(viewer=hr, q="\u2f2f作经历") == [candidate]
    application_reject(application=application, reason=reason(), actor=hr)
    assert [a.candidate for a in talent_pool(viewer=hr, q="工作经历")] == [candidate]


def test_radicals_nfkc_leaves_alone_are_mapped():
    assert normalize_cjk("\u2ed3\u2ed4\u2ee2\u2ecb\u2ec5") == "长门马车见"
    assert normalize_cjk("\u2f2f\u2f08\uf9f4") == "工人林"
    assert normalize_cjk("（本科）：\uff12\uff10\uff11\uff19") == "(本科):2019"


def test_the_command_renormalises_stored_resume_text_and_the_search_document():
    """Rows stored before the fix hold the radicals; the command rewrites them once."""
    candidate = CandidateFactory(full_name="李雷")
    ApplicationFactory(candidate=candidate)
    resume = resume_attach(candidate=candidate, name="cv.pdf", data=text_pdf(["Python"]))
    Resume.objects.filter(pk=resume.pk).update(text="\u2f2f作经历 \u2ed3沙")
    untouched = resume_attach(candidate=CandidateFactory(), name="b.pdf", data=text_pdf(["SQL"]))
    before = Resume.objects.get(pk=untouched.pk).updated_at
    assert candidate_search(viewer=_hr(), q="长沙") == []

    out = StringIO()
    call_command("resume_text_normalize", stdout=out)

    assert Resume.objects.get(pk=resume.pk).text == "工作经历 长沙"
    assert Resume.objects.get(pk=untouched.pk).updated_at == before
    assert "1 resume" in out.getvalue()
    assert candidate_search(viewer=_hr(), q="长沙") == [Candidate.objects.get(pk=candidate.pk)]
    # a second run finds nothing left to do
    out = StringIO()
    call_command("resume_text_normalize", stdout=out)
    assert "0 resumes" in out.getvalue()
