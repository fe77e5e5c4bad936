"""The payroll reports of a run as JSON, for the finance and tax systems that read them:
tax withholding, social insurance and housing fund, the accounting summary and the
employer cost. HR admins and payroll officers only; another caller, or a run outside
their scope, gets 404 as if it did not exist."""

import dataclasses
from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employees.models import PayrollRun
from employees.pay.reports import (
    accounting_summary,
    employer_cost,
    insurance_summary,
    report_payslips,
    tax_withholding_summary,
)
from hrflow.accounts.scoping import scoped

SUMMARIES = {
    "tax": tax_withholding_summary,
    "insurance": insurance_summary,
    "accounting": accounting_summary,
    "employer-cost": employer_cost,
}


class PayrollReportApi(APIView):
    """GET one report of a run: `tax`, `insurance`, `accounting` or `employer-cost`.
    Amounts are decimal strings."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, pk: int, report: str) -> Response:
        summarise = SUMMARIES.get(report)
        run = scoped(PayrollRun.objects.all(), request.user).filter(pk=pk).first()
        if summarise is None or run is None:
            raise NotFound
        summary: Any = summarise(report_payslips(run=run))
        return Response(
            {
                "run": run.pk,
                "pay_group": run.pay_group_id,
                "month": f"{run.month:%Y-%m}",
                "status": run.status,
                "report": report,
                **_plain(dataclasses.asdict(summary)),
            }
        )


def _plain(value: Any) -> Any:
    """Amounts as decimal strings: a float would lose the fen."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
