"""Report charts in real Chromium (issue 17 point 8): ECharts, served by us, draws every
chart as SVG from its JSON island at phone and desktop width, in both languages, under
the CSP; the tooltip reads the table's words, a bar with a drill link leads to its list,
and a printout keeps the figures and drops the page's controls.

The page is test-only: this module is its URLconf (no production URL shows report
tables yet), the project's URLs behind it for the shell's links."""

from decimal import Decimal
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from analytics.reports.shapes import Cell, ChartSpec, Column, ReportTable
from hrflow.urls import urlpatterns as project_urlpatterns
from tests.fixtures.browser import screenshot_name, shoot, wait_until

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls(__name__),
]

PAGE = """{% extends "base.html" %}{% load analytics_charts %}
{% block title %}{{ heading }}{% endblock %}
{% block content %}
{% include "analytics/partials/chart_assets.html" %}
<header class="page-header"><h1>{{ heading }}</h1></header>
<form class="filters" method="get">
<select name="year" aria-label="year"><option>2025</option></select>
<button class="button" type="submit">{{ show }}</button></form>
{% for table in tables %}{% report_table table %}{% endfor %}
{% endblock %}"""

WORDS = {
    "en": {
        "heading": "Hiring report",
        "show": "Show",
        "job": "Job",
        "applied": "Applied",
        "interviewed": "Interviewed",
        "hired": "Hired",
        "rate": "Hire rate",
        "month": "Month",
        "by_job": "Applications by job",
        "by_month": "Hire rate by month",
        "stage": "Stage",
        "people": "People",
        "funnel": "Hiring funnel",
        "score": "Safety score",
        "incidents": "Incidents in the first year",
        "scatter": "Safety awareness and incidents",
        "masked": "fewer than 5",
        "jobs": ["Welder", "Forklift driver", "Cook", "Assembly worker", "Quality inspector"],
        "stages": ["Applied", "Screened", "Interviewed", "Offered", "Hired"],
        "note": "Applications received in 2025.",
    },
    "zh-hans": {
        "heading": "招聘报表",
        "show": "显示",
        "job": "岗位",
        "applied": "申请",
        "interviewed": "面试",
        "hired": "录用",
        "rate": "录用率",
        "month": "月份",
        "by_job": "各岗位申请情况",
        "by_month": "各月录用率",
        "stage": "阶段",
        "people": "人数",
        "funnel": "招聘漏斗",
        "score": "安全意识得分",
        "incidents": "第一年事故数",
        "scatter": "安全意识与事故",
        "masked": "少于 5 人",
        "jobs": ["焊工", "叉车司机", "厨师", "装配工", "质检员"],
        "stages": ["申请", "筛选", "面试", "录用通知", "入职"],
        "note": "2025 年收到的申请。",
    },
}
APPLIED = [120, 64, 31, 88, 17]
INTERVIEWED = [40, 22, 9, 30, 6]
HIRED = [12, 7, 3, 9, 1]
RATES = [0.08, 0.11, None, 0.14, 0.12, 0.09]


def _drill(job: int, stage: str = "") -> str:
    return f"/charts-test/drill/?job={job}" + (f"&stage={stage}" if stage else "")


def _count(value: int, words: dict, drill: str) -> Cell:
    if value < 5:
        return Cell(value, words["masked"], drill=drill, masked=True)
    return Cell(value, str(value), drill=drill)


def tables(language: str, kinds: str) -> list[ReportTable]:
    words = WORDS[language]
    jobs = words["jobs"]
    by_job_rows = [
        [
            Cell(job),
            _count(APPLIED[index], words, _drill(index)),
            _count(INTERVIEWED[index], words, _drill(index, "interview")),
            _count(HIRED[index], words, _drill(index, "hired")),
        ]
        for index, job in enumerate(jobs)
    ]
    by_job_columns = (
        Column("job", words["job"]),
        Column("applied", words["applied"], "int"),
        Column("interviewed", words["interviewed"], "int"),
        Column("hired", words["hired"], "int"),
    )
    if kinds == "two":
        months = [f"2025-{month:02}" for month in range(1, 7)]
        rate_rows = [
            [Cell(month), Cell(None, words["masked"], masked=True)]
            if rate is None
            else [Cell(month), Cell(Decimal(str(rate)), f"{rate * 100:.1f} %")]
            for month, rate in zip(months, RATES, strict=True)
        ]
        return [
            ReportTable(
                "by_job",
                words["by_job"],
                by_job_columns,
                by_job_rows,
                ChartSpec("bar", "job", ("applied", "interviewed", "hired")),
                notes=(words["note"],),
            ),
            ReportTable(
                "by_month",
                words["by_month"],
                (Column("month", words["month"]), Column("rate", words["rate"], "percent")),
                rate_rows,
                ChartSpec("line", "month", ("rate",), percent=True),
            ),
        ]
    funnel_rows = [
        [Cell(stage), Cell(count, str(count), drill=_drill(0, f"s{index}"))]
        for index, (stage, count) in enumerate(
            zip(words["stages"], [320, 190, 95, 40, 31], strict=True)
        )
    ]
    scatter_rows = [
        [Cell(f"#{index + 1}"), Cell(score, f"{score:.1f}"), Cell(incidents)]
        for index, (score, incidents) in enumerate(
            [
                (3.1, 4),
                (3.8, 3),
                (4.2, 2),
                (2.5, 6),
                (4.8, 0),
                (3.3, 3),
                (4.5, 1),
                (2.9, 5),
                (4.0, 2),
            ]
        )
    ]
    return [
        ReportTable(
            "stacked",
            words["by_job"],
            by_job_columns,
            by_job_rows,
            ChartSpec("stacked_bar", "job", ("interviewed", "hired")),
        ),
        ReportTable(
            "funnel",
            words["funnel"],
            (Column("stage", words["stage"]), Column("people", words["people"], "int")),
            funnel_rows,
            ChartSpec("funnel", "stage", ("people",)),
        ),
        ReportTable(
            "scatter",
            words["scatter"],
            (
                Column("person", "#"),
                Column("score", words["score"], "number"),
                Column("incidents", words["incidents"], "int"),
            ),
            scatter_rows,
            ChartSpec("scatter", "score", ("incidents",)),
        ),
    ]


def chart_page(request: HttpRequest) -> HttpResponse:
    language = request.LANGUAGE_CODE
    template = engines["django"].from_string(PAGE)
    context = {
        "heading": WORDS[language]["heading"],
        "show": WORDS[language]["show"],
        "tables": tables(language, request.GET.get("kinds", "two")),
    }
    return HttpResponse(template.render(context, request))


def drill_page(request: HttpRequest) -> HttpResponse:
    # An icon of its own, or Chromium asks for /favicon.ico (a 404, a console error).
    icon = '<link rel="icon" href="/static/hrflow/img/favicon.svg">'
    return HttpResponse(
        f"<!DOCTYPE html><title>drill</title>{icon}<p>{request.GET.urlencode()}</p>"
    )


urlpatterns = [
    path("charts-test/", chart_page),
    path("charts-test/drill/", drill_page),
    *project_urlpatterns,
]

PHONE = (390, 844)
DESKTOP = (1280, 800)


def _open(
    page: Any, live_server: Any, language: str, size: tuple[int, int], kinds: str
) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.set_viewport_size({"width": size[0], "height": size[1]})
    response = page.goto(f"{live_server.url}/charts-test/?kinds={kinds}")
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    return errors


def _drew(page: Any, key: str, paths: int) -> None:
    """The chart's SVG is there, with shapes in it, and fits its figure."""
    chart = page.locator(f"[data-testid=report-{key}-chart][data-chart-drawn]")
    chart.locator("svg path").nth(paths - 1).wait_for(state="attached")
    svg_width = chart.locator("svg").first.evaluate("svg => svg.getBoundingClientRect().width")
    figure_width = page.locator(f"[data-testid=report-{key}]").evaluate("f => f.clientWidth")
    assert 0 < svg_width <= figure_width


def _point(page: Any, key: str, script: str) -> dict[str, float]:
    """Where on the page a chart draws something: `script` maps (chart, model) to [x, y]
    inside the chart, with ECharts' own layout."""
    return page.evaluate(
        f"""(key) => {{
            const el = document.querySelector(`[data-testid=report-${{key}}-chart]`);
            const chart = echarts.getInstanceByDom(el);
            const [x, y] = ((chart, model) => {script})(chart, chart.getModel());
            const box = el.getBoundingClientRect();
            return {{ x: box.left + x, y: box.top + y }};
        }}""",
        key,
    )


def _bar_middle(page: Any, key: str, series: int, row: int) -> dict[str, float]:
    """The middle of a bar on the page, as ECharts laid it out."""
    return page.evaluate(
        """([key, series, row]) => {
            const el = document.querySelector(`[data-testid=report-${key}-chart]`);
            const data = echarts.getInstanceByDom(el).getModel().getSeriesByIndex(series).getData();
            const bar = data.getItemLayout(row);
            const box = el.getBoundingClientRect();
            return { x: box.left + bar.x + bar.width / 2, y: box.top + bar.y + bar.height / 2 };
        }""",
        [key, series, row],
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_two_report_tables_draw_their_charts(
    page, live_server, screenshot_dir, request, language, size
):
    errors = _open(page, live_server, language, size, "two")
    words = WORDS[language]

    _drew(page, "by_job", 15)
    _drew(page, "by_month", 3)
    # The tables are there too, every row, under their charts.
    assert page.locator("[data-testid=report-by_job-table] tbody tr").count() == 5
    assert page.locator("[data-testid=report-by_month-table] tbody tr").count() == 6
    assert page.locator("[data-testid=report-by_job-chart]").get_attribute("role") == "img"
    shoot(page, screenshot_dir, request, "page")

    # The tooltip says what the table says, in the page's language.
    page.locator("[data-testid=report-by_job-chart]").scroll_into_view_if_needed()
    point = _bar_middle(page, "by_job", 0, 0)
    page.mouse.move(point["x"], point["y"])
    tip = page.locator("[data-testid=report-by_job-chart] .chart-tip")
    tip.wait_for()
    assert words["jobs"][0] in tip.inner_text()
    assert str(APPLIED[0]) in tip.inner_text()
    shoot(page, screenshot_dir, request, "tooltip")

    # Printing: no top bar, menu or filters; the figures stay, drawn for the paper. The
    # PDF (A4) lands next to the screenshots.
    page.emulate_media(media="print")
    for hidden in (".topbar", ".sidebar", ".filters"):
        assert not page.locator(hidden).is_visible()
    wait_until(
        page,
        "[...document.querySelectorAll('[data-report-chart] svg')]"
        ".every(svg => svg.getAttribute('viewBox') === '0 0 700 295')",
    )
    _drew(page, "by_job", 15)
    _drew(page, "by_month", 3)
    page.screenshot(
        path=str(screenshot_dir / screenshot_name(request.node.name, "print")), full_page=True
    )
    pdf = screenshot_dir / screenshot_name(request.node.name, "print").replace(".png", ".pdf")
    page.pdf(path=str(pdf), format="A4")
    assert pdf.stat().st_size > 20_000
    page.emulate_media(media="screen")

    # A bar with a drill link leads to the list behind it.
    page.locator("[data-testid=report-by_job-chart]").scroll_into_view_if_needed()
    point = _bar_middle(page, "by_job", 2, 0)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/charts-test/drill/?job=0&stage=hired")
    assert errors == []  # no script error, no Content-Security-Policy refusal


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_stacked_bars_funnel_and_scatter(
    page, live_server, screenshot_dir, request, language, size
):
    errors = _open(page, live_server, language, size, "kinds")

    _drew(page, "stacked", 8)
    _drew(page, "funnel", 5)
    _drew(page, "scatter", 9)
    shoot(page, screenshot_dir, request, "kinds")

    # A scatter point's tooltip names its row and both figures as the table has them.
    page.locator("[data-testid=report-scatter-chart]").scroll_into_view_if_needed()
    point = _point(page, "scatter", "chart.convertToPixel({ seriesIndex: 0 }, [2.5, 6])")
    page.mouse.move(point["x"], point["y"])
    tip = page.locator("[data-testid=report-scatter-chart] .chart-tip")
    tip.wait_for()
    lines = [" ".join(line.split()) for line in tip.inner_text().splitlines() if line.strip()]
    words = WORDS[language]
    assert lines[0] == "#4"
    assert " ".join(lines[1:]) == f"{words['score']} 2.5 {words['incidents']} 6"

    # A funnel step with a drill link leads to its list.
    page.locator("[data-testid=report-funnel-chart]").scroll_into_view_if_needed()
    point = _point(
        page,
        "funnel",
        """(() => {
            const corners = model.getSeriesByIndex(0).getData().getItemLayout(1).points;
            return [0, 1].map((axis) => corners.reduce((sum, p) => sum + p[axis], 0) / 4);
        })()""",
    )
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/charts-test/drill/?job=0&stage=s1")
    assert errors == []
