"""The A4 page every hrflow PDF starts from, with its Chinese font embedded.

Shared by the analytics reports (analytics.exports.pdf) and the employee documents
(the exit certificate), so both set Chinese the same way and the font lives once.

The font is embedded, so Chinese prints the same on a machine with no Chinese font:
Noto Sans CJK SC (SIL OFL 1.1, fonts/OFL.txt), cut down to Latin, Greek, Cyrillic,
punctuation and the 20,992 ideographs of the CJK Unified Ideographs block, as TrueType
(scripts/build_report_font.py). fpdf2 embeds only the glyphs a document uses, so a
document of a few pages weighs tens of kilobytes, not the font's 7 MB.
"""

from pathlib import Path

from fpdf import FPDF

FONT_FILE = Path(__file__).resolve().parent / "fonts" / "NotoSansCJKsc-Regular.subset.ttf"
FONT = "NotoSansSC"


class A4Document(FPDF):
    """Portrait A4 in millimetres, `margin` on every side, set in the embedded font."""

    def __init__(self, *, margin: float, font_size: float = 10) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_margins(margin, margin, margin)
        self.set_auto_page_break(auto=True, margin=margin + 5)
        self.add_font(FONT, fname=str(FONT_FILE))
        self.set_font(FONT, size=font_size)
        self.set_creator("hrflow")
