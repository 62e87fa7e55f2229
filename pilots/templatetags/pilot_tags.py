"""Template filters for the pilot pages: KPI values and amounts of money, localised."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

from ..charts import format_value

register = template.Library()


@register.filter
def kpi_value(value, unit=""):
    """``12`` → "12", ``Decimal("6.50")`` → "6,5"; with ``unit`` appended ("6,5 min")."""
    if value is None or value == "":
        return ""
    text = format_value(value)
    return f"{text} {unit}".strip() if unit else text


@register.filter
def euro(value):
    """An amount in euros with thousands separators, cents only when there are any."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    places = 0 if amount == amount.to_integral_value() else 2
    return f"{number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)} €"
