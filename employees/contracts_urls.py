"""The pages of labour contracts, probation reviews and legal rules."""

from django.urls import path

from employees.views import contracts, legal_rules, probation

urlpatterns = [
    path("contracts/", contracts.contract_list_view, name="contract-list"),
    path("contracts/new/", contracts.contract_create_view, name="contract-create"),
    path("contracts/missing/", contracts.contract_unwritten_view, name="contract-unwritten"),
    path("contracts/<int:pk>/", contracts.contract_detail_view, name="contract-detail"),
    path("contracts/<int:pk>/sign/", contracts.contract_sign_view, name="contract-sign"),
    path("contracts/<int:pk>/renew/", contracts.contract_renew_view, name="contract-renew"),
    path("contracts/<int:pk>/end/", contracts.contract_end_view, name="contract-end"),
    path("probation/", probation.probation_list_view, name="probation-list"),
    path("probation/<int:pk>/", probation.probation_decide_view, name="probation-decide"),
    path("legal-rules/", legal_rules.legal_rule_list_view, name="legal-rule-list"),
    path("legal-rules/new/", legal_rules.legal_rule_create_view, name="legal-rule-create"),
]
