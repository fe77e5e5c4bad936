from django.urls import path

from hrflow.competencies import views

app_name = "competencies"

urlpatterns = [
    path("", views.competency_list_view, name="competency-list"),
    path("new/", views.competency_create_view, name="competency-create"),
    path("<int:pk>/", views.competency_edit_view, name="competency-edit"),
    path("dimensions/", views.dimension_map_view, name="dimension-map"),
]
