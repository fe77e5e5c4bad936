"""The Chinese catalogue covers every string on screen, and its .mo is up to date."""

import re
import sys
from pathlib import Path

import polib

REPO_ROOT = Path(__file__).resolve().parents[1]
PO_PATH = REPO_ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
SOURCE_DIRS = (
    "hrflow",
    "integrations",
    "employees",
    "recruiting",
    "portal",
    "careers",
    "analytics",
    "templates",
)

# Single-line literals marked for translation in templates and Python code.
MARKED = [
    re.compile(r"""{%\s*translate\s+"([^"]+)"\s*%}"""),
    re.compile(r"""{%\s*translate\s+'([^']+)'\s*%}"""),
    re.compile(r"""\b_\(\s*"([^"\\]+)"\s*[,)]"""),
]


def _marked_strings() -> set[str]:
    found = set()
    for folder in SOURCE_DIRS:
        for path in (REPO_ROOT / folder).rglob("*"):
            if path.suffix not in (".py", ".html", ".txt") or "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            for pattern in MARKED:
                found.update(pattern.findall(text))
    return found


def test_catalogue_is_complete_and_compiled():
    sys.path.insert(0, str(REPO_ROOT / "scripts"))
    from check_translations import problems_in

    assert problems_in(PO_PATH) == []


def test_every_marked_string_is_in_the_catalogue():
    """A string marked in code but not extracted would show in English on a Chinese page."""
    known = {entry.msgid for entry in polib.pofile(str(PO_PATH))}
    marked = _marked_strings()

    assert len(marked) > 50  # the scan found the project's strings at all
    assert sorted(marked - known) == [], "run `make messages` and translate the new strings"
