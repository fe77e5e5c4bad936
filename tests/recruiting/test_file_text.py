"""Reading an upload's text costs a bounded amount of work, whatever the file holds.

The assertions are on work done (bytes inflated, operators visited, pages read)
and on where reading stopped, never on time.
"""

import tracemalloc

import pytest

from recruiting.file_text import (
    DEFAULT_BUDGET,
    XML_CHUNK,
    ReadBudget,
    UnreadableFile,
    docx_text,
    pdf_text,
)
from tests.recruiting.hostile_files import (
    MiB,
    docx_zip_bomb,
    pdf_contents_array_over_pypdf_limit,
    pdf_form_invoked_many_times,
    pdf_inflating_past_pypdf_limit,
    pdf_many_large_forms,
    pdf_million_operators,
    pdf_over_pypdf_limit,
    pdf_pages,
    pdf_with_nul_in_text,
    text_page,
)
from tests.recruiting.services.test_resume_attach import docx, pdf


def test_a_zip_bomb_of_text_stops_at_the_text_bound():
    """150 KB inflating to 49 MB of paragraphs: read until the text bound, then no further."""
    bomb = docx_zip_bomb(with_text=True)
    assert len(bomb) < 200 * 1024

    read = docx_text(bomb)

    assert read.work.stopped_at == "text"
    assert len(read.text) <= DEFAULT_BUDGET.text_chars
    assert read.text.startswith("A" * 1000)
    # what was inflated is about what that text takes, not the 49 MB
    assert read.work.inflated_bytes <= DEFAULT_BUDGET.text_chars * 2


def test_a_zip_bomb_without_text_stops_at_the_byte_bound_in_flat_memory():
    """Empty paragraphs only: the byte bound stops it, and no tree is built meanwhile
    (a tree of the 170,000 paragraphs in 1 MB would take well over 10 MB)."""
    bomb = docx_zip_bomb(with_text=False, xml_mib=2)
    budget = ReadBudget(docx_xml_bytes=MiB)

    tracemalloc.start()
    try:
        read = docx_text(bomb, budget=budget)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert read.work.stopped_at == "docx_xml_bytes"
    assert read.text == ""
    assert read.work.inflated_bytes <= budget.docx_xml_bytes + XML_CHUNK
    assert peak < 2 * MiB


def test_the_default_byte_bound_stops_a_bomb_of_markup():
    read = docx_text(docx_zip_bomb(with_text=False, xml_mib=8))

    assert read.work.stopped_at == "docx_xml_bytes"
    assert read.work.inflated_bytes <= DEFAULT_BUDGET.docx_xml_bytes + XML_CHUNK


def test_a_pdf_with_a_million_operators_is_not_parsed():
    """About 10 KB, 7 MB of content: over the content bound, so pypdf never parses it."""
    hostile = pdf_million_operators()
    assert len(hostile) < 20 * 1024

    read = pdf_text(hostile)

    assert read.work.stopped_at == "pdf_content_bytes"
    assert (read.work.pages, read.work.operators) == (0, 0)
    assert read.text == ""


def test_a_form_drawn_again_and_again_is_charged_at_each_use():
    """The page's own content is tiny; pypdf parses the form anew at each use, so each
    use is charged its size before it is parsed."""
    hostile = pdf_form_invoked_many_times(operators_in_form=5_000, invocations=150)
    form_bytes = len(b"(b) Tj ") * 5_000

    read = pdf_text(hostile)

    assert read.work.stopped_at == "pdf_content_bytes"
    assert read.work.inflated_bytes <= DEFAULT_BUDGET.pdf_content_bytes
    uses_parsed = DEFAULT_BUDGET.pdf_content_bytes // form_bytes
    assert read.work.operators <= 150 + uses_parsed * 5_002


def test_dense_operators_stop_at_the_operator_bound():
    """Two operators in four bytes: the operator bound is reached before the byte bound."""
    read = pdf_text(pdf_pages([b"q Q " * 30_000]))

    assert read.work.stopped_at == "operators"
    assert read.work.operators == DEFAULT_BUDGET.operators + 1


def test_forms_are_decoded_to_a_bound_to_learn_their_size():
    """Two hundred forms of 7 MB each (a few KB compressed): decoding stops past 16 MB."""
    read = pdf_text(pdf_many_large_forms(forms=200, form_mib=7))

    assert read.work.stopped_at == "form_bytes_decoded"
    assert read.work.form_bytes_decoded <= 16 * MiB + 7 * MiB


def test_pages_past_the_page_bound_are_not_read():
    many = pdf_pages([text_page(f"page {n}") for n in range(1, 46)])

    read = pdf_text(many)

    assert read.work.stopped_at == "pages"
    assert read.work.pages == DEFAULT_BUDGET.pages
    assert "page 40" in read.text
    assert "page 41" not in read.text


def test_the_content_bound_counts_over_all_pages():
    page = b"BT /F1 12 Tf 72 720 Td " + b"(a) Tj " * 10_000 + b"ET"  # 70 KB each
    budget = ReadBudget(pdf_content_bytes=200 * 1024)

    read = pdf_text(pdf_pages([page] * 5), budget=budget)

    assert read.work.stopped_at == "pdf_content_bytes"
    assert read.work.pages == 2
    assert read.work.inflated_bytes <= budget.pdf_content_bytes


def test_ordinary_files_are_read_to_the_end():
    for read in (pdf_text(pdf("Zhang Wei resume")), docx_text(docx())):
        assert read.work.stopped_at == ""
        assert read.text


@pytest.mark.parametrize(
    "hostile",
    [
        pdf_over_pypdf_limit,
        pdf_contents_array_over_pypdf_limit,
        pdf_inflating_past_pypdf_limit,
        lambda: b"%PDF-1.4 garbage without any structure",
        lambda: pdf("x")[:200],
    ],
    ids=["xref-size-limit", "contents-array-limit", "inflate-limit", "garbage", "truncated"],
)
def test_pypdf_limits_and_failures_make_the_pdf_unreadable(hostile):
    with pytest.raises(UnreadableFile):
        pdf_text(hostile())


def test_text_is_made_storable():
    """PostgreSQL refuses NUL in text, and UTF-8 has no lone surrogates."""
    read = pdf_text(pdf_with_nul_in_text())
    assert read.text == "ZhangWei resume"

    xml = (
        '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>张伟</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    assert docx_text(docx(xml)).text == "张伟"
