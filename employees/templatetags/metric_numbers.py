"""How a metric value reads on a page: 2, not 2.0000 (nor 2E+0)."""

from decimal import Decimal

from django import template

from employees.metrics.storing import number_text

register = template.Library()


@register.filter
def plain_number(value: Decimal | None) -> str:
    return "" if value is None else number_text(value)
