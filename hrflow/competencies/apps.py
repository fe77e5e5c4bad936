from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "hrflow.competencies"
    label = "competencies"
    verbose_name = _("Competencies")
