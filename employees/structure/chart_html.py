"""The org chart's department tree as HTML, written in Python.

A tree of a few hundred departments rendered through nested template includes
costs tens of milliseconds; format_html costs a few. Each department is a
native <details> (collapsible without script); opening one asks the server for
its positions and people by HTMX, once.
"""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from employees.selectors.org_chart import DepartmentNode, PersonRow


def tree_html(roots: list[DepartmentNode], *, query: str) -> SafeString:
    """The whole tree; `query` (the as-of day and search) is added to each body's URL."""
    return format_html_join("", "{}", ((_node(root, query),) for root in roots))


def _node(node: DepartmentNode, query: str) -> SafeString:
    body_url = reverse("employees:org-chart-department", kwargs={"pk": node.pk}) + query
    counts = format_html(
        '<span class="org-counts"><span class="badge" data-testid="org-people">{}</span>{}</span>',
        ngettext("%(count)d person", "%(count)d people", node.people_total)
        % {"count": node.people_total},
        format_html(
            '<span class="badge org-vacant">{}</span>',
            ngettext("%(count)d vacant", "%(count)d vacant", node.vacancies_total)
            % {"count": node.vacancies_total},
        )
        if node.vacancies_total
        else "",
    )
    # A department opened by the search shows its matches at once; its full body is one
    # click away. Others load it the first time they open.
    if node.matches:
        body = format_html(
            '<ul class="org-people org-matches">{}</ul>{}',
            format_html_join("", "{}", ((person_html(match, hit=True),) for match in node.matches)),
            _load_button(body_url),
        )
        loads = ""
    else:
        body = _load_button(body_url)
        loads = format_html(
            ' hx-get="{}" hx-trigger="toggle once" hx-target="find .org-body" hx-swap="innerHTML"',
            body_url,
        )
    children = format_html_join("", "{}", ((_node(child, query),) for child in node.children))
    return format_html(
        '<details class="org-dept" data-dept="{}"{}{}><summary><span class="org-name">{}</span>'
        '{}</summary><div class="org-body">{}</div>{}</details>',
        node.pk,
        mark_safe(" open") if node.open else "",
        loads,
        node.name,
        counts,
        body,
        format_html('<div class="org-children">{}</div>', children) if node.children else "",
    )


def _load_button(url: str) -> SafeString:
    return format_html(
        '<button type="button" class="link-button org-load" hx-get="{}" '
        'hx-target="closest .org-body" hx-swap="innerHTML">{}</button>',
        url,
        _("Show positions and people"),
    )


def person_html(person: PersonRow, *, hit: bool = False) -> SafeString:
    """One person's line: name and number, title, and manager."""
    return format_html(
        '<li class="org-person{}" data-testid="org-person"><span class="org-person-name">{}'
        '</span> <span class="muted small">{}</span><span class="org-title">{}</span>{}</li>',
        " org-hit" if hit else "",
        person.name,
        person.number,
        person.title,
        format_html(
            '<span class="muted small org-manager">{}</span>',
            _("Manager: %(name)s") % {"name": person.manager},
        )
        if person.manager
        else "",
    )
