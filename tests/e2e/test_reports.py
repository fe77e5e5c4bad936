"""HR reads every report in real Chromium, in English on a laptop and in Chinese on a
phone: the charts draw, a filter changes the figures' period, a figure opens the list
behind it, and the exports download (issue 17 point 12). Screenshots are saved for a
person to look at."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from analytics.facts.refresh import refresh_run
from employees.seeding.builder import seed_employees
from hrflow.accounts.roles import Role
from recruiting.seeding.builder import seed_database
from recruiting.seeding.hires import pipeline_hires_for_seed
from tests.fixtures.browser import shoot, sign_in, wait_until
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REPORTS = ("efficiency", "funnel", "validity", "experience", "before-after", "fairness")
SIZES = {
    "en": ({"width": 1280, "height": 800}, "en-US", "en"),
    "zh": ({"width": 390, "height": 844}, "zh-CN", "zh-hans"),
}


@pytest.fixture
def seeded() -> None:
    now = timezone.now()
    seed_database(applications=1500, jobs=6, seed=3, now=now, drive=2500)
    seed_employees(
        count=300, today=timezone.localdate(now), seed=3, hires=pipeline_hires_for_seed(limit=200)
    )
    refresh_run(full=True)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_hr_reads_every_report_filters_drills_down_and_exports(
    seeded, browser, live_server, screenshot_dir, request, language
):
    viewport, locale, cookie = SIZES[language]
    UserFactory(email="hr@example.com", roles=[Role.HR_ADMIN], language=cookie)
    context = browser.new_context(
        viewport=viewport, locale=locale, is_mobile=language == "zh", accept_downloads=True
    )
    context.add_cookies([{"name": "django_language", "value": cookie, "url": live_server.url}])
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    base = live_server.url
    try:
        sign_in(page, base, "hr@example.com")
        page.goto(f"{base}/analytics/")
        for key in REPORTS:
            assert page.locator(f"[data-testid=report-link-{key}]").count() == 1
        shoot(page, screenshot_dir, request, f"0-index-{language}")
        for number, key in enumerate(REPORTS, start=1):
            _report_check(page, base, key, language)
            shoot(page, screenshot_dir, request, f"{number}-{key}-{language}")

        # A filter: trends by week, two years back; the page keeps the choice.
        start = (timezone.localdate() - timedelta(days=730)).isoformat()
        page.goto(f"{base}/analytics/efficiency/")
        page.fill("[data-testid=report-filters] input[name=start]", start)
        page.select_option("[data-testid=report-filters] select[name=grain]", "week")
        page.click("[data-testid=report-filters] button[type=submit]")
        page.wait_for_url(lambda url: "grain=week" in url and f"start={start}" in url)
        assert page.input_value("[data-testid=report-filters] select[name=grain]") == "week"
        trend_rows = page.locator(
            "[data-testid=report-table-trend] tbody tr, figure table tbody tr"
        )
        assert trend_rows.count() > 0

        # A figure opens the applications behind it.
        link = page.locator("figure table a[href*='/analytics/drill/applications/']").first
        expected = link.inner_text().replace(",", "")
        link.click()
        page.wait_for_url(lambda url: "/analytics/drill/applications/" in url)
        rows = page.locator("[data-testid=drill-row]")
        assert rows.count() == min(int(expected), 50)
        shoot(page, screenshot_dir, request, f"7-drill-{language}")

        # Exports: a CSV of efficiency, a PDF of the fairness audit.
        page.goto(f"{base}/analytics/efficiency/")
        with page.expect_download() as csv_download:
            page.click("[data-testid=report-exports] a:has-text('CSV')")
        csv_bytes = Path(csv_download.value.path()).read_bytes()
        assert csv_bytes.startswith(b"\xef\xbb\xbf")
        assert ("AI 面试结果" if language == "zh" else "AI results").encode() in csv_bytes
        page.goto(f"{base}/analytics/fairness/")
        with page.expect_download() as pdf_download:
            page.click("[data-testid=report-exports] a:has-text('PDF')")
        assert Path(pdf_download.value.path()).read_bytes()[:5] == b"%PDF-"
    finally:
        context.close()
    assert errors == []


def _report_check(page: Any, base: str, key: str, language: str) -> None:
    page.goto(f"{base}/analytics/{key}/")
    page.wait_for_load_state("load")
    as_of = page.inner_text("[data-testid=report-as-of]")
    assert ("数据截至" if language == "zh" else "As of") in as_of
    assert page.locator("figure table").count() > 0
    charts = page.locator("figure [role=img]")
    if charts.count():
        # The first chart has drawn: an SVG with shapes in its container.
        wait_until(
            page,
            "(() => { const c = document.querySelector('figure [role=img]');"
            " return !!(c && c.querySelector('svg path')); })()",
        )
