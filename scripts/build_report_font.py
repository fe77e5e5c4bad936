"""Build the font the PDFs are set in (hrflow/core/fonts/), once, by hand.

The PDF exports embed their font, so a report prints the same Chinese on a machine with
no Chinese font. The source is Noto Sans CJK SC Regular 2.004 (SIL OFL 1.1), as Debian's
fonts-noto-cjk installs it (/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc). This
script keeps what reports need, and converts the outlines to TrueType:

- the characters: Latin (with accents), Greek, Cyrillic, punctuation, arrows, maths and
  currency signs, CJK punctuation, full-width forms, and every ideograph of the CJK
  Unified Ideographs block (U+4E00-U+9FFF), so that a rare character in a name (玥, 珺,
  赟: none of them is in GB 2312) still prints. Vertical metrics, the Japanese, Korean
  and Traditional forms and the hinting are dropped.
- TrueType outlines (glyf), because a PDF reader handles an embedded TrueType CID font
  (FontFile2, Identity-H) best: the source's CID-keyed CFF makes fpdf2 write a custom
  encoding CMap, which pypdf, for one, cannot read the text back from.

Needs fontTools (a dependency of fpdf2). Run: python scripts/build_report_font.py [TTC].
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FACE = "Noto Sans CJK SC"
TARGET = (
    Path(__file__).resolve().parent.parent
    / "hrflow"
    / "core"
    / "fonts"
    / "NotoSansCJKsc-Regular.subset.ttf"
)
RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x024F),  # Latin-1, Latin Extended-A and -B
    (0x0370, 0x03FF),  # Greek, for statistics
    (0x0400, 0x04FF),  # Cyrillic
    (0x2000, 0x206F),  # general punctuation
    (0x2070, 0x209F),  # superscripts and subscripts
    (0x20A0, 0x20CF),  # currency
    (0x2100, 0x218F),  # letterlike symbols, Roman numerals
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators
    (0x2460, 0x24FF),  # circled numbers
    (0x2500, 0x25FF),  # box drawing, geometric shapes
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xFF00, 0xFFEF),  # full-width forms
)
# Curves may move by at most this many font units (of 1000 to the em) in the conversion.
MAX_ERROR = 1.0


def subset_face(source: Path) -> TTFont:
    collection = TTCollection(str(source))
    font = next(face for face in collection.fonts if face["name"].getDebugName(4) == FACE)
    options = subset.Options()
    options.layout_features = ["kern", "palt", "locl"]
    options.name_IDs = ["*"]  # keeps the copyright and licence records
    options.notdef_outline = True
    options.hinting = False
    options.drop_tables += ["VORG", "vhea", "vmtx", "GSUB"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[code for low, high in RANGES for code in range(low, high + 1)])
    subsetter.subset(font)
    return font


def to_truetype(font: TTFont) -> TTFont:
    """Cubic CFF outlines to quadratic glyf outlines (as fontTools' otf2ttf snippet)."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    font["post"].formatType = 3.0
    font["head"].glyphDataFormat = 0
    del font["CFF "]
    font.sfntVersion = "\x00\x01\x00\x00"
    return font


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else SOURCE
    font = to_truetype(subset_face(source))
    font.recalcTimestamp = False  # the same source gives the same file
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(TARGET))
    print(f"{TARGET}: {len(font.getGlyphOrder())} glyphs, {TARGET.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
