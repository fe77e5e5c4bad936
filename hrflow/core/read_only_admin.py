"""Read-only Django admin pieces shared by the apps whose rows only services write.

Admin shows these rows to admins with admin-site access and changes none of
them: a raw save would skip the service's rules, its audit row and the work it
enqueues. Stored JSON is shown indented and escaped, whatever a vendor or a
visitor put in it.
"""

import json
from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin
from django.contrib.admin import FieldListFilter
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

if TYPE_CHECKING:  # a lazy translation as django-stubs types it
    from django.utils.functional import _StrOrPromise as StrOrPromise


class ListWithoutLargeColumns(ChangeList):
    """A change list that leaves its admin's `list_deferred` columns in the database."""

    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> QuerySet[Any]:
        rows = super().get_queryset(request, exclude_parameters)
        return rows.defer(*cast("ReadOnlyAdmin", self.model_admin).list_deferred)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and shows rows; adds, changes and deletes none.

    Django admin shows a change page as read-only to anyone with the view (or
    change) permission once change is refused, so the model's permissions
    still decide who sees what.
    """

    # Payloads and encrypted columns the change page shows (or needs) and the
    # list does not: not read, nor decrypted, for every row of a page.
    list_deferred: tuple[str, ...] = ()
    # A second COUNT(*) over the whole table on every filtered page costs more
    # than the "x of y" it prints, on tables of a million rows.
    show_full_result_count = False

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return ListWithoutLargeColumns

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    """Related rows under a change page, shown as they are."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def shown_as(field: str, label: "StrOrPromise") -> Any:
    """A read-only column or field showing the related row `field` under `label`.

    A foreign key declared without a verbose name is labelled with its English
    field name ("connection"), also on a Chinese page; this gives it a
    translated one without touching the model (and its migrations).
    """

    @admin.display(description=label, ordering=field)
    def show(model_admin: "admin.options.BaseModelAdmin[Any]", obj: Any) -> str:
        related = getattr(obj, field)
        return str(model_admin.get_empty_value_display() if related is None else related)

    return show


def filter_titled(title: "StrOrPromise", base: type[FieldListFilter]) -> type[FieldListFilter]:
    """`base` under a translated title, for a field whose own name is the English
    field name, or says too little beside the list's other filters ("status")."""

    class Titled(base):  # type: ignore[valid-type,misc]  # a base chosen at call time
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.title = title

    return Titled


def preformatted(text: str) -> SafeString:
    """Text in a <pre> block, escaped: a "<script>" in it is shown, never run."""
    return format_html("<pre>{}</pre>", text)


def pretty_json(value: Any) -> SafeString:
    """A stored JSON value, indented for a person to read (Chinese left as written)."""
    return preformatted(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def related_count(rows: QuerySet[Any], *, link: str) -> Coalesce:
    """How many of `rows` point at the outer row through `link`, for `.annotate()`.

    A correlated subquery, not a JOIN and GROUP BY: it is counted for the rows
    of the page shown only, so a change list costs the same however big the
    related table is.
    """
    counted = (
        rows.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
