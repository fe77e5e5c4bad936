"""Every staff page fits a phone, in Chinese and English (issue 14, points 8 and 9).

Walks the URL conf the way tests/test_bad_input.py does, with one of every
object from tests/bad_input/world.py, and keeps the pages an HR admin opens
that render the staff shell, the interviewer's own pages (the scorecard) and the
signed-out ones (sign-in, password reset). Each is opened in real headless Chromium at
390 x 844, in one browser context per language, and at 1280 x 800 in English:
nothing may push the page sideways (a wide table scrolls inside its own box),
and no status pill may break over two lines.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hrflow.web.navigation import nav_items_for
from tests.bad_input.world import World, url_kwargs, world_build
from tests.employees.records.scene import employee_make
from tests.fixtures.browser import screenshot_name, sign_in
from tests.recruiting.factories import JobFactory
from tests.recruiting.screening.test_services import _waiting

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# Not staff pages: Django admin has its own layout; the API, careers site and
# candidate portal are tested on a phone in their own suites.
OTHER_SITES = ("admin:", "api:", "careers:", "portal:")
# The pages whose phone pictures the issue named (compared before and after).
PICTURED = {
    "web:dashboard",
    "recruiting:review-queue",
    "recruiting:score-sheet",
    "recruiting:job-list",
    "recruiting:job-board",
    "recruiting:candidate-detail",
}

# Pages whose interesting state needs a query: the sync lookup with an answer.
STATES = {"recruiting:sync-lookup": lambda w: f"?q={w.application.candidate.email}"}

# What sticks out past the viewport, for the failure message: the innermost
# elements whose right edge passes it and that no scrolling box contains.
OVERFLOW_CULPRITS = """(limit) => {
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX)) return true;
      if (s.position === 'fixed') return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll('*')].filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > limit + 0.5 && !clipped(el);
  });
  const innermost = wide.filter((el) => !wide.some((o) => o !== el && el.contains(o)));
  return innermost.slice(0, 4).map((el) => {
    const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
    const text = (el.textContent || '').trim().slice(0, 30);
    const right = Math.round(el.getBoundingClientRect().right);
    return `${el.tagName.toLowerCase()}${cls} "${text}" (${right})`;
  });
}"""
# Status pills whose text broke over two lines: taller than one line and its padding.
WRAPPED_PILLS = """() => [...document.querySelectorAll('.status')]
  .filter((el) => el.offsetParent !== null)
  .filter((el) => {
    const s = getComputedStyle(el);
    const line = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.6;
    const padding = parseFloat(s.paddingTop) + parseFloat(s.paddingBottom);
    return s.whiteSpace !== 'nowrap' || el.getBoundingClientRect().height > line * 1.5 + padding;
  })
  .map((el) => el.textContent.trim())"""


def _named_patterns(patterns=None, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _staff_pages(user: Any | None, w: World) -> dict[str, str]:
    """URL name -> path of every page `user` opens in the staff shell; signed out (None),
    the pages a visitor opens there (sign-in, password reset, an interview's answer page)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    pages = {}
    for name, pattern in sorted(dict(_named_patterns()).items()):
        if name.startswith(OTHER_SITES):
            continue
        kwargs = url_kwargs(name, w) if pattern.pattern.converters else {}
        assert kwargs is not None, f"tests/bad_input/world.py names no object for {name}"
        path = reverse(name, kwargs=kwargs) + STATES.get(name, lambda w: "")(w)
        response = client.get(path)
        if response.status_code != 200 or response.streaming:  # a form's POST target, a file
            continue
        if b'class="shell"' in response.content or (
            user is None and response["Content-Type"].startswith("text/html")
        ):
            pages[name] = path
    return pages


# Filter fields too narrow to show their placeholder: what a field asks for is cut off.
CUT_PLACEHOLDERS = """() => {
  const context = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('.filters input[placeholder]')]
    .filter((field) => field.offsetParent !== null)
    .filter((field) => {
      const s = getComputedStyle(field);
      const hint = getComputedStyle(field, '::placeholder');
      context.font = `${hint.fontSize} ${hint.fontFamily}`;
      const spinner = field.type === 'number' ? 18 : 0;  // the up/down buttons' room
      const padding = parseFloat(s.paddingLeft) + parseFloat(s.paddingRight);
      const room = field.clientWidth - padding - spinner;
      return context.measureText(field.placeholder).width > room + 1;
    })
    .map((field) => field.placeholder);
}"""
# The review queue's cells, each as wide as it is drawn (a crushed column is narrow).
REVIEW_CELLS = """() => [...document.querySelectorAll('[data-testid=review-row] td')]
  .filter((cell) => !cell.querySelector('input[type=checkbox]'))
  .map((cell) => Math.round(cell.getBoundingClientRect().width))"""

# Each menu icon as drawn: the symbol it names and the size of what it drew (0 when
# the sprite or the symbol is missing).
MENU_ICONS = """() => [...document.querySelectorAll('#sidebar a')].map((a) => {
  const use = a.querySelector('svg.icon use');
  const box = use ? use.getBBox() : {width: 0, height: 0};
  return {label: a.textContent.trim(), icon: use ? use.getAttribute('href').split('#')[1] : '',
          drawn: box.width * box.height};
})"""


def _open_menus_on_a_phone(page: Any, label: str, shots) -> list[str]:
    """The top bar's compact controls: the drawer with its icons, then the user menu."""
    failures = []
    page.click("[data-nav-toggle]")
    page.locator("#sidebar").wait_for(state="visible")
    icons = page.evaluate(MENU_ICONS)
    undrawn = [icon["label"] for icon in icons if icon["drawn"] < 50]
    if undrawn:
        failures.append(f"{label} menu icons not drawn: {undrawn}")
    if len({icon["icon"] for icon in icons}) != len(icons):
        failures.append(f"{label} menu items share an icon: {icons}")
    shots(page, f"menu-{label}")
    page.click("[data-nav-toggle]")
    page.click("[data-testid=user-menu]")
    panel = page.locator(".user-menu-panel")
    if "Alexandra Ouyang-Richardson" not in panel.inner_text():
        failures.append(f"{label} the user menu does not name the user")
    if page.evaluate("document.documentElement.scrollWidth") > page.viewport_size["width"]:
        failures.append(f"{label} the open user menu pushes the page sideways")
    shots(page, f"user-menu-{label}")
    page.click("[data-testid=user-menu]")
    return failures


def _walk(
    context: Any, base_url: str, user: Any | None, pages: dict[str, str], label: str, shots
) -> list:
    page = context.new_page()
    page.set_default_timeout(15_000)
    if user is not None:
        sign_in(page, base_url, user.email)
    width = page.viewport_size["width"]
    failures = []
    for name, path in pages.items():
        page.goto(f"{base_url}{path}")
        page.wait_for_load_state("load")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            culprits = ", ".join(page.evaluate(OVERFLOW_CULPRITS, width))
            failures.append(f"{label} {name} {path}: {scroll_width}px wide; {culprits}")
        wrapped = page.evaluate(WRAPPED_PILLS)
        if wrapped:
            failures.append(f"{label} {name}: status pills wrap: {wrapped}")
        cut = page.evaluate(CUT_PLACEHOLDERS)
        if cut:
            failures.append(f"{label} {name}: filter fields cut their placeholder: {cut}")
        if name == "recruiting:review-queue" and width < 760:
            cells = page.evaluate(REVIEW_CELLS)
            if not cells or min(cells) < 250:  # one card per decision, each line full width
                failures.append(f"{label} the review queue is not cards: cell widths {cells}")
        if name in PICTURED:
            shots(page, f"{name.split(':')[1]}-{label}")
        if name == "web:dashboard" and width < 760:
            failures += _open_menus_on_a_phone(page, label, shots)
    page.close()
    return failures


@pytest.fixture
def world() -> World:
    w = world_build()
    # A name as long as real ones get: the top bar must not grow with it.
    w.hr.full_name = "Alexandra Ouyang-Richardson"
    w.hr.save(update_fields=["full_name"])
    # HR admins are employees too: their own record is the menu's "My record".
    employee_make(name="欧阳亚历", user=w.hr)
    queue_job = JobFactory()  # the review queue holds two, one held and one suggested reject
    _waiting("70", queue_job)
    _waiting("45", queue_job)
    return w


def test_every_staff_page_fits_a_phone_in_both_languages_and_a_desktop(
    browser, live_server, world, screenshot_dir, request
):
    pages = _staff_pages(world.hr, world)
    # The walk reaches every menu entry and the pages about one object.
    menu = {item.url_name for item in nav_items_for(world.hr) if not item.staff_only}
    assert menu - set(pages) == set()
    assert {"recruiting:candidate-detail", "recruiting:score-sheet", "recruiting:job-board"} <= set(
        pages
    )
    # The interviewer's own pages (the scorecard) the HR admin does not open.
    interviewer = world.interview.interviewers.get()
    theirs = {n: p for n, p in _staff_pages(interviewer, world).items() if n not in pages}
    assert "recruiting:interview-scorecard" in theirs
    signed_out = _staff_pages(None, world)
    assert {"accounts:login", "accounts:password-reset"} <= set(signed_out)

    def shots(page: Any, label: str) -> None:
        page.evaluate("window.scrollTo(0, 0)")
        path = screenshot_dir / screenshot_name(request.node.name, label)
        page.screenshot(path=str(path), full_page=True)

    failures = []
    for language, viewport, label in (
        ("zh-hans", PHONE, "phone-zh"),
        ("en", PHONE, "phone-en"),
        ("en", DESKTOP, "desktop-en"),
    ):
        phone = viewport is PHONE  # a phone's browser: touch, and the viewport meta tag applies
        context = browser.new_context(
            viewport=viewport, locale="en-US", is_mobile=phone, has_touch=phone
        )
        try:
            for user, user_pages in ((None, signed_out), (world.hr, pages), (interviewer, theirs)):
                context.clear_cookies()
                context.add_cookies(
                    [{"name": "django_language", "value": language, "url": live_server.url}]
                )
                failures += _walk(context, live_server.url, user, user_pages, label, shots)
        finally:
            context.close()
    assert failures == [], "\n".join(failures)
