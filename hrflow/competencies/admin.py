from typing import Any, cast

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from hrflow.accounts.models import User
from hrflow.competencies.models import Competency, Dimension, DimensionMapping
from hrflow.competencies.services import (
    competency_save,
    dimension_create,
    dimension_map,
    dimension_update,
)


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


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    """The company's catalogue; written through the services, which audit each change."""

    list_display = ("code", "name_zh", "name_en", "levels", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name_zh", "name_en")
    fields = ("code", "name_zh", "name_en", "description", "levels", "is_active")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Evidence, requirements and courses name competencies; retire one instead.
        return False

    def save_model(self, request: HttpRequest, obj: Competency, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = competency_save(
            competency=Competency.objects.get(pk=obj.pk) if change else None,
            code=data.get("code", obj.code),
            name_zh=data["name_zh"],
            name_en=data["name_en"],
            description=data["description"],
            levels=data["levels"],
            is_active=data["is_active"],
            actor=cast(User, request.user),
        )
        obj.pk = saved.pk


@admin.register(DimensionMapping)
class DimensionMappingAdmin(admin.ModelAdmin):
    """Which competency each AI dimension counts towards (the middle of vendor dimension
    -> our dimension -> employee skill)."""

    list_display = ("dimension", "competency")
    list_select_related = ("dimension", "competency")
    fields = ("dimension", "competency")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("dimension",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        # The service maps a dimension to an active competency only.
        if db_field.name == "competency":
            kwargs["queryset"] = Competency.objects.filter(is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: DimensionMapping, form: Any, change: bool
    ) -> None:
        saved = dimension_map(
            dimension=obj.dimension,
            competency=form.cleaned_data["competency"],
            actor=cast(User, request.user),
        )
        obj.pk = saved.pk
