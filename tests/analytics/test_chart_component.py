"""`{% report_table table %}` (issue 17 point 8): a figure with the table's chart, drawn
from a JSON island of the table's own cells, over the HTML table that always holds every
figure; masked cells show their words and no number, drill cells link to their list."""

import json
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from analytics.reports.shapes import Cell, ChartSpec, Column, ReportTable
from analytics.templatetags.analytics_charts import chart_data
from tests.html_text import visible_text

COLUMNS = (
    Column("stage", "Stage"),
    Column("applied", "Applied", "int"),
    Column("hired", "Hired", "int"),
    Column("rate", "Hire rate", "percent"),
)


def stage_table(chart: ChartSpec | None = None, rows: list | None = None, **more) -> ReportTable:
    if rows is None:
        rows = [
            [
                Cell("Welder", "Welder <A&B>"),
                Cell(120, drill="/recruiting/applications/?job=1"),
                Cell(12, drill="/recruiting/applications/?job=1&stage=hired"),
                Cell(Decimal("0.1"), "10.0 %"),
            ],
            [
                Cell("Driver"),
                Cell(48, drill="/recruiting/applications/?job=2"),
                # Fewer than 5: withheld, and never a link to the people behind it.
                Cell(3, "masked: fewer than 5", drill="/recruiting/x/", masked=True),
                Cell(None, "—", masked=True, note="Too few to show a rate."),
            ],
            [Cell("Cook"), Cell(0), Cell(None), Cell(float("nan"), "n/a")],
        ]
    return ReportTable(
        key="by_job",
        title="Applications by job",
        columns=COLUMNS,
        rows=rows,
        chart=chart,
        **more,
    )


BARS = ChartSpec(kind="bar", x="stage", series=("applied", "hired"))


def render(table: ReportTable, language: str = "en") -> str:
    with translation.override(language):
        return Template("{% load analytics_charts %}{% report_table table %}").render(
            Context({"table": table})
        )


def island(html: str, dom_id: str = "report-by_job-chart-data") -> dict:
    found = re.search(rf'<script id="{dom_id}" type="application/json">(.*?)</script>', html, re.S)
    assert found, "no JSON island"
    return json.loads(found.group(1))


def test_a_chart_over_a_table_with_every_row():
    html = render(stage_table(BARS, notes=("Applications received in the period.",)))

    assert html.count("<figure") == 1
    assert '<h2 id="report-by_job-title">Applications by job</h2>' in html
    chart = re.search(r'<div class="report-chart[^"]*"[^>]*>', html).group(0)
    assert 'role="img"' in chart
    assert 'data-report-chart="report-by_job-chart-data"' in chart
    assert 'aria-label="Bar chart, Applications by job: Applied, Hired by Stage.' in chart
    # The table comes after the chart, with every column and every row.
    assert html.index("report-chart") < html.index("<table")
    assert [re.sub(r"<.*?>", "", h) for h in re.findall(r'<th scope="col".*?</th>', html)] == [
        "Stage",
        "Applied",
        "Hired",
        "Hire rate",
    ]
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert body.count("<tr>") == 3
    for text in ("Welder &lt;A&amp;B&gt;", "Driver", "Cook", "120", "48", "10.0 %", "n/a"):
        assert text in body
    assert '<th scope="row">Driver</th>' in body  # each row is named by its first cell
    assert '<td class="num">' in body  # numbers right-aligned
    assert "Applications received in the period." in visible_text(html)
    assert "<script" not in html.replace('<script id="report-by_job-chart-data"', "")


def test_the_json_island_holds_the_numbers_and_none_where_masked_or_empty():
    data = island(render(stage_table(BARS)))

    assert data["kind"] == "bar"
    assert data["percent"] is False
    assert data["x_name"] == "Stage"
    assert data["categories"] == ["Welder <A&B>", "Driver", "Cook"]
    applied, hired = data["series"]
    assert applied["name"] == "Applied"
    assert applied["values"] == [120, 48, 0]
    assert hired["name"] == "Hired"
    assert hired["values"] == [12, None, None]  # masked, then empty
    assert hired["texts"] == ["12", "masked: fewer than 5", ""]
    assert applied["drill"] == [
        "/recruiting/applications/?job=1",
        "/recruiting/applications/?job=2",
        "",
    ]
    # The masked cell's address never reaches the page.
    assert hired["drill"] == ["/recruiting/applications/?job=1&stage=hired", "", ""]


def test_percent_values_stay_shares_and_bad_numbers_become_none():
    spec = ChartSpec(kind="line", x="stage", series=("rate",), percent=True)
    data = chart_data(stage_table(spec), spec)

    assert data["percent"] is True
    assert data["series"][0]["values"] == [0.1, None, None]  # Decimal, masked, NaN


def test_scatter_sends_its_x_numbers():
    columns = (
        Column("person", "Person"),
        Column("score", "Score", "number"),
        Column("days", "Days", "days"),
    )
    table = ReportTable(
        key="scores",
        title="Score and days",
        columns=columns,
        rows=[[Cell("A"), Cell(3.5), Cell(20)], [Cell("B"), Cell(None, masked=True), Cell(9)]],
        chart=ChartSpec(kind="scatter", x="score", series=("days",)),
    )
    html = render(table)
    data = island(html, "report-scores-chart-data")

    assert data["x_values"] == [3.5, None]
    assert data["series"][0]["values"] == [20, 9]
    assert data["row_labels"] == ["A", "B"]
    assert "Scatter chart, Score and days: Days against Score." in html


def test_drill_cells_are_links_and_masked_cells_show_their_words_with_a_note():
    html = render(stage_table(BARS))

    assert '<a href="/recruiting/applications/?job=1">120</a>' in html
    assert '<a href="/recruiting/applications/?job=1&amp;stage=hired">12</a>' in html
    assert "/recruiting/x/" not in html  # masked: no link
    masked = re.findall(r'<td class="num masked"[^>]*>.*?</td>', html)
    assert len(masked) == 2
    assert 'title="Withheld so that no one can be recognised."' in masked[0]
    assert "masked: fewer than 5" in masked[0]
    assert 'title="Too few to show a rate."' in masked[1]
    # The notes are footnotes too: phones and printouts have no hover.
    notes = html[html.index('<ul class="report-notes">') :]
    assert '<li id="report-by_job-note-1">' in notes
    assert "Withheld so that no one can be recognised." in notes
    assert "Too few to show a rate." in notes
    assert 'aria-describedby="report-by_job-note-2"' in masked[1]


def test_no_chart_without_a_chart_spec():
    html = render(stage_table(None))

    assert "report-chart" not in html
    assert "application/json" not in html
    assert "<table" in html


@pytest.mark.parametrize("chart", [BARS, None])
def test_empty_text_instead_of_the_table(chart):
    html = render(stage_table(chart, rows=[], empty_text="No applications in this period."))

    assert "No applications in this period." in visible_text(html)
    assert "<table" not in html
    assert "report-chart" not in html  # nothing to draw


def test_empty_text_has_a_default_in_both_languages():
    assert "No figures for this selection." in render(stage_table(BARS, rows=[]))
    assert "没有符合所选条件的数据。" in render(stage_table(BARS, rows=[]), "zh-hans")


def test_chinese_words_on_the_chart_label():
    spec = ChartSpec(kind="stacked_bar", x="stage", series=("applied", "hired"))
    html = render(stage_table(spec), "zh-hans")

    assert (
        'aria-label="堆叠柱状图，Applications by job：按Stage的Applied、Hired。数据见下表。"'
        in html
    )
    assert "已隐去，以免识别出具体个人。" in html


def test_a_foreign_drill_address_is_not_linked():
    rows = [
        [
            Cell("X"),
            Cell(1, drill="javascript:alert(1)"),
            Cell(2, drill="https://evil.example/"),
            Cell(None),
        ]
    ]
    html = render(stage_table(BARS, rows=rows))

    assert "<a " not in html
    assert island(html)["series"][0]["drill"] == [""]


def test_a_masked_cell_never_shows_its_number():
    """Text left to default to the value would print the withheld figure."""
    rows = [[Cell("X"), Cell(3, masked=True), Cell(2, "<5", masked=True), Cell(None)]]
    html = render(stage_table(BARS, rows=rows))

    assert re.findall(r'<td class="num masked"[^>]*>.*?</td>', html)[0].count(">withheld<") == 1
    data = island(html)
    assert data["series"][0]["texts"] == ["withheld"]
    assert data["series"][0]["values"] == [None]
    assert data["series"][1]["texts"] == ["<5"]
    assert ">3<" not in html
