"""Check (or, with --compile, write) the compiled translation catalogues.

Every message of every catalogue under locale/ must be translated and not
fuzzy, and each .mo must hold exactly what its .po says. The .mo files are
committed so a machine with only Python (no GNU gettext) gets a translated UI;
this check keeps them from drifting. Uses polib, so it needs no msgfmt either.
"""

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def problems_in(po_path: Path) -> list[str]:
    po = polib.pofile(str(po_path))
    problems = [f"{po_path}: untranslated: {entry.msgid!r}" for entry in po.untranslated_entries()]
    problems += [f"{po_path}: fuzzy: {entry.msgid!r}" for entry in po.fuzzy_entries()]
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return [*problems, f"{mo_path}: missing; run scripts/check_translations.py --compile"]
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
    wanted = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}
    if compiled != wanted:
        problems.append(f"{mo_path}: out of date; run scripts/check_translations.py --compile")
    return problems


def main(argv: list[str]) -> int:
    catalogues = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
    if "--compile" in argv:
        for po_path in catalogues:
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
    problems = [problem for po_path in catalogues for problem in problems_in(po_path)]
    for problem in problems:
        print(problem)
    print(f"translations: {len(catalogues)} catalogue(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
