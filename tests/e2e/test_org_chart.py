"""The org chart in a real browser (issue 15, point 6): departments open (loading their
people by HTMX) and close, "Close all", and a search that opens the path to the person,
at phone and desktop size in both languages, under the CSP, nothing pushed sideways."""

import pytest
from django.urls import reverse

from employees.models import Assignment
from hrflow.accounts.roles import Role
from tests.employees.org_scene import org_scene
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {"people": "people", "found": "1 person found"},
    "zh-hans": {"people": "人", "found": "找到 1 人"},
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["phone", "desktop"])
def test_open_close_and_search_the_org_chart(
    page, live_server, screenshot_dir, request, language, size
):
    scene = org_scene(people=300, branches=3, depth=3)
    UserFactory(email="viewer@example.com", roles=[Role.INTERVIEWER], language=language)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    refused: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content" in message.text else None,
    )
    sign_in(page, live_server.url, "viewer@example.com")
    page.goto(f"{live_server.url}{reverse('employees:org-chart')}")
    words = WORDS[language]

    # The top department is open, its sub-departments show their counts, closed.
    child = scene.departments[1]
    node = page.locator(f"details[data-dept='{child.pk}']")
    assert words["people"] in node.locator("summary").first.inner_text()
    assert node.get_attribute("open") is None
    shoot(page, screenshot_dir, request, "tree")

    # Opening it loads its positions and people once.
    node.locator("summary").first.click()
    detail = page.locator(f"[data-testid=org-detail-{child.pk}]")
    detail.wait_for()
    head = scene.managers[child.pk]
    assert head.full_name in detail.inner_text()
    shoot(page, screenshot_dir, request, "opened")

    # Closing hides them again; "Close all" folds the whole tree.
    node.locator("summary").first.click()
    assert not detail.is_visible()
    page.click("[data-testid=org-collapse]")
    assert page.locator(".org-tree details[open]").count() == 0

    # A search by employee number opens the path down to the person, highlighted.
    deep = scene.departments[-1]
    person = Assignment.objects.filter(department=deep).select_related("employee").last().employee
    page.fill("[data-testid=org-search-input]", person.number)
    page.click("[data-testid=org-search-submit]")
    page.wait_for_url(f"**q={person.number}*")
    assert words["found"] in page.locator("[data-testid=org-matches]").inner_text()
    hit = page.locator(".org-hit")
    assert hit.count() == 1
    assert hit.first.is_visible()
    assert person.full_name in hit.first.inner_text()
    for ancestor in [*deep.ancestor_ids(), deep.pk]:
        assert page.locator(f"details[data-dept='{ancestor}']").get_attribute("open") is not None
    shoot(page, screenshot_dir, request, "search")
    assert refused == []  # no Content-Security-Policy refusal


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_structure_pages_on_a_phone(page, live_server, screenshot_dir, request, language):
    """Positions (with an open job under a vacancy), accounts, departments, the team."""
    from employees.models import Position
    from tests.employees.org_scene import link_user
    from tests.recruiting.factories import JobFactory

    scene = org_scene(people=40, branches=2, depth=2)
    seat = Position.objects.filter(department=scene.departments[1], code__endswith="-staff").get()
    JobFactory(title="Backend engineer 后端工程师", department=seat.department, position=seat)
    hr = UserFactory(email="hr@example.com", roles=[Role.HR_ADMIN], language=language)
    link_user(scene.employees[0], hr)  # the head of the company: a team of their own
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, hr.email)
    for name in (
        "employees:position-list",
        "employees:my-team",
        "accounts:staff-list",
        "org:department-list",
        "org:location-list",
        "employees:position-create",
    ):
        page.goto(f"{live_server.url}{reverse(name)}")
        shoot(page, screenshot_dir, request, name.split(":")[1])
    page.goto(f"{live_server.url}{reverse('employees:position-list')}")
    assert "Backend engineer" in page.locator("[data-testid=position-table]").inner_text()
