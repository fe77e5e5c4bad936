"""A printable A4 PDF of a report, for management (the fairness audit, the validity report).

The document holds the title, period, as-of time and filters, the headline sentences,
each table (its header row repeated on every page the table runs onto, long text
wrapped inside its cell, numbers right-aligned, masked cells in grey) with its notes,
the method, and "page n of N" at the foot of every page.

Charts are not drawn: a chart only ever shows the figures of the table it is drawn from
(analytics.reports.shapes), and the table is printed, so a printout loses no figure.

The page and its embedded Chinese font are hrflow.core.pdf's, shared with the employee
documents.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from analytics.exports.common import header_fields, is_numeric
from analytics.reports.shapes import Report, ReportTable
from hrflow.core.pdf import FONT, A4Document

MARGIN = 15  # mm, on every side of the A4 page
GREY = (110, 110, 110)
HEADER_FILL = (228, 232, 238)
RULE = (190, 190, 190)
MASKED = FontFace(color=GREY)
HEADINGS = FontFace(family=FONT, emphasis="", size_pt=8.5, fill_color=HEADER_FILL)
# A column is given room for its longest text, up to this share of the page's width
# (longer text wraps), and at least the smaller one.
WIDEST_COLUMN = 0.45
NARROWEST_COLUMN = 0.07
CELL_PADDING = 3  # mm, left and right together


class _ReportDocument(A4Document):
    def __init__(self, title: str) -> None:
        super().__init__(margin=MARGIN)
        self.report_title = title

    def footer(self) -> None:
        self.set_y(-(MARGIN + 2))
        self.set_font(FONT, size=7.5)
        self.set_text_color(*GREY)
        width = self.epw / 2
        self.cell(width, 5, _shortened(self, self.report_title, width - 5), align=Align.L)
        pages = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(width, 5, pages, align=Align.R)
        self.set_text_color(0)


def report_pdf(report: Report) -> bytes:
    pdf = _ReportDocument(report.title)
    pdf.set_title(report.title)
    pdf.set_lang(translation.get_language() or "en")
    pdf.add_page()

    pdf.set_font(FONT, size=16)
    _paragraph(pdf, report.title, height=7.5)
    pdf.ln(1)
    pdf.set_font(FONT, size=9)
    pdf.set_text_color(*GREY)
    _paragraph(
        pdf,
        "    ".join(
            _("%(label)s: %(value)s") % {"label": label, "value": value}
            for label, value in header_fields(report)
        ),
        height=4.5,
    )
    pdf.set_text_color(0)

    if report.headline:
        pdf.ln(3)
        pdf.set_font(FONT, size=10.5)
        for sentence in report.headline:
            _paragraph(pdf, f"•  {sentence}", height=5.5)
            pdf.ln(0.8)

    for table in report.tables:
        _table(pdf, table)

    if report.method:
        _section_title(pdf, _("Method"))
        pdf.set_font(FONT, size=8.5)
        for line in report.method:
            _paragraph(pdf, line, height=4.3)
            pdf.ln(0.8)
    return bytes(pdf.output())


def _table(pdf: FPDF, table: ReportTable) -> None:
    _section_title(pdf, table.title)
    if not table.rows:
        if table.empty_text:
            pdf.set_font(FONT, size=9)
            _paragraph(pdf, table.empty_text, height=4.5)
    else:
        pdf.set_font(FONT, size=8.5)
        aligns = [Align.R if is_numeric(column) else Align.L for column in table.columns]
        with pdf.table(
            col_widths=_column_widths(pdf, table),
            headings_style=HEADINGS,
            line_height=4.4,
            padding=(1, CELL_PADDING / 2),
            text_align="LEFT",
            wrapmode=WrapMode.WORD,
            repeat_headings=1,
            borders_layout="HORIZONTAL_LINES",
            first_row_as_headings=True,
        ) as grid:
            heading = grid.row()
            for column, align in zip(table.columns, aligns, strict=True):
                heading.cell(column.label, align=align)
            for cells in table.rows:
                row = grid.row()
                for cell, align in zip(cells, aligns, strict=True):
                    row.cell(cell.text, align=align, style=MASKED if cell.masked else None)
    if table.notes:
        pdf.ln(1.5)
        pdf.set_font(FONT, size=7.5)
        pdf.set_text_color(*GREY)
        for note in table.notes:
            _paragraph(pdf, note, height=3.8)
        pdf.set_text_color(0)


def _section_title(pdf: FPDF, title: str) -> None:
    """A heading, on a new page when the page has no room for it and a few lines more."""
    pdf.ln(5)
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.set_font(FONT, size=12.5)
    _paragraph(pdf, title, height=6)
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.l_margin + pdf.epw, pdf.get_y() + 0.5)
    pdf.set_draw_color(0)
    pdf.ln(2.5)


def _paragraph(pdf: FPDF, text: str, *, height: float) -> None:
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _column_widths(pdf: FPDF, table: ReportTable) -> list[float]:
    """Each column's share of the width. A column gets at least room for its header and,
    if it holds figures, for its longest figure (neither wraps); text columns get at
    least NARROWEST_COLUMN. The room left goes to the columns whose text would still
    wrap, each growing towards its longest text (at most WIDEST_COLUMN of the page)."""
    page = pdf.epw
    least, most = [], []
    for index, column in enumerate(table.columns):
        texts = [column.label, *(row[index].text for row in table.rows)]
        longest = max(pdf.get_string_width(text) for text in texts) + CELL_PADDING
        header = pdf.get_string_width(column.label) + CELL_PADDING
        floor = longest if is_numeric(column) else min(longest, NARROWEST_COLUMN * page)
        floor = min(max(floor, min(header, WIDEST_COLUMN / 2 * page)), WIDEST_COLUMN * page)
        least.append(floor)
        most.append(max(floor, min(longest, WIDEST_COLUMN * page)))
    room = page - sum(least)
    wanted = sum(most) - sum(least)
    if room <= 0:
        widths = _squeezed(pdf, least)
    elif wanted >= room:
        widths = [low + (high - low) * room / wanted for low, high in zip(least, most, strict=True)]
    else:
        widths = most
    total = sum(widths)
    return [width / total for width in widths]


def _squeezed(pdf: FPDF, least: list[float]) -> list[float]:
    """Widths that fit the page when even the columns' floors do not: every column keeps
    room for one character and its padding (less makes fpdf2 refuse the table: "not
    enough horizontal space"), and the rest of the page is shared in proportion to what
    each floor asked beyond that; text then wraps within its column."""
    one = CELL_PADDING + pdf.get_string_width("国") * 1.2
    spare = [max(width - one, 0.0) for width in least]
    left = max(pdf.epw - one * len(least), 0.0)
    asked = sum(spare) or 1.0
    return [one + share * left / asked for share in spare]


def _shortened(pdf: FPDF, text: str, width: float) -> str:
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"
