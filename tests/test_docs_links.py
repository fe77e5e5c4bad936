"""The repository's documents are its own: every document a file cites is under docs/.

A fresh clone has only what is tracked, so no file may point outside the
repository (at the folder the specs came from), every docs/ path and bare
document name a file mentions must exist, and every numbered row, section,
decision or case cited from a document must exist in it with that number.
"""

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
DOCS = REPO_ROOT / "docs"
THIS_FILE = Path(__file__).resolve()

TEXT_SUFFIXES = {".py", ".md", ".toml", ".html", ".txt", ".yml", ".yaml", ".po", ".cfg", ".ini"}
TEXT_NAMES = {"Makefile", "Dockerfile", "run"}

# Where the specs lived before they came into docs/: outside the repository.
OUTSIDE = re.compile(
    r"\.\./shared\b|/work/shared\b|\bshared/(?:vendors|hrms)\b|\bshared/[A-Z]+\.md\b"
)
DOCS_PATH = re.compile(r"(?<![\w-])docs/[\w./-]*?\.md\b")
BARE_NAME = re.compile(
    r"(?<![\w/.-])((?:vuesim|mianshibao|scenarios|DESIGN|RELIABILITY|GLOSSARY|STYLE)\.md)\b"
)
LINK = r"(?:\]\([\w./]*\))?"  # the rest of a markdown link: [name](target)
# "RELIABILITY.md row 18", "RELIABILITY row 8", "RELIABILITY.md rows 20 and 24",
# "RELIABILITY.md](RELIABILITY.md) rows 36-39", "RELIABILITY.md section 1.1"
RELIABILITY_CITE = re.compile(
    rf"RELIABILITY(?:\.md)?{LINK},?\s+(?:(rows?)\s+((?:\d+(?:\s*(?:-|\u2013|,|and)\s*)?)+)"
    r"|section\s+(\d+(?:\.\d+)*))"
)
VENDOR_SECTION_CITE = re.compile(rf"vendors/README\.md{LINK},?\s+section\s+(\d+(?:\.\d+)*)")
VENDOR_DECISION_CITE = re.compile(rf"vendors/README\.md{LINK},?\s+decision\s+(\d+)")
SCENARIO_CASE_CITE = re.compile(
    rf"scenarios\.md{LINK},?\s+cases?\s+((?:\d+(?:\s*(?:-|\u2013|,|and)\s*)?)+)"
)
SCENARIO_CITE = re.compile(rf"scenarios\.md{LINK},?\s+(S\d+)(?:-(S\d+))?")


def _repository_files() -> list[Path]:
    """The text files a clone has, and those about to be added (untracked, not ignored)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO_ROOT,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode()
        paths = [REPO_ROOT / name for name in listed.split("\0") if name]
    except (OSError, subprocess.SubprocessError):
        # Not a git checkout (an unpacked archive): everything outside hidden folders.
        paths = [
            path
            for path in REPO_ROOT.rglob("*")
            if not any(part.startswith(".") for part in path.relative_to(REPO_ROOT).parts[:-1])
        ]
    return [
        path
        for path in paths
        if path.is_file()
        and (path.suffix in TEXT_SUFFIXES or path.name in TEXT_NAMES)
        and path.resolve() != THIS_FILE
    ]


def _texts() -> Iterator[tuple[str, str]]:
    for path in _repository_files():
        yield path.relative_to(REPO_ROOT).as_posix(), path.read_text("utf-8", errors="replace")


def _numbers(listed: str) -> set[int]:
    """ "1-3", "20 and 24", "17, 18" -> the numbers they name."""
    numbers: set[int] = set()
    for low, high in re.findall(r"(\d+)(?:\s*[-\u2013]\s*(\d+))?", listed):
        numbers.update(range(int(low), int(high or low) + 1))
    return numbers


def _table_keys(path: Path, section: str = "") -> list[str]:
    """The first cell of every table row that is a number or a scenario (S1): in the
    whole file, or only under the heading numbered `section` (up to the next heading)."""
    text = path.read_text("utf-8")
    if section:
        start = re.search(rf"^#+ {re.escape(section)}[. ].*$", text, flags=re.MULTILINE)
        assert start is not None, f"{path.name} has no section {section}"
        following = re.search(r"^#", text[start.end() :], flags=re.MULTILINE)
        text = text[start.end() : start.end() + following.start() if following else None]
    return re.findall(r"^\| (S?\d+) \|", text, flags=re.MULTILINE)


def _sections(path: Path) -> set[str]:
    return set(re.findall(r"^#+ (\d+(?:\.\d+)*)[. ]", path.read_text("utf-8"), flags=re.MULTILINE))


def _cites(pattern: re.Pattern[str]) -> Iterator[tuple[str, re.Match[str]]]:
    for name, text in _texts():
        for match in pattern.finditer(text):
            yield name, match


def test_no_file_points_outside_the_repository():
    found = [
        f"{name}: {match.group(0)}" for name, text in _texts() for match in OUTSIDE.finditer(text)
    ]
    assert found == [], "bring the document into docs/ and cite it there"


def test_every_docs_path_exists():
    missing = {
        f"{name}: {match.group(0)}"
        for name, match in _cites(DOCS_PATH)
        if not (REPO_ROOT / match.group(0)).is_file()
    }
    assert sorted(missing) == []


def test_every_bare_document_name_is_a_file_under_docs():
    present = {path.name for path in DOCS.rglob("*.md")}
    missing = {f"{name}: {match.group(1)}" for name, match in _cites(BARE_NAME)}
    assert sorted(entry for entry in missing if entry.rsplit(": ", 1)[1] not in present) == []


def test_reliability_rows_are_numbered_without_gaps():
    rows = [int(key) for key in _table_keys(DOCS / "RELIABILITY.md", "1") if key.isdigit()]
    assert rows == list(range(1, len(rows) + 1))
    assert len(rows) >= 39


def test_every_cited_reliability_row_and_section_exists():
    rows = {int(key) for key in _table_keys(DOCS / "RELIABILITY.md", "1") if key.isdigit()}
    sections = _sections(DOCS / "RELIABILITY.md")
    missing = []
    cited = 0
    for name, match in _cites(RELIABILITY_CITE):
        cited += 1
        if match.group(1):
            missing += [f"{name}: row {n}" for n in sorted(_numbers(match.group(2)) - rows)]
        elif match.group(3) not in sections:
            missing.append(f"{name}: section {match.group(3)}")
    assert cited >= 10, "the citation pattern no longer finds the code's citations"
    assert missing == []


def test_every_cited_vendor_section_decision_and_case_exists():
    readme = DOCS / "vendors" / "README.md"
    sections = _sections(readme)
    decisions = set(re.findall(r"^(\d+)\. \*\*", readme.read_text("utf-8"), flags=re.MULTILINE))
    keys = set(_table_keys(DOCS / "vendors" / "scenarios.md"))
    cases = {int(key) for key in keys if key.isdigit()}
    missing = [
        f"{name}: section {match.group(1)}"
        for name, match in _cites(VENDOR_SECTION_CITE)
        if match.group(1) not in sections
    ]
    missing += [
        f"{name}: decision {match.group(1)}"
        for name, match in _cites(VENDOR_DECISION_CITE)
        if match.group(1) not in decisions
    ]
    for name, match in _cites(SCENARIO_CASE_CITE):
        missing += [f"{name}: case {n}" for n in sorted(_numbers(match.group(1)) - cases)]
    missing += [
        f"{name}: {scenario}"
        for name, match in _cites(SCENARIO_CITE)
        for scenario in match.groups()
        if scenario and scenario not in keys
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("RELIABILITY.md row 18).", {18}),
        ("RELIABILITY row 8: concurrent", {8}),
        ("RELIABILITY.md rows 20 and 24)", {20, 24}),
        ("[RELIABILITY.md](RELIABILITY.md) rows 36-39 are", {36, 37, 38, 39}),
        ("RELIABILITY.md rows 1-3).", {1, 2, 3}),
    ],
)
def test_the_citation_pattern_reads_each_form_the_code_uses(text, rows):
    match = RELIABILITY_CITE.search(text)
    assert match is not None
    assert _numbers(match.group(2)) == rows
