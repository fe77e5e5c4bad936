from typing import Any, cast

from django.contrib import admin
from django.http import HttpRequest

from hrflow.accounts.models import User
from hrflow.competencies.models import Dimension
from hrflow.competencies.services import dimension_create, dimension_update


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    """The catalogue; written through the services, which audit each change."""

    list_display = ("code", "name_zh", "name_en")
    search_fields = ("code", "name_zh", "name_en")
    fields = ("code", "name_zh", "name_en")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Scores, screening rules and vendor mappings name a dimension by its code.
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Scores point at dimensions, and rules and mappings name them.
        return False

    def save_model(self, request: HttpRequest, obj: Dimension, form: Any, change: bool) -> None:
        actor = cast(User, request.user)
        data = form.cleaned_data
        if change:
            saved = dimension_update(
                dimension=Dimension.objects.get(pk=obj.pk),
                name_zh=data["name_zh"],
                name_en=data["name_en"],
                actor=actor,
            )
        else:
            saved = dimension_create(
                code=data["code"], name_zh=data["name_zh"], name_en=data["name_en"], actor=actor
            )
        obj.pk = saved.pk
